/**
 * The command lines the docs show name options their command has: every `--option` written
 * after `softspot <command>` in README.md and docs/*.md (code blocks and inline code) is
 * one that `softspot <command> --help` lists. A renamed or removed option otherwise lives on
 * in the docs until a user copies it (a new-user walkthrough checked this by hand).
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../lib/cli/registry.js';

const root = join(import.meta.dirname, '..');

interface Use { file: string; line: number; command: string; option: string }

/** The `--options` after each `softspot <command>` of a text: up to a comment, pipe, `;`, `&&` or a closing backtick. */
export function optionUses(file: string, text: string, commands: ReadonlySet<string>): Use[] {
  const uses: Use[] = [];
  text.split('\n').forEach((line, k) => {
    for (const m of line.matchAll(/softspot(?:\.js)? ([a-z][a-z0-9-]*)\b([^`|;#&\n]*)/g)) {
      const command = m[1]!;
      if (!commands.has(command)) continue;
      for (const o of m[2]!.matchAll(/(?:^|\s)--([A-Za-z][A-Za-z0-9-]*)/g)) uses.push({ file, line: k + 1, command, option: o[1]! });
    }
  });
  return uses;
}

describe('docs: command lines', () => {
  it('the option finder reads what it should (and stops at comments, pipes and closing backticks)', () => {
    const text = [
      'npx softspot lhc g.xyz --out t.csv --E 0,1,0,0   # --not-this',
      'run `softspot aqs g.xyz --mode pure` then --nor-this',
      'node bin/softspot.js run --samples 2 | grep --this-is-grep',
      'softspot unknown --x',
    ].join('\n');
    expect(optionUses('t.md', text, new Set(['lhc', 'aqs', 'run'])).map((u) => `${u.line}:${u.command}:${u.option}`))
      .to.deep.equal(['1:lhc:out', '1:lhc:E', '2:aqs:mode', '3:run:samples']);
  });

  it('every --option written after softspot <command> in README.md and docs/*.md is one that command has', async () => {
    const usage = new Map<string, string>();
    for (const entry of COMMANDS) usage.set(entry.name, (await entry.load()).usage);
    const names = new Set(usage.keys());
    const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const uses = files.flatMap((file) => optionUses(file, readFileSync(join(root, file), 'utf8'), names));
    expect(uses.length, 'the docs show command lines').to.be.above(200);
    const unknown = uses.filter((u) => u.option !== 'help' && !new RegExp(`--${u.option}(?![A-Za-z0-9-])`).test(usage.get(u.command)!));
    expect(unknown.map((u) => `${u.file}:${u.line}: softspot ${u.command} --${u.option}`)).to.deep.equal([]);
  });
});
