/**
 * `npm run topics:apply [-- FILE]`: re-tag every stored paper with the taxonomy file (by default
 * seed/taxonomy.json), after editing it. Topics removed from the file are removed from the catalogue.
 */
import { loadConfig } from '../config.ts';
import { closeDb, migrateDb, openDb } from '../db/client.ts';
import { reapplyTaxonomy } from '../ingest/importer.ts';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../ingest/topic-tagger.ts';
import { runCli, UsageError } from './run.ts';

runCli(() => {
  const path = process.argv[2] ?? DEFAULT_TAXONOMY_PATH;
  let taxonomy;
  try {
    taxonomy = loadTaxonomy(path);
  } catch (error) {
    // The taxonomy's own errors already name the file.
    throw new UsageError((error as Error).message);
  }
  const config = loadConfig();
  const db = openDb(config.databasePath);
  try {
    migrateDb(db);
    const { papers } = reapplyTaxonomy(db, taxonomy);
    console.log(`Applied ${path} (${taxonomy.topics.length} topics) to ${papers} papers.`);
  } finally {
    closeDb(db);
  }
});
