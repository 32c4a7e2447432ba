/**
 * `npm run import -- --format <hf-listing|hf-daily|pwc|arxiv|jsonl> [--strict] [--workers N] FILE...`
 * (`.gz` accepted). Streams the files into the catalogue in one transaction, with a progress bar,
 * then prints each bad record with its position and reason, and a summary.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { closeDb, IMPORT_CACHE_MIB, migrateDb, openDb } from '../db/client.ts';
import { IMPORT_FORMATS, isImportFormat, readFormat } from '../ingest/formats/index.ts';
import { InputError, inputMeter } from '../ingest/formats/input.ts';
import { RecordError } from '../ingest/record.ts';
import { importStream, isBulkImport, type StreamImportResult } from '../ingest/importer.ts';
import { DEFAULT_WORKERS } from '../ingest/prepare-pool.ts';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../ingest/topic-tagger.ts';
import { createProgressReporter } from './progress.ts';
import { runCli, UsageError } from './run.ts';

const USAGE = `usage: npm run import -- --format <${IMPORT_FORMATS.join('|')}> [--strict] [--workers N] FILE...`;

/** Bad records printed one by one; past this, only their number. */
const MAX_ERRORS_SHOWN = 50;

function parseCommandLine() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        format: { type: 'string' },
        strict: { type: 'boolean', default: false },
        workers: { type: 'string' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals: files } = parsed;
  if (!values.format) throw new UsageError(USAGE);
  if (!isImportFormat(values.format)) throw new UsageError(`unknown format "${values.format}"\n${USAGE}`);
  if (!files.length) throw new UsageError(`no input file\n${USAGE}`);
  const workers = values.workers === undefined ? DEFAULT_WORKERS : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new UsageError(`--workers takes a whole number from 0 to 64\n${USAGE}`);
  return { format: values.format, files, strict: values.strict, workers };
}

export function describeResult(result: StreamImportResult): string {
  const links = result.linksAttached || result.linksUnmatched
    ? `; ${result.linksAttached} links added to stored papers, ${result.linksUnmatched} for papers not in the catalogue left out`
    : '';
  return `${result.imported} new, ${result.updated} updated, ${result.unchanged} unchanged, ${result.skipped} skipped (of ${result.read} records)${links}`;
}

runCli(async () => {
  const { format, files, strict, workers } = parseCommandLine();
  const totalBytes = files.reduce((sum, file) => {
    try {
      return sum + statSync(file).size;
    } catch {
      return sum; // the reader reports a missing file in its own words
    }
  }, 0);

  const config = loadConfig();
  const databaseBytes = existsSync(config.databasePath) ? statSync(config.databasePath).size : 0;
  const db = openDb(config.databasePath, { cacheMiB: IMPORT_CACHE_MIB });
  const progress = createProgressReporter({ totalBytes, bytesRead: () => inputMeter.bytesRead });
  try {
    migrateDb(db);
    const started = performance.now();
    let result: StreamImportResult;
    try {
      result = await importStream(db, readFormat(format, files), {
        taxonomy: loadTaxonomy(DEFAULT_TAXONOMY_PATH),
        strict,
        workers,
        bulk: isBulkImport(totalBytes, databaseBytes),
        onProgress: (summary, phase) => progress.update(summary, phase),
      });
    } catch (error) {
      progress.stop();
      if (error instanceof InputError || error instanceof RecordError) {
        throw new UsageError(`${error.message}
Nothing was imported: the catalogue is as it was.`);
      }
      throw error;
    }
    progress.stop();
    const errors = result.errors.slice(0, MAX_ERRORS_SHOWN);
    for (const error of errors) console.error(`skipped ${error.message}`);
    if (result.errors.length > errors.length) console.error(`… and ${result.errors.length - errors.length} more bad records`);
    const seconds = (performance.now() - started) / 1000;
    console.log(`Imported into ${config.databasePath} in ${seconds.toFixed(1)} s: ${describeResult(result)}.`);
  } finally {
    progress.stop();
    closeDb(db);
  }
});
