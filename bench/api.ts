/**
 * `npm run bench:api -- [--papers 100000|1000000] [--duration 10] [--connections 8] [--repeats 3]
 *  [--soak] [--soak-seconds 60] [--only op,op] [--db FILE] [--workers N]`
 *
 * Load on the API over a generated corpus (built once and cached, see bench/api-corpus.ts), from
 * autocannon on 127.0.0.1, each run bounded in time. For every operation it measures, side by
 * side and alternating which goes first:
 *
 * - the API: createApp over a read-only connection, in its own processes (and again with its
 *   response cache);
 * - the floor: node:http in its own processes running exactly the SQL statements the API ran for
 *   that operation (captured with the values bound to them), with the rows serialised as JSON
 *   and no GraphQL.
 *
 * It prints requests/s, p50 and p99 latency (as the load generator sees it, and the time each
 * request spent in the server), SQL statements per operation and the API's share of the floor's
 * throughput (medians over the repeats), then search by number of matches, a topic's
 * page 1,000 against its first page, and with --soak, 60 s of a mix of every operation (the search table's extra queries aside) at
 * saturation: errors and memory over time; then 60 s of papers by id, a different paper in every
 * request, on the API with its cache (which fills, then evicts). A response that is not 2xx or carries
 * GraphQL errors counts as an error.
 *
 * The API compared with the floor has its response cache off, so that it runs every request's
 * operation as the floor runs its SQL; the same API with its cache (as `npm start` serves) is
 * measured beside them, answering the repeated operation from its cache.
 *
 * The API, the floor and the stack alike are served by one process per core sharing the port, as
 * `npm start` serves (`WORKERS`); `--workers N` sets how many (`--workers 1`: one process each,
 * as every round before the sixth measured).
 *
 * `--db FILE` serves that database (migrated first) instead of bench/data/api-N.db: a copy of the
 * corpus, to measure a new migration without writing to the shared file.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createApp } from '../src/app.ts';
import { closeDb, Database, openDb } from '../src/db/client.ts';
import { encodeGlobalId } from '../src/graphql/global-id.ts';
import { encodeCursor } from '../src/graphql/pagination.ts';
import { corpusDb, DATA_DIR, migrateCorpus } from './api-corpus.ts';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    repeats: { type: 'string', default: '3' },
    soak: { type: 'boolean', default: false },
    'soak-seconds': { type: 'string', default: '60' },
    only: { type: 'string' },
    json: { type: 'string' },
    db: { type: 'string' },
    workers: { type: 'string' },
  },
});
const papers = Number(values.papers);
const duration = Number(values.duration);
const connections = Number(values.connections);
const repeats = Number(values.repeats);
/** Server processes for the API and the floor alike: by default one per core, as `npm start` serves. */
const workers = Number(values.workers ?? availableParallelism());
if (!Number.isInteger(workers) || workers < 1) {
  console.error(`--workers must be a whole number from 1, got "${values.workers}"`);
  process.exit(2);
}
const PAGE = 20;

// ---- The operations --------------------------------------------------------------------------

const PAPER_LISTS = 'authors { name } topics { slug name } keywords { term } repositories { url fullName }';

