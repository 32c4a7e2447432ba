/**
 * Search-as-you-type: topics, keywords, repositories and paper titles starting with what was
 * typed. Every lookup walks an index and reads a bounded number of rows, whatever the size of
 * the catalogue.
 *
 * Keywords and repositories are ranked by how many papers they have. A prefix that at most a
 * couple of thousand keys share is ranked exactly by reading all of them from an index that
 * holds each key with its count (no table reads). A more common prefix ("a", "co") is ranked by
 * walking the paper-count index from the top and keeping the keys that start with it, which
 * finds the best ones after a few thousand entries at most, precisely because the prefix is
 * common. Either way the answer is the exact top by paper count.
 */
import { inArray, sql, type SQL } from 'drizzle-orm';
import { keywords, repositories, type KeywordRow, type PaperRow, type RepositoryRow, type TopicRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { PAPER_COLUMNS } from './papers.ts';

/** Keys read from a prefix's range before ranking by the paper-count walk instead. */
const RANGE_READ_LIMIT = 400;

/** The end of a prefix range: every string starting with `prefix` sorts below it. */
const rangeEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

/** `prefix` as a LIKE pattern matching strings that start with it. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface SuggestLimits {
  /** Suggestions to return. */
  limit: number;
  /** Keys read from a prefix's range before ranking by the paper-count walk (changed by tests only). */
  rangeReadLimit: number;
}

interface RankedKey {
  id: number;
  paperCount: number;
  tieBreak: string | number;
}

/**
 * The rows of the `limit` keys with the most papers among those in a prefix's range, by the
 * strategy of the module comment: `range(cap)` reads up to `cap` ranked keys of the range,
 * `walk()` returns the top rows by the paper-count index, `rowsById` loads rows for ids.
 */
function topByPaperCount<Row extends { id: number }>(
  range: (cap: number) => RankedKey[],
  walk: () => Row[],
  rowsById: (ids: number[]) => Row[],
  { limit, rangeReadLimit }: SuggestLimits,
): Row[] {
  const keys = range(rangeReadLimit + 1);
  if (keys.length > rangeReadLimit) return walk();
  const top = keys
    .sort((a, b) => b.paperCount - a.paperCount || (a.tieBreak < b.tieBreak ? -1 : a.tieBreak > b.tieBreak ? 1 : 0))
    .slice(0, limit)
    .map((k) => k.id);
  if (!top.length) return [];
  const rows = new Map(rowsById(top).map((row) => [row.id, row]));
  return top.flatMap((id) => rows.get(id) ?? []);
}

/** Topics whose name has a word starting with `prefix` (folded), most papers first. Topics are few. */
export function suggestTopics(db: Db, prefix: string, limit: number): TopicRow[] {
  const pattern = likePrefix(prefix);
  return db.all<TopicRow>(sql`select id, slug, name, description, parent_id as parentId, kind, paper_count as paperCount
    from topics
    where paper_count > 0 and (lower(name) like ${pattern} escape '\\' or lower(name) like ${`% ${pattern}`} escape '\\'
      or slug like ${pattern} escape '\\')
    order by paper_count desc, id limit ${limit}`);
}

/** Keywords starting with `prefix` (a folded term key), most papers first, then by term. */
export function suggestKeywords(db: Db, prefix: string, limit: number, rangeReadLimit = RANGE_READ_LIMIT): KeywordRow[] {
  return topByPaperCount(
    (cap) =>
      db.all<RankedKey>(sql`select id, paper_count as paperCount, term_key as tieBreak from keywords indexed by keywords_term_key_count_idx
        where term_key >= ${prefix} and term_key < ${rangeEnd(prefix)} limit ${cap}`),
    () =>
      db.all<KeywordRow>(sql`select id, term, term_key as termKey, paper_count as paperCount from keywords indexed by keywords_paper_count_idx
        where term_key like ${likePrefix(prefix)} escape '\\' order by paper_count desc, term_key limit ${limit}`),
    (ids) => db.select().from(keywords).where(inArray(keywords.id, ids)).all(),
    { limit, rangeReadLimit },
  );
}

/**
 * Repositories whose owner or name starts with `prefix` (lower case), or, for `owner/na…`,
 * that owner's repositories whose name starts with the rest; most papers first, then oldest.
 */
export function suggestRepositories(db: Db, prefix: string, limit: number, rangeReadLimit = RANGE_READ_LIMIT): RepositoryRow[] {
  const slash = prefix.indexOf('/');
  const owner = prefix.slice(0, slash);
  const name = prefix.slice(slash + 1);
  const inRange: SQL =
    slash >= 0
      ? sql`owner_key = ${owner} and lower(name) >= ${name} and lower(name) < ${rangeEnd(name)}`
      : sql`(owner_key >= ${prefix} and owner_key < ${rangeEnd(prefix)}) or (lower(name) >= ${prefix} and lower(name) < ${rangeEnd(prefix)})`;
  const startsWith: SQL =
    slash >= 0
      ? sql`owner_key = ${owner} and lower(name) like ${likePrefix(name)} escape '\\'`
      : sql`(owner_key like ${likePrefix(prefix)} escape '\\' or lower(name) like ${likePrefix(prefix)} escape '\\')`;
  return topByPaperCount(
    (cap) => db.all<RankedKey>(sql`select id, paper_count as paperCount, id as tieBreak from repositories where ${inRange} limit ${cap}`),
    () =>
      db.all<RepositoryRow>(sql`select id, url, url_key as urlKey, host, owner, name, owner_key as ownerKey, stars, paper_count as paperCount
        from repositories indexed by repositories_paper_count_idx
        where ${startsWith} order by paper_count desc, id limit ${limit}`),
    (ids) => db.select().from(repositories).where(inArray(repositories.id, ids)).all(),
    { limit, rangeReadLimit },
  );
}

/** Papers whose title starts with `prefix` (a folded title key), by title. */
export function suggestPapers(db: Db, prefix: string, limit: number): PaperRow[] {
  return db.all<PaperRow>(sql`select ${PAPER_COLUMNS} from papers p
    where p.title_key >= ${prefix} and p.title_key < ${rangeEnd(prefix)} order by p.title_key, p.id limit ${limit}`);
}
