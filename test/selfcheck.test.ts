/**
 * `softspot selfcheck` (lib/selfcheck.ts): every check passes on this machine's addon, the
 * report names them, and the METIS checks say what the addon did — one random generator per
 * thread here (Linux x86-64 / arm64 with glibc), or, with SOFTSPOT_METIS_RANDOM=process,
 * the process-wide generator with serialized orderings, which is slower but not a failure.
 */
import { expect } from 'chai';
import { runCli } from './helpers/run-cli.js';
import { exited, spawnCli } from './helpers/spawn-cli.js';

const CONFINABLE = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64') &&
  Boolean((process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime);

interface Report { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> }

describe('softspot selfcheck', function () {
  this.timeout(60_000);

  it('passes every check and names the CHOLMOD orderings, the solvers and both METIS confinements', async () => {
    const r = await runCli('selfcheck', '--json');
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ok).to.equal(true);
    const names = report.checks.map((c) => c.name);
    for (const name of ['cholmod supernodal metis', 'cholmod simplicial nesdis', 'iterative pcg-ichol', 'metis signals', 'metis random', 'cholmod openmp']) {
      expect(names).to.include(name);
    }
    const random = report.checks.find((c) => c.name === 'metis random')!;
    expect(random.detail).to.match(CONFINABLE ? /^one generator per thread \(.*libmetis[^:]*: 2 imports\)$/ : /^process-wide \(.*serialized\)$/);
    // Informational: the source build's CHOLMOD redirected, or the prebuild's one-thread runtime.
    const openmp = report.checks.find((c) => c.name === 'cholmod openmp')!;
    expect(openmp.ok).to.equal(true);
    expect(openmp.detail).to.match(/^one thread \((.*libcholmod[^:]*: \d+ imports|prebuild: .*)\)$|^as built: /);
    const text = await runCli('selfcheck');
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(/^ok {9}metis random: /m);
    expect(text.stdout.trimEnd().split('\n').at(-1)).to.equal('selfcheck: all checks passed');
  });

  it('with SOFTSPOT_CHOLMOD_OPENMP=library: CHOLMOD\'s OpenMP is left as built (the prebuild has none to leave) and the check still passes', async () => {
    const child = spawnCli(['selfcheck', '--json'], { SOFTSPOT_CHOLMOD_OPENMP: 'library' });
    const { code } = await exited(child);
    expect(code, child.err()).to.equal(0);
    const openmp = (JSON.parse(child.out()) as Report).checks.find((c) => c.name === 'cholmod openmp')!;
    expect(openmp.ok).to.equal(true);
    expect(openmp.detail).to.be.oneOf(['as built: left as built (SOFTSPOT_CHOLMOD_OPENMP=library)', 'one thread (prebuild: CHOLMOD linked with a one-thread OpenMP runtime)']);
  });

  it('with SOFTSPOT_METIS_RANDOM=process: the generator stays process-wide, orderings are serialized, and the check still passes', async () => {
    const child = spawnCli(['selfcheck', '--json'], { SOFTSPOT_METIS_RANDOM: 'process' });
    const { code } = await exited(child);
    expect(code, child.err()).to.equal(0);
    const random = (JSON.parse(child.out()) as Report).checks.find((c) => c.name === 'metis random')!;
    expect(random).to.deep.equal({
      name: 'metis random', ok: true,
      detail: 'process-wide (left process-wide (SOFTSPOT_METIS_RANDOM=process): orderings are serialized)',
    });
  });
});
