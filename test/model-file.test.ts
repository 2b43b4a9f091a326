/**
 * Models of your own from a file (DESIGN §10 "--model params.json"): the JSON form that
 * `softspot info` prints, its checks, the registry, and a glass prepared, read and
 * analysed under a model file — its energy against a brute-force sum over all pairs of
 * the law built directly from the same parameters.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configurationOfFrame, readXyz, readXyzFrame } from '../lib/io/index.js';
import { ljLaw, makeModel, MODEL_PRESET_NAMES, modelPreset, type PairLaw } from '../lib/model/index.js';
import { modelFileOf, modelFromFile } from '../lib/model/model-file.js';
import { forgetModel, registerModel } from '../lib/model/presets.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { dimensionOf, type Configuration } from '../lib/config.js';
import { runCli } from './helpers/run-cli.js';

/** U = Σ_{i<j} φ(|x_j − x_i|) over every pair and the 27 (3D) or 9 (2D) nearest images, brute force. */
function bruteEnergy(config: Configuration, law: PairLaw): number {
  const d = config.dim === 3 ? 3 : 2, h = config.cell, x = config.positions;
  const shifts = d === 3 ? [-1, 0, 1].flatMap((a) => [-1, 0, 1].flatMap((b) => [-1, 0, 1].map((c) => [a, b, c])))
    : [-1, 0, 1].flatMap((a) => [-1, 0, 1].map((b) => [a, b]));
  let u = 0;
  for (let i = 0; i < config.n; i++) {
    for (let j = i + 1; j < config.n; j++) {
      for (const s of shifts) {
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          let v = x[d * j + k]! - x[d * i + k]!;
          for (let l = 0; l < d; l++) v += h[k * d + l]! * s[l]!;
          r2 += v * v;
        }
        const r = Math.sqrt(r2);
        const a = config.species[i]!, b = config.species[j]!;
        if (r < law.cutoff(a, b)) u += law.radial(a, b, r)[0]!;
      }
    }
  }
  return u;
}

