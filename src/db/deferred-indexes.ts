/**
 * Indexes dropped for a bulk write and rebuilt after it: building an index once, from sorted
 * keys, is much cheaper than inserting a million keys into it at random (bench/README.md). Both
 * the import's writes and the related-papers recompute do this, inside their transaction, so a
 * reader never sees a table without its index.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** An index's name and the statement that creates it again. */
export interface SavedIndex {
  name: string;
  sql: string;
}

/** Drops those of `names` that exist, returning their definitions for `restoreIndexes`. */
export function dropIndexes(db: Db, names: readonly string[]): SavedIndex[] {
  if (!names.length) return [];
  const list = sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  );
  const saved = db.all<SavedIndex>(sql`select name, sql from sqlite_master where type = 'index' and name in (${list})`);
  for (const { name } of saved) db.run(sql`drop index ${sql.identifier(name)}`);
  return saved;
}

/** Creates the dropped indexes again. */
export function restoreIndexes(db: Db, saved: readonly SavedIndex[]): void {
  for (const index of saved) db.run(sql.raw(index.sql));
}
