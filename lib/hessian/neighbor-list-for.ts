/**
 * The neighbour list a pair routine works on: the caller's Verlet list brought up to
 * date (rebuilt if needed), or a temporary skin-free list when none is given.
 */
import type { Configuration } from '../config.js';
import type { Model } from '../model/model.js';
import { describe, expectConfiguration } from '../validate.js';
import {
  buildNeighborListUnchecked, createNeighborList, expectListFor, type NeighborList, updateNeighborListUnchecked,
} from '../space/neighbor-list.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/**
 * Checks the configuration (the one check of a pair routine's inputs) and returns its list.
 * @throws RangeError when nl's cutoff is below the model's largest cutoff
 */
export function neighborListFor(config: Configuration, model: Model, nl: NeighborList | undefined): NeighborList {
  if (typeof model !== 'object' || model === null || typeof model.nSpecies !== 'number') {
    throw new ArgumentTypeError(`model: expected a Model (the configuration's own: modelOfConfiguration(config)), got ${describe(model)}`);
  }
  expectConfiguration('config', config, model.nSpecies);
  if (nl === undefined) {
    const list = createNeighborList(config.n, { cutoff: model.maxCutoff, skin: 0 });
    buildNeighborListUnchecked(list, config);
    return list;
  }
  if (!(nl.cutoff >= model.maxCutoff)) {
    throw new ArgumentRangeError(`nl.cutoff: expected >= model.maxCutoff = ${model.maxCutoff}, got ${nl.cutoff}`);
  }
  expectListFor(nl, config);
  updateNeighborListUnchecked(nl, config);
  return nl;
}
