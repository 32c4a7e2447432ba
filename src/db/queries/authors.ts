/** Reading authors: lookups and the bylines of papers (one statement per batch). */
import { eq } from 'drizzle-orm';
import { authors, paperAuthors, type AuthorRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { inJsonArray, jsonArray, perConnection, prepareRows } from '../prepared.ts';

const authorsByIds = perConnection((db) => prepareRows(db.select().from(authors).where(inJsonArray(authors.id)).prepare()));

export function getAuthorsByIds(db: Db, ids: readonly number[]): AuthorRow[] {
  return authorsByIds(db)({ keys: jsonArray(ids) });
}

/**
 * An author as a byline lists it. A paper's lists read only the columns most clients ask of them,
 * since building each value of each row is much of what such a list costs; a field that needs
 * the rest reads the whole row by id (`columnOf` in src/graphql/whole-row.ts).
 */
export type AuthorBrief = Pick<AuthorRow, 'id' | 'name'>;

const paperAuthorLists = perConnection((db) =>
  prepareRows(
    db
      .select({ paperId: paperAuthors.paperId, author: { id: authors.id, name: authors.name } })
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