describe('model files (--model params.json)', function () {
  this.timeout(120000);
  // The registry is per process: forget this file's models so that other tests' messages
  // (which list the known models) see the built-in presets only.
  after(() => { for (const name of ['reg-test', 'lj-mine', 'ipl-n12', 'ipl-other', 'cold']) forgetModel(name); });

  it('every built-in preset\'s form reads back to the same law (renamed)', () => {
    for (const name of MODEL_PRESET_NAMES) {
      const preset = modelPreset(name);
      const form = { ...modelFileOf(preset), name: `${name}-copy` };
      const back = modelFromFile(JSON.parse(JSON.stringify(form)), 'test', MODEL_PRESET_NAMES);
      expect(modelFileOf(back)).to.deep.equal(form);
      const [a, b] = preset.law.perParticle ? [1.1, 0.9] : [0, preset.law.nSpecies - 1];
      for (const f of [0.8, 0.9, 0.99]) {
        const r = f * preset.law.cutoff(a, b);
        expect(Array.from(back.law.radial(a, b, r))).to.deep.equal(Array.from(preset.law.radial(a, b, r)));
      }
    }
  });

  it('names the key that is wrong', () => {
    const ka = () => ({ ...modelFileOf(modelPreset('ka')), name: 'mine' }) as Record<string, unknown>;
    const bad = (edit: (v: Record<string, unknown>) => void): () => unknown => () => {
      const v = ka();
      edit(v);
      return modelFromFile(v, 'my.json', MODEL_PRESET_NAMES);
    };
    expect(bad((v) => { v.colour = 'red'; })).to.throw(RangeError, 'my.json: unknown key "colour"');
    expect(bad((v) => { delete v.density; })).to.throw(RangeError, 'my.json: missing "density"');
    expect(bad((v) => { v.name = 'ka'; })).to.throw(RangeError, "'ka' is a built-in preset");
    // As docs/api.md's heading writes it, with two arguments: the built-in names are the default.
    expect(() => modelFromFile({ ...ka(), name: 'ipl3d' }, 'two.json')).to.throw(RangeError, "'ipl3d' is a built-in preset");
    expect(modelFromFile(ka(), 'two.json').name).to.equal('mine');
    expect(bad((v) => { v.name = 'my model'; })).to.throw(RangeError, '"name" must be');
    expect(bad((v) => { v.fractions = [0.8, 0.3]; })).to.throw(RangeError, '"fractions": expected a sum of 1');
    expect(bad((v) => { v.species = ['A']; })).to.throw(RangeError, '"species": expected 2 distinct labels');
    // which label is wrong (the message said "got Array(2)")
    expect(bad((v) => { v.species = ['A', 'A']; })).to.throw(RangeError, 'got ["A","A"]; "A" is given twice');
    expect(bad((v) => { v.species = ['A', 'B C']; })).to.throw(RangeError, 'got ["A","B C"]; "B C" (entry 1) is not such a label');
    expect(bad((v) => { v.law = 'morse'; })).to.throw(RangeError, '"law": expected "ipl", "lj" or "poly"');
    expect(bad((v) => { (v.parameters as Record<string, unknown>).sigma = [[1, 0.8], [0.7, 0.88]]; })).to.throw(RangeError, 'my.json: parameters.sigma: expected a symmetric table');
    expect(bad((v) => { (v.parameters as Record<string, unknown>).n = 12; })).to.throw(RangeError, 'my.json: "parameters": unknown key "n"');
    // Every law parameter is required: left out (or null), the law functions would default it
    // (lj: q = 3, xc = 2.5; ipl: the paper's λ table) and analyse another law under this name.
    for (const key of ['q', 'xc', 'epsilon', 'sigma']) {
      expect(bad((v) => { delete (v.parameters as Record<string, unknown>)[key]; })).to.throw(RangeError,
        `my.json: "parameters": missing "${key}" (the lj law's parameters epsilon, sigma, q, xc are all required)`);
      expect(bad((v) => { (v.parameters as Record<string, unknown>)[key] = null; })).to.throw(RangeError, `missing "${key}"`);
    }
    const ipl = { ...modelFileOf(modelPreset('ipl')), name: 'mine-ipl' } as Record<string, unknown>;
    for (const key of ['n', 'q', 'xc', 'epsilon', 'lambda']) {
      const { [key]: _dropped, ...rest } = ipl.parameters as Record<string, unknown>;
      expect(() => modelFromFile({ ...ipl, parameters: rest }, 'i.json')).to.throw(RangeError, `i.json: "parameters": missing "${key}"`);
    }
    // A smoothing order whose polynomial loses its derivatives to cancellation (lj, xc 2.2: from q = 7) is refused as such.
    expect(bad((v) => { Object.assign(v.parameters as object, { q: 12, xc: 2.2 }); })).to.throw(RangeError,
      /^my\.json: "parameters": the law's derivatives are not accurate in double arithmetic with q = 12 and xc = 2\.2: .* use a smaller q \(q ≤ 6\)/);
    expect(modelFromFile({ ...ka(), parameters: { ...(ka().parameters as object), q: 6, xc: 2.2 } }, 'six.json').name).to.equal('mine');
    // A name that differs from a preset's only in case would read as that preset in a file's model= key.
    expect(bad((v) => { v.name = 'KA2D'; })).to.throw(RangeError, "'KA2D' is too close to 'ka2d', a built-in preset");
    // poly sizes as an array: the form is named.
    const poly = { ...modelFileOf(modelPreset('poly')), name: 'mine-poly' } as Record<string, unknown>;
    expect(() => modelFromFile({ ...poly, parameters: { ...(poly.parameters as object), sizes: [0.73, 1.62] } }, 'p.json'))
      .to.throw(TypeError, 'p.json: parameters.sizes: expected { "min": σ_min, "max": σ_max }, got Array(2)');
  });

  it('registers a name once; the same name with other parameters is refused', () => {
    const form = { ...modelFileOf(modelPreset('ka2d')), name: 'reg-test' };
    registerModel(modelFromFile(form, 'a.json', MODEL_PRESET_NAMES));
    registerModel(modelFromFile(form, 'a.json', MODEL_PRESET_NAMES));
    expect(modelPreset('reg-test').fractions).to.deep.equal([0.65, 0.35]);
    const other = { ...form, density: 1.1 };
    expect(() => registerModel(modelFromFile(other, 'b.json', MODEL_PRESET_NAMES))).to.throw(RangeError, "a model named 'reg-test' with other parameters");
  });

  it('checks a registered law by finite differences first: a wrong derivative is refused, naming it', () => {
    const good = modelFromFile({ ...modelFileOf(modelPreset('ka2d')), name: 'reg-wrong' }, 'w.json', MODEL_PRESET_NAMES);
    // The same law with φ'' 1 % off: registered, it would be trusted as the presets' laws are.
    const law = {
      ...good.law, name: 'ka2d-wrong',
      radial: (a: number, b: number, r: number, out: Float64Array) => { const v = good.law.radial(a, b, r, out); v[2] *= 1.01; return v; },
    };
    expect(() => registerModel({ ...good, law })).to.throw(RangeError, /^registerModel: model 'reg-wrong': law 'ka2d-wrong': .*φ''/);
    expect(() => modelPreset('reg-wrong')).to.throw(RangeError, "unknown model preset 'reg-wrong'");
    registerModel(good); // the true law passes
    expect(modelPreset('reg-wrong').law).to.equal(good.law);
    forgetModel('reg-wrong');
  });

  it('a law defined in code (no parameters) registered again under its name: the same object is a no-op, another is refused', () => {
    const base = modelFromFile({ ...modelFileOf(modelPreset('ka2d')), name: 'code-law' }, 'c.json');
    const code = (scale: number): PairLaw => {
      const { params: _params, ...rest } = base.law as PairLaw & { params?: unknown };
      return { ...rest, name: 'mine', radial: (a: number, b: number, r: number, out: Float64Array) => {
        const v = base.law.radial(a, b, r, out);
        for (let k = 0; k < 5; k++) v[k] *= scale;
        return v;
      } };
    };
    const first = code(1);
    registerModel({ ...base, law: first });
    registerModel({ ...base, law: first });
    expect(() => registerModel({ ...base, law: code(2) })).to.throw(RangeError, "registerModel: a model named 'code-law' with other parameters or another law object is already in use");
    expect(modelPreset('code-law').law).to.equal(first);
    expect(() => modelFileOf(modelPreset('code-law'))).to.throw(RangeError, "modelFileOf: model 'code-law' has a law defined in code ('mine'), which has no model-file form");
    forgetModel('code-law');
  });

  describe('softspot prepare, info, lhc under a model file', () => {
    let dir: string;
    before(() => { dir = mkdtempSync(join(tmpdir(), 'softspot-model-file-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('a 3D Lennard-Jones mixture of your own: prepared, read back, its energy the brute-force sum of its own law', async () => {
      const params = { epsilon: [[1, 1.2], [1.2, 0.6]], sigma: [[1, 0.85], [0.85, 0.9]], q: 3, xc: 2.5 };
      const file = join(dir, 'lj-mine.json');
      writeFileSync(file, JSON.stringify({
        name: 'lj-mine', law: 'lj', dimension: 3, species: ['A', 'B'], fractions: [0.75, 0.25], density: 1.15, parameters: params,
        tLiquid: 2, tAnneal: 0.5,
      }));
      const out = join(dir, 'glass.xyz');
      const p = await runCli('prepare', '--model', file, '--n', '180', '--seed', '3', '--liquid-time', '2', '--anneal-time', '2', '--out', out, '--quiet');
      expect(p.code, p.stderr).to.equal(0);
      const config = configurationOfFrame(readXyzFrame(readFileSync(out, 'utf8')));
      expect(config.model).to.equal('lj-mine');
      expect(config.dim).to.equal(3);
      expect(Array.from(config.species).filter((s) => s === 0).length).to.equal(135);
      const info = await runCli('info', out, '--model', file, '--json');
      expect(info.code, info.stderr).to.equal(0);
      const summary = JSON.parse(info.stdout);
      expect(summary.modelFile.name).to.equal('lj-mine');
      expect(summary.modelFile.parameters).to.deep.equal(params);
      const direct = ljLaw(params);
      expect(summary.energyPerParticle).to.be.closeTo(bruteEnergy(config, direct) / config.n, 1e-12 * Math.abs(summary.energyPerParticle));
      const form = await runCli('info', out, '--model', file, '--model-file');
      expect(JSON.parse(form.stdout)).to.deep.equal(JSON.parse(readFileSync(file, 'utf8')));
      const wrong = await runCli('info', out, '--model', join(dir, 'missing.json'));
      expect(wrong.code).to.equal(2);
      expect(wrong.stderr).to.include('missing.json');
    });

    it('a 2D inverse power law of your own (n = 12): analysed with its law; a file of an unknown model, or under another model file, is refused with what to do', async () => {
      const form = { ...modelFileOf(modelPreset('ipl')), name: 'ipl-n12', parameters: { ...modelFileOf(modelPreset('ipl')).parameters, n: 12 } };
      const file = join(dir, 'ipl-n12.json');
      writeFileSync(file, JSON.stringify(form));
      const out = join(dir, 'ipl12.xyz');
      const p = await runCli('prepare', '--model', file, '--n', '64', '--seed', '1', '--liquid-time', '1', '--anneal-time', '1', '--out', out, '--quiet');
      expect(p.code, p.stderr).to.equal(0);
      const other = join(dir, 'other.json');
      writeFileSync(other, JSON.stringify({ ...form, name: 'ipl-other' }));
      // A model this process has not been given (a fresh `softspot info` without --model):
      const text = readFileSync(out, 'utf8').replace('model=ipl-n12', 'model=never-given');
      expect(() => readXyz(text)).to.throw(/model=never-given is not a model softspot knows; .*pass the model file it was made with, the one whose "name" is "never-given" \(--model FILE\.json\)/);
      // … and under another model file: the message says that the model given is another one.
      writeFileSync(join(dir, 'never.xyz'), text);
      const again = await runCli('info', join(dir, 'never.xyz'), '--model', other);
      expect(again.code).to.equal(2);
      expect(again.stderr).to.include("model=never-given is not a model softspot knows (the model given, --model, is 'ipl-other', another model)");
      const under = await runCli('info', out, '--model', other);
      expect(under.code).to.equal(2);
      expect(under.stderr).to.include("model=ipl-n12, but --model names the model file of 'ipl-other'");
      // The 2D analysis under the model file: Σc = 2(N − 1), energy of the n = 12 law.
      const config = readXyz(readFileSync(out, 'utf8'));
      const lhc = localHeatCapacity(config);
      const sum = lhc.c.reduce((a, b) => a + b, 0);
      expect(sum).to.be.closeTo(2 * (config.n - 1), 1e-9);
      const info = JSON.parse((await runCli('info', out, '--model', file, '--json')).stdout);
      const law12 = makeModel({ n: 12 }).law;
      expect(info.energyPerParticle).to.be.closeTo(bruteEnergy(config, law12) / config.n, 1e-12 * Math.abs(info.energyPerParticle));
    });

    it('info --model-file of a poly glass gives its dimension (a 3D glass said 2, the preset\'s default): the renamed copy prepares a glass of that dimension', async () => {
      for (const d of [3, 2] as const) {
        const glass = join(dir, `poly${d}d.xyz`);
        const made = await runCli('prepare', '--model', 'poly', '--dim', String(d), '--n', d === 3 ? '100' : '64', '--seed', '4', '--liquid-time', '1', '--anneal-time', '1', '--out', glass, '--quiet');
        expect(made.code, made.stderr).to.equal(0);
        const form = JSON.parse((await runCli('info', glass, '--model-file')).stdout) as { dimension: number; name: string };
        expect(form.dimension, `${d}D`).to.equal(d);
        expect((JSON.parse((await runCli('info', glass, '--json')).stdout) as { modelFile: { dimension: number } }).modelFile.dimension).to.equal(d);
        const file = join(dir, `poly-mine-${d}.json`);
        writeFileSync(file, JSON.stringify({ ...form, name: `poly-mine-${d}` }));
        const again = join(dir, `poly-mine-${d}.xyz`);
        const p = await runCli('prepare', '--model', file, '--n', d === 3 ? '100' : '64', '--seed', '4', '--liquid-time', '1', '--anneal-time', '1', '--out', again, '--quiet');
        expect(p.code, p.stderr).to.equal(0);
        expect(dimensionOf(configurationOfFrame(readXyzFrame(readFileSync(again, 'utf8')))), `${d}D copy`).to.equal(d);
      }
    });

    it('a model file that is not JSON, or has no temperatures for prepare, is an input error naming it', async () => {
      const junk = join(dir, 'junk.json');
      writeFileSync(junk, '{ name: ');
      const r = await runCli('prepare', '--model', junk, '--n', '64', '--seed', '1', '--out', join(dir, 'x.xyz'));
      expect(r.code).to.equal(2);
      expect(r.stderr).to.include('junk.json: not JSON');
      const cold = join(dir, 'cold.json');
      const { tLiquid: _l, tAnneal: _a, ...rest } = { ...modelFileOf(modelPreset('ka2d')), name: 'cold' };
      writeFileSync(cold, JSON.stringify(rest));
      const c = await runCli('prepare', '--model', cold, '--n', '64', '--seed', '1', '--out', join(dir, 'y.xyz'));
      expect(c.code).to.equal(2);
      expect(c.stderr).to.include('--t-liquid: the model file of \'cold\' gives no "tLiquid"');
    });
  });
});
