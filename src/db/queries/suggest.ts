/**
 * Search-as-you-type: topics, keywords, repositories and paper titles starting with what was
 * typed. Every lookup reads a bounded number of rows, whatever the size of the catalogue.
 *
 * Keywords and repositories are ranked by how many papers they have, exactly, by one of two
 * reads, chosen by first counting the prefix's keys up to `cap` in an index (0.1 ms for 2,000
 * at a million papers). A prefix that at most `cap` keys share is ranked from its whole range,
 * on an index that holds each key with its count, sorted inside SQLite; only the winners' rows
 * are read. A more common prefix ("a", "co") is ranked by walking the paper-count index from
 * the top and keeping the keys that start with it; since at least one key in `N / cap` starts
 * with it, the walk reads on the order of `limit × N / cap` entries before it has `limit` of
 * them. The two costs meet near `cap = √(limit × N)` (2,000 for five suggestions among 800,000
 * keywords); a fixed cap of 400 sent prefixes like "zx" (936 keywords at a million papers, all
 * near the bottom of the counts) down a walk of most of the index.
 *
 * Topics are few (thousands at most) and matched on any word of their name, which no index
 * answers: they are matched in memory, from a list read once per catalogue version.
 */
import { sql } from 'drizzle-orm';
import type { KeywordRow, PaperRow, RepositoryRow, TopicRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { perConnection } from '../prepared.ts';
import { PAPER_COLUMNS } from './papers.ts';

/** The smallest `cap` (see the module comment): below it a range read costs next to nothing. */
const MIN_RANGE_READ = 400;

/** Keys to read from a prefix's range before walking the paper-count index instead. */
export function rangeReadCap(limit: number, keyCount: number): number {
  return Math.max(MIN_RANGE_READ, Math.ceil(Math.sqrt(limit * keyCount)));
}

/** The end of a prefix range: every string starting with `prefix` sorts below it. */
const rangeEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

/** `prefix` as a LIKE pattern matching strings that start with it. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** What the suggestions of one call depend on, read once for all its kinds. */
export interface SuggestScope {
  version: number;
  keywordCount: number;
  repositoryCount: number;
}

const scopeStatement = perConnection((db) =>
  db.$client.prepare<[], SuggestScope>(
    'select version, keyword_count as keywordCount, repository_count as repositoryCount from catalogue_state where id = 1',
  ),
);

export function getSuggestScope(db: Db): SuggestScope {
  return scopeStatement(db).get() ?? { version: 0, keywordCount: 0, repositoryCount: 0 };
}

/**
 * The keys with the most papers among those in a prefix's range, by the strategy of the module
 * comment: `rangeSize(cap + 1)` counts the range's keys up to one more than `cap` (an index-only
 * count, cheap at any cap), then `ranked()` sorts the whole range in SQL or `walk()` takes the
 * top down the paper-count index.
 */
function topByPaperCount<Row>(rangeSize: (upTo: number) => number, ranked: () => Row[], walk: () => Row[], cap: number): Row[] {
  const size = rangeSize(cap + 1);
  if (size === 0) return [];
  return size > cap ? walk() : ranked();
}

interface TopicEntry {
  row: TopicRow;
  /** The name in lower case, as SQL's lower() makes it (ASCII letters only). */
  name: string;
}

/** Each connection's topics with papers, most papers first, and the version they were read at. */
const topicLists = perConnection((): { version: number; topics: TopicEntry[] } => ({ version: -1, topics: [] }));

function topicsByPaperCount(db: Db, version: number): TopicEntry[] {
  const cached = topicLists(db);
  if (cached.version === version) return cached.topics;
  const rows = db.all<TopicRow>(sql`select id, slug, name, description, parent_id as parentId, kind, paper_count as paperCount
    from topics where paper_count > 0 order by paper_count desc, id`);
  const topics = rows.map((row) => ({ row, name: row.name.replace(/[A-Z]+/g, (c) => c.toLowerCase()) }));
  Object.assign(cached, { version, topics });
  return topics;
}

/** Topics whose name has a word starting with `prefix` (folded), or whose slug does; most papers first. */
export function suggestTopics(db: Db, scope: SuggestScope, prefix: string, limit: number): TopicRow[] {
  const found: TopicRow[] = [];
  const wordStart = ` ${prefix}`;
  for (const { row, name } of topicsByPaperCount(db, scope.version)) {
    if (found.length === limit) break;
    if (name.startsWith(prefix) || name.includes(wordStart) || row.slug.startsWith(prefix)) found.push(row);
  }
  return found;
}

/** Keywords starting with `prefix` (a folded term key), most papers first, then by term. */
export function suggestKeywords(db: Db, scope: SuggestScope, prefix: string, limit: number, cap = rangeReadCap(limit, scope.keywordCount)): KeywordRow[] {
  const inRange = sql`term_key >= ${prefix} and term_key < ${rangeEnd(prefix)}`;
  return topByPaperCount(
    (upTo) => db.get<{ n: number }>(sql`select count(*) as n from (select 1 from keywords indexed by keywords_term_key_count_idx where ${inRange} limit ${upTo})`)!.n,
    // Ranked on the index's (term, count) entries; only the winners' rows are read.
    () =>
      db.all<KeywordRow>(sql`select k.id, k.term, k.term_key as termKey, k.paper_count as paperCount
        from (select id, paper_count, term_key from keywords indexed by keywords_term_key_count_idx where ${inRange}
          order by paper_count desc, term_key limit ${limit}) ranked
        join keywords k on k.id = ranked.id
        order by ranked.paper_count desc, ranked.term_key`),
    () =>
      db.all<KeywordRow>(sql`select id, term, term_key as termKey, paper_count as paperCount from keywords indexed by keywords_paper_count_idx
        where term_key like ${likePrefix(prefix)} escape '\\' order by paper_count desc, term_key limit ${limit}`),
    cap,
  );
}

const REPOSITORY_COLUMNS = sql.raw(`r.id, r.url, r.url_key as urlKey, r.host, r.owner, r.name, r.owner_key as ownerKey, r.stars, r.paper_count as paperCount`);

/**
 * Repositories whose owner or name starts with `prefix` (lower case), most papers first, then
 * oldest; or, for `owner/na…`, that owner's repositories whose name starts with the rest, read
 * down the owner's (owner, paper count) index, which is already in the order wanted.
 */
export function suggestRepositories(
  db: Db,
  scope: SuggestScope,
  prefix: string,
  limit: number,
  cap = rangeReadCap(limit, scope.repositoryCount),
): RepositoryRow[] {
  const slash = prefix.indexOf('/');
  if (slash >= 0) {
    const owner = prefix.slice(0, slash);
    const name = prefix.slice(slash + 1);
    return db.all<RepositoryRow>(sql`select ${REPOSITORY_COLUMNS} from repositories r indexed by repositories_owner_idx
      where owner_key = ${owner} and lower(name) >= ${name} and lower(name) < ${rangeEnd(name)}
      order by r.paper_count desc, r.id limit ${limit}`);
  }
  const inRange = sql`(owner_key >= ${prefix} and owner_key < ${rangeEnd(prefix)}) or (lower(name) >= ${prefix} and lower(name) < ${rangeEnd(prefix)})`;
  return topByPaperCount(
    (upTo) => db.get<{ n: number }>(sql`select count(*) as n from (select 1 from repositories where ${inRange} limit ${upTo})`)!.n,
    () =>
      db.all<RepositoryRow>(sql`select ${REPOSITORY_COLUMNS}
        from (select id, paper_count from repositories where ${inRange} order by paper_count desc, id limit ${limit}) ranked
        join repositories r on r.id = ranked.id
        order by ranked.paper_count desc, ranked.id`),
    () =>
      db.all<RepositoryRow>(sql`select ${REPOSITORY_COLUMNS} from repositories r indexed by repositories_paper_count_idx
        where (owner_key like ${likePrefix(prefix)} escape '\\' or lower(name) like ${likePrefix(prefix)} escape '\\')
        order by r.paper_count desc, r.id limit ${limit}`),
    cap,
  );
}

/** Papers whose title starts with `prefix` (a folded title key), by title. */
export function suggestPapers(db: Db, prefix: string, limit: number): PaperRow[] {
  return db.all<PaperRow>(sql`select ${PAPER_COLUMNS} from papers p
    where p.title_key >= ${prefix} and p.title_key < ${rangeEnd(prefix)} order by p.title_key, p.id limit ${limit}`);
}
