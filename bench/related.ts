/**
 * `npm run bench:related -- --papers N [--set-based] [--from FILE]`: what computing related papers
 * costs on a catalogue built by `npm run bench:import -- --papers N` (bench/data/import-N.db, or
 * any catalogue given with --from; copied first, so that database is never written). Times, side
 * by side in one run:
 *
 * - every list from scratch (the first import into an empty catalogue, or `topics:apply`);
 * - the refresh after an import that added 10, 100 or 1,000 papers, or changed the text of
 *   10, 100, 1,000 or 10,000 papers already listed;
 * - with `--set-based`, the same full computation as one SQL statement (GROUP BY over the pairs,
 *   `row_number()` window), the alternative this module was measured against.
 *
 * Each variant runs in a transaction that is rolled back, so all see the same catalogue.
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closeDb, IMPORT_CACHE_MIB, migrateDb, openDb, type Db } from '../src/db/client.ts';
import { MAX_FEATURE_PAPERS, recomputeAllRelatedPapers, RELATED_PER_PAPER, refreshRelatedPapers } from '../src/db/related.ts';

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    'set-based': { type: 'boolean', default: false },
    from: { type: 'string' },
  },
});
const papers = Number(values.papers);
const runs = Number(values.runs);

const source = values.from ?? join(DATA_DIR, `import-${papers}.db`);
if (!existsSync(source)) throw new Error(`${source} is missing: run \`npm run bench:import -- --papers ${papers}\` first`);
const dbPath = join(DATA_DIR, `related-bench-${papers}.db`);
for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
copyFileSync(source, dbPath);
const db = openDb(dbPath, { cacheMiB: IMPORT_CACHE_MIB });
migrateDb(db); // a corpus imported before the related lists existed gets the table here
const sqlite = db.$client;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs `work` in a transaction that is rolled back, returning its milliseconds (not `setup`'s). */
function timed(work: () => void, setup?: () => void): number {
  sqlite.exec('BEGIN');
  try {
    setup?.();
    const t = performance.now();
    work();
    return performance.now() - t;
  } finally {
    sqlite.exec('ROLLBACK');
  }
}

/** Lists computed once and kept, so incremental refreshes start from a computed catalogue. */
sqlite.exec('BEGIN');
recomputeAllRelatedPapers(db);
sqlite.exec('COMMIT');
const stats = sqlite.prepare('select count(*) as rows, count(distinct paper_id) as papers from paper_related').get() as { rows: number; papers: number };
const total = sqlite.prepare('select count(*) from papers').pluck().get() as number;

/** An import that changed `count` papers spread over the catalogue: they get a new version. */
const CHANGED = 1_000_000_000;
function changePapers(db: Db, count: number): number {
  const version = CHANGED;
  db.$client.prepare(`update papers set changed_version = ? where id % ? = 0 and id <= ?`).run(version, Math.floor(total / count), total);
  return version;
}

/**
 * An import that added `count` papers: they are taken out of every list (and their own lists
 * dropped) before the clock starts, as papers new to the catalogue would be.
 */
function addPapers(db: Db, count: number): void {
  const version = changePapers(db, count);
  const changed = `(select id from papers where changed_version = ${version})`;
  db.$client.exec(`delete from paper_related where paper_id in ${changed} or related_paper_id in ${changed}`);
}

const phases: { read: number; rank: number; write: number }[] = [];
const scopes = new Map<string, string>();
type Variant = { name: string; work: () => void; setup?: () => void };
const refresh = (name: string, count: number): Variant => ({
  name,
  work: () => {
    const { papers: recomputed, merged, full } = refreshRelatedPapers(db, CHANGED);
    scopes.set(name, full ? 'every list recomputed' : `${recomputed.toLocaleString('en')} lists computed, ${merged.toLocaleString('en')} merged`);
  },
  setup: () => (name.startsWith('adding') ? addPapers(db, count) : changePapers(db, count)),
});
const variants: Variant[] = [
  { name: 'every list', work: () => phases.push(recomputeAllRelatedPapers(db).timings!) },
  ...[10, 100, 1000].map((count) => refresh(`adding ${count.toLocaleString('en')} papers`, count)),
  ...[10, 100, 1000, 10_000].map((count) => refresh(`changing ${count.toLocaleString('en')} papers`, count)),
];
if (values['set-based']) variants.push({ name: 'every list (one SQL statement)', work: () => setBased(db) });

const times = new Map<string, number[]>(variants.map(({ name }) => [name, []]));
for (let r = 0; r < runs; r++) for (const { name, work, setup } of variants) times.get(name)!.push(timed(work, setup));

console.log(`${total.toLocaleString('en')} papers; ${stats.rows.toLocaleString('en')} rows for ${stats.papers.toLocaleString('en')} papers`);
console.log(`top ${RELATED_PER_PAPER} per paper, pairing features shared by 2..${MAX_FEATURE_PAPERS} papers; median of ${runs} runs`);
for (const { name } of variants) {
  console.log(`${name.padEnd(40)} ${(median(times.get(name)!) / 1000).toFixed(2).padStart(7)} s  ${scopes.get(name) ?? ''}`);
}
const phase = (key: 'read' | 'rank' | 'write') => (median(phases.map((p) => p[key])) / 1000).toFixed(2);
console.log(`every list, by phase: read weights ${phase('read')} s, rank ${phase('rank')} s, write ${phase('write')} s`);
console.log(`peak memory (RSS) ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
closeDb(db);
for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });

/**
 * The same lists in SQL alone: pairs joined through the pairing features, summed by GROUP BY and
 * ranked with a window. Kept here only as the measured alternative.
 */
function setBased(db: Db) {
  const s = db.$client;
  const n = s.prepare('select count(*) from papers').pluck().get() as number;
  const features = `
    select pk.keyword_id as feature, pk.paper_id as paper, k.paper_count as df, pk.weight * ln(@n * 1.0 / max(k.paper_count, 1)) as w
    from paper_keywords pk join keywords k on k.id = pk.keyword_id
    union all
    select -pt.topic_id, pt.paper_id, t.paper_count, pt.score * (case t.kind when 'TASK' then 1.0 else 0.5 end) * ln(@n * 1.0 / max(t.paper_count, 1))
    from paper_topics pt join topics t on t.id = pt.topic_id`;
  s.exec('create temp table if not exists bench_postings (feature integer, paper integer, w real, primary key (feature, paper)) without rowid');
  s.prepare(
    `insert into bench_postings select f.feature, f.paper, f.w / norm.norm from (${features}) f
     join (select paper, sqrt(sum(w * w)) as norm from (${features}) group by paper) norm on norm.paper = f.paper
     where f.df between 2 and @cap and norm.norm > 0`,
  ).run({ n, cap: MAX_FEATURE_PAPERS });
  s.exec('delete from paper_related');
  s.prepare(
    `insert into paper_related (paper_id, rank, related_paper_id, score)
     select paper, rank, related, score from (
       select paper, related, score, row_number() over (partition by paper order by score desc, related) as rank from (
         select a.paper, b.paper as related, sum(a.w * b.w) as score
         from bench_postings a join bench_postings b on b.feature = a.feature and b.paper <> a.paper
         group by a.paper, b.paper))
     where rank <= @k`,
  ).run({ k: RELATED_PER_PAPER });
  s.exec('drop table bench_postings');
}
