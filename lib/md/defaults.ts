/**
 * Defaults of `prepareGlass` (./prepare.ts): the paper's protocol, times in τ0 and
 * temperatures in ε/k_B (tEquilibrate is ours). A module of its own, free of imports, so
 * that the ensemble's sample identity and the command line read them without loading the
 * native addon.
 */
export const PREPARE_DEFAULTS = Object.freeze({ tLiquid: 1.0, tEquilibrate: 20, tAnneal: 0.45, anneal: 100, dt: 0.005 });
