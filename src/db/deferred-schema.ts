/**
 * Indexes and triggers set aside for a bulk write and created again after it, inside its
 * transaction, so a reader never sees a table without them:
 * - an index is built once from sorted keys, much cheaper than inserting a million keys into it at
 *   random (bench/README.md); both the import's writes and the related-papers recompute do this;
 * - a trigger on a table makes SQLite open a statement journal for every write to it, copying each
 *   page the write touches; an import sets aside the full-text insert trigger, which would not fire
 *   for its papers anyway (they are indexed in bulk), and the update trigger, whose one-paper
 *   re-indexing made FTS5 write and merge a segment per statement (changed texts are re-indexed
 *   together at the end instead).
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** An index's or trigger's name and the statement that creates it again. */
export interface SavedDefinition {
  name: string;
  sql: string;
}

/** Drops those of the indexes `names` that exist, returning their definitions for `restoreDefinitions`. */
export function dropIndexes(db: Db, names: readonly string[]): SavedDefinition[] {
  return dropSchemaObjects(db, 'index', names);
}

/** Drops those of the triggers `names` that exist, returning their definitions for `restoreDefinitions`. */
export function dropTriggers(db: Db, names: readonly string[]): SavedDefinition[] {
  return dropSchemaObjects(db, 'trigger', names);
}

/** Creates the dropped indexes or triggers again. */
export function restoreDefinitions(db: Db, saved: readonly SavedDefinition[]): void {
  for (const definition of saved) db.run(sql.raw(definition.sql));
}

function dropSchemaObjects(db: Db, type: 'index' | 'trigger', names: readonly string[]): SavedDefinition[] {
  if (!names.length) return [];
  const list = sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  );
  const saved = db.all<SavedDefinition>(sql`select name, sql from sqlite_master where type = ${type} and name in (${list})`);
  for (const { name } of saved) db.run(sql`drop ${sql.raw(type)} ${sql.identifier(name)}`);
  return saved;
}
