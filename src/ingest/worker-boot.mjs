// Entry point of a worker thread that runs TypeScript: a worker does not inherit the parent's
// tsx loader, so it registers its own before importing the real entry (workerData.entry).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
