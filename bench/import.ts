/**
 * `npm run bench:import -- --papers N [--workers W] [--seed S] [--database FILE]`: imports a synthetic Papers with
 * Code corpus of N papers (generated once into bench/data/, then reused) into a fresh database
 * file, exactly as `npm run import -- --format pwc` does, and prints papers per second, the time
 * of each phase, the peak memory and the CPU time of the process (worker threads included).
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closeDb, IMPORT_CACHE_MIB, migrateDb, openDb } from '../src/db/client.ts';
import { readFormat } from '../src/ingest/formats/index.ts';
import { importStream } from '../src/ingest/importer.ts';
import { DEFAULT_WORKERS } from '../src/ingest/prepare-pool.ts';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../src/ingest/topic-tagger.ts';
import { corpusFiles } from './api-corpus.ts';

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

const { values } = parseArgs({
  allowNegative: true,
  options: {
    papers: { type: 'string', default: '100000' },
    workers: { type: 'string', default: String(DEFAULT_WORKERS) },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    // What `npm run import` chooses for an import into an empty catalogue; --no-bulk to compare.
    bulk: { type: 'boolean', default: true },
    // Where to write the database (replaced on every run); bench/data/import-N.db by default.
    database: { type: 'string' },
  },
});
const papers = Number(values.papers);
const workers = Number(values.workers);
const seed = Number(values.seed);


const files = await corpusFiles(papers, seed);
mkdirSync(DATA_DIR, { recursive: true });
const dbPath = values.database ?? join(DATA_DIR, `import-${papers}.db`);
for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
const db = openDb(dbPath, { cacheMiB: Number(process.env.CACHE_MIB ?? IMPORT_CACHE_MIB) });
migrateDb(db);

const started = performance.now();
const bulk = values.bulk;
const result = await importStream(db, readFormat('pwc', files), { taxonomy: loadTaxonomy(DEFAULT_TAXONOMY_PATH), workers, bulk });
const seconds = (performance.now() - started) / 1000;
closeDb(db);

const report = {
  papers: result.imported,
  workers,
  seconds: Number(seconds.toFixed(1)),
  papersPerSecond: Math.round(result.imported / seconds),
  peakMemoryMB: Math.round(process.resourceUsage().maxRSS / 1024),
  // CPU time of every thread: on a shared machine, the figure other work inflates least.
  cpuSeconds: cpuSeconds(),
  phasesSeconds: Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Number((v / 1000).toFixed(1))])),
  databaseMB: Math.round(statSync(dbPath).size / 1e6),
  skipped: result.skipped,
};
if (values.json) console.log(JSON.stringify(report));
else {
  console.log(
    `imported ${report.papers.toLocaleString('en')} papers in ${report.seconds} s: ${report.papersPerSecond.toLocaleString('en')} papers/s, ` +
      `peak memory ${report.peakMemoryMB} MB, CPU ${report.cpuSeconds} s, database ${report.databaseMB} MB`,
  );
  console.log(`phases (s): ${Object.entries(report.phasesSeconds).map(([k, v]) => `${k} ${v}`).join(', ')}  [workers: ${workers}, bulk: ${bulk}]`);
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return Number(((user + system) / 1e6).toFixed(1));
}
