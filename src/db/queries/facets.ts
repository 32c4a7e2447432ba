/**
 * Facet counts: how the papers of a list (the whole filtered set, not one page) spread over
 * topics, years, having code, frameworks and repository owners.
 *
 * A filtered set is counted in one statement: the matching papers are found once (a materialized
 * CTE) and every facet asked for is a grouped UNION ALL arm over them. The unfiltered catalogue is
 * never grouped per request: its counts are kept at import time (`topics.paper_count` and the
 * `catalogue_facets` rows written by `refreshCatalogueFacets`).
 */
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { TopicKind } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { compareValues } from '../keyset.ts';
import { paperFilterConditions, type PaperFilter } from './papers.ts';
import { TOPIC_TREE } from './topics.ts';

export type FacetName = 'topics' | 'years' | 'hasCode' | 'frameworks' | 'owners';

export interface FacetRequest {
  facet: FacetName;
  /** The most values to return, the largest counts first (years: the latest first). */
  first: number;
  /** Topics only: count topics of this kind alone. */
  kind?: TopicKind;
}

export interface FacetValue {
  /** The value: a topic id, a year, `1`/`0` for has-code, a framework, an owner key; null for an unknown year. */
  key: string | number | null;
  /** How to show it, where that differs from the key (an owner as spelled). */
  label: string | null;
  count: number;
}

export interface FacetResult {
  values: FacetValue[];
  /** How many distinct values the facet has in all (more than `values` when cut to `first`). */
  valueCount: number;
}

/** The set of papers the facets count: a list's filter, plus the search text of a search. */
export interface FacetScope {
  filter: PaperFilter;
  /** An FTS5 expression the papers must also match (see fts-query.ts). */
  search?: string;
}


/** One facet grouped over the papers of `m(id, published_at)`: rows of (key, label, n). */
function groupedArm(request: FacetRequest): SQL {
  switch (request.facet) {
    case 'topics': {
      const kind = request.kind ? sql`join topics t on t.id = tree.ancestor_id and t.kind = ${request.kind}` : sql``;
      // A paper in a topic and in its sub-topic counts once for the topic, as the topic filter does.
      return sql`select tree.ancestor_id as key, null as label, count(distinct pt.paper_id) as n
        from m join paper_topics pt on pt.paper_id = m.id join tree on tree.topic_id = pt.topic_id ${kind}
        group by tree.ancestor_id`;
    }
    case 'years':
      return sql`select cast(substr(m.published_at, 1, 4) as integer) as key, null as label, count(*) as n from m group by 1`;
    case 'hasCode':
      return sql`select exists (select 1 from paper_repositories pr where pr.paper_id = m.id) as key, null as label, count(*) as n
        from m group by 1`;
    case 'frameworks':
      return sql`select lower(pr.framework) as key, null as label, count(distinct pr.paper_id) as n
        from m join paper_repositories pr on pr.paper_id = m.id
        where pr.framework is not null and pr.framework != '' group by 1`;
    case 'owners':
      return sql`select r.owner_key as key, min(r.owner) as label, count(distinct pr.paper_id) as n
        from m join paper_repositories pr on pr.paper_id = m.id join repositories r on r.id = pr.repository_id
        group by r.owner_key`;
  }
}

/** Years read newest first (an unknown year last); every other facet by count, ties by value. */
const facetOrder = (request: FacetRequest) => (request.facet === 'years' ? sql`key desc` : sql`n desc, key`);

/** Wraps a grouped facet in its order and limit, tagged with its request number and total values. */
function limitedArm(grouped: SQL, request: FacetRequest, tag: number): SQL {
  return sql`select * from (select ${tag} as request, key, label, n, count(*) over () as value_count
    from (${grouped}) order by ${facetOrder(request)} limit ${request.first})`;
}

type FacetRow = { request: number; key: string | number | null; label: string | null; n: number; value_count: number };

/**
 * Puts a facet's values in their order: years newest first, the rest by count then value. (Run on
 * the values a statement kept, which it chose in SQLite's order: the same but for text outside
 * ASCII.)
 */
