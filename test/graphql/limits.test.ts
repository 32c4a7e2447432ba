/**
 * Limits that hold for anyone on the internet: document shape, body size, and the GraphQL over
 * HTTP audit of the graphql-http package, run against the real server on loopback.
 */
import { request as httpRequest, createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { serverAudits } from 'graphql-http';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { executionTimeout, REQUEST_LIMITS } from '../../src/http/limits.ts';
import { createTestDb, execute, sampleApp, UNCACHED } from '../helpers.ts';

const { app } = sampleApp();

/** A POST of any body (an operation name, several operations), with its status and parsed answer. */
async function post(target: App, body: unknown): Promise<{ status: number; body: any }> {
  const response = await target.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function nested(depth: number): string {
  // topics > nodes > parent > parent > … : each level adds one to the depth, not to the cost.
  let selection = 'slug';
  for (let i = 0; i < depth - 3; i++) selection = `parent { ${selection} }`;
  return `{ topics(first: 1) { nodes { ${selection} } } }`;
}

describe('document limits', () => {
  it(`accepts a depth of ${REQUEST_LIMITS.maxDepth} and rejects one more with 400`, async () => {
    expect((await execute(app, nested(REQUEST_LIMITS.maxDepth))).errors).toBeUndefined();
    const result = await execute(app, nested(REQUEST_LIMITS.maxDepth + 1));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });

  it(`rejects more than ${REQUEST_LIMITS.maxAliases} aliases with 400`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: papers(first: 1) { totalCount }`).join(' ')} }`;
    expect((await execute(app, aliases(REQUEST_LIMITS.maxAliases))).errors).toBeUndefined();
    const result = await execute(app, aliases(REQUEST_LIMITS.maxAliases + 1));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it(`rejects documents of more than ${REQUEST_LIMITS.maxTokens} tokens with 400`, async () => {
    const fields = Array.from({ length: REQUEST_LIMITS.maxTokens + 100 }, () => 'totalCount').join(' ');
    const result = await execute(app, `{ papers { ${fields} } }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('rejects too many directives with 400', async () => {
    const directives = Array.from({ length: REQUEST_LIMITS.maxDirectives + 1 }, () => '@include(if: true)').join(' ');
    const result = await execute(app, `{ papers { totalCount ${directives} } }`);
    expect(result.status).toBe(400);
  });
});

describe('request bodies', () => {
  it(`answers a body over ${REQUEST_LIMITS.maxBodyBytes} bytes with 413, before parsing it`, async () => {
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ papers { totalCount } }', variables: { padding: 'x'.repeat(REQUEST_LIMITS.maxBodyBytes) } }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
  });
});

describe('over HTTP', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a chunked POST without Content-Length with 411', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.write(JSON.stringify({ query: '{ papers { totalCount } }' }));
      req.end();
    });
    expect(status).toBe(411);
  });

  it('reads no more of a body than its Content-Length says, so an understated length cannot smuggle a large one in', async () => {
    // What the server reads is cut at the stated 20 bytes (invalid JSON: 400); the rest reaches
    // the parser as the next request on the connection, which it refuses as malformed.
    const { port, hostname } = new URL(url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        const body = JSON.stringify({ query: `{ papers { totalCount } } ${'#'.repeat(REQUEST_LIMITS.maxBodyBytes * 2)}` });
        socket.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n${body}`);
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('utf8')));
      socket.on('close', () => resolve(received));
      socket.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(received) : reject(error)));
    });
    const statuses = [...raw.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
    expect(statuses[0]).toBe(400);
    expect(statuses.every((status) => status >= 400)).toBe(true);
    expect(raw).not.toContain('"data"');
  });

  it('allows any origin, without credentials', async () => {
    const response = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://explorer.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    // Yoga echoes the caller's origin (with `Vary: Origin`) for `origin: '*'`: any origin may call.
    expect(response.headers.get('access-control-allow-origin')).toBe('https://explorer.example');
    expect(response.headers.get('access-control-allow-credentials')).not.toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
  });

  // The GraphQL over HTTP audit: every MUST passes; SHOULD and MAY results are reported.
  describe('graphql-http audit', () => {
    for (const audit of serverAudits({ url: () => url })) {
      it(`${audit.id} ${audit.name}`, async () => {
        const result = await audit.fn();
        if (result.status === 'error') throw new Error(result.reason);
        if (result.status !== 'ok') console.warn(`audit ${audit.id} (${result.status}): ${result.reason}`);
      });
    }
  });
});