interface Operation {
  name: string;
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

function pickParameters(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  const one = <T>(text: string, ...params: unknown[]) => db.prepare(text).get(...params) as T;
  const topic = one<{ id: number; slug: string; paper_count: number }>('select id, slug, paper_count from topics order by paper_count desc, id limit 1');
  const repository = one<{ url: string; paper_count: number }>('select url, paper_count from repositories order by paper_count desc, id limit 1');
  // A paper with code, keywords, topics and authors, away from either end of the id range.
  const paper = one<{ slug: string }>(
    `select p.slug from papers p where p.id >= (select max(id) / 2 from papers)
       and exists (select 1 from paper_repositories r where r.paper_id = p.id)
       and exists (select 1 from paper_keywords k where k.paper_id = p.id)
       and exists (select 1 from paper_topics t where t.paper_id = p.id)
       and exists (select 1 from paper_authors a where a.paper_id = p.id)
     order by p.id limit 1`,
  );
  // The last row of page 999 of the largest topic, newest first: the cursor to page 1,000.
  const row = one<{ published_at: string; paper_id: number } | undefined>(
    'select published_at, paper_id from topic_papers where topic_id = ? order by published_at desc, paper_id desc limit 1 offset ?',
    topic.id,
    999 * PAGE - 1,
  );
  db.close();
  if (!row) throw new Error(`the largest topic has ${topic.paper_count} papers, fewer than 1,000 pages of ${PAGE}`);
  const page1000 = encodeCursor('PUBLISHED_AT_DESC', [row.published_at === '' ? null : row.published_at, row.paper_id]);
  return { topic, repository, paper, page1000 };
}

/** Two-word searches from rare to common, for search latency by number of matches. */
const SEARCHES = ['federated distillation', 'adversarial robustness', 'kernel regression'];
const MAIN_SEARCH = 'kernel regression';

function operations(p: ReturnType<typeof pickParameters>, paperId: string): Operation[] {
  const topicPage = `query ($slug: String!, $after: String) { topic(slug: $slug) { papers(first: ${PAGE}, after: $after) {
    nodes { id title publishedAt } pageInfo { hasNextPage endCursor } } } }`;
  const search = (q: string): Operation => ({
    name: `search:${q}`,
    label: `search "${q}"`,
    query: `query ($q: String!) { search(query: $q, first: ${PAGE}) { totalCount edges { score snippet { title abstract } node { id title publishedAt } } } }`,
    variables: { q },
  });
  return [
    {
      name: 'paper',
      label: 'paper by id with authors, topics, keywords, repositories',
      query: `query ($id: ID!) { paper(id: $id) { id title abstract publishedAt ${PAPER_LISTS} } }`,
      variables: { id: paperId },
    },
    {
      name: 'topicPapers',
      label: `${PAGE} papers of a topic, each with the same`,
      query: `query ($slug: String!) { topic(slug: $slug) { name paperCount papers(first: ${PAGE}) { totalCount nodes { id title publishedAt ${PAPER_LISTS} } } } }`,
      variables: { slug: p.topic.slug },
    },
    { ...search(MAIN_SEARCH), name: 'search', label: `2-word search with snippets ("${MAIN_SEARCH}")` },
    {
      name: 'repository',
      label: 'a repository with its papers',
      query: `query ($url: String!) { repository(url: $url) { fullName paperCount papers(first: ${PAGE}) { totalCount nodes { id title publishedAt } } } }`,
      variables: { url: p.repository.url },
    },
    {
      name: 'topTopics',
      label: 'top 50 topics by paper count',
      query: `{ topics(first: 50, orderBy: PAPER_COUNT_DESC) { totalCount nodes { slug name paperCount } } }`,
      variables: {},
    },
    { name: 'topicPage1', label: "a large topic's page 1", query: topicPage, variables: { slug: p.topic.slug, after: null } },
    { name: 'topicPage1000', label: "the same topic's page 1,000 (by cursor)", query: topicPage, variables: { slug: p.topic.slug, after: p.page1000 } },
    ...SEARCHES.filter((q) => q !== MAIN_SEARCH).map(search),
  ];
}

// ---- Capturing the API's statements ----------------------------------------------------------

/** A statement the API ran: its text and the values bound to it. */
export interface CapturedStatement {
  sql: string;
  params: unknown[];
}

interface Captured {
  statements: CapturedStatement[];
  body: string;
}

/**
 * Records every statement run on `db` with its bound values. (SQLite's own trace, which the tests
 * count statements with, inlines the values but cuts strings after 32 bytes, which breaks the
 * JSON arrays the loaders bind: a floor replaying it would run other statements than the API.)
 */
function recordStatements(db: ReturnType<typeof openDb>, into: CapturedStatement[]): void {
  const sqlite = db.$client;
  const compile = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const statement = compile(source);
    const proxy: typeof statement = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (key === 'all' || key === 'get' || key === 'run' || key === 'iterate') {
          return (...params: unknown[]) => {
            into.push({ sql: source, params });
            return value.apply(target, params);
          };
        }
        // Mode setters return the statement: keep returning the recording one.
        return (...args: unknown[]) => {
          const result = value.apply(target, args);
          return result === target ? proxy : result;
        };
      },
    });
    return proxy;
  }) as typeof sqlite.prepare;
}

