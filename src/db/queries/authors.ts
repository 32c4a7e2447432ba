/** Reading authors: lookups and the bylines of papers (one statement per batch). */
import { eq } from 'drizzle-orm';
import { authors, paperAuthors, type AuthorRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { inJsonArray, jsonArray, perConnection } from '../prepared.ts';

const authorsByIds = perConnection((db) => db.select().from(authors).where(inJsonArray(authors.id)).prepare());

export function getAuthorsByIds(db: Db, ids: readonly number[]): AuthorRow[] {
  return authorsByIds(db).all({ keys: jsonArray(ids) });
}

const paperAuthorLists = perConnection((db) =>
  db
    .select({ paperId: paperAuthors.paperId, author: authors })
    .from(paperAuthors)
    .innerJoin(authors, eq(authors.id, paperAuthors.authorId))
    .where(inJsonArray(paperAuthors.paperId))
    .orderBy(paperAuthors.paperId, paperAuthors.position)
    .prepare(),
);

/** The authors of each paper in byline order. */
export function listPaperAuthors(db: Db, paperIds: readonly number[]) {
  return paperAuthorLists(db).all({ keys: jsonArray(paperIds) });
}