describe('health and readiness', () => {
  it('answers /health and /ready while the database works, and /ready with 503 when it does not', async () => {
    const { createApp } = await import('../../src/app.ts');
    const { createTestDb } = await import('../helpers.ts');
    const { db } = createTestDb();
    const local = createApp(db);
    expect((await local.fetch('http://localhost/health')).status).toBe(200);
    expect((await local.fetch('http://localhost/ready')).status).toBe(200);
    // Only the path /ready is the check: a GraphQL request whose URL merely ends in it is not.
    const graphql = await local.fetch(`http://localhost/graphql?query=${encodeURIComponent('{ __typename }')}&from=/ready`);
    expect(await graphql.json()).toEqual({ data: { __typename: 'Query' }, extensions: expect.any(Object) });
    db.$client.close();
    expect((await local.fetch('http://localhost/health')).status).toBe(200);
    expect((await local.fetch('http://localhost/ready')).status).toBe(503);
  });
});

/** A Yoga whose one field waits `ms` before answering, under `executionTimeout(timeoutMs, windowMs)`. */
function waitingYoga(timeoutMs: number, windowMs: number) {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { wait(ms: Int!): Int }',
      resolvers: { Query: { wait: (_: unknown, { ms }: { ms: number }) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)) } },
    }),
    plugins: [executionTimeout(timeoutMs, windowMs)],
  });
  return (ms: number) =>
    yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: `{ wait(ms: ${ms}) }` }),
    });
}

describe('execution timeout', () => {
  it('answers an operation that runs too long with 503 OPERATION_TIMEOUT', async () => {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { slow: Slow } type Slow { value: Int }',
        resolvers: {
          Query: { slow: () => new Promise((resolve) => setTimeout(() => resolve({}), 300)) },
          Slow: { value: () => 1 },
        },
      }),
      plugins: [executionTimeout(50)],
    });
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ slow { value } }' }),
    });
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.errors[0].extensions.code).toBe('OPERATION_TIMEOUT');
    const fast = await yoga.fetch('http://localhost/graphql?query=%7B__typename%7D');
    expect(fast.status).toBe(200);
  });

  it('stops every slow operation of a shared window, and only those, without a listener warning', async () => {
    // A window as long as the timeout itself: every operation below starts in the first one.
    const run = waitingYoga(80, 80);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const started = performance.now();
      const responses = await Promise.all([...Array.from({ length: 20 }, () => run(400)), run(10), run(60)]);
      const elapsed = performance.now() - started;
      const statuses = responses.map((r) => r.status);
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(503));
      // The fast ones finished before the shared signal fired and kept their answers.
      expect(statuses.slice(20)).toEqual([200, 200]);
      expect(await responses[21]!.json()).toEqual({ data: { wait: 60 } });
      // Stopped after at least the timeout and at most the timeout plus the window, not at 400 ms.
      expect(elapsed).toBeGreaterThanOrEqual(80);
      expect(elapsed).toBeLessThan(380);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('never stops an operation that joined late in a window before it has run the whole timeout', async () => {
    const wait = waitingYoga(80, 40);
    const run = async (ms: number) => {
      const started = performance.now();
      const response = await wait(ms);
      return { status: response.status, ran: performance.now() - started };
    };
    const first = run(400);
    // Joins the first operation's window near its end: the shared timer fires 80 + 40 ms after the
    // window opened, which is still at least 80 ms after this one started.
    await new Promise((resolve) => setTimeout(resolve, 35));
    const late = await run(400);
    expect((await first).status).toBe(503);
    expect(late.status).toBe(503);
    expect(late.ran).toBeGreaterThanOrEqual(79);
    expect(late.ran).toBeLessThan(380);
  });
});

