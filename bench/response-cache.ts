/**
 * `npm run bench:response-cache -- [--papers N | --db FILE] [--rounds R]`: what the response
 * cache costs and saves, through the whole stack in process (`yoga.fetch`: no network, so the
 * difference is not hidden under HTTP), 8 requests in flight, on the paper-by-id operation of
 * `bench:api`:
 *
 *   uncached, repeated  the same paper every time, no cache: the operation's own cost, warm
 *   cached, repeated    the same paper every time: every request after the first is a hit
 *   uncached, distinct  a different paper every request, no cache
 *   cached, distinct    a different paper every request: every request misses and is stored,
 *                       the cache full and evicting (a bulk script paging through the catalogue)
 *
 * The variants alternate within each round; the medians of the rounds are printed.
 */
import { parseArgs } from 'node:util';
import { createApp, type App } from '../src/app.ts';
import { closeDb, openDb, SERVING_CACHE_MIB } from '../src/db/client.ts';
import { encodeGlobalId } from '../src/graphql/global-id.ts';
import { corpusDb, migrateCorpus } from './api-corpus.ts';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '100000' },
    db: { type: 'string' },
    rounds: { type: 'string', default: '7' },
    requests: { type: 'string', default: '1600' },
  },
});
const papers = Number(values.papers);
const rounds = Number(values.rounds);
const perRun = Number(values.requests);
const IN_FLIGHT = 8;

const dbPath = values.db ? migrateCorpus(values.db) : await corpusDb(papers);
const keeper = openDb(dbPath);
const db = openDb(dbPath, { readonly: true, cacheMiB: SERVING_CACHE_MIB });
const paperCount = (db.$client.prepare('select max(id) as n from papers').get() as { n: number }).n;

const QUERY =
  'query ($id: ID!) { paper(id: $id) { id title abstract publishedAt authors { name } topics { slug name } keywords { term } repositories { url fullName } } }';
const body = (paperId: number) => JSON.stringify({ query: QUERY, variables: { id: encodeGlobalId('Paper', paperId) } });

// Distinct papers spread over the whole catalogue, never the same one twice in a run of rounds.
let next = 0;
const distinct = () => 1 + ((next++ * 7919) % paperCount);
const SAME = Math.max(1, Math.floor(paperCount / 2));

async function run(app: App, paperId: () => number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < perRun; i += IN_FLIGHT) {
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        const text = body(paperId());
        const response = await app.fetch('http://localhost/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) },
          body: text,
        });
        const answer = await response.text();
        if (response.status !== 200 || answer.includes('"errors"')) throw new Error(answer.slice(0, 300));
      }),
    );
  }
  return Number(process.hrtime.bigint() - started) / 1000 / perRun;
}

const uncached = createApp(db, { responseCache: false });
const cached = createApp(db);
const variants: [string, App, () => number][] = [
  ['uncached, repeated', uncached, () => SAME],
  ['cached, repeated', cached, () => SAME],
  ['uncached, distinct', uncached, distinct],
  ['cached, distinct', cached, distinct],
];
// Warm-up: JIT and the page cache; then the response cache filled (about 11,000 answers fit), so
// that the distinct runs measure misses that evict.
for (const [, app, paperId] of variants) await run(app, paperId);
for (let filled = 0; filled < 16_000; filled += perRun) await run(cached, distinct);
const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, app, paperId] of variants) times.get(name)!.push(await run(app, paperId));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

console.log(`${paperCount.toLocaleString('en')} papers (${dbPath}), ${IN_FLIGHT} in flight, ${perRun} requests a run, median of ${rounds} rounds`);
console.log('');
console.log('| variant | µs a request |');
console.log('|---|---:|');
for (const [name, xs] of times) console.log(`| ${name} | ${median(xs).toFixed(0)} |`);
const m = (name: string) => median(times.get(name)!);
console.log('');
console.log(`A hit costs ${(m('cached, repeated') / m('uncached, repeated')).toFixed(2)} of running the operation; a miss ${(m('cached, distinct') / m('uncached, distinct')).toFixed(2)}.`);
closeDb(db);
closeDb(keeper);
