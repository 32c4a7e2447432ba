/**
 * Ranked full-text search over titles and abstracts with FTS5: bm25 ranking with the title
 * weighted above the abstract, and highlighted snippets. Ranked results page by offset (a rank
 * has no stable key to seek on); the reachable window is capped by the caller.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PaperRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { PAPER_COLUMNS, paperFilterConditions, type PaperFilter } from './papers.ts';

/** bm25 column weights: a match in the title counts this many times one in the abstract. */
export const TITLE_WEIGHT = 5;
/** Words of context in an abstract snippet. */
export const SNIPPET_TOKENS = 32;

// Control characters mark matches inside SQLite; the caller escapes the text, then turns them into
// HTML. (Imported text never contains them: normalise.ts strips control characters.)
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

export interface SearchHit {
  paper: PaperRow;
  /** Higher is better (the negated bm25 score). */
  score: number;
  titleHighlight: string;
  abstractSnippet: string;
}

function searchWhere(ftsQuery: string, filter: PaperFilter): SQL {
  return sql.join([sql`papers_fts match ${ftsQuery}`, ...paperFilterConditions(filter)], sql` and `);
}

export function searchPapers(db: Db, ftsQuery: string, filter: PaperFilter, limit: number, offset: number): SearchHit[] {
  const rows = db.all<PaperRow & { score: number; titleHighlight: string; abstractSnippet: string }>(sql`
    select ${PAPER_COLUMNS},
      -bm25(papers_fts, ${TITLE_WEIGHT}, 1.0) as score,
      highlight(papers_fts, 0, ${MATCH_START}, ${MATCH_END}) as titleHighlight,
      snippet(papers_fts, 1, ${MATCH_START}, ${MATCH_END}, '…', ${SNIPPET_TOKENS}) as abstractSnippet
    from papers_fts join papers p on p.id = papers_fts.rowid
    where ${searchWhere(ftsQuery, filter)}
    order by bm25(papers_fts, ${TITLE_WEIGHT}, 1.0), p.id
    limit ${limit} offset ${offset}`);
  return rows.map(({ score, titleHighlight, abstractSnippet, ...paper }) => ({ paper, score, titleHighlight, abstractSnippet }));
}

export function countSearchHits(db: Db, ftsQuery: string, filter: PaperFilter): number {
  return db.get<{ n: number }>(sql`
    select count(*) as n from papers_fts join papers p on p.id = papers_fts.rowid
    where ${searchWhere(ftsQuery, filter)}`)!.n;
}
