// Worker-thread entry of generate-pwc.ts (see writeCorpus). Plain JavaScript on purpose: Node 20
// does not give worker threads the TypeScript loader of the main thread (tsx hooks, vitest), so
// the worker loads the module through tsx's API, which works under either parent.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { runWorkerTask } = await tsImport('./generate-pwc.ts', import.meta.url);
await runWorkerTask(workerData, parentPort);
