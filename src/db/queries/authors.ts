/** Reading authors: lookups and the bylines of papers (one statement per batch). */
import { eq, inArray } from 'drizzle-orm';
import { authors, paperAuthors, type AuthorRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';

export function getAuthorsByIds(db: Db, ids: readonly number[]): AuthorRow[] {
  return db.select().from(authors).where(inArray(authors.id, [...ids])).all();
}

/** The authors of each paper in byline order. */
export function listPaperAuthors(db: Db, paperIds: readonly number[]) {
  return db
    .select({ paperId: paperAuthors.paperId, author: authors })
    .from(paperAuthors)
    .innerJoin(authors, eq(authors.id, paperAuthors.authorId))
    .where(inArray(paperAuthors.paperId, [...paperIds]))
    .orderBy(paperAuthors.paperId, paperAuthors.position)
    .all();
}
