/**
 * `npm start`: migrate, load the bundled sample into an empty database, then serve on every core:
 * Node runs JavaScript on one core, so the main process forks `WORKERS` server processes (one per
 * core by default) that share the port and read the same database. SIGINT or SIGTERM stops them
 * all cleanly.
 *
 * What stops it from starting (bad configuration, an address it cannot listen on, a catalogue
 * another process holds locked while migrations are due) is one clear message and exit code 1; a
 * server process that fails while starting is not started again, where one that stops while
 * serving is.
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { isEmpty, seedSample } from './catalogue.ts';
import { loadConfig, type Config } from './config.ts';
import { runCli } from './cli/run.ts';
import { closeDb, isCatalogueBusy, migrateDb, openDb, SERVING_CACHE_MIB } from './db/client.ts';
import { RESPONSE_CACHE_DEFAULTS } from './http/response-cache.ts';

/** How long requests in flight get to finish after a stop signal. */
const GRACE_MS = 5_000;

function prepareDatabase(config: Config) {
  const db = openDb(config.databasePath);
  migrateDb(db);
  if (isEmpty(db)) {
    try {
      const summary = seedSample(db);
      console.log(`Loaded the bundled sample: ${summary.imported} papers.`);
    } catch (error) {
      // An import into the empty catalogue holds its write lock until it commits: its papers, not
      // the sample, are what this catalogue is for.
      if (!isCatalogueBusy(error)) throw error;
      console.log('The catalogue is empty and another process (an import) is writing to it: serving it as it is. Its papers appear when it commits.');
    }
  }
  return db;
}

/** Why an address cannot be listened on, in a user's words. */
function listenFailure(config: Config, error: NodeJS.ErrnoException): string {
  const reason =
    error.code === 'EADDRINUSE' ? 'the port is in use (another server is listening on it; set PORT to another one)'
    : error.code === 'EACCES' ? 'permission denied (ports below 1024 need privileges; set PORT to another one)'
    : error.code === 'EADDRNOTAVAIL' ? 'this machine has no such address (set HOST to one of its addresses)'
    : error.message;
  return `cannot listen on ${config.host}:${config.port}: ${reason}`;
}

/** A server process's word to the primary: it listens, or it cannot. */
type WorkerMessage = 'listening' | { failed: string };

/** Serves the API from this process until SIGINT or SIGTERM. */
function serve(config: Config, readonly: boolean) {
  const db = openDb(config.databasePath, { readonly, cacheMiB: SERVING_CACHE_MIB });
  const responseCache = config.responseCacheMiB > 0 && { ...RESPONSE_CACHE_DEFAULTS, maxBytes: Math.floor(config.responseCacheMiB * 1024 * 1024) };
  const server = createServer(createApp(db, { responseCache }));
  // Slow clients must not hold connections open for minutes (Node's defaults are 300 s and 60 s).
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  const failedToListen = (error: NodeJS.ErrnoException) => {
    const failure = listenFailure(config, error);
    closeDb(db);
    if (cluster.isPrimary) {
      console.error(`error: ${failure}`);
      process.exit(1);
    }
    // The primary says it once, for every process, and stops them all.
    process.send!({ failed: failure } satisfies WorkerMessage, () => process.exit(1));
  };
  server.once('error', failedToListen);
  server.listen(config.port, config.host, () => {
    server.off('error', failedToListen);
    if (cluster.isPrimary) console.log(`Paper catalogue API on http://${config.host}:${config.port}/graphql (GraphiQL in a browser)`);
    else process.send?.('listening' satisfies WorkerMessage);
  });
  const stop = () => {
    server.close(() => {
      closeDb(db);
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), GRACE_MS).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The primary process: prepares the catalogue, then forks the server processes and keeps them serving. */
function servePrimary(config: Config) {
  // The primary keeps its connection open, so the write-ahead log files stay in place for the
  // workers' read-only connections.
  const db = prepareDatabase(config);
  let stopping = false;
  let exitCode = 0;
  let listening = 0;
  const started = new WeakSet<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: WorkerMessage) => {
      if (message === 'listening') {
        started.add(worker);
        if (++listening === config.workers) {
          console.log(`Paper catalogue API on http://${config.host}:${config.port}/graphql (GraphiQL in a browser), ${config.workers} processes`);
        }
      } else if (typeof message === 'object' && 'failed' in message) {
        stopAll(`error: ${message.failed}`, 1);
      }
    });
  };
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    // One that never listened would fail the same way again, and again: stop instead.
    if (!started.has(worker)) stopAll(`error: a server process stopped while starting (${signal ?? code})`, 1);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        closeDb(db);
        process.exit(exitCode);
      }
      return;
    }
    console.error(`server process ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    fork();
  });
  const stopAll = (message: string, code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    if (code) console.error(message);
    else console.log(message);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(code), GRACE_MS * 2).unref();
  };
  process.on('SIGINT', () => stopAll('SIGINT: shutting down', 0));
  process.on('SIGTERM', () => stopAll('SIGTERM: shutting down', 0));
}

await runCli(() => {
  const config = loadConfig();
  if (!cluster.isPrimary) {
    serve(config, true);
  } else if (config.workers === 1) {
    closeDb(prepareDatabase(config));
    serve(config, false);
  } else {
    servePrimary(config);
  }
});
// A start that failed has said why; a server process must then leave too, which its channel to
// the primary would otherwise keep running.
if (process.exitCode) process.exit();