async function capture(dbPath: string, ops: Operation[]): Promise<Map<string, Captured>> {
  const statements: CapturedStatement[] = [];
  const db = openDb(dbPath, { readonly: true });
  recordStatements(db, statements);
  // The operation's own statements: a cached repeat would run only the version read.
  const app = createApp(db, { responseCache: false });
  const run = async (op: Operation) => {
    const response = await app.fetch('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: requestBody(op) });
    return { status: response.status, body: await response.text() };
  };
  const captured = new Map<string, Captured>();
  for (const op of ops) {
    await run(op);
    statements.length = 0;
    const { status, body } = await run(op);
    if (status !== 200 || body.includes('"errors"')) throw new Error(`${op.name}: ${status} ${body.slice(0, 500)}`);
    captured.set(op.name, { statements: [...statements], body });
  }
  closeDb(db);
  return captured;
}

async function paperGlobalId(dbPath: string, slug: string): Promise<string> {
  const db = openDb(dbPath, { readonly: true });
  const response = await createApp(db).fetch('http://127.0.0.1/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query ($slug: String!) { paper(slug: $slug) { id } }', variables: { slug } }),
  });
  const { data } = (await response.json()) as { data: { paper: { id: string } } };
  closeDb(db);
  return data.paper.id;
}

const requestBody = (op: Operation) => JSON.stringify({ query: op.query, variables: op.variables });
const floorBody = (op: Operation) => JSON.stringify({ op: op.name, query: op.query, variables: op.variables });

// ---- Servers and load ------------------------------------------------------------------------

