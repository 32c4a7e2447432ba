/**
 * `npm run bench:suggest -- --db FILE [--rounds R] [--migrated]`: latency of `suggest` (search-as-you-type) on
 * an imported catalogue, through the whole GraphQL stack in process (parse, validate, execute,
 * serialise; no network), for what people type: every single letter, common two- and
 * three-letter starts, whole words, multi-word prefixes, `owner/` and prefixes nothing matches.
 * Prints p50, p99 and the maximum per prefix length, and the SQL statements per call.
 *
 * Build a catalogue first, e.g. `npm run bench:import -- --papers 1000000` (bench/data/import-1000000.db).
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.ts';
import { closeDb, migrateDb, openDb } from '../src/db/client.ts';
import { getCatalogueSummary } from '../src/db/queries/catalogue.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    rounds: { type: 'string', default: '20' },
    /** The database is already migrated: read it in place (read-only) instead of migrating a copy. */
    migrated: { type: 'boolean', default: false },
  },
});
if (!values.db || !existsSync(values.db)) {
  console.error('usage: npm run bench:suggest -- --db bench/data/import-100000.db [--rounds 20]');
  process.exit(2);
}

// Migrate a copy, so the benchmark never changes the catalogue it was given.
let path = values.db;
if (!values.migrated) {
  path = join(tmpdir(), `bench-suggest-${process.pid}.db`);
  copyFileSync(values.db, path);
  const setup = openDb(path);
  migrateDb(setup);
  closeDb(setup);
}

let statements = 0;
const db = openDb(path, { readonly: true, onStatement: () => statements++ });
const app = createApp(db);

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];
const PREFIXES = [
  ...LETTERS,
  ...['co', 'de', 'ne', 'le', 'gr', 'tr', 're', 'im', 'la', 'di', 'zx', 'qq'],
  ...['con', 'gra', 'tra', 'lan', 'dif', 'rei', 'sel', 'gen', 'xyz'],
  ...['graph', 'language', 'diffusion', 'transformer', 'reinforcement', 'attention', 'kernel'],
  ...['graph neural', 'large language mod', 'self supervised', 'object det', 'neural radiance f'],
  ...['facebookresearch/', 'google/', 'microsoft/', 'openai/c', 'nothing-like-this/'],
];

const QUERY = `query ($prefix: String!) { suggest(prefix: $prefix, first: 5) {
  kind text node { id ... on Topic { paperCount } ... on Keyword { paperCount } ... on Repository { paperCount } } } }`;

async function suggest(prefix: string): Promise<number> {
  const started = performance.now();
  const response = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': '1' },
    body: JSON.stringify({ query: QUERY, variables: { prefix } }),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (response.status !== 200 || body.errors) throw new Error(`suggest("${prefix}") failed: ${JSON.stringify(body)}`);
  return performance.now() - started;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

// Warm the page cache and the statement cache once, as a running server would be.
for (const prefix of PREFIXES) await suggest(prefix);
statements = 0;
await suggest('gra');
const statementsPerCall = statements;

const byGroup = new Map<string, number[]>();
const all: number[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  for (const prefix of PREFIXES) {
    const ms = await suggest(prefix);
    const group = prefix.includes('/') ? 'owner/…' : prefix.includes(' ') ? 'several words' : `${Math.min(prefix.length, 4)}${prefix.length >= 4 ? '+' : ''} letters`;
    (byGroup.get(group) ?? byGroup.set(group, []).get(group)!).push(ms);
    all.push(ms);
  }
}

const row = (name: string, times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `| ${name} | ${sorted.length} | ${percentile(sorted, 50).toFixed(2)} | ${percentile(sorted, 99).toFixed(2)} | ${sorted.at(-1)!.toFixed(2)} |`;
};
const papers = getCatalogueSummary(db).paperCount;
console.log(`suggest on ${papers.toLocaleString('en')} papers, ${statementsPerCall} SQL statements per call (all four kinds, first: 5)\n`);
console.log('| prefix | calls | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|');
for (const [name, times] of [...byGroup].sort()) console.log(row(name, times));
console.log(row('all', all));
closeDb(db);
// The migrated copy is the benchmark's own: remove it (a million papers is 4 GB).
if (path !== values.db) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
