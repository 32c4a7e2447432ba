/**
 * Loading the bundled sample, shared by `npm run seed` and `npm start` (which loads it into an
 * empty database so a fresh clone serves data at once).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db/client.ts';
import { countPapers } from './db/queries/papers.ts';
import { parseHfListing } from './ingest/formats/hf-listing.ts';
import { importPapers, type ImportSummary } from './ingest/importer.ts';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from './ingest/topic-tagger.ts';

export const SAMPLE_PATH = fileURLToPath(new URL('../seed/hf-papers-listing.txt', import.meta.url));

export function seedSample(db: Db, path = SAMPLE_PATH): ImportSummary {
  const records = parseHfListing(readFileSync(path, 'utf8'), path);
  return importPapers(db, records, { taxonomy: loadTaxonomy(DEFAULT_TAXONOMY_PATH), strict: true });
}

export function isEmpty(db: Db): boolean {
  return countPapers(db, {}) === 0;
}
