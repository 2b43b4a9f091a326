/**
 * The `seed` attribute of a sample file holds the spec's seed whatever its size (int64):
 * seeds of 2³¹ and beyond, as derived from job ids or hashes, read back in Python (h5py)
 * as written; a file whose seed attribute differs from its spec's is not a valid sample.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readSampleHdf5, writeSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { createRng } from '../lib/random.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { syntheticSample } from './helpers/synthetic-sample.js';
import { requirePython } from './helpers/system-program.js';

describe('sample files: the seed attribute', function () {
  this.timeout(60_000);
  let tmp = '';
  scratchDir('softspot-hdf5-seed-', (d) => { tmp = d; });
  const SEEDS = [1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER];

  it('reads back in Python as the spec\'s seed, for seeds up to 2⁵³ − 1 (int64)', async function () {
    const python = requirePython(this, ['h5py', 'numpy'], 'python3-h5py');
    const paths: string[] = [];
    for (const seed of SEEDS) {
      const s = syntheticSample(createRng(seed % 1000), 3, seed);
      const path = join(tmp, `${seed}.h5`);
      await writeSampleHdf5(path, s);
      expect((await readSampleHdf5(path)).spec.seed).to.equal(seed);
      paths.push(path);
    }
    const out = execFileSync(python, ['-c', 'import h5py, json, sys\nprint(json.dumps([[int(h5py.File(p)["/"].attrs["seed"]), str(h5py.File(p).attrs["seed"].dtype)] for p in sys.argv[1:]]))', ...paths], { encoding: 'utf8' });
    expect(JSON.parse(out)).to.deep.equal(SEEDS.map((seed) => [seed, 'int64']));
  });

  it('a file whose seed attribute is not its spec\'s is refused as a sample', async function () {
    const python = requirePython(this, ['h5py', 'numpy'], 'python3-h5py');
    const path = join(tmp, 'edited.h5');
    await writeSampleHdf5(path, syntheticSample(createRng(5), 3, 2 ** 32));
    // What the int32 attribute of earlier versions held for seed 2³²: 0.
    execFileSync(python, ['-c', 'import h5py, sys, numpy\nf = h5py.File(sys.argv[1], "r+")\ndel f.attrs["seed"]\nf.attrs.create("seed", 0, dtype=numpy.int32)\nf.close()', path]);
    let error: unknown;
    try { await readSampleHdf5(path); } catch (e) { error = e; }
    expect(String(error)).to.contain('attribute seed = 0 but spec.seed = 4294967296');
  });
});