export function sortFacetValues(values: FacetValue[], request: FacetRequest): FacetValue[] {
  const years = request.facet === 'years';
  return values.sort((a, b) => (years ? compareValues(b.key, a.key) : b.count - a.count || compareValues(a.key, b.key)));
}

function collect(rows: FacetRow[], requests: readonly FacetRequest[]): FacetResult[] {
  const results: FacetResult[] = requests.map(() => ({ values: [], valueCount: 0 }));
  for (const row of rows) {
    const result = results[row.request]!;
    result.values.push({ key: row.key, label: row.label, count: row.n });
    result.valueCount = row.value_count;
  }
  // UNION ALL does not promise to keep each arm's order, so restore it.
  results.forEach((result, i) => sortFacetValues(result.values, requests[i]!));
  return results;
}

/** The conditions on `papers p` of a scope's papers; none for the whole catalogue. */
function scopeConditions(scope: FacetScope): SQL[] {
  const where = paperFilterConditions(scope.filter);
  if (scope.search !== undefined) where.push(sql`p.id in (select rowid from papers_fts where papers_fts match ${scope.search})`);
  return where;
}

/** Whether a scope is the whole catalogue, whose facets are read from the counts kept at import. */
export function isWholeCatalogue(scope: FacetScope): boolean {
  return scopeConditions(scope).length === 0;
}

/** A facet of the whole catalogue, from the counts kept at import time. */
function storedArm(request: FacetRequest, tag: number): SQL {
  if (request.facet === 'topics') {
    const kind = request.kind ? sql`and kind = ${request.kind}` : sql``;
    return limitedArm(sql`select id as key, null as label, paper_count as n from topics where paper_count > 0 ${kind}`, request, tag);
  }
  const key = request.facet === 'years' || request.facet === 'hasCode' ? sql`cast(value as integer)` : sql`value`;
  // Owners can number hundreds of thousands: read the top ones down the (facet, paper_count) index
  // and count the rest apart, instead of ranking them all with a window per request.
  const order = request.facet === 'years' ? sql`value desc` : sql`paper_count desc, value`;
  return sql`select * from (select ${tag} as request, ${key} as key, label, paper_count as n,
      (select count(*) from catalogue_facets where facet = ${request.facet}) as value_count
    from catalogue_facets where facet = ${request.facet} order by ${order} limit ${request.first})`;
}

/**
 * Counts the facets asked for over the papers of `scope`, in one statement. Each result holds at
 * most `first` values and the number of values in all.
 */
export function countFacets(db: Db, scope: FacetScope, requests: readonly FacetRequest[]): FacetResult[] {
  if (!requests.length) return [];
  const where = scopeConditions(scope);
  let statement: SQL;
  if (!where.length) {
    statement = sql.join(requests.map(storedArm), sql` union all `);
  } else {
    const ctes = [sql`m as materialized (select p.id, p.published_at from papers p where ${sql.join(where, sql` and `)})`];
    if (requests.some((r) => r.facet === 'topics')) ctes.unshift(TOPIC_TREE);
    const arms = requests.map((request, i) => limitedArm(groupedArm(request), request, i));
    statement = sql`with recursive ${sql.join(ctes, sql`, `)} ${sql.join(arms, sql` union all `)}`;
  }
  return collect(db.all<FacetRow>(statement), requests);
}

/** The catalogue-wide facets kept in `catalogue_facets`; topics keep their own counts. */
const STORED_FACETS = ['years', 'hasCode', 'frameworks', 'owners'] as const satisfies readonly FacetName[];

/**
 * Each stored facet counted over the whole catalogue: the values `groupedArm` gives over every
 * paper (test/db/stored-counts.test.ts compares them with the grouping migration 0007 did),
 * without joining every paper to what it counts. At a million papers the generic arms took
 * 3.5–4.1 s together, these 1.6–1.8 s (bench/README.md, "The end of a small import").
 */
