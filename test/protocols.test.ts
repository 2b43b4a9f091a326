/**
 * lib/ensemble/protocols.ts: the protocols among the samples of one N, and what differs
 * between them (the note tails and predictors give when they pool them), on specs built here.
 */
import { expect } from 'chai';
import { DEFAULT_EVENTS, DEFAULT_PREPARE } from '../lib/ensemble/identity.js';
import { pooledProtocolsNote, protocolsOf, type ProtocolSpec } from '../lib/ensemble/protocols.js';

const prepared = (anneal: number): ProtocolSpec => ({ n: 100, prepare: { ...DEFAULT_PREPARE, anneal }, events: { ...DEFAULT_EVENTS } });
const fromFile = (minimize: boolean): ProtocolSpec => ({ n: 100, glass: { sha256: 'a'.repeat(64), format: 'xyz', ...(minimize ? { minimize: true as const } : {}) }, events: { ...DEFAULT_EVENTS } });

describe('ensemble/protocols', () => {
  it('one protocol: no difference, no note', () => {
    expect(protocolsOf([prepared(100), prepared(100)], true)).to.deep.equal({ counts: [2], differences: [] });
    expect(pooledProtocolsNote(100, [prepared(100), prepared(100)], false, 'x')).to.equal(null);
  });

  it('names the keys that differ, with their values and the counts', () => {
    expect(protocolsOf([prepared(100), prepared(6), prepared(100)], false)).to.deep.equal({ counts: [2, 1], differences: ['prepare.anneal: 100 | 6'] });
    const other = { ...prepared(100), events: { ...DEFAULT_EVENTS, maxStrain: 0.3 } };
    expect(protocolsOf([prepared(100), other], false).counts, 'events ignored').to.deep.equal([2]);
    expect(protocolsOf([prepared(100), other], true).differences).to.deep.equal([`events.maxStrain: ${DEFAULT_EVENTS.maxStrain} | 0.3`]);
  });

  it('glasses read from files, minimized (--minimize) or given as minima, are two protocols; prepared against read, too', () => {
    expect(protocolsOf([fromFile(false), fromFile(true)], false).differences).to.deep.equal(['glass: files | files, minimized (--minimize)']);
    const mixed = protocolsOf([prepared(100), fromFile(false)], false);
    expect(mixed.counts).to.deep.equal([1, 1]);
    expect(mixed.differences).to.include('glass: – | files');
    expect(mixed.differences).to.include('prepare.anneal: 100 | –');
  });
});
