/**
 * Corpora for the API benchmark: a database of N synthetic Papers with Code papers, built once
 * (generated into bench/data/api-pwc-N-seedS/, imported into bench/data/api-N.db) and reused.
 *
 *   npx tsx bench/api-corpus.ts --papers N     builds the corpus database if it is missing
 *
 * The 100,000-paper database is copied from bench/data/import-100000.db when that exists (the
 * same corpus, imported by `npm run bench:import`), since the copy takes seconds and the import a
 * minute. The benchmark opens the database read-write once to apply pending migrations, then
 * serves it read-only.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { closeDb, IMPORT_CACHE_MIB, migrateDb, openDb } from '../src/db/client.ts';
import { readFormat } from '../src/ingest/formats/index.ts';
import { importStream } from '../src/ingest/importer.ts';
import { DEFAULT_WORKERS } from '../src/ingest/prepare-pool.ts';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../src/ingest/topic-tagger.ts';
import { writeCorpus } from './generate-pwc.ts';

export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** The generated Papers with Code files of `papers` papers, written once into bench/data/ and reused. */
export async function corpusFiles(papers: number, seed: number): Promise<string[]> {
  const shared = join(DATA_DIR, `pwc-${papers}-seed${seed}`);
  const dir = existsSync(join(shared, '.complete')) ? shared : join(DATA_DIR, `api-pwc-${papers}-seed${seed}`);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    const t = performance.now();
    const files = await writeCorpus(dir, { papers, seed });
    writeFileSync(done, '');
    console.error(`generated ${papers.toLocaleString('en')} papers (${(files.bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return [join(dir, 'papers-with-abstracts.json'), join(dir, 'links-between-papers-and-code.json')];
}

/** The path of an up-to-date (migrated) database of `papers` generated papers, built if missing. */
export async function corpusDb(papers: number, seed = 1): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const dbPath = join(DATA_DIR, `api-${papers}${seed === 1 ? '' : `-seed${seed}`}.db`);
  if (!existsSync(dbPath)) {
    const building = `${dbPath}.building`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
    const imported = join(DATA_DIR, `import-${papers}.db`);
    if (seed === 1 && existsSync(imported) && !(existsSync(`${imported}-wal`) && statSync(`${imported}-wal`).size > 0)) {
      copyFileSync(imported, building);
      console.error(`copied ${imported}`);
    } else {
      const files = await corpusFiles(papers, seed);
      const db = openDb(building, { cacheMiB: IMPORT_CACHE_MIB });
      migrateDb(db);
      const t = performance.now();
      const result = await importStream(db, readFormat('pwc', files), { taxonomy: loadTaxonomy(DEFAULT_TAXONOMY_PATH), workers: DEFAULT_WORKERS, bulk: true });
      closeDb(db);
      console.error(`imported ${result.imported.toLocaleString('en')} papers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    renameSync(building, dbPath);
  }
  return migrateCorpus(dbPath);
}

/** Applies pending migrations (and a checkpoint, so the read-only servers start from a clean file). */
export function migrateCorpus(dbPath: string): string {
  const db = openDb(dbPath, { cacheMiB: IMPORT_CACHE_MIB });
  migrateDb(db);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  closeDb(db);
  return dbPath;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { papers: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } } });
  console.log(await corpusDb(Number(values.papers), Number(values.seed)));
}
