/**
 * Statements built once per connection. The API's loaders run the same few queries on every
 * request; building their SQL with the query builder each time cost a fifth of a cheap request
 * (bench/README.md), so each is built and compiled once per connection and only bound per call.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
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
 * `column in (…the values of a JSON array bound as `placeholder`)`: one statement text whatever
 * the number of keys, where `inArray` makes a new text (and a new compilation) for every batch
 * size. SQLite reads the array into a temporary list and searches the column's index for each.
 */
export function inJsonArray(column: SQLiteColumn | SQL, placeholder = 'keys'): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(placeholder)}))`;
}

/** The keys of a batch as the JSON array `inJsonArray` reads. */
export const jsonArray = (keys: readonly (string | number)[]): string => JSON.stringify(keys);
