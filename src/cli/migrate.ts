/** `npm run db:migrate`: apply pending migrations to the configured database. */
import { loadConfig } from '../config.ts';
import { closeDb, migrateDb, openDb } from '../db/client.ts';
import { runCli } from './run.ts';

runCli(() => {
  const config = loadConfig();
  const db = openDb(config.databasePath);
  try {
    migrateDb(db);
    console.log(`Migrated ${config.databasePath}.`);
  } finally {
    closeDb(db);
  }
});
