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

function collect(rows: FacetRow[], requests: readonly FacetRequest[]): FacetResult[] {
  const results: FacetResult[] = requests.map(() => ({ values: [], valueCount: 0 }));
  for (const row of rows) {
    const result = results[row.request]!;
    result.values.push({ key: row.key, label: row.label, count: row.n });
    result.valueCount = row.value_count;
  }
  // UNION ALL does not promise to keep each arm's order, so restore it.
  results.forEach((result, i) => {
    const years = requests[i]!.facet === 'years';
    result.values.sort((a, b) => (years ? compareValues(b.key, a.key) : b.count - a.count || compareValues(a.key, b.key)));
  });
  return results;
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
  const where = paperFilterConditions(scope.filter);
  if (scope.search !== undefined) where.push(sql`p.id in (select rowid from papers_fts where papers_fts match ${scope.search})`);
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
 * Recounts the whole catalogue's facets (at the end of an import, in its transaction), with the
 * same grouping the filtered facets use.
 */
export function refreshCatalogueFacets(db: Db): void {
  db.run(sql`delete from catalogue_facets`);
  for (const facet of STORED_FACETS) {
    db.run(sql`with m as (select id, published_at from papers)
      insert into catalogue_facets (facet, value, label, paper_count)
      select ${facet}, key, label, n from (${groupedArm({ facet, first: 0 })})`);
  }
}