interface Server {
  child: ChildProcess;
  /** Every process that answers requests: the child itself, or the processes its cluster forked. */
  pids: number[];
  url: string;
  rss(): Promise<number>;
  /** The time each request answered since the last call spent in the server, ms. */
  served(): Promise<number[]>;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./api-server.ts', import.meta.url));

async function startServer(args: string[]): Promise<Server> {
  // As `npm start` runs (src/main.ts): libraries pick their production code paths when they load.
  const child = fork(SERVER_SCRIPT, [...args, '--workers', String(workers)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port, pids } = await new Promise<{ port: number; pids?: number[] }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.on('message', (m: { type: string; port: number; pids?: number[] }) => m.type === 'listening' && resolve(m));
  });
  return {
    child,
    // A cluster's primary only hands connections over; its processes are counted with it.
    pids: [child.pid!, ...(pids ?? [])],
    url: `http://127.0.0.1:${port}`,
    rss: () =>
      new Promise((resolve) => {
        const on = (m: { type: string; rss?: number }) => {
          if (m.type !== 'rss') return;
          child.off('message', on);
          resolve(m.rss!);
        };
        child.on('message', on);
        child.send({ type: 'rss' });
      }),
    served: () =>
      new Promise((resolve) => {
        const on = (m: { type: string; ms?: number[] }) => {
          if (m.type !== 'served') return;
          child.off('message', on);
          resolve(m.ms!);
        };
        child.on('message', on);
        child.send({ type: 'served' });
      }),
    idle: () =>
      new Promise((resolve) => {
        const on = (m: { type: string }) => {
          if (m.type !== 'idle') return;
          child.off('message', on);
          resolve();
        };
        child.on('message', on);
        child.send({ type: 'idle' });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

/** A response is good when it is 2xx (autocannon counts the rest) and carries no GraphQL error. */
const verifyBody = (body: unknown) => typeof body === 'string' && body.length > 0 && !body.includes('"errors"');

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** The server's CPU time (all its threads) per request answered, µs. */
  cpuPerRequest: number;
  /** The server's CPU time over the run's wall time: near 1 when one core was the bottleneck. */
  busy: number;
  /**
   * Time in the server (its handler's call to the response handed to the socket), ms: what is left
   * of the latency once the wait for the event loop, behind the other connections' requests, is
   * taken out.
   */
  serverP50: number;
  serverP99: number;
}

/** The CPU time, in µs, a process has used so far: user + system from /proc (Linux). */
function processCpu(pid: number): number {
  // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are
  // the 12th and 13th, in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}
const serverCpu = (server: Server) => server.pids.reduce((sum, pid) => sum + processCpu(pid), 0);
/** Clock ticks per second of /proc's CPU times: 100 on every Linux this runs on (USER_HZ). */
const CLOCK_TICKS = 100;

/**
 * `bodies` in turn on every connection, or with `next`, a body made for each request (shared by all
 * connections, so that they do not send the same sequence in step).
 */
async function load(server: Server, bodies: string[], seconds: number, next?: () => string): Promise<Load> {
  await server.served(); // what came before this run is not part of it
  const post = { method: 'POST' as const, path: '/graphql', headers: { 'content-type': 'application/json' } };
  const cpuBefore = serverCpu(server);
  const wallBefore = performance.now();
  const result = await autocannon({
    url: `${server.url}/graphql`,
    connections,
    duration: seconds,
    requests: next
      ? [{ ...post, setupRequest: (request: autocannon.Request) => ({ ...request, body: next() }) }]
      : bodies.map((body) => ({ ...post, body })),
    verifyBody,
  });
  // The server may still be answering requests sent before the run ended (a slow search holds it
  // for a while): wait until it has none left, so that the backlog does not spill into the next run.
  await server.idle();
  const cpu = serverCpu(server) - cpuBefore;
  const served = (await server.served()).sort((a, b) => a - b);
  const percentile = (p: number) => served[Math.min(served.length - 1, Math.floor(p * served.length))] ?? 0;
  return {
    serverP50: percentile(0.5),
    serverP99: percentile(0.99),
    cpuPerRequest: cpu / Math.max(1, result.requests.total),
    busy: cpu / 1000 / (performance.now() - wallBefore),
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + result.mismatches,
    requests: result.requests.total,
  };
}

// ---- Run -------------------------------------------------------------------------------------

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const started = Date.now();
const dbPath = values.db ? migrateCorpus(values.db) : await corpusDb(papers);
// Read-only connections need the write-ahead log files in place: keep one writer connection open.
const keeper = openDb(dbPath);
const params = pickParameters(dbPath);
let ops = operations(params, await paperGlobalId(dbPath, params.paper.slug));
if (values.only) ops = ops.filter((op) => values.only!.split(',').includes(op.name));
const captured = await capture(dbPath, ops);
const opsFile = join(mkdtempSync(join(tmpdir(), 'bench-api-')), 'ops.json');
writeFileSync(opsFile, JSON.stringify(Object.fromEntries([...captured].map(([name, c]) => [name, c.statements]))));

const matches = new Map<string, number>();
for (const op of ops) {
  const m = /"totalCount":(\d+)/.exec(captured.get(op.name)!.body);
  if (op.name.startsWith('search')) matches.set(op.name, Number(m?.[1]));
}

console.error(`corpus: ${papers.toLocaleString('en')} papers (${dbPath}); topic "${params.topic.slug}" (${fmt(params.topic.paper_count)} papers), repository ${params.repository.url} (${params.repository.paper_count} papers)`);
console.error(`${connections} connections, ${duration} s per run, ${repeats} repeats, ${workers} server process${workers > 1 ? 'es' : ''} each; server and floor alternate which goes first`);

// The API compared with the floor runs every request's operation, as the floor runs its SQL; the
// same API answering repeats from its response cache (as `npm start` serves) is measured beside.
const api = await startServer(['--db', dbPath, '--mode', 'graphql', '--response-cache', 'off']);
const cached = await startServer(['--db', dbPath, '--mode', 'graphql']);
const floor = await startServer(['--db', dbPath, '--mode', 'floor', '--ops', opsFile]);
const runs = new Map<string, { api: Load[]; floor: Load[]; cached: Load[] }>(ops.map((op) => [op.name, { api: [], floor: [], cached: [] }]));
// Warm all three (JIT, page cache) on every operation before measuring.
for (const op of ops) {
  await load(api, [requestBody(op)], 1);
  await load(cached, [requestBody(op)], 1);
  await load(floor, [floorBody(op)], 1);
}
const servers = { api, cached, floor };
for (let r = 0; r < repeats; r++) {
  for (const op of ops) {
    const order = (r + ops.indexOf(op)) % 2 === 0 ? (['api', 'floor', 'cached'] as const) : (['floor', 'api', 'cached'] as const);
    for (const which of order) {
      const result = await load(servers[which], [which === 'floor' ? floorBody(op) : requestBody(op)], duration);
      runs.get(op.name)![which].push(result);
      console.error(`  [${r + 1}/${repeats}] ${op.name.padEnd(32)} ${which.padEnd(6)} ${fmt(result.rps).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  (in server ${fmt(result.serverP50, 1)} / ${fmt(result.serverP99, 1)} ms)  CPU ${fmt(result.cpuPerRequest)} µs/req  busy ${fmt(result.busy, 2)}${result.errors ? `  ERRORS ${result.errors}` : ''}`);
    }
  }
}
await floor.stop();

// Yoga as it comes, answering a one-field query with no database, in the same run: a yardstick for
// the stack's fixed cost (this API, which turns off Yoga features it does not need, costs less).
const stackServer = await startServer(['--db', dbPath, '--mode', 'stack']);
const stackBody = JSON.stringify({ query: '{ hello }' });
await load(stackServer, [stackBody], 1);
const stackLoads: Load[] = [];
for (let r = 0; r < repeats; r++) stackLoads.push(await load(stackServer, [stackBody], duration));
await stackServer.stop();
// This API's own fixed cost, beside it: `{ __typename }` resolves nothing and reads no table.
const typenameBody = JSON.stringify({ query: '{ __typename }' });
const fixedLoads: Load[] = [];
for (let r = 0; r < repeats; r++) fixedLoads.push(await load(api, [typenameBody], duration));

interface Row {
  name: string;
  label: string;
  statements: number;
  api: Summary;
  floor: Summary;
  cached: Summary;
  ratio: number;
  /** The floor's CPU per request over the API's: the throughput ratio were the server the only bottleneck. */
  cpuRatio: number;
  cachedRatio: number;
  matches?: number;
}
interface Summary {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuPerRequest: number;
  busy: number;
  serverP50: number;
  serverP99: number;
}
const summarise = (loads: Load[]): Summary => ({
  serverP50: median(loads.map((l) => l.serverP50)),
  serverP99: median(loads.map((l) => l.serverP99)),
  rps: median(loads.map((l) => l.rps)),
  p50: median(loads.map((l) => l.p50)),
  p99: median(loads.map((l) => l.p99)),
  errors: loads.reduce((n, l) => n + l.errors, 0),
  cpuPerRequest: median(loads.map((l) => l.cpuPerRequest)),
  busy: median(loads.map((l) => l.busy)),
});
const rows: Row[] = ops.map((op) => {
  const { api: a, floor: f, cached: c } = runs.get(op.name)!;
  return {
    name: op.name,
    label: op.label,
    statements: captured.get(op.name)!.statements.length,
    api: summarise(a),
    floor: summarise(f),
    cached: summarise(c),
    ratio: median(a.map((l, i) => l.rps / f[i]!.rps)),
    cpuRatio: median(a.map((l, i) => f[i]!.cpuPerRequest / l.cpuPerRequest)),
    cachedRatio: median(c.map((l, i) => l.rps / f[i]!.rps)),
    matches: matches.get(op.name),
  };
});

interface Soak {
  seconds: number;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  rssMB: number[];
  growth: number;
  endGrowth: number;
  /** From the sample half-way through to the last: what is left once a cache has filled. */
  secondHalfGrowth: number;
}

/** `seconds` of `bodies` at saturation on `server`, its memory sampled every 5 s. */
async function soakOn(server: Server, bodies: string[], seconds: number, next?: () => string): Promise<Soak> {
  const samples: number[] = [];
  const sampler = setInterval(() => void server.rss().then((rss) => samples.push(rss)), 5_000);
  const result = await load(server, bodies, seconds, next);
  clearInterval(sampler);
  samples.push(await server.rss());
  // Growth after warm-up: from the first sample (5 s in) to the largest one after it.
  const warm = samples[0]!;
  return {
    seconds,
    requests: result.requests,
    errors: result.errors,
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    rssMB: samples.map((s) => Math.round(s / 2 ** 20)),
    growth: Math.max(...samples) / warm - 1,
    // A leak shows as an end above the start; a peak alone may be garbage not yet collected.
    endGrowth: samples.at(-1)! / warm - 1,
    secondHalfGrowth: samples.at(-1)! / samples[samples.length >> 1]! - 1,
  };
}

let soak: Soak | undefined;
let cachedSoak: (Soak & { distinct: number }) | undefined;
if (values.soak) {
  const seconds = Number(values['soak-seconds']);
  // Every request runs its operation: the mix of every operation on the uncached server.
  soak = await soakOn(api, ops.filter((op) => !op.name.startsWith('search:')).map(requestBody), seconds);
  // The response cache filling up and evicting: a different paper in every request, spread across
  // the catalogue, each asked once (the cache holds about 11,000 answers of ~2.4 KB).
  const paper = ops.find((op) => op.name === 'paper');
  if (paper) {
    let sent = 0;
    const next = () => JSON.stringify({ query: paper.query, variables: { id: encodeGlobalId('Paper', 1 + ((sent++ * 7919) % papers)) } });
    const result = await soakOn(cached, [], seconds, next);
    cachedSoak = { ...result, distinct: Math.min(sent, papers) };
  }
}
await cached.stop();
await api.stop();
closeDb(keeper);

// ---- Report ----------------------------------------------------------------------------------

const lines: string[] = [];
lines.push(`### ${fmt(papers)} papers, ${connections} connections, ${duration} s runs, median of ${repeats}, ${workers} server process${workers > 1 ? 'es' : ''} each`);
lines.push('');
lines.push('| operation | SQL statements | API req/s | API p50 | API p99 | floor req/s | floor p50 | floor p99 | API / floor |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows.filter((r) => !r.name.startsWith('search:'))) {
  lines.push(`| ${r.label} | ${r.statements} | ${fmt(r.api.rps)} | ${r.api.p50} ms | ${r.api.p99} ms | ${fmt(r.floor.rps)} | ${r.floor.p50} ms | ${r.floor.p99} ms | ${fmt(r.ratio, 2)} |`);
}
lines.push('');
lines.push(
  'Server CPU per request (all its threads, from /proc) and how busy each server was (CPU time over wall time): where a ' +
    'server is well under 1, the load generator on the same cores, not the server, set its rate. The floor CPU over the API CPU ' +
    'is the share of the floor the API would reach with the server as the only bottleneck:',
);
lines.push('');
lines.push('| operation | API CPU/request | API busy | floor CPU/request | floor busy | floor CPU / API CPU |');
lines.push('|---|---:|---:|---:|---:|---:|');
for (const r of rows.filter((r) => !r.name.startsWith('search:'))) {
  lines.push(`| ${r.name} | ${fmt(r.api.cpuPerRequest)} µs | ${fmt(r.api.busy, 2)} | ${fmt(r.floor.cpuPerRequest)} µs | ${fmt(r.floor.busy, 2)} | ${fmt(r.cpuRatio, 2)} |`);
}
lines.push('');
lines.push(
  'Latency seen by the load generator against the time each request spent in the server (from its handler\'s call to the ' +
    'response handed to the socket, including any work for other requests interleaved with it). The difference is waiting ' +
    'before the server starts on a request: with C connections over W processes each process has about C / W requests in ' +
    'hand, and a request\'s bytes wait in its socket while the event loop is busy with the others; and for the cores the load ' +
    'generator shares:',
);
lines.push('');
lines.push('| operation | API p50 | API p99 | API in server p50 | API in server p99 | floor p50 | floor p99 | floor in server p50 | floor in server p99 |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;
for (const r of rows.filter((r) => !r.name.startsWith('search:'))) {
  lines.push(`| ${r.name} | ${r.api.p50} ms | ${r.api.p99} ms | ${ms(r.api.serverP50)} | ${ms(r.api.serverP99)} | ${r.floor.p50} ms | ${r.floor.p99} ms | ${ms(r.floor.serverP50)} | ${ms(r.floor.serverP99)} |`);
}
lines.push('');
lines.push('Search by number of matches (latency grows with the matches FTS5 ranks):');
lines.push('');
lines.push('| query | matches | API p50 | API p99 | floor p50 | floor p99 | API p50 / floor p50 | API / floor req/s |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows.filter((r) => r.name.startsWith('search')).sort((a, b) => (a.matches ?? 0) - (b.matches ?? 0))) {
  const q = r.name === 'search' ? MAIN_SEARCH : r.name.slice('search:'.length);
  lines.push(`| "${q}" | ${fmt(r.matches ?? 0)} | ${r.api.p50} ms | ${r.api.p99} ms | ${r.floor.p50} ms | ${r.floor.p99} ms | ${fmt(r.api.p50 / r.floor.p50, 2)} | ${fmt(r.ratio, 2)} |`);
}
lines.push('');
lines.push('The same operations answered from the response cache (as `npm start` serves a repeated operation until an import changes the catalogue):');
lines.push('');
lines.push('| operation | cached req/s | cached p50 | cached p99 | cached / floor |');
lines.push('|---|---:|---:|---:|---:|');
for (const r of rows) {
  lines.push(`| ${r.name} | ${fmt(r.cached.rps)} | ${r.cached.p50} ms | ${r.cached.p99} ms | ${fmt(r.cachedRatio, 2)} |`);
}
const p1 = rows.find((r) => r.name === 'topicPage1');
const p1000 = rows.find((r) => r.name === 'topicPage1000');
if (p1 && p1000) {
  lines.push('');
  lines.push(`Page 1,000 against page 1 of "${params.topic.slug}" (${fmt(params.topic.paper_count)} papers): p50 ${p1000.api.p50} vs ${p1.api.p50} ms (${fmt(p1000.api.p50 / p1.api.p50, 2)}x), p99 ${p1000.api.p99} vs ${p1.api.p99} ms.`);
}
const stackCeiling = summarise(stackLoads);
lines.push('');
lines.push(
  `The GraphQL stack alone (graphql-yoga with its defaults answering \`{ hello }\`, no database): ${fmt(stackCeiling.rps)} req/s, p50 ${stackCeiling.p50} ms, p99 ${stackCeiling.p99} ms, ${fmt(stackCeiling.cpuPerRequest)} µs of server CPU a request (busy ${fmt(stackCeiling.busy, 2)}). ` +
    `As a share of each floor: ${rows
      .filter((r) => !r.name.startsWith('search'))
      .map((r) => `${r.name} ${fmt(stackCeiling.rps / r.floor.rps, 2)}`)
      .join(', ')}.`,
);
const apiFixedCost = summarise(fixedLoads);
lines.push('');
lines.push(
  `This API answering \`{ __typename }\` (its fixed cost: HTTP, Yoga as configured, its plugins, no table read): ${fmt(apiFixedCost.rps)} req/s, p50 ${apiFixedCost.p50} ms, p99 ${apiFixedCost.p99} ms, ${fmt(apiFixedCost.cpuPerRequest)} µs of server CPU a request (busy ${fmt(apiFixedCost.busy, 2)}).`,
);
const errors = rows.reduce((n, r) => n + r.api.errors + r.floor.errors + r.cached.errors, 0);
lines.push('');
lines.push(`Errors in all runs: ${errors}.`);
if (soak) {
  lines.push('');
  lines.push(
    `Soak: ${soak.seconds} s of a mix of every operation, ${connections} connections: ${fmt(soak.requests)} requests (${fmt(soak.rps)} req/s, p50 ${soak.p50} ms, p99 ${soak.p99} ms), ${soak.errors} errors; ` +
      `server memory (RSS, MB, every 5 s) ${soak.rssMB.join(', ')}: ${soak.growth >= 0 ? '+' : ''}${fmt(soak.growth * 100, 1)}% from the first sample to the peak, ${soak.endGrowth >= 0 ? '+' : ''}${fmt(soak.endGrowth * 100, 1)}% to the last.`,
  );
}
if (cachedSoak) {
  lines.push('');
  lines.push(
    `Soak of the response cache: ${cachedSoak.seconds} s of paper by id, ${fmt(cachedSoak.distinct)} different papers each asked once (every answer kept until the cache is full, then the oldest evicted), ${connections} connections: ${fmt(cachedSoak.requests)} requests (${fmt(cachedSoak.rps)} req/s, p50 ${cachedSoak.p50} ms, p99 ${cachedSoak.p99} ms), ${cachedSoak.errors} errors; ` +
      `server memory (RSS, MB, every 5 s) ${cachedSoak.rssMB.join(', ')}: ${cachedSoak.growth >= 0 ? '+' : ''}${fmt(cachedSoak.growth * 100, 1)}% from the first sample to the peak, ${cachedSoak.endGrowth >= 0 ? '+' : ''}${fmt(cachedSoak.endGrowth * 100, 1)}% to the last; ${cachedSoak.secondHalfGrowth >= 0 ? '+' : ''}${fmt(cachedSoak.secondHalfGrowth * 100, 1)}% over the second half.`,
  );
}
console.log(lines.join('\n'));

const jsonPath = values.json ?? join(DATA_DIR, `api-results-${papers}-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(jsonPath, JSON.stringify({ papers, connections, duration, repeats, workers, params, rows, stackCeiling, apiFixedCost, soak, cachedSoak, statements: Object.fromEntries(captured) }, null, 2));
console.error(`results: ${jsonPath} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
