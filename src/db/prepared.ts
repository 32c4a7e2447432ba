/**
 * Statements built once per connection. The API's loaders run the same few queries on every
 * request; building their SQL with the query builder each time cost a fifth of a cheap request
 * (bench/README.md), so each is built and compiled once per connection and only bound per call.
 */
import { Column, fillPlaceholders, is, SQL, sql } from 'drizzle-orm';
import { SQLiteSyncDialect, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.ts';

/** `build(db)` made once for each connection it is asked for, then reused. */
export function perConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) built.set(db, (value = build(db)));
    return value;
  };
}

/**
 * Statements kept per connection and per shape: the SQL of a listing depends on which filters it
 * has, its order and whether a cursor is given, never on their values, so each shape is built and
 * compiled once (`build`, the first time it is asked for) and then only bound. Shapes are finite,
 * but those of a filter with a dozen optional fields number in the millions: any client could send
 * them all, so at most `limit` are kept, the least recently used going first.
 */
export function byShape<T>(limit = 256): (db: Db, shape: string, build: () => T) => T {
  const kept = perConnection(() => new Map<string, T>());
  return (db, shape, build) => {
    const statements = kept(db);
    let statement = statements.get(shape);
    if (statement === undefined) {
      statements.set(shape, (statement = build()));
      if (statements.size > limit) statements.delete(statements.keys().next().value!);
    } else if (statements.size > 1) {
      // Re-inserting moves it to the end: the first key is always the least recently used.
      statements.delete(shape);
      statements.set(shape, statement);
    }
    return statement;
  };
}

/**
 * `column in (…the values of a JSON array bound as `placeholder`)`: one statement text whatever
 * the number of keys, where `inArray` makes a new text (and a new compilation) for every batch
 * size. SQLite reads the array into a temporary list and searches the column's index for each.
 */
export function inJsonArray(column: SQLiteColumn | SQL, placeholder = 'keys'): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(placeholder)}))`;
}

/** The keys of a batch as the JSON array `inJsonArray` reads. */
export const jsonArray = (keys: readonly (string | number)[]): string => JSON.stringify(keys);

/**
 * `keys` as JSON arrays of at most `size` keys each, for a statement that reads its keys with
 * `json_each` and runs once per part: however many keys an import touched, each bound array (and
 * the list SQLite builds from it) stays small.
 */
export function* jsonArrayParts(keys: readonly (string | number)[], size: number): Generator<string> {
  for (let i = 0; i < keys.length; i += size) yield jsonArray(keys.slice(i, i + size));
}

/** Where one selected value goes in a result object: a column of the row, or a nested object. */
type RowPlan = ({ key: string; index: number; decode: ((value: unknown) => unknown) | null } | { key: string; nested: RowPlan })[];

/** What a prepared Drizzle select keeps of its selection (its `fields` are typed private). */
interface SelectionOf {
  fields?: { path: string[]; field: unknown }[];
  joinsNotNullableMap?: Record<string, boolean>;
}

interface DriverValueDecoder {
  mapFromDriverValue(value: unknown): unknown;
}

/** How Drizzle turns a selected value from the driver into its result value; null for as-is. */
function decoderOf(field: unknown): ((value: unknown) => unknown) | null {
  if (is(field, Column)) {
    // Columns that keep the driver's value (text, numbers) need no call per row; booleans, JSON do.
    if (field.mapFromDriverValue === Column.prototype.mapFromDriverValue) return null;
    return (value) => field.mapFromDriverValue(value);
  }
  // SQL keeps its decoder (`.mapWith()`) in a member its type does not show.
  const expression = is(field, SQL.Aliased) ? field.sql : field;
  if (!is(expression, SQL)) throw new Error('prepareRows: a selected field that is neither a column nor SQL');
  const decoder = (expression as unknown as { decoder: DriverValueDecoder }).decoder;
  return (value) => decoder.mapFromDriverValue(value);
}

function buildRow(row: unknown[], plan: RowPlan): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const step of plan) {
    if ('nested' in step) {
      result[step.key] = buildRow(row, step.nested);
    } else {
      const value = row[step.index];
      result[step.key] = value === null || step.decode === null ? value : step.decode(value);
    }
  }
  return result;
}

/**
 * A prepared select whose rows are shaped by a plan made once, where Drizzle's `all()` walks the
 * selection for every value of every row, checking each field's class and iterating its path:
 * for the five lists of a page of 20 papers (~350 rows) that walk was 0.5–0.9 ms of the 2.0–2.3 ms
 * they took (bench/README.md, "What the fourth round changed"). The rows are the ones `all()`
 * gives, value for value (test/db/prepared-rows.test.ts: every table, nested joins, decoders).
 * Inner joins only: Drizzle turns an outer join's missing row into null, which this does not, so a
 * select with one keeps Drizzle's mapping.
 */
export function prepareRows<Row>(prepared: { all(params?: Record<string, unknown>): Row[]; values(params?: Record<string, unknown>): unknown[][] }) {
  const { fields, joinsNotNullableMap } = prepared as unknown as SelectionOf;
  if (!fields || Object.values(joinsNotNullableMap ?? {}).some((notNull) => !notNull)) {
    return (params?: Record<string, unknown>): Row[] => prepared.all(params);
  }
  const plan: RowPlan = [];
  fields.forEach(({ path, field }, index) => {
    let level = plan;
    for (const key of path.slice(0, -1)) {
      let nested = level.find((step): step is { key: string; nested: RowPlan } => step.key === key && 'nested' in step);
      if (!nested) level.push((nested = { key, nested: [] }));
      level = nested.nested;
    }
    level.push({ key: path.at(-1)!, index, decode: decoderOf(field) });
  });
  return (params?: Record<string, unknown>): Row[] => prepared.values(params).map((row) => buildRow(row, plan) as Row);
}

const dialect = new SQLiteSyncDialect();

/**
 * A statement written as SQL (not with the query builder), compiled once: call it with the values
 * of its `sql.placeholder`s. Rows come back as the driver makes them, one object per row, keyed by
 * the column names (or aliases) of the SQL.
 */
export function compileSql<Row>(db: Db, statement: SQL): (values: Record<string, unknown>) => Row[] {
  const query = dialect.sqlToQuery(statement);
  const compiled = db.$client.prepare(query.sql);
  // The connection hands this statement to any later `prepare` of the same text; whoever uses it
  // there may leave it returning arrays, so the row mode is set at every run.
  return (values) => compiled.raw(false).all(...fillPlaceholders(query.params, values)) as Row[];
}
