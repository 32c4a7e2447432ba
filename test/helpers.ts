/**
 * Test fixtures: a fresh, migrated in-memory database (optionally holding the bundled sample),
 * and a way to run GraphQL operations through the real app with `yoga.fetch`.
 */
import { createApp, type App } from '../src/app.ts';
import { seedSample } from '../src/catalogue.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDb, openDb, type Db } from '../src/db/client.ts';
import { importStream } from '../src/ingest/importer.ts';
import type { PaperRecord } from '../src/ingest/record.ts';
import { taxonomy } from './fixtures.ts';

export interface TestDb {
  db: Db;
  /** SQL statements run since the last `statements.length = 0`. */
  statements: string[];
}

export function createTestDb({ sample = false }: { sample?: boolean } = {}): TestDb {
  const statements: string[] = [];
  const db = openDb(':memory:', { onStatement: (sql) => statements.push(sql) });
  migrateDb(db);
  if (sample) seedSample(db);
  statements.length = 0;
  return { db, statements };
}

/**
 * Runs FTS5's integrity check with rank 1, which also checks the full-text index against the
 * papers' text: a row taken out of the index with other text than it was indexed with, or a
 * changed paper never re-indexed, fails it ("database disk image is malformed"). Without rank 1
 * only the index's own structure is checked, which neither fails.
 */
export function checkFullTextIndex(db: Db): void {
  db.$client.exec(`insert into papers_fts(papers_fts, rank) values ('integrity-check', 1)`);
}

/**
 * Two connections to one catalogue file holding the sample, as the server and an import in
 * another process have: `writer` imports, `reader` serves (its statements recorded, and each
 * told to `onRead` as it starts, before it reads).
 */
export function sharedCatalogue({ onRead }: { onRead?: (sql: string) => void } = {}): TestDb & { path: string; writer: Db; reader: Db } {
  const path = join(mkdtempSync(join(tmpdir(), 'catalogue-')), 'catalogue.db');
  const writer = openDb(path);
  migrateDb(writer);
  seedSample(writer);
  const statements: string[] = [];
  const reader = openDb(path, {
    onStatement: (sql) => {
      statements.push(sql);
      onRead?.(sql);
    },
  });
  return { path, writer, reader, db: reader, statements };
}

/**
 * An import of `records` into `db` that stops after the first `pauseAfter` of them, its
 * transaction (and the catalogue's write lock) held open, until `release` is called: what an
 * import in another process is while it runs. `paused` settles once it has stopped there.
 */
export function pausedImport(db: Db, records: PaperRecord[], pauseAfter: number) {
  let release!: () => void;
  const resumed = new Promise<void>((resolve) => (release = resolve));
  let reachedPause!: () => void;
  const paused = new Promise<void>((resolve) => (reachedPause = resolve));
  async function* source() {
    yield* records.slice(0, pauseAfter);
    reachedPause();
    await resumed;
    yield* records.slice(pauseAfter);
  }
  const done = importStream(db, source(), { taxonomy, warmup: 5, batchSize: 5 });
  return { paused, release, done };
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
  extensions?: Record<string, unknown>;
  headers: Headers;
}

export async function execute<T = any>(app: App, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** Runs an operation that must succeed and returns its data. */
export async function query<T = any>(app: App, text: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await execute<T>(app, text, variables);
  if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

/** The code of the first error of an operation that must fail. */
export async function errorCode(app: App, text: string, variables?: Record<string, unknown>): Promise<string | undefined> {
  const result = await execute(app, text, variables);
  if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  return result.errors[0]!.extensions?.code;
}

/**
 * For tests that count the statements an operation runs: with the response cache a repeated
 * operation runs none, and every request also reads the catalogue's version.
 */
export const UNCACHED = { responseCache: false } as const;

export function sampleApp() {
  const test = createTestDb({ sample: true });
  return { ...test, app: createApp(test.db) };
}
