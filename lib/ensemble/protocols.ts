/**
 * Samples of one N made by different protocols: `softspot run` keeps several parameter sets
 * in one directory (a resumed run with a changed option adds a second ensemble beside the
 * first), and `softspot tails` and `softspot predictors`, which group by N, would fit the
 * two ensembles as one. These name the difference so that the commands can say so.
 */
import type { EventProtocol, GlassSource, PrepareProtocol } from './types.js';

/** The parts of a sample's spec that make its protocol (SampleSpec). */
export interface ProtocolSpec {
  n: number;
  prepare?: PrepareProtocol;
  glass?: GlassSource;
  events?: EventProtocol;
}

/** A flat record of a spec's protocol: `prepare.anneal` → 100, …; a glass read from a file: `glass` → 'files'. */
function flatProtocol(spec: ProtocolSpec, withEvents: boolean): Map<string, string> {
  const flat = new Map<string, string>();
  if (spec.prepare !== undefined) for (const [k, v] of Object.entries(spec.prepare)) flat.set(`prepare.${k}`, JSON.stringify(v));
  else if (spec.glass !== undefined) flat.set('glass', spec.glass.minimize === true ? 'files, minimized (--minimize)' : 'files');
  if (withEvents && spec.events !== undefined) for (const [k, v] of Object.entries(spec.events)) flat.set(`events.${k}`, JSON.stringify(v));
  return flat;
}

/**
 * The protocols among `specs` (all of one N), each with its number of samples, and the keys
 * whose values differ with those values (`prepare.anneal: 5 | 6`; a key some specs lack shows
 * as `–`). One protocol: `differences` is empty. `withEvents`: the event protocol counts too
 * (for what uses the events; the tails of c and dc/dγ do not depend on it).
 */
export function protocolsOf(specs: readonly ProtocolSpec[], withEvents: boolean): { counts: number[]; differences: string[] } {
  const groups = new Map<string, { flat: Map<string, string>; count: number }>();
  for (const spec of specs) {
    const flat = flatProtocol(spec, withEvents);
    const key = JSON.stringify([...flat.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { flat, count: 1 });
    else g.count++;
  }
  const all = [...groups.values()];
  const keys = [...new Set(all.flatMap((g) => [...g.flat.keys()]))].sort();
  const differences: string[] = [];
  for (const k of keys) {
    const values = [...new Set(all.map((g) => g.flat.get(k) ?? '–'))];
    if (values.length > 1) differences.push(`${k}: ${values.join(' | ')}`);
  }
  return { counts: all.map((g) => g.count), differences };
}

/**
 * The note of a size whose glasses come from more than one protocol, or null: what differs,
 * how many glasses each, and what to do. `what` names the result that pools them.
 */
export function pooledProtocolsNote(n: number, specs: readonly ProtocolSpec[], withEvents: boolean, what: string): string | null {
  const { counts, differences } = protocolsOf(specs, withEvents);
  if (counts.length < 2) return null;
  return `N = ${n} holds glasses of ${counts.length} protocols (${differences.join('; ')}; ${counts.join(' + ')} glasses), ` +
    `pooled in ${what}: ${counts.length} ensembles as one; give each protocol's samples a directory of their own ` +
    '(softspot run --out DIR per protocol) and give the command one of them';
}
