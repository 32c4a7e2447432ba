/**
 * `npm run seed`: load the bundled sample (seed/hf-papers-listing.txt). Idempotent: a second run
 * finds every paper up to date and changes nothing.
 */
import { seedSample } from '../src/catalogue.ts';
import { loadConfig } from '../src/config.ts';
import { closeDb, migrateDb, openDb } from '../src/db/client.ts';
import { runCli } from '../src/cli/run.ts';

runCli(() => {
  const config = loadConfig();
  const db = openDb(config.databasePath);
  try {
    migrateDb(db);
    const s = seedSample(db);
    console.log(`Seeded ${config.databasePath}: ${s.imported} imported, ${s.updated} updated, ${s.unchanged} unchanged.`);
  } finally {
    closeDb(db);
  }
});
