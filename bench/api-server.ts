/**
 * A server under load for `npm run bench:api`, in its own process so that the load generator
 * does not share its event loop:
 *
 *   --mode graphql   the API itself: createApp over a read-only connection, as `npm start` serves;
 *                    with `--response-cache off`, every request runs its operation, as the floor does
 *   --mode floor     the floor: node:http running, for each operation, exactly the SQL statements
 *                    the API ran for it (captured by bench/api.ts), serialised as JSON
 *   --mode stack     the GraphQL-over-HTTP stack alone: graphql-yoga with its defaults (logging off) answering
 *                    `{ hello }` from a one-field schema, no database: Yoga's fixed cost as it
 *                    comes (the API, which turns off what it does not need, costs less)
 *
 * With `--workers N` (N > 1) it serves as `npm start` does on an N-core machine: a primary process
 * forks N processes sharing the port (node:cluster), each with its own connection, and speaks for
 * them to its parent (their process ids, their memory summed, idle once all are).
 *
 * It tells its parent its port once listening, answers `rss` messages with its memory, and
 * `served` messages with the time each request spent in the server since the last such message.
 */
import cluster, { type Worker } from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import type { Statement } from 'better-sqlite3';
import { createSchema, createYoga } from 'graphql-yoga';
import { createApp } from '../src/app.ts';
import { openDb, SERVING_CACHE_MIB } from '../src/db/client.ts';
import type { CapturedStatement } from './api.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    mode: { type: 'string', default: 'graphql' },
    ops: { type: 'string' },
    port: { type: 'string', default: '0' },
    'response-cache': { type: 'string', default: 'on' },
    workers: { type: 'string', default: '1' },
  },
});
const workers = Number(values.workers);
if (cluster.isPrimary && workers > 1) servePrimary(workers);
else serve();

/** Messages between the bench and a server (or the cluster's primary and its processes). */
type Message =
  | { type: 'listening'; port: number; pids?: number[] }
  | { type: 'rss'; rss?: number }
  | { type: 'served'; ms?: number[] }
  | { type: 'idle' }
  | { type: 'stop' };

function serve() {
  // The floor shares the API's connection settings, so the two differ only by what sits above SQL.
  const db = openDb(values.db!, { readonly: true, cacheMiB: SERVING_CACHE_MIB });

  function floorHandler(opsFile: string) {
    // Each statement is compiled once here and run with the values the API bound to it.
    const ops = JSON.parse(readFileSync(opsFile, 'utf8')) as Record<string, CapturedStatement[]>;
    const prepared = new Map<string, { statement: Statement; params: unknown[] }[]>(
      Object.entries(ops).map(([name, captured]) => [name, captured.map(({ sql, params }) => ({ statement: db.$client.prepare(sql), params }))]),
    );
    return (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let name = '';
        try {
          name = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { op?: string }).op ?? '';
        } catch {
          // Not an operation: answered 404 below.
        }
        const statements = prepared.get(name);
        if (!statements) {
          res.writeHead(404).end();
          return;
        }
        const data = statements.map(({ statement, params }) => (statement.reader ? statement.all(...params) : statement.run(...params)));
        const body = JSON.stringify({ data });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      });
    };
  }

  // Requests still being answered, including those whose client has gone: the parent waits for
  // none before its next run, so that a slow operation's backlog does not spill into it.
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  // Milliseconds from the handler's call (the request's headers parsed) to its response handed to
  // the socket, of each request answered since the parent last asked: the server's own share of the
  // latency the load generator sees. The rest is the wait for the event loop, busy with the other
  // connections' requests, and the network stack on both sides. Kept only once the parent has
  // asked for them (the bench asks before every run): a server run by hand would hold every one.
  let served: number[] | null = null;
  const stack = () =>
    createYoga({
      schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } }),
      logging: false,
    });
  const handler: (req: IncomingMessage, res: ServerResponse) => unknown =
    values.mode === 'floor'
      ? floorHandler(values.ops!)
      : values.mode === 'stack'
        ? stack()
        : createApp(db, values['response-cache'] === 'off' ? { responseCache: false } : {});
  const server = createServer((req, res) => {
    const arrived = performance.now();
    inFlight++;
    // Done once the handler has settled and the response has gone out (or its client has).
    let pending = 2;
    const step = () => {
      if (--pending !== 0) return;
      if (--inFlight === 0) {
        for (const resolve of idleWaiters) resolve();
        idleWaiters = [];
      }
    };
    let sent = false;
    const onSent = () => {
      if (sent) return;
      sent = true;
      served?.push(performance.now() - arrived);
      step();
    };
    res.once('finish', onSent);
    res.once('close', onSent);
    void Promise.resolve(handler(req, res)).finally(step);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(Number(values.port), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // Run by hand (e.g. with --cpu-prof), it says where it listens and stops on SIGINT.
    if (process.send) process.send({ type: 'listening', port });
    else console.log(`listening on http://127.0.0.1:${port}`);
  });
  process.once('SIGINT', () => server.close(() => process.exit(0)));
  process.on('message', (message: { type: string }) => {
    if (message.type === 'rss') process.send?.({ type: 'rss', rss: process.memoryUsage().rss });
    if (message.type === 'served') {
      process.send?.({ type: 'served', ms: served ?? [] });
      served = [];
    }
    if (message.type === 'idle') {
      if (inFlight === 0) process.send?.({ type: 'idle' });
      else idleWaiters.push(() => process.send?.({ type: 'idle' }));
    }
    if (message.type === 'stop') server.close(() => process.exit(0));
  });
}

