/**
 * The command registry loads a command's module only when it runs: `softspot info`,
 * `lhc`, `--version` and a command's `--help` must not pay for the worker pool, the Redis
 * queue or the figure renderer (~1 s of imports; lib/cli/registry.ts). Checked in a fresh
 * process through Node's CommonJS cache, which lists the CommonJS packages among them
 * (piscina, ioredis, @resvg/resvg-js); loading `run` is the control that all three do show there.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../lib/cli/registry.js';
import { runCli } from './helpers/run-cli.js';
import { fixturePath } from './helpers/read-fixture.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEAVY = ['piscina', 'ioredis', '@resvg/resvg-js'];

/** The heavy packages present in Node's CommonJS cache after `softspot <args>` in a fresh process. */
function heavyLoadedBy(args: string[]): string[] {
  const script = `
    import { createRequire } from 'node:module';
    import { Writable } from 'node:stream';
    const { main } = await import(${JSON.stringify(join(root, 'lib', 'cli', 'main.ts'))});
    const quiet = new Writable({ write(_c, _e, done) { done(); } });
    const code = await main(${JSON.stringify(args)}, { stdout: quiet, stderr: process.stderr });
    const cached = Object.keys(createRequire(import.meta.url).cache);
    const heavy = ${JSON.stringify(HEAVY)}.filter((name) => cached.some((file) => file.includes('/node_modules/' + name + '/')));
    process.stdout.write(JSON.stringify({ code, heavy }));`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root, encoding: 'utf8', timeout: 60_000,
  });
  expect(result.status, result.stderr).to.equal(0);
  const { code, heavy } = JSON.parse(result.stdout) as { code: number; heavy: string[] };
  expect(code, `softspot ${args.join(' ')}: ${result.stderr}`).to.equal(0);
  return heavy;
}

describe('CLI command registry', () => {
  it('each entry loads the command of its name, once per name', async () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const entry of COMMANDS) expect((await entry.load()).name).to.equal(entry.name);
  });

  it('softspot --help lists every command with its summary; an unknown command lists them too', async () => {
    const help = await runCli('--help');
    expect(help.code).to.equal(0);
    for (const entry of COMMANDS) {
      const { summary } = await entry.load();
      expect(help.stdout).to.match(new RegExp(`^  ${entry.name} +${summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    const unknown = await runCli('no-such-command');
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/^softspot: unknown command "no-such-command"\n/);
    expect(unknown.stderr).to.contain('  selfcheck ');
  });

  it('info, --version and lhc --help load neither the worker pool, the queue nor the figure renderer; run --help does', function () {
    this.timeout(120_000);
    expect(heavyLoadedBy(['info', fixturePath('n64_s1.xyz')])).to.deep.equal([]);
    expect(heavyLoadedBy(['--version'])).to.deep.equal([]);
    expect(heavyLoadedBy(['lhc', '--help'])).to.deep.equal([]);
    expect(heavyLoadedBy(['run', '--help'])).to.have.members(HEAVY);
  });
});
