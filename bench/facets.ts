/**
 * `npm run bench:facets -- --db FILE [--rounds 5]`: what facets add to a search, counted in SQL
 * and from the in-memory facet index (src/db/facet-index.ts), through the whole GraphQL stack in
 * process (parse, validate, execute, serialise; no network). For each search (and two large
 * filtered lists), the same operation (20 results with snippets and `totalCount`) without facets, with all five facets counted in SQL,
 * and with them counted from the index; each the median of `rounds`, the three run side by side
 * in a rotating order. Also the index's build: all at once, and in the background (how long until
 * ready, and the longest the event loop was held meanwhile), and its memory.
 *
 * The database is opened read-only as the server opens it (two connections, each with the serving
 * page cache: one counts in SQL alone, one uses the index).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../src/app.ts';
import { closeDb, openDb, SERVING_CACHE_MIB } from '../src/db/client.ts';
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

/** What is counted: searches (20 results with snippets), and two large filtered lists (20 papers). */
interface Case {
  label: string;
  search?: string;
  filter?: Record<string, unknown>;
}
const CASES: Case[] = [
  ...['diffusion', 'graph neural', 'kernel regression', 'language models'].map((search) => ({ label: `\`${search}\``, search })),
  { label: 'list, `hasCode: true`', filter: { hasCode: true } },
  { label: 'list, `publishedAfter: 2022-01-01`', filter: { publishedAfter: '2022-01-01' } },
];
const FACETS = `facets {
  topics { values { topic { slug } count } valueCount }
  years { values { year count } valueCount }
  hasCode { withCode withoutCode }
  frameworks { values { value count } valueCount }
  repositoryOwners { values { value count } valueCount }
}`;
const operation = (c: Case, facets: boolean) =>
  c.search !== undefined
    ? `query ($q: String!) { search(query: $q, first: 20) { totalCount edges { score snippet { title abstract } node { id title publishedAt } } ${facets ? FACETS : ''} } }`
    : `query ($f: PaperFilter) { papers(filter: $f, first: 20) { totalCount nodes { id title publishedAt } ${facets ? FACETS : ''} } }`;

async function run(app: App, facets: boolean, c: Case): Promise<{ ms: number; list: any }> {
  const started = performance.now();
  const response = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: operation(c, facets), variables: { q: c.search, f: c.filter } }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  const ms = performance.now() - started;
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { ms, list: body.data.search ?? body.data.papers };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

// The SQL path: a connection whose index is off.
const sqlDb = openDb(values.db, { readonly: true, cacheMiB: SERVING_CACHE_MIB });
configureFacetIndex(sqlDb, { enabled: false });
const sqlApp = createApp(sqlDb);

const indexDb = openDb(values.db, { readonly: true, cacheMiB: SERVING_CACHE_MIB });
configureFacetIndex(indexDb, { enabled: false });

// 1. Built all at once: time and memory.
const before = (gc(), process.memoryUsage());
// Twice: the first read of the file may come from disk, the second from the OS page cache.
let started = performance.now();
buildFacetIndex(indexDb);
const coldMs = performance.now() - started;
gc();
started = performance.now();
const built = buildFacetIndex(indexDb)!;
const buildMs = performance.now() - started;
gc();
const after = process.memoryUsage();
const size = built.size - 1;
console.log(`Facet index of ${size.toLocaleString('en')} paper ids, catalogue version ${built.version}`);
console.log(`  built at once: ${fmt(coldMs)} ms, then again ${fmt(buildMs)} ms`);
console.log(`  typed arrays: ${mib(facetIndexBytes(built))}; process growth after GC: heap ${mib(after.heapUsed - before.heapUsed)}, array buffers ${mib(after.arrayBuffers - before.arrayBuffers)}`);

// 2. Built in the background, as createApp starts it: until ready, and the longest event-loop stall.
configureFacetIndex(indexDb, { enabled: true });
// A stall is the gap between two ticks of a 1 ms timer; on a busy machine part of a gap may be time
// the process was not scheduled at all, so the CPU time it used in that gap is shown beside it.
let longestStall = 0;
let longestStallCpu = 0;
let last = performance.now();
let lastCpu = process.cpuUsage();
const ticker = setInterval(() => {
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  if (now - last > longestStall) {
    longestStall = now - last;
    longestStallCpu = (cpu.user + cpu.system) / 1000;
  }
  last = now;
  lastCpu = process.cpuUsage();
}, 1);
started = performance.now();
const indexApp = createApp(indexDb);
warmFacetIndex(indexDb);
while (!currentFacetIndex(indexDb)) await new Promise((resolve) => setTimeout(resolve, 5));
const backgroundMs = performance.now() - started;
clearInterval(ticker);
console.log(`  built in the background: ready after ${fmt(backgroundMs)} ms; longest event-loop stall ${fmt(longestStall)} ms (${fmt(longestStallCpu)} ms of CPU)`);
console.log(`  process rss now ${mib(process.memoryUsage().rss)}\n`);

// 3. Latencies, side by side.
type Variant = { name: string; app: App; facets: boolean };
const variants: Variant[] = [
  { name: 'without facets', app: indexApp, facets: false },
  { name: 'facets in SQL', app: sqlApp, facets: true },
  { name: 'facets from the index', app: indexApp, facets: true },
];
console.log('| search or list | matches | without facets, ms | with facets (SQL), ms | with facets (index), ms | index / without | SQL / without |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const c of CASES) {
  // Once each first, to warm the page cache, and to check that both paths agree.
  const warm = await Promise.all(variants.map((v) => run(v.app, v.facets, c)));
  if (JSON.stringify(warm[1]!.list.facets) !== JSON.stringify(warm[2]!.list.facets)) throw new Error(`facets of ${c.label} differ between SQL and the index`);
  const times: number[][] = variants.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (round + k) % variants.length;
      times[i]!.push((await run(variants[i]!.app, variants[i]!.facets, c)).ms);
    }
  }
  const [without, sql, index] = times.map(median) as [number, number, number];
  const matches = warm[0]!.list.totalCount as number;
  console.log(
    `| ${c.label} | ${matches.toLocaleString('en')} | ${fmt(without)} | ${fmt(sql)} | ${fmt(index)} | ${(index / without).toFixed(2)}x | ${(sql / without).toFixed(2)}x |`,
  );
}

closeDb(sqlDb);
closeDb(indexDb);
