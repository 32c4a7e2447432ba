/**
 * `npm run pull`: the library against the real app in-process (its `fetch` injected), over real
 * HTTP on loopback, and the command itself as a child process. Every wait is injected or bounded.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnsOf, rowFlattener } from '../../src/pull/flatten.ts';
import { parseRetryAfter, type FetchLike } from '../../src/pull/http.ts';
import { pull, type PullOptions } from '../../src/pull/pull.ts';
import { preparePullQuery } from '../../src/pull/query.ts';
import { stateFileFor } from '../../src/pull/state.ts';
import { FORMATS, type Format } from '../../src/pull/writers.ts';
import { query, sampleApp } from '../helpers.ts';

const { app } = sampleApp();
const appFetch: FetchLike = (url, init) => app.fetch(url, init);
/** Retries in tests wait for nothing; the waits asked for are recorded instead. */
const noSleep = async () => {};

const FIELDS = 'slug title abstract publishedAt topics { slug } keywords { term } repositories { fullName url }';
const QUERY = `query Papers($after: String) {
  papers(first: 10, after: $after, orderBy: TITLE_ASC) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { ${FIELDS} }
  }
}`;

interface Paper {
  slug: string;
  title: string;
  abstract: string;
  publishedAt: string | null;
  topics: { slug: string }[];
  keywords: { term: string }[];
  repositories: { fullName: string; url: string }[];
}

let reference: Paper[];
let dir: string;
let fileNumber = 0;
const outFile = (ext: string) => join(dir, `out-${++fileNumber}.${ext}`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pull-test-'));
  reference = (await query<{ papers: { nodes: Paper[] } }>(app, `{ papers(first: 100, orderBy: TITLE_ASC) { nodes { ${FIELDS} } } }`)).papers.nodes;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readRows(format: Format, text: string): Record<string, unknown>[] {
  if (format === 'json') return JSON.parse(text) as Record<string, unknown>[];
  if (format === 'ndjson') return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return parseCsv(text, { columns: true }) as Record<string, string>[];
}

/** Where rows go in tests that do not look at them (not the test runner's stdout). */
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

const base = (overrides: Partial<PullOptions> = {}): PullOptions => ({ query: QUERY, format: 'ndjson', fetch: appFetch, sleep: noSleep, stdout: discard(), ...overrides });

/** A fetch that answers the first calls from a script (a Response, or an error to throw), then passes to the app. */
function scripted(script: (() => Response)[], calls: { count: number } = { count: 0 }): FetchLike {
  return (url, init) => {
    const step = script[calls.count++];
    return step ? step() : appFetch(url, init);
  };
}

const graphqlBody = (message: string) => JSON.stringify({ errors: [{ message }] });

describe('pull: every row once, in every format', () => {
  it.each(FORMATS)('pulls the 47 sample papers in pages of 10 as %s, no gap or repeat', async (format) => {
    const out = outFile(format);
    const pages: number[] = [];
    const result = await pull(base({ format, out, onProgress: (p) => pages.push(p.rows) }));
    expect(result).toMatchObject({ rows: 47, pages: 5, totalCount: 47, resumed: false });
    expect(pages).toEqual([10, 20, 30, 40, 47]);
    const rows = readRows(format, readFileSync(out, 'utf8'));
    expect(rows.map((row) => row.slug)).toEqual(reference.map((paper) => paper.slug));
    expect(existsSync(stateFileFor(out))).toBe(false);
  });

  it('writes CSV that parses back to the same text, commas, quotes and all', async () => {
    const out = outFile('csv');
    await pull(base({ format: 'csv', out }));
    const text = readFileSync(out, 'utf8');
    const records = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(['slug', 'title', 'abstract', 'publishedAt', 'topics.slug', 'keywords.term', 'repositories.fullName', 'repositories.url']);
    // The sample has a title with commas and an abstract with double quotes: both must survive quoting.
    expect(reference.some((paper) => paper.title.includes(','))).toBe(true);
    expect(reference.some((paper) => paper.abstract.includes('"'))).toBe(true);
    for (const [i, paper] of reference.entries()) {
      const record = records[i]!;
      expect(record.title).toBe(paper.title);
      expect(record.abstract).toBe(paper.abstract);
      expect(record.publishedAt).toBe(paper.publishedAt ?? '');
      // Lists of objects: one `; `-joined column per field.
      expect(record['topics.slug']).toBe(paper.topics.map((t) => t.slug).join('; '));
      expect(record['keywords.term']).toBe(paper.keywords.map((k) => k.term).join('; '));
      expect(record['repositories.fullName']).toBe(paper.repositories.map((r) => r.fullName).join('; '));
    }
    expect(records.some((record) => record['topics.slug']!.includes('; '))).toBe(true);
  });

  it('writes to a stream without a file, a valid JSON array', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    await pull(base({ format: 'json', stdout: stream }));
    expect((JSON.parse(Buffer.concat(chunks).toString('utf8')) as Paper[]).map((p) => p.slug)).toEqual(reference.map((p) => p.slug));
  });

  it('writes an empty result as an empty array, and as a CSV header alone', async () => {
    const empty = `{ papers(first: 10, filter: { publishedAfter: "2999-01-01" }) { nodes { slug title } } }`;
    const json = outFile('json');
    expect((await pull(base({ query: empty, format: 'json', out: json }))).rows).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual([]);
    const csv = outFile('csv');
    await pull(base({ query: empty, format: 'csv', out: csv }));
    expect(readFileSync(csv, 'utf8')).toBe('slug,title\n');
  });
});

