// Worker-thread entry used when softspot runs from its TypeScript sources (tests, tsx):
// worker threads do not inherit tsx's loader hooks on Node 20, so register them here,
// then load the real entry. The compiled package (dist/) uses pool-worker.js directly.
import { register } from 'tsx/esm/api';

register();
const entry = await import('./pool-worker.ts');
export default entry.default;
