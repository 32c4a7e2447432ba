/**
 * Keyset (seek) pagination: a page starts right after the last row of the previous one, found
 * through an index, so page 1,000 costs what page 1 costs (no OFFSET). Orders always end in a
 * unique column, which makes them total and cursors unambiguous.
 *
 * NULLs sort as the smallest value, which is what SQLite does: first in ascending order, last in
 * descending order. The conditions below follow the same rule so no row is skipped or repeated.
 */
import { and, count, getTableName, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.ts';
import { getCatalogueSize, type CatalogueSize } from './queries/catalogue.ts';
import { byShape, prepareRows } from './prepared.ts';

export type Direction = 'asc' | 'desc';
export type KeyValue = string | number | null;

/**
 * Compares text as SQLite's BINARY collation does (UTF-8 bytes, i.e. code points). JavaScript's
 * `<` compares UTF-16 units, which differs only between astral characters and U+E000..U+FFFF.
 */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (astral code points) sort after U+E000..U+FFFF in code point order.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** SQLite's order of values: NULL first, then numbers, then text (as `compareText`). */
export function compareValues(a: KeyValue, b: KeyValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  if (typeof a === 'string') return compareText(a, b as string);
  return a < (b as number) ? -1 : 1;
}

export interface SortKey<Row> {
  /** The SQL expression sorted on. */
  expr: SQL;
  direction: Direction;
  /** Reads the key's value from a result row (it becomes part of the cursor). */
  value: (row: Row) => KeyValue;
}

export interface KeysetPage {
  /** Rows wanted; one more is fetched to tell whether another page exists. */
  limit: number;
  /** Key values of the row to start after (in reading direction), or null for the first page. */
  after: KeyValue[] | null;
  /** Read the order backwards (for `last`/`before`); rows are still returned in the order's direction. */
  backward: boolean;
}

const flip = (d: Direction): Direction => (d === 'asc' ? 'desc' : 'asc');

/** How a cursor's key value (never NULL) enters the SQL: bound as itself, or as a named placeholder. */
type BindKey = (value: string | number, index: number) => unknown;
const bindValue: BindKey = (value) => value;
/** Binds a cursor's key values as the placeholders `after0`, `after1`… (see `bindCursor`). */
export const bindPlaceholder: BindKey = (_, index) => sql.placeholder(`after${index}`);

/**
 * What a cursor changes in the SQL of `keysetCondition`: whether there is one, and which of its key
 * values are NULL. Part of the shape a statement is kept under.
 */
export const cursorShape = (page: KeysetPage): string => (page.after ? page.after.map((v) => (v === null ? 'n' : 'v')).join('') : '-');

/** The values of a page's placeholders: its cursor's non-NULL keys (`bindPlaceholder`) and `limit`, one over the page. */
export function bindCursor(page: KeysetPage, values: Record<string, unknown>): Record<string, unknown> {
  values.limit = page.limit + 1;
  page.after?.forEach((value, i) => {
    if (value !== null) values[`after${i}`] = value;
  });
  return values;
}

/** `expr` strictly beyond `bound` when reading in `direction`; null is NULL, the smallest value. */
function beyond(expr: SQL, direction: Direction, bound: unknown): SQL {
  if (direction === 'asc') return bound === null ? sql`${expr} is not null` : sql`${expr} > ${bound}`;
  return bound === null ? sql`0` : sql`(${expr} < ${bound} or ${expr} is null)`;
}

function equal(expr: SQL, bound: unknown): SQL {
  return bound === null ? sql`${expr} is null` : sql`${expr} = ${bound}`;
}

/**
 * The condition "after the cursor" for an order read in the given direction. A NULL key value
 * changes the SQL itself; any other is bound, as itself or (`bind`) as the placeholder `after<i>`.
 */
export function keysetCondition<Row>(keys: readonly SortKey<Row>[], page: KeysetPage, bind: BindKey = bindValue): SQL | undefined {
  const { after } = page;
  if (!after) return undefined;
  const bound = after.map((value, i) => (value === null ? null : bind(value, i)));
  const alternatives = keys.map((key, i) => {
    const dir = page.backward ? flip(key.direction) : key.direction;
    const parts = keys.slice(0, i).map((k, j) => equal(k.expr, bound[j]));
    parts.push(beyond(key.expr, dir, bound[i]));
    return sql`(${sql.join(parts, sql` and `)})`;
  });
  return sql`(${sql.join(alternatives, sql` or `)})`;
}

/**
 * "After the cursor" as one row-value comparison, `(a, b) < (x, y)`, for keys that hold no NULL
 * and share one direction (a table keyed in listing order, such as `topic_papers`). Unlike the OR
 * of `keysetCondition`, SQLite seeks straight to the cursor in the index with it, so page 1,000
 * reads no more rows than page 1; the OR makes it start at the owner's first row and filter.
 */
export function rowValueAfter(columns: readonly SQL[], reading: Direction, after: readonly unknown[]): SQL {
  return sql`(${sql.join([...columns], sql`, `)}) ${reading === 'desc' ? sql`<` : sql`>`} (${sql.join(
    after.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

export function keysetOrderBy<Row>(keys: readonly SortKey<Row>[], backward: boolean): SQL {
  return sql.join(
    keys.map((k) => {
      const dir = backward ? flip(k.direction) : k.direction;
      return dir === 'asc' ? sql`${k.expr} asc` : sql`${k.expr} desc`;
    }),
    sql`, `,
  );
}

export interface KeysetResult<Row> {
  rows: Row[];
  /** Whether more rows lie beyond the page in the reading direction. */
  hasMore: boolean;
}

/** Trims the extra row and puts a backward read back into the order's direction. */
export function finishPage<Row>(fetched: Row[], page: KeysetPage): KeysetResult<Row> {
  const hasMore = fetched.length > page.limit;
  const rows = hasMore ? fetched.slice(0, page.limit) : fetched;
  return { rows: page.backward ? rows.reverse() : rows, hasMore };
}

export function keyValues<Row>(keys: readonly SortKey<Row>[], row: Row): KeyValue[] {
  return keys.map((k) => k.value(row));
}

/**
 * A listing's own filters, as SQL whose values are named placeholders, so that every request with
 * the same filters runs one statement compiled once. `shape` names which filters apply (the same
 * shape must always give the same SQL); `params` binds the placeholders.
 */
export interface ListingFilter {
  shape: string;
  where: () => (SQL | undefined)[];
  params: Record<string, unknown>;
}

/** No filter at all: the whole table, whose size is kept at import time. */
export const UNFILTERED: ListingFilter = { shape: '', where: () => [], params: {} };

type Statement = (params: Record<string, unknown>) => unknown[];

const pageStatements = byShape<Statement>();
const countStatements = byShape<Statement>();

/**
 * Runs one keyset page over a single table: the shared shape of the topic, keyword and repository
 * listings, in `orders[order]`. The statement is built and compiled once for each table, filter
 * shape, order, direction and cursor shape (which key values are NULL), then only bound: building
 * it per request cost as much as running it (bench/README.md, "Fifth round").
 */
export function pageTable<Row, Order extends string>(
  db: Db,
  table: SQLiteTable,
  filter: ListingFilter,
  orders: Readonly<Record<Order, readonly SortKey<Row>[]>>,
  order: Order,
  page: KeysetPage,
): KeysetResult<Row> {
  const keys = orders[order];
  const shape = `${getTableName(table)}|${filter.shape}|${order}|${page.backward ? 'b' : 'f'}|${cursorShape(page)}`;
  const statement = pageStatements(db, shape, () =>
    prepareRows(
      db
        .select()
        .from(table)
        .where(and(...filter.where(), keysetCondition(keys, page, bindPlaceholder)))
        .orderBy(keysetOrderBy(keys, page.backward))
        .limit(sql.placeholder('limit'))
        .prepare(),
    ),
  );
  return finishPage(statement(bindCursor(page, { ...filter.params })) as Row[], page);
}

/**
 * The number of rows a listing's filter matches. Unfiltered, the table's size counted at import
 * time (`size`), never a count of the whole table per request (16 ms for the keywords of a
 * million papers).
 */
export function countTable(db: Db, table: SQLiteTable, filter: ListingFilter, size: CatalogueSize): number {
  if (filter === UNFILTERED) return getCatalogueSize(db, size);
  const statement = countStatements(db, `${getTableName(table)}|${filter.shape}`, () => {
    const prepared = db.select({ n: count() }).from(table).where(and(...filter.where())).prepare();
    return (params: Record<string, unknown>) => prepared.all(params);
  });
  return (statement(filter.params)[0] as { n: number }).n;
}