describe('cost', () => {
  const NESTED = 'query ($n: Int, $m: Int) { topics(first: $n) { nodes { papers(first: $m) { nodes { title } } } } }';

  it('reports the cost of every operation in extensions, counting page sizes given as variables', async () => {
    const small = await execute(app, NESTED, { n: 2, m: 3 });
    // topics 1 + 2 × (papers 1 + 3 × title 1)
    expect(small.extensions?.cost).toEqual({ requestedQueryCost: 1 + 2 * (1 + 3), maximumAvailable: 5000 });
    const defaults = await execute(app, '{ papers { nodes { title } } }');
    expect(defaults.extensions?.cost).toMatchObject({ requestedQueryCost: 1 + 20 });
  });

  it('refuses an operation over the limit with 400 COMPLEXITY_LIMIT, whether sizes are literals or variables', async () => {
    const viaVariables = await execute(app, NESTED, { n: 100, m: 100 });
    expect(viaVariables.status).toBe(400);
    expect(viaVariables.errors?.[0]?.extensions).toMatchObject({ code: 'COMPLEXITY_LIMIT', cost: 1 + 100 * (1 + 100), limit: 5000 });
    // Refused before anything runs, and it still says what it would have cost.
    expect(viaVariables.data).toBeUndefined();
    expect(viaVariables.extensions?.cost).toEqual({ requestedQueryCost: 1 + 100 * (1 + 100), maximumAvailable: 5000 });
    const literal = await execute(app, '{ topics(first: 100) { nodes { papers(first: 100) { nodes { title } } } } }');
    expect(literal.status).toBe(400);
    expect(literal.errors?.[0]?.extensions?.code).toBe('COMPLEXITY_LIMIT');
    // The same document with small variables afterwards is not refused by a cached verdict.
    expect((await execute(app, NESTED, { n: 2, m: 3 })).errors).toBeUndefined();
  });

  it('prices the operation that runs, and refuses one it cannot price before any field runs', async () => {
    const BIG = 'topics(first: 100) { nodes { papers(first: 100) { nodes { title } } } }';
    // Not only the first operation of a document: the one named runs.
    const named = await post(app, { query: `query A { __typename } query B { ${BIG} }`, operationName: 'B' });
    expect(named.status).toBe(400);
    expect(named.body.errors[0].extensions.code).toBe('COMPLEXITY_LIMIT');
    // An unrelated operation whose variables are missing does not get the named one through.
    const other = await post(app, { query: `query A($x: Int!) { topics(first: $x) { totalCount } } query B { ${BIG} }`, operationName: 'B' });
    expect(other.body.errors[0].extensions.code).toBe('COMPLEXITY_LIMIT');
    // Arguments pricing cannot read (an id that is not one) stop the whole operation first.
    const { db, statements } = createTestDb({ sample: true });
    const local = createApp(db, UNCACHED);
    const bad = await post(local, { query: '{ a: papers(first: 50) { nodes { title } } nodes(ids: ["zz"]) { id } }' });
    expect(bad.status).toBe(400);
    expect(bad.body.data).toBeUndefined();
    expect(bad.body.errors[0].extensions.code).toBe('INVALID_ID');
    // No page of papers was read (the index of facets builds meanwhile; its reads are not pages).
    expect(statements.filter((s) => s.includes('as titleKey'))).toEqual([]);
  });

  it('prices each operation of a document by its own selection and variables', async () => {
    const document = 'query A($n: Int!) { topics(first: $n) { totalCount } } query B { papers(first: 5) { nodes { title } } }';
    const priced = async (body: Record<string, unknown>) => {
      const { status, body: json } = await post(app, { query: document, ...body });
      return { status, cost: json.extensions?.cost?.requestedQueryCost, code: json.errors?.[0]?.extensions?.code };
    };
    // topics 1 + n × totalCount 1; papers 1 + 5 × title 1.
    expect(await priced({ operationName: 'A', variables: { n: 2 } })).toEqual({ status: 200, cost: 3, code: undefined });
    // The same variables sent with the other operation (it ignores them): its own price.
    expect(await priced({ operationName: 'B', variables: { n: 2 } })).toEqual({ status: 200, cost: 6, code: undefined });
    expect(await priced({ operationName: 'A', variables: { n: 7 } })).toEqual({ status: 200, cost: 8, code: undefined });
    expect(await priced({ operationName: 'A', variables: { n: 2 } })).toEqual({ status: 200, cost: 3, code: undefined });
    // Variables that do not fit are refused by the executor, whatever was priced before.
    const missing = await priced({ operationName: 'A', variables: {} });
    expect(missing.status).toBe(400);
    expect(missing.cost).toBeUndefined();
    // Of the wrong type: pricing fails on it, and the executor refuses it with its own error, no price.
    const mistyped = await priced({ operationName: 'A', variables: { n: '2' } });
    expect(mistyped).toEqual({ status: 400, cost: undefined, code: missing.code });
  });

  it('lets a page of 100 papers with all their lists through', async () => {
    const result = await execute(
      app,
      '{ papers(first: 100) { nodes { title authors { name } topics { slug } keywords { term } repositories { url } codeLinks { source } topicAssignments { score } } } }',
    );
    expect(result.errors).toBeUndefined();
    // papers 1 + 100 × (title 1 + six lists × (1 + 5 × one field)): the figure the README quotes.
    expect(result.extensions?.cost).toEqual({ requestedQueryCost: 3701, maximumAvailable: 5000 });
  });
});
