// Worker threads do not inherit the `--import tsx/esm` hooks: register them here, then load the
// TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
