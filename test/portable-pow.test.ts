/**
 * portablePow (lib/portable-pow.ts): x^y with the same bits on every platform and Node.js
 * version. Checked against V8's own fdlibm Math.pow (live where the engine has it: Node 20
 * and 22 on x86-64; else the table test/fixtures/pow/v8-pow.txt that such an engine wrote),
 * against ECMAScript's special cases, and against exact rational powers (BigInt) for its
 * accuracy; and no code in lib/ computes a power any other way.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portablePow } from '../lib/portable-pow.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);
const bitsOf = (x: number) => { f64[0] = x; return u64[0]!; };
const fromBits = (b: bigint) => { u64[0] = b; return f64[0]!; };
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** The engine computes Math.pow with fdlibm's algorithm without fused multiply-add (V8 up to Node 22 on x86-64). */
const engineHasFdlibmPow = process.arch === 'x64' && Math.pow(10, 0.9999999999999999) === 9.999999999999996;

/** A reproducible stream of doubles (xorshift64). */
function doubles(seed: bigint) {
  let s = seed;
  const M = (1n << 64n) - 1n;
  const next = () => { s ^= (s << 13n) & M; s ^= s >> 7n; s ^= (s << 17n) & M; return s; };
  return {
    any: () => fromBits(next()),
    uniform: () => Number(next() >> 11n) / 2 ** 53,
  };
}

describe('portablePow', () => {
  it('returns what V8\'s fdlibm Math.pow returned (Node 20 and 22 on x86-64): a table of 2841 cases written by that engine', () => {
    const lines = readFileSync(join(root, 'test/fixtures/pow/v8-pow.txt'), 'utf8').trim().split('\n');
    expect(lines.length).to.equal(2841);
    const differ: string[] = [];
    for (const line of lines) {
      const [x, y, want] = line.split(' ').map((h) => fromBits(BigInt(`0x${h}`)));
      const got = portablePow(x!, y!);
      if (!same(got, want!)) differ.push(`pow(${x}, ${y}) = ${got}, V8 ${want}`);
    }
    expect(differ.slice(0, 5), `${differ.length} of ${lines.length} differ`).to.deep.equal([]);
  });

  it('returns Math.pow\'s bits on 2·10⁵ arguments of every kind, where this engine\'s Math.pow is fdlibm\'s', function () {
    if (!engineHasFdlibmPow) {
      console.log(`      (this engine's Math.pow is not fdlibm's (Node ${process.versions.node}, ${process.arch}): the table above stands in for it)`);
      this.skip();
    }
    const r = doubles(0x9e3779b97f4a7c15n);
    let n = 0;
    const differ: string[] = [];
    const check = (x: number, y: number) => {
      n++;
      const want = Math.pow(x, y), got = portablePow(x, y);
      if (!same(got, want) && differ.length < 5) differ.push(`pow(${x}, ${y}) = ${got}, Math.pow ${want}`);
    };
    for (let i = 0; i < 25000; i++) {
      check(r.any(), r.any());
      const x = r.uniform() * 4, y = (r.uniform() - 0.5) * 40;
      check(x, y);
      check(-x, Math.round(y));
      check(r.uniform() * 2 ** (Math.floor(r.uniform() * 2100) - 1074), (r.uniform() - 0.5) * 8);
      check(1 + (r.uniform() - 0.5) * 2 ** -18, (r.uniform() - 0.5) * 2 ** 40);
      check(r.uniform() * 1.5 + 0.25, -0.5 * Math.floor(r.uniform() * 30));
      check(r.uniform() * 3 + 0.5, 1 / (1 + Math.floor(r.uniform() * 1000)));
      check(0.5 + r.uniform(), 1 + Math.floor(r.uniform() * 14));
    }
    expect(n).to.equal(200000);
    expect(differ).to.deep.equal([]);
  });

  it('has ECMAScript\'s special cases (Number::exponentiate)', () => {
    const cases: [number, number, number][] = [
      [NaN, 0, 1], [NaN, -0, 1], [2, NaN, NaN], [NaN, 1, NaN], [1, NaN, NaN],
      [2, Infinity, Infinity], [2, -Infinity, 0], [0.5, Infinity, 0], [0.5, -Infinity, Infinity],
      [1, Infinity, NaN], [-1, Infinity, NaN], [1, -Infinity, NaN], [-1, -Infinity, NaN],
      [Infinity, 3, Infinity], [Infinity, -3, 0], [-Infinity, 3, -Infinity], [-Infinity, 2, Infinity],
      [-Infinity, -3, -0], [-Infinity, -2, 0], [0, 3, 0], [0, -3, Infinity], [-0, 3, -0], [-0, 2, 0],
      [-0, -3, -Infinity], [-0, -2, Infinity], [-8, 1 / 3, NaN], [-2, 0.5, NaN], [-2, 3, -8], [-2, -2, 0.25],
      [4, 0.5, 2], [3, 1, 3], [3, -1, 1 / 3], [1e300, 2, Infinity], [1e-300, 2, 0], [2, 1024, Infinity],
      [2, -1074, 5e-324], [2, -1075, 0], [-1, 2 ** 53, 1], [-1, 2 ** 53 + 2, 1], [10, 22, 1e22],
    ];
    for (const [x, y, want] of cases) {
      expect(same(portablePow(x, y), want), `pow(${x}, ${y}) = ${portablePow(x, y)}, want ${want}`).to.equal(true);
    }
  });

  it('is within 1 ulp of the exact power for integer exponents (exact rational arithmetic)', () => {
    const r = doubles(0x2545f4914f6cdd1dn);
    let worst = 0;
    for (let i = 0; i < 3000; i++) {
      const x = 0.25 + 4 * r.uniform();
      const y = Math.floor(r.uniform() * 61) - 30;
      const got = portablePow(x, y);
      // x = m·2^e exactly; got = g·2^h with g a 53-bit integer: the error in units of 2^h.
      const [m, e] = integerAndExponent(x), [g, h] = integerAndExponent(got);
      let num = m ** BigInt(Math.abs(y)), den = 1n;
      let twos = e * Math.abs(y); // x^|y| = num·2^twos
      if (y < 0) { [num, den] = [den, num]; twos = -twos; }
      // exact/2^h = num·2^(twos − h)/den
      const shift = twos - h;
      const exactNum = shift >= 0 ? num << BigInt(shift) : num, exactDen = shift >= 0 ? den : den << BigInt(-shift);
      const diff = g * exactDen - exactNum;
      const ulps = Number(((diff < 0n ? -diff : diff) * 1000000n) / exactDen) / 1e6;
      worst = Math.max(worst, ulps);
    }
    // fdlibm's bound; V8's grouping of its last rational step (lib/portable-pow.ts) gives up
    // a little of it: 0.85 ulp here, where a correctly rounded pow would stay ≤ 0.5.
    expect(worst, 'largest error in ulps').to.be.below(1);
  });
});

