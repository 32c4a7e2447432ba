/**
 * `npm run bench:facets -- --db FILE [--rounds 5]`: what facets add to a search, counted in SQL
 * and from the in-memory facet index (src/db/facet-index.ts), through the whole GraphQL stack in
 * process (parse, validate, execute, serialise; no network). For each search, the same operation
 * (20 results with snippets and `totalCount`) without facets, with all five facets counted in SQL,
 * and with them counted from the index; each the median of `rounds`, the three run side by side
 * in a rotating order. Also the index's build: all at once, and in the background (how long until
 * ready, and the longest the event loop was held meanwhile), and its memory.
 *
 * The database is opened read-only (two connections: one counts in SQL alone, one uses the index).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../src/app.ts';
import { closeDb, openDb } from '../src/db/client.ts';
import { buildFacetIndex, configureFacetIndex, currentFacetIndex, facetIndexBytes, warmFacetIndex } from '../src/db/facet-index.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    rounds: { type: 'string', default: '5' },
  },
});
if (!values.db || !existsSync(values.db)) {
  console.error('usage: npm run bench:facets -- --db bench/data/api-100000.db [--rounds 5]');
  process.exit(2);
}
const rounds = Number(values.rounds);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const SEARCHES = ['diffusion', 'graph neural', 'kernel regression', 'language models'];
const FACETS = `facets {
  topics { values { topic { slug } count } valueCount }
  years { values { year count } valueCount }
  hasCode { withCode withoutCode }
  frameworks { values { value count } valueCount }
  repositoryOwners { values { value count } valueCount }
}`;
const operation = (facets: boolean) =>
  `query ($q: String!) { search(query: $q, first: 20) { totalCount edges { score snippet { title abstract } node { id title publishedAt } } ${facets ? FACETS : ''} } }`;

async function run(app: App, facets: boolean, q: string): Promise<{ ms: number; data: any }> {
  const started = performance.now();
  const response = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: operation(facets), variables: { q } }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  const ms = performance.now() - started;
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { ms, data: body.data };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

// The SQL path: a connection whose index is off.
const sqlDb = openDb(values.db, { readonly: true });
configureFacetIndex(sqlDb, { enabled: false });
const sqlApp = createApp(sqlDb);

const indexDb = openDb(values.db, { readonly: true });
configureFacetIndex(indexDb, { enabled: false });

// 1. Built all at once: time and memory.
gc();
const before = process.memoryUsage();
let started = performance.now();
const built = buildFacetIndex(indexDb)!;
const buildMs = performance.now() - started;
gc();
const after = process.memoryUsage();
const size = built.size - 1;
console.log(`Facet index of ${size.toLocaleString('en')} paper ids, catalogue version ${built.version}`);
console.log(`  built at once: ${fmt(buildMs)} ms`);
console.log(`  typed arrays: ${mib(facetIndexBytes(built))}; process growth after GC: heap ${mib(after.heapUsed - before.heapUsed)}, array buffers ${mib(after.arrayBuffers - before.arrayBuffers)}`);

// 2. Built in the background, as createApp starts it: until ready, and the longest event-loop stall.
configureFacetIndex(indexDb, { enabled: true });
let longestStall = 0;
let last = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  longestStall = Math.max(longestStall, now - last);
  last = now;
}, 1);
started = performance.now();
const indexApp = createApp(indexDb);
warmFacetIndex(indexDb);
while (!currentFacetIndex(indexDb)) await new Promise((resolve) => setTimeout(resolve, 5));
const backgroundMs = performance.now() - started;
clearInterval(ticker);
console.log(`  built in the background: ready after ${fmt(backgroundMs)} ms; longest event-loop stall ${fmt(longestStall)} ms`);
console.log(`  (${process.env.NODE_ENV ?? ''}rss now ${mib(process.memoryUsage().rss)})\n`);

// 3. Latencies, side by side.
type Variant = { name: string; app: App; facets: boolean };
const variants: Variant[] = [
  { name: 'without facets', app: indexApp, facets: false },
  { name: 'facets in SQL', app: sqlApp, facets: true },
  { name: 'facets from the index', app: indexApp, facets: true },
];
console.log('| search | matches | without facets, ms | with facets (SQL), ms | with facets (index), ms | index / without | SQL / without |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const q of SEARCHES) {
  // Once each first, to warm the page cache, and to check that both paths agree.
  const warm = await Promise.all(variants.map((v) => run(v.app, v.facets, q)));
  if (JSON.stringify(warm[1]!.data.search.facets) !== JSON.stringify(warm[2]!.data.search.facets)) {
    throw new Error(`facets of "${q}" differ between SQL and the index`);
  }
  const times: number[][] = variants.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (round + k) % variants.length;
      times[i]!.push((await run(variants[i]!.app, variants[i]!.facets, q)).ms);
    }
  }
  const [without, sql, index] = times.map(median) as [number, number, number];
  const matches = warm[0]!.data.search.totalCount as number;
  console.log(
    `| \`${q}\` | ${matches.toLocaleString('en')} | ${fmt(without)} | ${fmt(sql)} | ${fmt(index)} | ${(index / without).toFixed(2)}x | ${(sql / without).toFixed(2)}x |`,
  );
}

closeDb(sqlDb);
closeDb(indexDb);
