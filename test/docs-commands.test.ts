/**
 * The command lines the docs show name options their command has: every `--option` written
 * after `softspot <command>` in README.md and docs/*.md (code blocks, continued lines and
 * inline code, wrapped or not) is one that `softspot <command> --help` declares in its
 * option table (not one its prose mentions). A renamed or removed option otherwise lives on
 * in the docs until a user copies it (a new-user walkthrough checked this by hand).
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../lib/cli/registry.js';

const root = join(import.meta.dirname, '..');

interface Use { file: string; line: number; command: string; option: string }

/**
 * A text with the line breaks a command line may hold made spaces, offsets kept (so lines
 * count as in the file): a shell continuation (backslash, newline) anywhere, and a line
 * break inside inline code (`…`) outside fenced blocks, where prose wraps a command.
 */
export function joinCommandLines(text: string): string {
  const continued = text.replace(/\\\n/g, '  ');
  // Fenced blocks kept as they are (their lines are commands of their own); inline spans elsewhere joined.
  return continued.split(/(^```[^\n]*\n[\s\S]*?^```)/m).map((part, k) =>
    (k % 2 === 1 ? part : part.replace(/`[^`]*`/g, (span) => span.replace(/\n/g, ' ')))).join('');
}

/** The `--options` after each `softspot <command>` of a text: up to a comment, pipe, `;`, `&&`, a closing backtick or the end of its line. */
export function optionUses(file: string, text: string, commands: ReadonlySet<string>): Use[] {
  const uses: Use[] = [];
  const joined = joinCommandLines(text);
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  for (const m of joined.matchAll(/softspot(?:\.js)? ([a-z][a-z0-9-]*)\b([^`|;#&\n]*)/g)) {
    const command = m[1]!;
    if (!commands.has(command)) continue;
    for (const o of m[2]!.matchAll(/(?:^|\s)--([A-Za-z][A-Za-z0-9-]*)/g)) uses.push({ file, line: lineAt(m.index!), command, option: o[1]! });
  }
  return uses;
}

/** The options a command declares: the heads of its --help's option table (lines that start with `  --name`), not options its prose names. */
export function declaredOptions(usage: string): Set<string> {
  return new Set([...usage.matchAll(/^ {2,}--([A-Za-z][A-Za-z0-9-]*)/gm)].map((m) => m[1]!));
}

describe('docs: command lines', () => {
  it('the option finder reads what it should (and stops at comments, pipes and closing backticks)', () => {
    const text = [
      'npx softspot lhc g.xyz --out t.csv --E 0,1,0,0   # --not-this',
      'run `softspot aqs g.xyz --mode pure` then --nor-this',
      'node bin/softspot.js run --samples 2 | grep --this-is-grep',
      'softspot unknown --x',
      'npx softspot run --n 10 \\',
      '  --workers 32 --out runs/a',
      'prose wraps `softspot tails runs/ka',
      '--mode pure` and goes on --not-this',
      '```sh',
      'softspot info g.xyz',
      'softspot map g.xyz --out m.svg',
      '```',
    ].join('\n');
    expect(optionUses('t.md', text, new Set(['lhc', 'aqs', 'run', 'tails', 'info', 'map'])).map((u) => `${u.line}:${u.command}:${u.option}`))
      .to.deep.equal(['1:lhc:out', '1:lhc:E', '2:aqs:mode', '3:run:samples', '5:run:n', '5:run:workers', '5:run:out', '7:tails:mode', '11:map:out']);
    expect([...declaredOptions('Usage: x\n\nOptions:\n  --out FILE   the output\n  --E LIST     any E\nNotes: pass --model-file to info')]).to.deep.equal(['out', 'E']);
  });

  it('every --option written after softspot <command> in README.md and docs/*.md is one that command has', async () => {
    const declared = new Map<string, Set<string>>();
    for (const entry of COMMANDS) declared.set(entry.name, declaredOptions((await entry.load()).usage));
    const names = new Set(declared.keys());
    const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const uses = files.flatMap((file) => optionUses(file, readFileSync(join(root, file), 'utf8'), names));
    expect(uses.length, 'the docs show command lines').to.be.above(200);
    const unknown = uses.filter((u) => u.option !== 'help' && !declared.get(u.command)!.has(u.option));
    expect(unknown.map((u) => `${u.file}:${u.line}: softspot ${u.command} --${u.option}`)).to.deep.equal([]);
  });
});
