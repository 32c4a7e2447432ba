/**
 * Reading papers: lookups by key, and filtered, ordered, keyset-paged lists. Every list query is
 * one statement whatever the number of requests it answers (see `listPapers`).
 */
import { or, sql, type SQL } from 'drizzle-orm';
import { papers, type PaperRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { byShape, compileSql, inJsonArray, jsonArray, perConnection, prepareRows } from '../prepared.ts';
import { getCatalogueSize } from './catalogue.ts';
import {
  bindCursor,
  bindPlaceholder,
  compareValues,
  cursorShape,
  keyValues,
  finishPage,
  keysetCondition,
  keysetOrderBy,
  rowValueAfter,
  type Direction,
  UNFILTERED,
  type KeysetPage,
  type KeysetResult,
  type KeyValue,
  type ListingFilter,
  type SortKey,
} from '../keyset.ts';

/** Selects a full PaperRow from `papers p`, so raw SQL and Drizzle queries return one shape. */
export const PAPER_COLUMNS = sql`p.id as id, p.slug as slug, p.arxiv_id as arxivId, p.title_key as titleKey,
  p.title as title, p.abstract as abstract, p.url as url, p.pdf_url as pdfUrl,
  p.published_at as publishedAt, p.created_at as createdAt, p.updated_at as updatedAt,
  p.changed_version as changedVersion`;

const byId: SortKey<PaperRow> = { expr: sql`p.id`, direction: 'desc', value: (r) => r.id };

/** The orders papers can be listed in; each ends with the id so that it is total. */
export const PAPER_ORDERS = {
  PUBLISHED_AT_DESC: [{ expr: sql`p.published_at`, direction: 'desc', value: (r) => r.publishedAt }, byId],
  PUBLISHED_AT_ASC: [
    { expr: sql`p.published_at`, direction: 'asc', value: (r) => r.publishedAt },
    { ...byId, direction: 'asc' },
  ],
  TITLE_ASC: [
    { expr: sql`p.title_key`, direction: 'asc', value: (r) => r.titleKey },
    { ...byId, direction: 'asc' },
  ],
  CHANGED_ASC: [
    { expr: sql`p.changed_version`, direction: 'asc', value: (r) => r.changedVersion },
    { ...byId, direction: 'asc' },
  ],
} satisfies Record<string, SortKey<PaperRow>[]>;

export type PaperOrder = keyof typeof PAPER_ORDERS;

/** Conditions on papers, combined with AND. Undefined fields do not constrain. */
export interface PaperFilter {
  /** In this topic or any of its sub-topics. */
  topicId?: number;
  /** An FTS5 expression (see fts-query.ts) over title and abstract; null matches nothing. */
  fullText?: string | null;
  keywordId?: number;
  /** Lower-case `host/owner/name`. */
  repositoryKey?: string;
  repositoryId?: number;
  /** Lower-case owner of a linked repository (any host). */
  repositoryOwnerKey?: string;
  hasCode?: boolean;
  /** Folded author name (see normalise.ts `nameKey`). */
  authorKey?: string;
  authorId?: number;
  /** Inclusive ISO dates. */
  publishedFrom?: string;
  publishedTo?: string;
  /** Added or changed by an import after this catalogue version. */
  changedAfterVersion?: number;
  /**
   * Conditions on one code link of the paper, all met by the same link: the authors' own code,
   * in this framework (lower-case), in a repository with at least this many stars.
   */
  code?: { official?: boolean; framework?: string; minStars?: number };
}

/** A repository's id from its key, as a scalar subquery (NULL, which matches nothing, when unknown). */
const repositoryIdByKey = (key: unknown): SQL => sql`(select id from repositories where url_key = ${key})`;

/**
 * How a filter's value enters its SQL: bound as itself, or as a named placeholder (recording the
 * value under that name), so that one statement compiled per shape serves every value.
 */
type BindValue = (name: string, value: unknown) => unknown;

/**
 * The conditions of `f` on `papers p`, and its shape: one token per condition, naming the SQL it
 * adds (which fields are given, and those whose value changes the SQL, such as `hasCode`). Two
 * filters of the same shape have the same SQL but for bound values.
 */
function filterConditions(f: PaperFilter, bind: BindValue): { where: SQL[]; shape: string[] } {
  const where: SQL[] = [];
  const shape: string[] = [];
  const add = (token: string, condition: SQL) => {
    shape.push(token);
    where.push(condition);
  };
  if (f.topicId !== undefined) {
    // topic_papers holds each topic's papers with its sub-topics' (kept at import): the same set
    // the topic's pages and counts read.
    add('topic', sql`p.id in (select paper_id from topic_papers where topic_id = ${bind('topicId', f.topicId)})`);
  }
  if (f.fullText === null) add('nothing', sql`0`);
  else if (f.fullText !== undefined) add('text', sql`p.id in (select rowid from papers_fts where papers_fts match ${bind('fullText', f.fullText)})`);
  if (f.keywordId !== undefined) add('keyword', sql`p.id in (select paper_id from paper_keywords where keyword_id = ${bind('keywordId', f.keywordId)})`);
  // repository_papers holds each repository's papers (kept at import): the set its pages and
  // counts read.
  if (f.repositoryKey !== undefined) {
    add('repositoryKey', sql`p.id in (select paper_id from repository_papers where repository_id = ${repositoryIdByKey(bind('repositoryKey', f.repositoryKey))})`);
  }
  if (f.repositoryId !== undefined) {
    add('repository', sql`p.id in (select paper_id from repository_papers where repository_id = ${bind('repositoryId', f.repositoryId)})`);
  }
  if (f.repositoryOwnerKey !== undefined) {
    add('owner', sql`p.id in (select pr.paper_id from repositories r join paper_repositories pr on pr.repository_id = r.id
      where r.owner_key = ${bind('repositoryOwnerKey', f.repositoryOwnerKey)})`);
  }
  if (f.hasCode !== undefined) {
    if (f.hasCode) add('code', sql`exists (select 1 from paper_repositories pr where pr.paper_id = p.id)`);
    else add('noCode', sql`not exists (select 1 from paper_repositories pr where pr.paper_id = p.id)`);
  }
  if (f.authorKey !== undefined) {
    add('authorKey', sql`p.id in (select pa.paper_id from paper_authors pa join authors a on a.id = pa.author_id where a.name_key = ${bind('authorKey', f.authorKey)})`);
  }
  if (f.authorId !== undefined) add('author', sql`p.id in (select paper_id from paper_authors where author_id = ${bind('authorId', f.authorId)})`);
  if (f.publishedFrom !== undefined) add('from', sql`p.published_at >= ${bind('publishedFrom', f.publishedFrom)}`);
  if (f.publishedTo !== undefined) add('to', sql`p.published_at <= ${bind('publishedTo', f.publishedTo)}`);
  if (f.changedAfterVersion !== undefined) add('changed', sql`p.changed_version > ${bind('changedAfterVersion', f.changedAfterVersion)}`);
  if (f.code) {
    const link = [sql`pr.paper_id = p.id`];
    const token = ['link'];
    if (f.code.official) {
      link.push(sql`pr.is_official = 1`);
      token.push('official');
    }
    if (f.code.framework !== undefined) {
      link.push(sql`lower(pr.framework) = ${bind('framework', f.code.framework)}`);
      token.push('framework');
    }
    if (f.code.minStars !== undefined) {
      link.push(sql`r.stars >= ${bind('minStars', f.code.minStars)}`);
      token.push('stars');
    }
    add(token.join('+'), sql`exists (select 1 from paper_repositories pr join repositories r on r.id = pr.repository_id
      where ${sql.join(link, sql` and `)})`);
  }
  return { where, shape };
}

const bindAsValue: BindValue = (_, value) => value;

/** The conditions of `f` on `papers p`, its values bound in place; none for no filter. */
export function paperFilterConditions(f: PaperFilter): SQL[] {
  return filterConditions(f, bindAsValue).where;
}

/**
 * The filter as the listings' `ListingFilter`: its SQL with named placeholders (`f_<field>`), the
 * shape naming that SQL, and the values; `UNFILTERED` when nothing constrains.
 */
function paperListingFilter(f: PaperFilter): ListingFilter {
  const params: Record<string, unknown> = {};
  const { where, shape } = filterConditions(f, (name, value) => {
    params[`f_${name}`] = value;
    return sql.placeholder(`f_${name}`);
  });
  return where.length ? { shape: shape.join(','), where: () => where, params } : UNFILTERED;
}

export interface PaperListRequest {
  filter: PaperFilter;
  order: PaperOrder;
  page: KeysetPage;
}

/**
 * A table holding each owner's papers (a topic's, sub-topics' included, or a repository's) in
 * listing order, keyed (owner, published_at, paper_id) `WITHOUT ROWID` (migrations 0009 and 0012),
 * and the table of owners whose `paper_count` counts its rows. Unknown dates are stored as '',
 * which sorts where NULL does, so the pages and cursors are those of the general path.
 */
interface KeyedListing {
  table: string;
  /** Short name of the table in the statement (what a query plan calls it). */
  alias: string;
  ownerColumn: string;
  owners: string;
}

const TOPIC_PAPERS: KeyedListing = { table: 'topic_papers', alias: 'tp', ownerColumn: 'topic_id', owners: 'topics' };
const REPOSITORY_PAPERS: KeyedListing = { table: 'repository_papers', alias: 'rp', ownerColumn: 'repository_id', owners: 'repositories' };

/** A keyed listing and its owner, named by id or (a repository) by URL key. */
interface KeyedOwner {
  listing: KeyedListing;
  by: 'id' | 'urlKey';
  owner: number | string;
}

/**
 * The keyed listing a filter reads when it names one owner and nothing else; undefined when the
 * filter needs the general path.
 */
function keyedOwner(filter: PaperFilter): KeyedOwner | undefined {
  const given = Object.entries(filter).filter(([, value]) => value !== undefined);
  if (given.length !== 1) return undefined;
  const [field, value] = given[0]!;
  if (field === 'topicId') return { listing: TOPIC_PAPERS, by: 'id', owner: value as number };
  if (field === 'repositoryId') return { listing: REPOSITORY_PAPERS, by: 'id', owner: value as number };
  if (field === 'repositoryKey') return { listing: REPOSITORY_PAPERS, by: 'urlKey', owner: value as string };
  return undefined;
}

/** The owner's id in SQL, from `owner` (a value, or a placeholder) as the listing names it. */
const ownerId = (by: KeyedOwner['by'], owner: unknown): SQL => (by === 'urlKey' ? repositoryIdByKey(owner) : sql`${owner}`);

const isDateOrder = (order: PaperOrder): boolean => order === 'PUBLISHED_AT_DESC' || order === 'PUBLISHED_AT_ASC';

/** The direction a request reads a keyed listing in. */
function readingOf(request: PaperListRequest): Direction {
  const direction: Direction = request.order === 'PUBLISHED_AT_ASC' ? 'asc' : 'desc';
  return request.page.backward ? (direction === 'asc' ? 'desc' : 'asc') : direction;
}

/**
 * One owner's papers by date from its keyed listing, whose key is the order itself: the page
 * reads only the rows it returns, after a cursor or not. `owner`, `after` and `limit` are values
 * or placeholders.
 */
function keyedListingStatement(
  listing: KeyedListing,
  owner: SQL,
  reading: Direction,
  after: readonly [unknown, unknown] | null,
  limit: unknown,
  tag: SQL,
): SQL {
  const k = sql.identifier(listing.alias);
  const columns = [sql`${k}.published_at`, sql`${k}.paper_id`];
  const afterCursor = after ? sql` and ${rowValueAfter(columns, reading, after)}` : sql``;
  const order = sql.join(columns.map((c) => sql`${c} ${sql.raw(reading)}`), sql`, `);
  return sql`select ${tag}${PAPER_COLUMNS} from ${sql.identifier(listing.table)} ${k} join papers p on p.id = ${k}.paper_id
    where ${k}.${sql.identifier(listing.ownerColumn)} = ${owner}${afterCursor}
    order by ${order} limit ${limit}`;
}

/** A cursor's key values as a keyed listing stores them (no date is ''). */
const keyedCursor = (after: readonly KeyValue[]): [KeyValue, KeyValue] => [after[0] ?? '', after[1] ?? 0];

/**
 * One request's page, values in place, for the statement that answers several requests at once;
 * `index` tags each row with the request it answers (`_request`).
 */
function listStatement(request: PaperListRequest, index: number): SQL {
  const tag = sql`${index} as _request, `;
  const keyed = isDateOrder(request.order) ? keyedOwner(request.filter) : undefined;
  const { page } = request;
  if (keyed) {
    const after = page.after ? keyedCursor(page.after) : null;
    return keyedListingStatement(keyed.listing, ownerId(keyed.by, keyed.owner), readingOf(request), after, page.limit + 1, tag);
  }
  return generalStatement(paperFilterConditions(request.filter), request.order, page, tag, keysetCondition(PAPER_ORDERS[request.order], page), page.limit + 1);
}

/** `where` and its conditions joined with AND (the undefined ones left out); nothing for none. */
function generalWhere(conditions: readonly (SQL | undefined)[]): SQL {
  const given = conditions.filter((c): c is SQL => c !== undefined);
  return given.length ? sql`where ${sql.join(given, sql` and `)}` : sql``;
}

/** Papers matching `where`, in `order`, after the cursor condition `after`, at most `limit`. */
function generalStatement(where: readonly (SQL | undefined)[], order: PaperOrder, page: KeysetPage, tag: SQL, after: SQL | undefined, limit: unknown): SQL {
  return sql`select ${tag}${PAPER_COLUMNS} from papers p ${generalWhere([...where, after])}
    order by ${keysetOrderBy(PAPER_ORDERS[order], page.backward)} limit ${limit}`;
}

const generalPages = byShape<(values: Record<string, unknown>) => PaperRow[]>();

/**
 * A page of papers by any filter and order: the statement is compiled once for each filter shape,
 * order, direction and cursor shape, then only bound (as `keyedPage` and the other listings).
 */
function generalPage(db: Db, request: PaperListRequest): PaperRow[] {
  const { page, order } = request;
  const filter = paperListingFilter(request.filter);
  const shape = `${filter.shape}|${order}|${page.backward ? 'b' : 'f'}|${cursorShape(page)}`;
  const run = generalPages(db, shape, () =>
    compileSql<PaperRow>(db, generalStatement(filter.where(), order, page, sql``, keysetCondition(PAPER_ORDERS[order], page, bindPlaceholder), sql.placeholder('limit'))),
  );
  return run(bindCursor(page, { ...filter.params }));
}

const keyedPages = byShape<(values: Record<string, unknown>) => PaperRow[]>();

/**
 * A page of one owner's papers: what a topic's or a repository's page asks. Its statement is
 * compiled once for each listing, owner kind, direction and cursor presence, then only bound;
 * building it per request cost a third as much as running it (bench/README.md, "Fifth round").
 */
function keyedPage(db: Db, keyed: KeyedOwner, request: PaperListRequest): PaperRow[] {
  const { page } = request;
  const reading = readingOf(request);
  const shape = `${keyed.listing.table}|${keyed.by}|${reading}|${page.after ? 'after' : 'first'}`;
  const run = keyedPages(db, shape, () => {
    const after = page.after ? ([sql.placeholder('afterDate'), sql.placeholder('afterId')] as const) : null;
    const owner = ownerId(keyed.by, sql.placeholder('owner'));
    return compileSql<PaperRow>(db, keyedListingStatement(keyed.listing, owner, reading, after, sql.placeholder('limit'), sql``));
  });
  const [afterDate, afterId] = page.after ? keyedCursor(page.after) : [null, null];
  return run({ owner: keyed.owner, afterDate, afterId, limit: page.limit + 1 });
}

function compareKeys(a: KeyValue[], b: KeyValue[], keys: readonly SortKey<PaperRow>[]): number {
  for (let i = 0; i < keys.length; i++) {
    const cmp = compareValues(a[i] ?? null, b[i] ?? null);
    if (cmp) return keys[i]!.direction === 'asc' ? cmp : -cmp;
  }
  return 0;
}

/**
 * Answers any number of list requests with one statement: each request is its own indexed,
 * limited sub-select, joined with UNION ALL. This is what lets a page of topics each show its
 * papers without a query per topic.
 */
export function listPapers(db: Db, requests: readonly PaperListRequest[]): KeysetResult<PaperRow>[] {
  if (!requests.length) return [];
  // A single request's rows come back in its reading order: nothing to group or sort.
  if (requests.length === 1) {
    const request = requests[0]!;
    const keyed = isDateOrder(request.order) ? keyedOwner(request.filter) : undefined;
    const rows = keyed ? keyedPage(db, keyed, request) : generalPage(db, request);
    return [finishPage(rows, request.page)];
  }
  const statement = sql.join(requests.map((r, i) => sql`select * from (${listStatement(r, i)})`), sql` union all `);
  const rows = db.all<PaperRow & { _request: number }>(statement);
  const grouped: { row: PaperRow; key: KeyValue[] }[][] = requests.map(() => []);
  for (const { _request, ...row } of rows) {
    grouped[_request]!.push({ row, key: keyValues(PAPER_ORDERS[requests[_request]!.order], row) });
  }
  return requests.map((request, i) => {
    const keys = PAPER_ORDERS[request.order];
    // UNION ALL does not promise to keep each arm's order, so restore it.
    const sorted = grouped[i]!.sort((a, b) => {
      const cmp = compareKeys(a.key, b.key, keys);
      return request.page.backward ? -cmp : cmp;
    });
    return finishPage(sorted.map((entry) => entry.row), request.page);
  });
}

/** Papers matching `filter`; all papers, or a topic's, come from the counts kept at import time. */
export function countPapers(db: Db, filter: PaperFilter): number {
  const listing = paperListingFilter(filter);
  if (listing === UNFILTERED) return getCatalogueSize(db, 'paperCount');
  const keyed = keyedOwner(filter);
  if (keyed) return ownerPaperCount(db, keyed);
  const run = filteredCounts(db, listing.shape, () => compileSql<{ n: number }>(db, sql`select count(*) as n from papers p ${generalWhere(listing.where())}`));
  return run(listing.params)[0]!.n;
}

const filteredCounts = byShape<(values: Record<string, unknown>) => { n: number }[]>();

const ownerCounts = byShape<(values: Record<string, unknown>) => { n: number }[]>();

/** An owner's paper count, kept at import time: the size of its keyed listing. */
function ownerPaperCount(db: Db, keyed: KeyedOwner): number {
  const run = ownerCounts(db, `${keyed.listing.owners}|${keyed.by}`, () =>
    compileSql(db, sql`select paper_count as n from ${sql.identifier(keyed.listing.owners)} where id = ${ownerId(keyed.by, sql.placeholder('owner'))}`),
  );
  return run({ owner: keyed.owner })[0]?.n ?? 0;
}

const papersByIds = perConnection((db) => prepareRows(db.select().from(papers).where(inJsonArray(papers.id)).prepare()));
const papersByAnyKey = perConnection((db) =>
  prepareRows(
    db
      .select()
      .from(papers)
      .where(or(inJsonArray(papers.id, 'ids'), inJsonArray(papers.slug, 'slugs'), inJsonArray(papers.arxivId, 'arxivIds')))
      .prepare(),
  ),
);

export function getPapersByIds(db: Db, ids: readonly number[]): PaperRow[] {
  return papersByIds(db)({ keys: jsonArray(ids) });
}

/** Papers by any of their keys at once: row ids, slugs and arXiv ids, in one statement. */
export function getPapersByAnyKey(db: Db, keys: { ids: number[]; slugs: string[]; arxivIds: string[] }): PaperRow[] {
  if (!keys.ids.length && !keys.slugs.length && !keys.arxivIds.length) return [];
  return papersByAnyKey(db)({ ids: jsonArray(keys.ids), slugs: jsonArray(keys.slugs), arxivIds: jsonArray(keys.arxivIds) });
}
