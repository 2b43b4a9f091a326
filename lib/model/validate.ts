/**
 * The names lib/aqs/first-event.ts and lib/md/prepare.ts import for their argument
 * checks; the checks themselves are lib/validate.ts's.
 */
export { describe, expectConfiguration as checkConfiguration, expectNumber as checkNumber } from '../validate.js';
