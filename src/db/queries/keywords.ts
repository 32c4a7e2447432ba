/** Reading keywords: lookups, prefix listings, and the keywords of papers (one statement per batch). */
import { desc, eq, gte, lt, sql } from 'drizzle-orm';
import { keywords, paperKeywords, type KeywordRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { countTable, pageTable, UNFILTERED, type KeysetPage, type ListingFilter, type SortKey } from '../keyset.ts';
import { inJsonArray, jsonArray, perConnection, prepareRows } from '../prepared.ts';

export const KEYWORD_ORDERS = {
  PAPER_COUNT_DESC: [
    { expr: sql`${keywords.paperCount}`, direction: 'desc', value: (r) => r.paperCount },
    { expr: sql`${keywords.termKey}`, direction: 'asc', value: (r) => r.termKey },
  ],
  TERM_ASC: [{ expr: sql`${keywords.termKey}`, direction: 'asc', value: (r) => r.termKey }],
} satisfies Record<string, SortKey<KeywordRow>[]>;

export type KeywordOrder = keyof typeof KEYWORD_ORDERS;

/** `termKey` starts with `prefix` (already normalised), as an index range rather than LIKE. */
function keywordFilter(prefix: string | undefined): ListingFilter {
  if (!prefix) return UNFILTERED;
  return {
    shape: 'prefix',
    where: () => [gte(keywords.termKey, sql.placeholder('from')), lt(keywords.termKey, sql.placeholder('to'))],
    params: { from: prefix, to: `${prefix}\u{10FFFF}` },
  };
}

export function listKeywords(db: Db, prefix: string | undefined, order: KeywordOrder, page: KeysetPage) {
  return pageTable(db, keywords, keywordFilter(prefix), KEYWORD_ORDERS, order, page);
}

export function countKeywords(db: Db, prefix: string | undefined): number {
  return countTable(db, keywords, keywordFilter(prefix), 'keywordCount');
}

const keywordsByIds = perConnection((db) => prepareRows(db.select().from(keywords).where(inJsonArray(keywords.id)).prepare()));
const keywordsByTermKeys = perConnection((db) => prepareRows(db.select().from(keywords).where(inJsonArray(keywords.termKey)).prepare()));

export function getKeywordsByIds(db: Db, ids: readonly number[]): KeywordRow[] {
  return keywordsByIds(db)({ keys: jsonArray(ids) });
}

export function getKeywordsByTermKeys(db: Db, termKeys: readonly string[]): KeywordRow[] {
  return keywordsByTermKeys(db)({ keys: jsonArray(termKeys) });
}

/** A keyword as a paper's list holds it (see `AuthorBrief`). */
export type KeywordBrief = Pick<KeywordRow, 'id' | 'term'>;

const paperKeywordLists = perConnection((db) =>
  prepareRows(
    db
      .select({ paperId: paperKeywords.paperId, keyword: { id: keywords.id, term: keywords.term }, weight: paperKeywords.weight })
      .from(paperKeywords)
      .innerJoin(keywords, eq(keywords.id, paperKeywords.keywordId))
      .where(inJsonArray(paperKeywords.paperId))
      .orderBy(paperKeywords.paperId, desc(paperKeywords.weight), keywords.termKey)
      .prepare(),
  ),
);

/** The keywords of each paper, most important first. */
export function listPaperKeywords(db: Db, paperIds: readonly number[]) {
  return paperKeywordLists(db)({ keys: jsonArray(paperIds) });
}
