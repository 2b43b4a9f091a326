/**
 * The fill-reducing orderings of CHOLMOD's analysis, named once (a module of its own, with
 * nothing to load, so that the command line and the option checks read them without the
 * native addon): 'amd' (approximate minimum degree), 'metis' and 'nesdis' (nested
 * dissection, METIS's and CHOLMOD's), 'natural' (none: the matrix as it is, for tests and
 * comparisons) and 'best' (CHOLMOD tries AMD, METIS and NESDIS and keeps the least fill).
 */
export const ORDERINGS = ['amd', 'metis', 'nesdis', 'natural', 'best'] as const;

export type Ordering = (typeof ORDERINGS)[number];

/** The orderings offered to users (the command line, lowestModes): 'natural' fills a Hessian's factor too much to be a choice. */
export const USER_ORDERINGS = ['amd', 'metis', 'nesdis', 'best'] as const satisfies readonly Ordering[];