/**
 * The primary of `--workers N`: forks the server processes, and answers its parent for all of
 * them. The kernel's connections are dealt to the processes in turn by node:cluster, as under
 * `npm start` (src/server.ts).
 */
function servePrimary(count: number) {
  const forked: Worker[] = [];
  const replies = (worker: Worker, type: Message['type']) =>
    new Promise<Message>((resolve) => {
      const on = (message: Message) => {
        if (message.type !== type) return;
        worker.off('message', on);
        resolve(message);
      };
      worker.on('message', on);
    });
  const ask = (type: Message['type']) => Promise.all(forked.map((worker) => {
    const reply = replies(worker, type);
    worker.send({ type });
    return reply;
  }));
  for (let i = 0; i < count; i++) forked.push(cluster.fork());
  void Promise.all(forked.map((worker) => replies(worker, 'listening'))).then((listening) => {
    const port = (listening[0] as { port: number }).port;
    const pids = forked.map((worker) => worker.process.pid!);
    if (process.send) process.send({ type: 'listening', port, pids } satisfies Message);
    else console.log(`listening on http://127.0.0.1:${port} (${count} processes)`);
  });
  const stop = () => {
    cluster.removeAllListeners('exit');
    let left = forked.length;
    cluster.on('exit', () => --left === 0 && process.exit(0));
    for (const worker of forked) worker.send({ type: 'stop' });
  };
  // A server process that dies takes the run with it: the bench's parent sees its primary exit.
  cluster.on('exit', (worker, code) => {
    console.error(`server process ${worker.process.pid} exited with ${code}`);
    process.exit(1);
  });
  process.once('SIGINT', stop);
  process.on('message', (message: Message) => {
    if (message.type === 'rss') {
      void ask('rss').then((all) => process.send?.({ type: 'rss', rss: all.reduce((sum, m) => sum + ((m as { rss: number }).rss), process.memoryUsage().rss) }));
    }
    if (message.type === 'served') {
      void ask('served').then((all) => process.send?.({ type: 'served', ms: all.flatMap((m) => (m as { ms: number[] }).ms) }));
    }
    if (message.type === 'idle') void ask('idle').then(() => process.send?.({ type: 'idle' }));
    if (message.type === 'stop') stop();
  });
}
