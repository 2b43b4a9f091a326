/**
 * formatNumber (glass files, key=value info) and formatCsvNumber (CSV tables), the number
 * writers of softspot's text files: the text reads back as the same double (checked with
 * the correctly rounded Number() of ECMA-262 and softspot's strict parseDecimal, on doubles
 * of every magnitude drawn bit-wise at random, subnormals and −0 included). In a CSV table
 * a value below 0.1 is written in exponent form, so that its digits are at most the 17
 * significant ones (pandas' default CSV parser, which is not correctly rounded, loses a digit
 * per leading zero of the fixed form `0.0000…`: up to 7.7e-11 relative; docs/formats.md);
 * glass files keep JavaScript's form (a GSD glass's identity hashes its XYZ text).
 */
import { expect } from 'chai';
import { formatCsvNumber, formatNumber, parseDecimal } from '../lib/io/number.js';
import { formatLhcCsv } from '../lib/io/lhc-csv.js';

/** A double from 64 random bits (every exponent equally likely), NaN and ±Infinity skipped. */
function randomDouble(next: () => number): number {
  const view = new DataView(new ArrayBuffer(8));
  for (;;) {
    view.setUint32(0, next() >>> 0);
    view.setUint32(4, next() >>> 0);
    const x = view.getFloat64(0);
    if (Number.isFinite(x)) return x;
  }
}

/** xorshift32: a fixed sequence, so that a failure reproduces. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

/** The significant digits of a decimal literal (without sign, point, exponent and leading zeros). */
function significantDigits(text: string): string {
  return text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
}

describe('io/number: formatNumber and formatCsvNumber', () => {
  it('reads back bit for bit (Number() and parseDecimal) for 20 000 doubles of every magnitude, subnormals, ±0 and the extremes', () => {
    const next = xorshift(12345);
    const values = [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1, 0.09999999999999999, 1e-7, 1e21, 1 / 3];
    for (let k = 0; k < 20_000; k++) values.push(randomDouble(next));
    for (const x of values) {
      for (const text of [formatNumber(x), formatCsvNumber(x)]) {
        expect(Object.is(Number(text), x), `${x} written as ${text}`).to.equal(true);
        const parsed = parseDecimal(text);
        expect(parsed.ok && Object.is(parsed.value, x), `parseDecimal of ${text}`).to.equal(true);
      }
    }
  });

  it('formatCsvNumber writes 0 < |x| < 0.1 in exponent form with at most 17 significant digits, and no fixed form with a leading zero after the point', () => {
    const next = xorshift(777);
    for (let k = 0; k < 5000; k++) {
      // magnitudes 1e-12 … 1e4, as c_α and dc_α/dγ span them, with full 17-digit mantissas
      const x = (next() % 2 === 0 ? 1 : -1) * 10 ** (-12 + 16 * ((next() >>> 0) / 2 ** 32)) * (1 + (next() >>> 0) / 2 ** 32);
      const text = formatCsvNumber(x);
      expect(significantDigits(text).length, text).to.be.at.most(17);
      if (Math.abs(x) < 0.1) expect(text, String(x)).to.match(/^-?\d(\.\d+)?e-\d+$/);
      expect(text, String(x)).not.to.match(/^-?0\.0/);
    }
    expect(formatCsvNumber(3.922191916772955e-5)).to.equal('3.922191916772955e-5');
    expect(formatCsvNumber(-0.00003922191916772955)).to.equal('-3.922191916772955e-5');
    expect(formatCsvNumber(0.25)).to.equal('0.25');
    expect(formatCsvNumber(12.5)).to.equal('12.5');
    expect(formatCsvNumber(-0)).to.equal('-0');
    expect(formatCsvNumber(0)).to.equal('0');
  });

  it('the lhc table uses the CSV form; glass files keep JavaScript\'s (formatNumber: a GSD glass\'s identity hashes its XYZ text)', () => {
    const csv = formatLhcCsv({ i: Int32Array.of(0), j: Int32Array.of(1), c: Float64Array.of(0.00003922191916772955), dcdg: { simple: Float64Array.of(-0.0125) } });
    expect(csv.split('\n')[1]).to.equal('0,1,3.922191916772955e-5,-1.25e-2');
    expect(formatNumber(0.00003922191916772955)).to.equal('0.00003922191916772955');
  });
});