describe('pull: the query', () => {
  it('adds `after: $after`, `pageInfo { hasNextPage endCursor }` and a page size on the AST', () => {
    const plan = preparePullQuery('{ topic(slug: "machine-learning") { name papers { nodes { slug } } } }');
    expect(plan.path).toEqual(['topic', 'papers']);
    expect(plan.afterVariable).toBe('after');
    expect(plan.added).toEqual(['after: $after', 'first: 100', 'pageInfo { hasNextPage endCursor }']);
    expect(plan.query).toContain('query ($after: String)');
    expect(plan.query).toContain('papers(after: $after, first: 100)');
    expect(plan.query).toMatch(/pageInfo \{\s+hasNextPage\s+endCursor\s+\}/);
  });

  it('pages a query that lacked paging, keeping its own page size', async () => {
    const result = await pull(base({ query: '{ papers(first: 10, orderBy: TITLE_ASC) { nodes { slug } } }' }));
    expect(result).toMatchObject({ rows: 47, pages: 5, totalCount: null });
  });

  it('follows a cursor variable of any name, edges { node }, aliases and fragments', async () => {
    const text = `query ($cursor: String, $order: PaperOrder) {
      list: papers(first: 10, after: $cursor, orderBy: $order) { ...Paging edges { node { ...Row } } }
    }
    fragment Paging on PaperConnection { count: totalCount pageInfo { endCursor hasNextPage } }
    fragment Row on Paper { slug name: title }`;
    const plan = preparePullQuery(text);
    expect(plan).toMatchObject({ afterVariable: 'cursor', path: ['list'], totalCountKey: 'count', added: [], items: { kind: 'edgeNodes', key: 'edges', nodeKey: 'node' } });
    const out = outFile('csv');
    const result = await pull(base({ query: text, variables: { order: 'TITLE_ASC' }, format: 'csv', out }));
    expect(result).toMatchObject({ rows: 47, pages: 5, totalCount: 47 });
    const records = parseCsv(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.slug)).toEqual(reference.map((p) => p.slug));
    expect(records[0]!.name).toBe(reference[0]!.title);
  });

  it('starts after a cursor given in the variables', async () => {
    const first = (await query(app, `{ papers(first: 40, orderBy: TITLE_ASC) { pageInfo { endCursor } } }`)).papers.pageInfo.endCursor as string;
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    await pull(base({ variables: { after: first }, stdout: stream }));
    expect(readRows('ndjson', text).map((r) => r.slug)).toEqual(reference.slice(40).map((p) => p.slug));
  });

  it('keeps the edge when it carries fields of its own (search: score)', async () => {
    const out = outFile('csv');
    const text = '{ search(query: "kernel", first: 10) { totalCount edges { score node { slug } } } }';
    const result = await pull(base({ query: text, format: 'csv', out }));
    const records = parseCsv(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(['score', 'node.slug']);
    expect(records).toHaveLength(result.totalCount!);
    expect(new Set(records.map((r) => r['node.slug'])).size).toBe(records.length);
    expect(result.pages).toBeGreaterThan(1);
  });

  it.each([
    ['no connection', '{ paper(slug: "x") { title } }', /no connection to page through.*nodes \{ … \}/s],
    ['two connections', '{ papers { nodes { slug } } topics { nodes { slug } } }', /several connections \(papers, topics\).*after: \$after/],
    ['a literal after', '{ papers(after: "abc") { nodes { slug } } }', /`after` argument of papers must be a variable/],
    ['backward paging', '{ papers(last: 10) { nodes { slug } } }', /pages forwards.*remove `last`/],
    ['no items', '{ papers { totalCount pageInfo { endCursor } } }', /selects no items of papers/],
    ['a mutation', 'mutation { papers { nodes { slug } } }', /queries, not a mutation/],
    ['two operations', 'query A { papers { nodes { slug } } } query B { papers { nodes { slug } } }', /2 operations/],
    ['a syntax error', '{ papers { nodes { slug }', /does not parse: Syntax Error.*line 1/],
    ['a connection inside a list', 'query ($after: String) { topics { nodes { papers(after: $after) { nodes { slug } } } } }', /inside the items of another connection/],
  ])('refuses %s with a clear message', async (_, text, message) => {
    await expect(pull(base({ query: text }))).rejects.toThrow(message);
  });
});

