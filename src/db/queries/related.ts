/** Reading related papers: each paper's stored list (src/db/related.ts computes them), one statement per batch. */
import { eq } from 'drizzle-orm';
import { paperRelated, papers, type PaperRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { inJsonArray, jsonArray, perConnection, prepareRows } from '../prepared.ts';

export interface RelatedPaperRow {
  paperId: number;
  paper: PaperRow;
  score: number;
}

/** The related papers of each paper, most similar first, with the related paper's row. */
export function listRelatedPapers(db: Db, paperIds: readonly number[]): RelatedPaperRow[] {
  return relatedPaperLists(db)({ keys: jsonArray(paperIds) });
}

const relatedPaperLists = perConnection((db) =>
  prepareRows(
    db
      .select({ paperId: paperRelated.paperId, paper: papers, score: paperRelated.score })
      .from(paperRelated)
      .innerJoin(papers, eq(papers.id, paperRelated.relatedPaperId))
      .where(inJsonArray(paperRelated.paperId))
      .orderBy(paperRelated.paperId, paperRelated.rank)
      .prepare(),
  ),
);
