// Worker threads do not inherit the TypeScript loader the parent runs under (tsx), so the
// encoder worker registers it before importing its TypeScript entry (encoder-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./encoder-worker.ts');