describe('pull: flattening for CSV', () => {
  it('names nested fields with dots and joins list values with "; ", keeping positions', () => {
    const plan = preparePullQuery('{ papers { nodes { title authors { name } repository { fullName } tags evidence { terms } meta } } }');
    const columns = columnsOf(plan.rowShape);
    expect(columns).toEqual(['title', 'authors.name', 'repository.fullName', 'tags', 'evidence.terms', 'meta']);
    const flatten = rowFlattener(columns);
    expect(
      flatten({
        title: 'A, "quoted" title',
        authors: [{ name: 'Ada' }, { name: null }, { name: 'Cy' }],
        repository: null,
        tags: ['x', 'y'],
        evidence: [{ terms: ['p', 'q'] }, { terms: ['r'] }],
        meta: { stars: 3, official: true },
      }),
    ).toEqual(['A, "quoted" title', 'Ada; ; Cy', '', 'x; y', 'p; q; r', '{"stars":3,"official":true}']);
    expect(flatten({ title: null, authors: [], repository: { fullName: 'a/b' }, tags: null, evidence: null, meta: 1.5 })).toEqual(['', '', 'a/b', '', '', '1.5']);
  });
});

describe('pull: errors and retries', () => {
  it('stops on a GraphQL error with its message and code', async () => {
    const error = await pull(base({ query: '{ papers(first: 101) { nodes { slug } } }' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PullError', code: 'EXCESSIVE_PAGINATION' });
    expect((error as Error).message).toMatch(/^GraphQL error EXCESSIVE_PAGINATION at papers: Requesting 101 items exceeds/);
    await expect(pull(base({ query: 'query ($f: PaperFilter) { papers(filter: $f) { nodes { slug } } }', variables: { f: { topic: 'nope' } } }))).rejects.toThrow(/UNKNOWN_TOPIC.*no topic "nope"/);
    await expect(pull(base({ query: '{ papers { nodes { nope } } }' }))).rejects.toThrow(/GRAPHQL_VALIDATION_FAILED: Cannot query field "nope"/);
  });

  it('waits as Retry-After says (seconds) after a 429, then goes on', async () => {
    const waits: number[] = [];
    const calls = { count: 0 };
    const fetch = scripted([() => new Response(graphqlBody('slow down'), { status: 429, headers: { 'retry-after': '2' } })], calls);
    const notices: string[] = [];
    const result = await pull(base({ fetch, sleep: async (ms) => void waits.push(ms), onNotice: (m) => notices.push(m) }));
    expect(result.rows).toBe(47);
    expect(waits).toEqual([2000]);
    expect(calls.count).toBe(6);
    expect(notices).toContain('HTTP 429: retrying in 2.0 s (attempt 2 of 6)');
  });

  it('reads Retry-After as an HTTP date', async () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    expect(parseRetryAfter(new Date(now + 3000).toUTCString(), now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    const waits: number[] = [];
    const fetch = scripted([() => new Response('', { status: 503, headers: { 'retry-after': new Date(now + 3000).toUTCString() } })]);
    await pull(base({ fetch, now: () => now, sleep: async (ms) => void waits.push(ms) }));
    expect(waits).toEqual([3000]);
  });

  it('backs off exponentially with jitter on network errors and 503s without Retry-After', async () => {
    const waits: number[] = [];
    const reset = () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    };
    const fetch = scripted([reset, () => new Response('busy', { status: 503 }), reset]);
    const randoms = [0, 0.5, 1];
    const result = await pull(base({ fetch, random: () => randoms.shift()!, retry: { baseDelayMs: 100 }, sleep: async (ms) => void waits.push(ms) }));
    expect(result.rows).toBe(47);
    // Attempt n waits between half and all of 100 ms · 2^(n-1).
    expect(waits).toEqual([50, 150, 400]);
  });

  it('gives up after the allowed attempts, saying why', async () => {
    const fetch: FetchLike = () => new Response('', { status: 503 });
    await expect(pull(base({ fetch, retry: { maxAttempts: 3 } }))).rejects.toThrow('gave up after 3 attempts: the last failed with HTTP 503');
    const refused: FetchLike = () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    };
    await expect(pull(base({ fetch: refused, retry: { maxAttempts: 2 } }))).rejects.toThrow(/ECONNREFUSED .*is the server running/);
  });

  it('refuses to wait longer than it allows for a Retry-After', async () => {
    const fetch = scripted([() => new Response('', { status: 429, headers: { 'retry-after': '3600' } })]);
    await expect(pull(base({ fetch }))).rejects.toThrow(/asks to wait 3600 s, longer than pull waits/);
  });

  it('says so when the endpoint is not a GraphQL endpoint', async () => {
    const fetch: FetchLike = () => new Response('<html>Not here</html>', { status: 404, headers: { 'content-type': 'text/html' } });
    await expect(pull(base({ fetch }))).rejects.toThrow(/answered HTTP 404 with text\/html, not a GraphQL response: <html>Not here/);
  });
});

describe('pull: resume', () => {
  /** Fails for good (HTTP 500, not retried) on the third request: pages 1 and 2 are written. */
  const failingOnPage3 = (): FetchLike => {
    let calls = 0;
    return (url, init) => (++calls === 3 ? new Response('boom', { status: 500 }) : appFetch(url, init));
  };

  it.each(FORMATS)('continues an interrupted %s pull to exactly what a clean pull writes', async (format) => {
    const clean = outFile(format);
    await pull(base({ format, out: clean }));

    const out = outFile(format);
    await expect(pull(base({ format, out, fetch: failingOnPage3() }))).rejects.toThrow(/HTTP 500[\s\S]*20 rows are in .*--resume continues/);
    const state = JSON.parse(readFileSync(stateFileFor(out), 'utf8'));
    expect(state).toMatchObject({ rows: 20, pages: 2, format });
    // A write torn by the crash, past the last saved state (longer than the rest of the pull): the
    // resume must drop it.
    appendFileSync(out, `{"slug":"half-writ${'x'.repeat(200_000)}`);

    const notices: string[] = [];
    const result = await pull(base({ format, out, resume: true, onNotice: (m) => notices.push(m) }));
    expect(result).toMatchObject({ rows: 47, pages: 5, resumed: true });
    expect(notices).toContain('resuming after row 20 (page 2)');
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(clean, 'utf8'));
    expect(existsSync(stateFileFor(out))).toBe(false);
  });

  it('stops cleanly when aborted, and resumes from there', async () => {
    const out = outFile('json');
    const controller = new AbortController();
    const run = pull(base({ format: 'json', out, signal: controller.signal, onProgress: (p) => p.pages === 3 && controller.abort(new Error('stop')) }));
    await expect(run).rejects.toThrow(/^interrupted: 30 rows are in/);
    await pull(base({ format: 'json', out, resume: true }));
    expect((JSON.parse(readFileSync(out, 'utf8')) as Paper[]).map((p) => p.slug)).toEqual(reference.map((p) => p.slug));
  });

  it('will not resume the pull of another query, and starts afresh without --resume', async () => {
    const out = outFile('ndjson');
    await expect(pull(base({ out, fetch: failingOnPage3() }))).rejects.toThrow(/HTTP 500/);
    await expect(pull(base({ out, resume: true, query: QUERY.replace('TITLE_ASC', 'PUBLISHED_AT_ASC') }))).rejects.toThrow(/belongs to a pull with another query/);
    const notices: string[] = [];
    const result = await pull(base({ out, onNotice: (m) => notices.push(m) }));
    expect(result).toMatchObject({ rows: 47, resumed: false });
    expect(notices.some((m) => m.startsWith('starting over'))).toBe(true);
    expect(readRows('ndjson', readFileSync(out, 'utf8'))).toHaveLength(47);
  });

  it('starts a new pull when there is nothing to resume, and needs a file to resume', async () => {
    const out = outFile('ndjson');
    const notices: string[] = [];
    expect((await pull(base({ out, resume: true, onNotice: (m) => notices.push(m) }))).resumed).toBe(false);
    expect(notices.some((m) => m.startsWith('nothing to resume'))).toBe(true);
    await expect(pull(base({ resume: true }))).rejects.toThrow('--resume needs --out');
  });
});

describe('pull over HTTP (loopback)', () => {
  let server: Server;
  let endpoint: string;
  let requests = 0;
  /** Answers the first request with 429 (Retry-After: 1), then serves the real app. */
  let throttleFirst = false;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      requests++;
      if (throttleFirst) {
        throttleFirst = false;
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.end(graphqlBody('too many requests'));
        return;
      }
      void app(req, res);
    });
    server.requestTimeout = 10_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('pulls every paper with the real fetch, after a 429 honouring Retry-After', async () => {
    const out = outFile('csv');
    const waits: number[] = [];
    throttleFirst = true;
    requests = 0;
    const result = await pull({ query: QUERY, format: 'csv', out, endpoint, sleep: async (ms) => void waits.push(ms), retry: { requestTimeoutMs: 10_000 } });
    expect(result.rows).toBe(47);
    expect(waits).toEqual([1000]);
    expect(requests).toBe(6);
    const records = parseCsv(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.slug)).toEqual(reference.map((p) => p.slug));
  });

  describe('the command', () => {
    function runCommand(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/pull.ts', ...args], { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
      });
    }
    const queryFile = (text: string) => {
      const file = outFile('graphql');
      writeFileSync(file, text);
      return file;
    };

    it('pulls into a file and reports progress on stderr', async () => {
      const out = outFile('ndjson');
      const { code, stderr } = await runCommand(['--query', queryFile(QUERY), '--format', 'ndjson', '--out', out, '--endpoint', endpoint]);
      expect(stderr).toMatch(/pull: 10 rows of 47 \(21%, ETA \S+\), [\d,]+ rows\/s/);
      expect(stderr).toMatch(/pull: 47 rows in 5 pages into .* in [\d.]+ s/);
      expect(code).toBe(0);
      expect(readRows('ndjson', readFileSync(out, 'utf8')).map((r) => r.slug)).toEqual(reference.map((p) => p.slug));
    });

    it('prints one error line, never a stack trace', async () => {
      const graphqlError = await runCommand(['--query', queryFile('{ papers(first: 500) { nodes { slug } } }'), '--format', 'csv', '--endpoint', endpoint]);
      expect(graphqlError.code).toBe(1);
      expect(graphqlError.stderr).toContain('error: GraphQL error EXCESSIVE_PAGINATION at papers:');
      const usage = await runCommand(['--query', queryFile(QUERY)]);
      expect(usage.code).toBe(1);
      expect(usage.stderr).toMatch(/^error: --format is required\nusage: npm run pull/);
      const missing = await runCommand(['--query', join(dir, 'none.graphql'), '--format', 'csv']);
      expect(missing.stderr).toMatch(/^error: cannot read the query file .*none\.graphql: no such file\n$/);
      for (const run of [graphqlError, usage, missing]) expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  });
});
