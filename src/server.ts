/**
 * `npm start`: migrate, load the bundled sample into an empty database, then serve on every core:
 * Node runs JavaScript on one core, so the main process forks `WORKERS` server processes (one per
 * core by default) that share the port and read the same database. SIGINT or SIGTERM stops them
 * all cleanly.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { isEmpty, seedSample } from './catalogue.ts';
import { loadConfig, type Config } from './config.ts';
import { closeDb, migrateDb, openDb, SERVING_CACHE_MIB } from './db/client.ts';
import { RESPONSE_CACHE_DEFAULTS } from './http/response-cache.ts';

/** How long requests in flight get to finish after a stop signal. */
const GRACE_MS = 5_000;

function prepareDatabase(config: Config) {
  const db = openDb(config.databasePath);
  migrateDb(db);
  if (isEmpty(db)) {
    const summary = seedSample(db);
    console.log(`Loaded the bundled sample: ${summary.imported} papers.`);
  }
  return db;
}

/** Serves the API from this process until SIGINT or SIGTERM. */
function serve(config: Config, readonly: boolean) {
  const db = openDb(config.databasePath, { readonly, cacheMiB: SERVING_CACHE_MIB });
  const responseCache = config.responseCacheMiB > 0 && { ...RESPONSE_CACHE_DEFAULTS, maxBytes: Math.floor(config.responseCacheMiB * 1024 * 1024) };
  const server = createServer(createApp(db, { responseCache }));
  // Slow clients must not hold connections open for minutes (Node's defaults are 300 s and 60 s).
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.listen(config.port, config.host, () => {
    if (cluster.isPrimary) console.log(`Paper catalogue API on http://${config.host}:${config.port}/graphql (GraphiQL in a browser)`);
    else process.send?.('listening');
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

const config = loadConfig();
if (!cluster.isPrimary) {
  serve(config, true);
} else if (config.workers === 1) {
  closeDb(prepareDatabase(config));
  serve(config, false);
} else {
  // The primary keeps its connection open, so the write-ahead log files stay in place for the
  // workers' read-only connections.
  const db = prepareDatabase(config);
  let stopping = false;
  let listening = 0;
  const fork = () =>
    cluster.fork().on('message', (message) => {
      if (message === 'listening' && ++listening === config.workers) {
        console.log(`Paper catalogue API on http://${config.host}:${config.port}/graphql (GraphiQL in a browser), ${config.workers} processes`);
      }
    });
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        closeDb(db);
        process.exit(0);
      }
      return;
    }
    console.error(`server process ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    fork();
  });
  const stopAll = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), GRACE_MS * 2).unref();
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
}
