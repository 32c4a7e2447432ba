/**
 * `npm start`: migrate, load the bundled sample into an empty database, serve until a signal.
 */
import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { isEmpty, seedSample } from './catalogue.ts';
import { loadConfig } from './config.ts';
import { closeDb, migrateDb, openDb } from './db/client.ts';

const config = loadConfig();
const db = openDb(config.databasePath);
migrateDb(db);
if (isEmpty(db)) {
  const summary = seedSample(db);
  console.log(`Loaded the bundled sample: ${summary.imported} papers.`);
}

const app = createApp(db);
const server = createServer(app);
// Slow clients must not hold connections open for minutes (Node's defaults are 300 s and 60 s).
server.requestTimeout = 10_000;
server.headersTimeout = 10_000;
server.keepAliveTimeout = 5_000;

server.listen(config.port, config.host, () => {
  console.log(`Paper catalogue API on http://${config.host}:${config.port}/graphql (GraphiQL in a browser)`);
});

function shutdown(signal: string) {
  console.log(`${signal}: shutting down`);
  server.close(() => {
    closeDb(db);
    process.exit(0);
  });
  server.closeIdleConnections();
  // Requests still running get a moment to finish, then we go regardless.
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
