/**
 * Opening and migrating the database. The only module that touches better-sqlite3 directly;
 * everything else works with the Drizzle handle `Db` (and its `$client` where raw SQLite is needed).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as tables from '../../schema/tables.ts';

/**
 * better-sqlite3 for the Node.js running: both majors are installed, with the same API and FTS5.
 * - 12 is built on Node's C++ `ObjectWrap`, and from Node 24.19 on, a build against those headers
 *   aborts the process when a statement is garbage collected (nodejs/node#65446);
 * - 13 is built on Node-API 10, which Node 20 lacks (it crashes there, WiseLibs/better-sqlite3#1514).
 * So Node-API 10 (Node 22.14 and later) gets 13, older Node.js gets 12.
 */
export const SQLITE_DRIVER = Number(process.versions.napi) >= 10 ? 'better-sqlite3-13' : 'better-sqlite3';
export const Database: typeof BetterSqlite3 = createRequire(import.meta.url)(SQLITE_DRIVER);

export type Db = BetterSQLite3Database<typeof tables> & { $client: BetterSqlite3.Database };

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Page cache for a bulk import: its writes touch indexes all over the file (bench/README.md). */
export const IMPORT_CACHE_MIB = 128;

/**
 * Page cache for a serving connection. SQLite's default (2 MiB) holds little of a large
 * catalogue, and every page it misses is a system call; a repository's 3,110 papers at a million
 * papers read in 2.7 ms with 64 MiB against 10–16 ms with the default (bench/README.md).
 */
export const SERVING_CACHE_MIB = 64;

/**
 * Compiled statements a connection keeps, by SQL text. Query shapes are few (values are bound, and
 * the loaders' key lists are one JSON parameter), so this holds every statement the API runs.
 */
export const STATEMENT_CACHE_SIZE = 512;

/**
 * Makes `prepare` return an already compiled statement for SQL text it has compiled before, so
 * a request does not compile its statements again (bench/README.md measured that at 8% of the
 * API's time). Statements are shared by everything on the connection, so one is handed out
 * again only when idle, with its row mode (raw, pluck, expand) back to plain objects; SQLite
 * recompiles a cached statement itself if the schema changes under it. Code that keeps a
 * statement and sets its mode once (`prepare(…).pluck()`) shares it with any later `prepare` of
 * the same text: such statements have text of their own, and Drizzle sets the mode before every
 * run of the statements it keeps.
 */
function cacheStatements(sqlite: BetterSqlite3.Database, size: number): void {
  const compile = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, BetterSqlite3.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      // Least recently used goes first: re-inserting moves it to the end.
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = compile(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/** How long a write waits for another connection's write lock before it fails (`isCatalogueBusy`). */
export const BUSY_TIMEOUT_MS = 5_000;

export interface OpenOptions {
  readonly?: boolean;
  /** Called with the text of every SQL statement SQLite runs: tests count statements with it. */
  onStatement?: (sql: string) => void;
  /** Page cache in MiB (SQLite's default is 2). Bulk imports touch indexes all over the file. */
  cacheMiB?: number;
}

/** A path that cannot be opened as a catalogue; its message says which and why, for a user to read. */
export class CatalogueOpenError extends Error {}

/** Opens (creating if needed) a catalogue database. `:memory:` gives a private in-memory one. */
export function openDb(path: string, { readonly = false, onStatement, cacheMiB }: OpenOptions = {}): Db {
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    if (path !== ':memory:' && !readonly) mkdirSync(dirname(resolve(path)), { recursive: true });
    sqlite = new Database(path, {
      readonly,
      fileMustExist: readonly,
      verbose: onStatement ? (message?: unknown) => onStatement(String(message)) : undefined,
    });
    // WAL lets the API keep reading while an import writes; NORMAL sync is safe under WAL. (The
    // first statement to read the file: one that is no database fails here.)
    if (!readonly && path !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // Wait for a writer's lock instead of failing at once (another process may be importing).
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (cacheMiB) sqlite.pragma(`cache_size = -${Math.round(cacheMiB * 1024)}`);
  } catch (error) {
    sqlite?.close();
    const reason = whyNotOpened(error);
    if (reason === null) throw error;
    throw new CatalogueOpenError(`cannot open the catalogue at ${path}: ${reason}`, { cause: error });
  }
  cacheStatements(sqlite, STATEMENT_CACHE_SIZE);
  return drizzle(sqlite, { schema: tables }) as Db;
}

/** Why a path could not be opened as a catalogue, in a user's words; null for anything unexpected. */
function whyNotOpened(error: unknown): string | null {
  if (error instanceof Database.SqliteError) {
    if (error.code === 'SQLITE_NOTADB') return 'the file is not a SQLite database';
    if (error.code === 'SQLITE_CORRUPT') return 'the file is damaged (the database disk image is malformed)';
    if (error.code.startsWith('SQLITE_CANTOPEN')) return 'the file cannot be opened (is the path right, and may this user read and write it?)';
    if (error.code.startsWith('SQLITE_READONLY') || error.code === 'SQLITE_PERM') return 'the file cannot be written (permissions)';
    return null;
  }
  const failure = error as NodeJS.ErrnoException;
  if (failure.syscall === 'mkdir' && failure.code) {
    const why = failure.code === 'EEXIST' || failure.code === 'ENOTDIR' ? 'a file is in the way' : failure.code === 'EACCES' ? 'permission denied' : failure.code;
    return `its directory ${failure.path ?? ''} cannot be created (${why})`;
  }
  return null;
}

/** Applies every pending migration (generated and custom, e.g. the FTS5 index). */
export function migrateDb(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

export function closeDb(db: Db): void {
  db.$client.close();
}

/**
 * Whether `error` says that another connection holds the catalogue's write lock (an import, most
 * likely) and kept it past the busy timeout. The statement that met it changed nothing, and neither
 * did its transaction, which is rolled back.
 */
export function isCatalogueBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');
}

/** Whether the database answers a query: what the readiness check asks. */
export function isDatabaseReady(db: Db): boolean {
  try {
    db.$client.prepare('select 1 from catalogue_state limit 1').get();
    return true;
  } catch {
    return false;
  }
}
