/**
 * The neighbour list a pair routine works on: the caller's Verlet list brought up to
 * date (rebuilt if needed), or a temporary skin-free list when none is given.
 */
import type { Configuration } from '../config.js';
import type { Model } from '../model/model.js';
import { checkConfiguration } from '../model/validate.js';
import { buildNeighborList, createNeighborList, type NeighborList, updateNeighborList } from '../space/neighbor-list.js';

/** @throws RangeError when nl's cutoff is below the model's largest cutoff */
export function neighborListFor(config: Configuration, model: Model, nl: NeighborList | undefined): NeighborList {
  checkConfiguration('config', config, model.nSpecies);
  if (nl === undefined) {
    const list = createNeighborList(config.n, { cutoff: model.maxCutoff, skin: 0 });
    buildNeighborList(list, config);
    return list;
  }
  if (!(nl.cutoff >= model.maxCutoff)) {
    throw new RangeError(`nl.cutoff: expected >= model.maxCutoff = ${model.maxCutoff}, got ${nl.cutoff}`);
  }
  updateNeighborList(nl, config);
  return nl;
}
