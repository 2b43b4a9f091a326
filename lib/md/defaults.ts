/**
 * Defaults of `prepareGlass` (./prepare.ts): the paper's protocol, times in τ0 and
 * temperatures in ε/k_B (tEquilibrate is ours; the temperatures are the `ipl` preset's,
 * lib/model presets.ts). A module of its own, importing only lib/model's presets (which do
 * not load the native addon), so that the ensemble's sample identity and the command line
 * read them without loading it.
 */
import { IPL_DEFAULTS } from '../model/presets.js';

export const PREPARE_DEFAULTS = Object.freeze({ tLiquid: IPL_DEFAULTS.tLiquid, tEquilibrate: 20, tAnneal: IPL_DEFAULTS.tAnneal, anneal: 100, dt: 0.005 });

/**
 * Defaults of `prepareGlass`'s numerical settings, apart from PREPARE_DEFAULTS because they are
 * not part of a sample's protocol identity (lib/ensemble/identity.ts hashes that one): the CSVR
 * thermostat's τ (τ0), the Verlet skin (λ) and the CG tolerance on max |F| (ε/λ) before the
 * Newton polish. The same values as prepareGlassNd's (lib/nd/prepare.ts ND_PREPARE_DEFAULTS).
 */
export const PREPARE_NUMERICS = Object.freeze({ tau: 0.5, skin: 0.3, cgTolerance: 1e-8 });
