/**
 * The pair law of a configuration (docs/design.md §10): the preset named by `config.model`
 * (`model=` in its file), the paper's `ipl` when absent. The default of every 2D analysis
 * routine that takes `options.model`.
 */
import type { Configuration } from '../config.js';
import { DEFAULT_MODEL, type Model } from './model.js';
import { isModelName, modelPreset, presetModel, unknownModelMessage } from './presets.js';
import { ArgumentRangeError } from '../errors.js';

/**
 * The kernel Model of `config.model` (DEFAULT_MODEL itself for `ipl` or no model).
 * A 3D preset is returned for a 3D configuration (`dim: 3`, for the d-generic functions).
 * @throws RangeError `config.model: …` for an unknown preset, a 3D preset on a 2D
 *   configuration or a per-particle law (`poly`), which the 2D kernels do not evaluate: the
 *   analysis functions send such a glass to the d-generic code (lib/nd/law.ts isNdGlass).
 */
export function modelOfConfiguration(config: Configuration): Model {
  if (typeof config !== 'object' || config === null) return DEFAULT_MODEL; // the caller's validation reports it
  const name = config.model;
  if (name === undefined || name === 'ipl') return DEFAULT_MODEL;
  if (!isModelName(name)) throw new ArgumentRangeError(unknownModelMessage('config.model', name));
  const preset = modelPreset(name);
  if (preset.dimension === 3 && config.dim === 3) return presetModel(name); // the d-generic functions' law (docs/design.md §10)
  if (preset.dimension !== 2) {
    throw new ArgumentRangeError(`config.model: '${name}' is a 3D model, and this configuration is 2D (no dim: 3); a 3D glass has dim: 3, a 3×3 cell ` +
      'and 3N positions (readXyz and configurationOfFrame give them), and the 2D kernels (a Model) do not evaluate it: ' +
      'pass it to an analysis function without options.model, which sends it to the d-generic code (lib/nd)');
  }
  if (preset.law.perParticle) {
    throw new ArgumentRangeError(`config.model: '${name}' has a per-particle law (sizes σ_i), which the 2D kernels (a Model) do not evaluate; ` +
      'pass the glass to an analysis function without options.model (localHeatCapacity, validateResponse, firstEvent, lowestModes, ' +
      'minimizeGlassNd), which sends it to the d-generic code (lib/nd)');
  }
  return presetModel(name);
}
