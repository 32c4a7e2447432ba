/** Reading authors: lookups and the bylines of papers (one statement per batch). */
import { eq } from 'drizzle-orm';
import { authors, paperAuthors, type AuthorRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { inJsonArray, jsonArray, perConnection, prepareRows } from '../prepared.ts';

const authorsByIds = perConnection((db) => prepareRows(db.select().from(authors).where(inJsonArray(authors.id)).prepare()));

export function getAuthorsByIds(db: Db, ids: readonly number[]): AuthorRow[] {
  return authorsByIds(db)({ keys: jsonArray(ids) });
}

const paperAuthorLists = perConnection((db) =>
  prepareRows(
    db
      .select({ paperId: paperAuthors.paperId, author: authors })
      .from(paperAuthors)
      .innerJoin(authors, eq(authors.id, paperAuthors.authorId))
      .where(inJsonArray(paperAuthors.paperId))
      .orderBy(paperAuthors.paperId, paperAuthors.position)
      .prepare(),
  ),
);

/** The authors of each paper in byline order. */
export function listPaperAuthors(db: Db, paperIds: readonly number[]) {
  return paperAuthorLists(db)({ keys: jsonArray(paperIds) });
}