const WHOLE_CATALOGUE_FACETS: Record<(typeof STORED_FACETS)[number], SQL> = {
  // Papers share dates: grouped by date first, then by year (0.4 s to 0.1 s).
  years: sql`select cast(substr(published_at, 1, 4) as integer) as key, null as label, sum(n) as n
    from (select published_at, count(*) as n from papers group by published_at) group by 1`,
  // Papers with code are the distinct papers of the links; the rest have none.
  hasCode: sql`select key, null as label, n from (
      with linked(n) as (select count(*) from (select paper_id from paper_repositories group by paper_id))
      select 1 as key, n from linked union all select 0, (select count(*) from papers) - n from linked)
    where n > 0`,
  // Every link's paper is in the catalogue: no join to papers.
  frameworks: sql`select lower(framework) as key, null as label, count(distinct paper_id) as n
    from paper_repositories where framework is not null and framework != '' group by 1`,
  // repository_papers holds each linked paper once per repository.
  owners: ownerCounts(sql``),
};

/** Papers per repository owner, for the owners `where` (a condition on `r`, repositories) lets through. */
function ownerCounts(where: SQL): SQL {
  return sql`select r.owner_key as key, min(r.owner) as label, count(distinct rp.paper_id) as n
    from repositories r join repository_papers rp on rp.repository_id = r.id ${where} group by r.owner_key`;
}

/**
 * Recounts the whole catalogue's facets (at the end of an import, in its transaction). With
 * `owners`, the owners facet is recounted for those owners alone: an import that links papers to
 * a few repositories can change only their owners' counts (links are never removed), where
 * recounting every owner takes a second at a million papers.
 */
export function refreshCatalogueFacets(db: Db, owners?: readonly string[]): void {
  for (const facet of STORED_FACETS) {
    if (facet === 'owners' && owners) {
      const keys = JSON.stringify(owners);
      db.run(sql`delete from catalogue_facets where facet = 'owners' and value in (select value from json_each(${keys}))`);
      db.run(sql`insert into catalogue_facets (facet, value, label, paper_count)
        select 'owners', key, label, n from (${ownerCounts(sql`where r.owner_key in (select value from json_each(${keys}))`)})`);
      continue;
    }
    db.run(sql`delete from catalogue_facets where facet = ${facet}`);
    db.run(sql`insert into catalogue_facets (facet, value, label, paper_count)
      select ${facet}, key, label, n from (${WHOLE_CATALOGUE_FACETS[facet]})`);
  }
}

// Reads for the in-memory facet index (facet-index.ts): the same facts the grouped statements
// above read, per paper, as plain arrays (no row objects: a million papers are read).

const dialect = new SQLiteSyncDialect();

/** Runs `statement` and returns its first column, one value per row. */
function pluckAll<T>(db: Db, statement: SQL): T[] {
  const query = dialect.sqlToQuery(statement);
  return db.$client.prepare(query.sql).pluck().all(...query.params) as T[];
}

function rawAll<T extends unknown[]>(db: Db, statement: SQL): T[] {
  const query = dialect.sqlToQuery(statement);
  return db.$client.prepare(query.sql).raw().all(...query.params) as T[];
}

interface FacetIndexExtent {
  /** The catalogue version the reads belong to. */
  version: number;
  maxPaperId: number;
  maxRepositoryId: number;
}

/** The catalogue version and the id ranges an index build reads. */
export function readFacetIndexExtent(db: Db): FacetIndexExtent {
  const [version, maxPaperId, maxRepositoryId] = rawAll<[number, number, number]>(
    db,
    sql`select coalesce((select version from catalogue_state where id = 1), 0),
      coalesce((select max(id) from papers), 0), coalesce((select max(id) from repositories), 0)`,
  )[0]!;
  return { version, maxPaperId, maxRepositoryId };
}

/** Every topic: (id, parent id, kind). */
export function readTopicTree(db: Db): [number, number | null, TopicKind][] {
  return rawAll(db, sql`select id, parent_id, kind from topics`);
}

/** Repositories with ids in [from, to): (id, owner key, owner as spelled). */
export function readRepositoryOwners(db: Db, from: number, to: number): [number, string, string][] {
  return rawAll(db, sql`select id, owner_key, owner from repositories where id >= ${from} and id < ${to}`);
}