/** x = m·2^e with m an integer of 53 bits (x > 0 normal). */
function integerAndExponent(x: number): [bigint, number] {
  const b = bitsOf(x);
  const biased = Number((b >> 52n) & 0x7ffn);
  return [(b & ((1n << 52n) - 1n)) | (1n << 52n), biased - 1075];
}

describe('powers in lib/', () => {
  it('are all portablePow: no Math.pow, and ** only as x ** 2 or an integer literal ** n (exact in every engine)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && name !== 'portable-pow.ts') files.push(path);
      }
    };
    walk(join(root, 'lib'));
    expect(files.length).to.be.greaterThan(100);
    const offenders: string[] = [];
    for (const file of files) {
      // Comments out, strings and template literals kept (they hold messages with powers in them).
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');
      code.split('\n').forEach((line, k) => {
        if (/\bMath\.pow\s*\(/.test(line)) offenders.push(`${relative(root, file)}:${k + 1}: ${line.trim()}`);
        for (const m of line.matchAll(/(\S*)\s*\*\*\s*(\S*)/g)) {
          const exactLeft = /(^|[^\w.])(2|3|10)$/.test(m[1]!), squared = /^2(?![\d.])/.test(m[2]!);
          if (!exactLeft && !squared) offenders.push(`${relative(root, file)}:${k + 1}: ${line.trim()}`);
        }
      });
    }
    expect(offenders, 'use portablePow (lib/portable-pow.ts): Math.pow and ** differ between Node versions').to.deep.equal([]);
  });
});
