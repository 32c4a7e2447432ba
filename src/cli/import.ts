/**
 * `npm run import -- --format <hf-listing|jsonl> [--strict] FILE...` (`.gz` accepted).
 * Prints each bad record with its position and reason, then a summary.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../config.ts';
import { closeDb, migrateDb, openDb } from '../db/client.ts';
import { parseHfListing } from '../ingest/formats/hf-listing.ts';
import { parseJsonLines } from '../ingest/formats/jsonl.ts';
import { importPapers } from '../ingest/importer.ts';
import type { PaperRecord, RecordError } from '../ingest/record.ts';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../ingest/topic-tagger.ts';
import { runCli, UsageError } from './run.ts';

const FORMATS: Record<string, (text: string, file: string) => (PaperRecord | RecordError)[]> = {
  'hf-listing': parseHfListing,
  jsonl: parseJsonLines,
};

const USAGE = `usage: npm run import -- --format <${Object.keys(FORMATS).join('|')}> [--strict] FILE...`;

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!file.endsWith('.gz')) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (error) {
    throw new UsageError(`${file} is not a valid gzip file (${(error as Error).message})`);
  }
}

runCli(() => {
  let parsed;
  try {
    parsed = parseArgs({
      options: { format: { type: 'string' }, strict: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals: files } = parsed;
  const parse = values.format ? FORMATS[values.format] : undefined;
  if (!parse) throw new UsageError(values.format ? `unknown format "${values.format}"\n${USAGE}` : USAGE);
  if (!files.length) throw new UsageError(`no input file\n${USAGE}`);

  // Read and parse every file before touching the database: a file that cannot be read at all
  // changes nothing.
  const records = files.flatMap((file) => parse(readText(file), file));

  const config = loadConfig();
  const db = openDb(config.databasePath);
  try {
    migrateDb(db);
    const summary = importPapers(db, records, { taxonomy: loadTaxonomy(DEFAULT_TAXONOMY_PATH), strict: values.strict });
    for (const error of summary.errors) console.error(`skipped ${error.message}`);
    console.log(
      `Imported into ${config.databasePath}: ${summary.imported} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.skipped} skipped (of ${summary.read} records).`,
    );
  } finally {
    closeDb(db);
  }
});
