/**
 * Elementary functions with the same bits on every platform and Node.js version (fdlibm's
 * algorithms in JavaScript arithmetic). Math.pow, Math.exp, Math.log, Math.log1p and Math.cos are not:
 * Node 24 changed Math.pow, and V8 on arm64 rounds all four differently; the preparation of
 * a glass amplifies a last bit into another glass. Each returns exactly what V8 returns on
 * x86-64 up to Node 22, so glasses prepared there before are unchanged.
 */
export { portableCos } from './cos.js';
export { portableExp } from './exp.js';
export { portableLog } from './log.js';
export { portableLog1p } from './log1p.js';
export { portablePow } from './pow.js';