/** Where a read of papers' years in the order of their date (papers_published_at_id_idx) goes on. */
export type YearCursor = { dated: false; id: number } | { dated: true; publishedAt: string; id: number };

/**
 * Up to `limit` papers after `cursor`, undated first, each as `id * 65536 + place` where place is
 * 0 for an unknown year, else the year (as the years facet reads it) + 32768. Read down the date
 * index, which holds both columns: reading the papers themselves reads their abstracts too.
 * (Rows come as one number each: 5x faster to read than as arrays.)
 */
export function readPaperYears(db: Db, cursor: YearCursor, limit: number): { values: number[]; next: YearCursor | null } {
  const value = sql`id * 65536 + coalesce(cast(substr(published_at, 1, 4) as integer) + 32768, 0)`;
  const values = cursor.dated
    ? pluckAll<number>(db, sql`select ${value} from papers where (published_at, id) > (${cursor.publishedAt}, ${cursor.id}) order by published_at, id limit ${limit}`)
    : pluckAll<number>(db, sql`select ${value} from papers where published_at is null and id > ${cursor.id} order by id limit ${limit}`);
  const last = values.length ? Math.floor(values.at(-1)! / 65536) : -1;
  let next: YearCursor | null;
  if (values.length === limit && !cursor.dated) next = { dated: false, id: last };
  else if (values.length === limit) next = { dated: true, publishedAt: pluckAll<string>(db, sql`select published_at from papers where id = ${last}`)[0]!, id: last };
  else next = cursor.dated ? null : { dated: true, publishedAt: '', id: -1 };
  return { values, next };
}

/** The topics papers with ids in [from, to) are in directly, by paper, each as `paper id * topicBound + topic id`. */
export function readPaperTopics(db: Db, from: number, to: number, topicBound: number): number[] {
  return pluckAll(db, sql`select paper_id * ${topicBound} + topic_id from paper_topics where paper_id >= ${from} and paper_id < ${to} order by paper_id`);
}

/** The code links of papers with ids in [from, to), by paper, each as `paper id * repositoryBound + repository id`. */
export function readPaperLinks(db: Db, from: number, to: number, repositoryBound: number): number[] {
  return pluckAll(
    db,
    sql`select paper_id * ${repositoryBound} + repository_id from paper_repositories where paper_id >= ${from} and paper_id < ${to} order by paper_id`,
  );
}

/** The frameworks of the code links of papers with ids in [from, to), as the frameworks facet counts them: (paper id, framework), by paper. */
export function readPaperFrameworks(db: Db, from: number, to: number): [number, string][] {
  return rawAll(
    db,
    sql`select paper_id, lower(framework) from paper_repositories
      where paper_id >= ${from} and paper_id < ${to} and framework is not null and framework != '' order by paper_id`,
  );
}

/**
 * The ids of a filtered scope's papers, and the catalogue version they were read at: both in one
 * statement, so they are of one snapshot. The version comes as one row holding `-1 - version`
 * (paper ids are rowids, never negative), wherever the union puts it. A search with no other
 * condition reads the full-text index alone, without a paper row per match (the facet index
 * counts only ids that are papers).
 */
export function readMatchingPaperIds(db: Db, scope: FacetScope): { version: number; ids: number[] } {
  const filter = paperFilterConditions(scope.filter);
  const matching =
    scope.search !== undefined && !filter.length
      ? sql`select rowid from papers_fts where papers_fts match ${scope.search}`
      : sql`select p.id from papers p where ${sql.join(scopeConditions(scope), sql` and `)}`;
  const ids = pluckAll<number>(db, sql`select -1 - version from catalogue_state where id = 1 union all ${matching}`);
  let version = 0;
  const marker = ids.findIndex((id) => id < 0);
  if (marker >= 0) {
    version = -1 - ids[marker]!;
    ids[marker] = ids[ids.length - 1]!;
    ids.pop();
  }
  return { version, ids };
}
