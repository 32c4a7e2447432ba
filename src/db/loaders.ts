/**
 * Every DataLoader, created fresh for each request (never shared: a loader caches what it read).
 * Each batch function runs one statement and maps the rows back in key order.
 */
import DataLoader from 'dataloader';
import type { AuthorRow, KeywordRow, PaperRow, RepositoryRow, TopicRow } from '../../schema/tables.ts';
import type { Db } from './client.ts';
import type { KeysetResult } from './keyset.ts';
import { getAuthorsByIds, listPaperAuthors } from './queries/authors.ts';
import { facetCounts } from './facet-index.ts';
import type { FacetRequest, FacetResult, FacetScope } from './queries/facets.ts';
import { getKeywordsByIds, getKeywordsByTermKeys, listPaperKeywords } from './queries/keywords.ts';
import { getPapersByAnyKey, getPapersByIds, listPapers, type PaperListRequest } from './queries/papers.ts';
import { listRelatedPapers } from './queries/related.ts';
import { getRepositoriesByIds, getRepositoriesByKeys, listPaperRepositoryLinks, type RepositoryBrief } from './queries/repositories.ts';
import { getTopicsByIds, getTopicsBySlugs, listChildTopics, listTopicAssignments, type TopicAssignmentRow } from './queries/topics.ts';

/**
 * Throws once the request has been stopped (its operation timed out), so that what is left of it
 * reads nothing more: every batch function calls it before its statement.
 */
type Guard = () => void;

/** A loader of rows by a unique key: one `where key in (...)` statement per batch. */
function byKey<K, Row>(guard: Guard, fetch: (keys: readonly K[]) => Row[], keyOf: (row: Row) => K) {
  return new DataLoader<K, Row | null>(async (keys) => {
    guard();
    const found = new Map<K, Row>();
    for (const row of fetch(keys)) found.set(keyOf(row), row);
    return keys.map((k) => found.get(k) ?? null);
  });
}

/** A loader of lists by a parent id: one statement per batch, grouped back by parent. */
function listByParent<Row, Item>(guard: Guard, fetch: (ids: readonly number[]) => Row[], parentOf: (row: Row) => number, item: (row: Row) => Item) {
  return new DataLoader<number, Item[]>(async (ids) => {
    guard();
    const grouped = new Map<number, Item[]>();
    for (const row of fetch(ids)) {
      const id = parentOf(row);
      let list = grouped.get(id);
      if (!list) grouped.set(id, (list = []));
      list.push(item(row));
    }
    return ids.map((id) => grouped.get(id) ?? []);
  });
}

export interface RepositoryLinkRow {
  repository: RepositoryBrief;
  source: 'abstract' | 'pwc' | 'hf' | 'jsonl';
  isOfficial: boolean | null;
  framework: string | null;
  mentionedInPaper: boolean | null;
}

/** A paper named by one of its keys: which key, and its value. */
export type PaperKey = { kind: 'id'; value: number } | { kind: 'slug'; value: string } | { kind: 'arxivId'; value: string };

/**
 * How to make each loader for one request's connection. Most operations use two or three of
 * them, so a request makes each on first use (see `createLoaders`), not all of them up front.
 */
const LOADER_FACTORIES = {
  /** Papers named by any mix of keys, one statement per batch. */
  paperByAnyKey: (db: Db, guard: Guard) => new DataLoader<PaperKey, PaperRow | null, string>(
    async (keys) => {
      guard();
      const rows = getPapersByAnyKey(db, {
        ids: keys.flatMap((k) => (k.kind === 'id' ? [k.value] : [])),
        slugs: keys.flatMap((k) => (k.kind === 'slug' ? [k.value] : [])),
        arxivIds: keys.flatMap((k) => (k.kind === 'arxivId' ? [k.value] : [])),
      });
      const find = (k: PaperKey) => rows.find((r) => (k.kind === 'id' ? r.id : k.kind === 'slug' ? r.slug : r.arxivId) === k.value) ?? null;
      return keys.map(find);
    },
    { cacheKeyFn: (k) => `${k.kind}:${k.value}` },
  ),
  paperById: (db: Db, guard: Guard) => byKey<number, PaperRow>(guard, (ids) => getPapersByIds(db, ids), (r) => r.id),
  topicById: (db: Db, guard: Guard) => byKey<number, TopicRow>(guard, (ids) => getTopicsByIds(db, ids), (r) => r.id),
  topicBySlug: (db: Db, guard: Guard) => byKey<string, TopicRow>(guard, (slugs) => getTopicsBySlugs(db, slugs), (r) => r.slug),
  keywordById: (db: Db, guard: Guard) => byKey<number, KeywordRow>(guard, (ids) => getKeywordsByIds(db, ids), (r) => r.id),
  keywordByTermKey: (db: Db, guard: Guard) => byKey<string, KeywordRow>(guard, (keys) => getKeywordsByTermKeys(db, keys), (r) => r.termKey),
  repositoryById: (db: Db, guard: Guard) => byKey<number, RepositoryRow>(guard, (ids) => getRepositoriesByIds(db, ids), (r) => r.id),
  repositoryByKey: (db: Db, guard: Guard) => byKey<string, RepositoryRow>(guard, (keys) => getRepositoriesByKeys(db, keys), (r) => r.urlKey),
  authorById: (db: Db, guard: Guard) => byKey<number, AuthorRow>(guard, (ids) => getAuthorsByIds(db, ids), (r) => r.id),

  authorsByPaperId: (db: Db, guard: Guard) => listByParent(guard, (ids) => listPaperAuthors(db, ids), (r) => r.paperId, (r) => r.author),
  topicAssignmentsByPaperId: (db: Db, guard: Guard) => listByParent(
    guard,
    (ids) => listTopicAssignments(db, ids),
    (r) => r.paperId,
    (r): Omit<TopicAssignmentRow, 'paperId'> => ({ topic: r.topic, score: r.score, evidence: r.evidence, origin: r.origin }),
  ),
  keywordsByPaperId: (db: Db, guard: Guard) => listByParent(guard, (ids) => listPaperKeywords(db, ids), (r) => r.paperId, (r) => ({ keyword: r.keyword, weight: r.weight })),
  repositoryLinksByPaperId: (db: Db, guard: Guard) => listByParent(
    guard,
    (ids) => listPaperRepositoryLinks(db, ids),
    (r) => r.paperId,
    (r): RepositoryLinkRow => ({
      repository: r.repository,
      source: r.source,
      isOfficial: r.isOfficial,
      framework: r.framework,
      mentionedInPaper: r.mentionedInPaper,
    }),
  ),
  childTopicsByTopicId: (db: Db, guard: Guard) => listByParent(guard, (ids) => listChildTopics(db, ids), (r) => r.parentId!, (r) => r),
  /** Each paper's stored related papers (all of them: `first` is applied by the field). */
  relatedByPaperId: (db: Db, guard: Guard) => listByParent(guard, (ids) => listRelatedPapers(db, ids), (r) => r.paperId, (r) => r),

  /** Pages of papers for any number of connections at once (one UNION ALL statement). */
  paperPages: (db: Db, guard: Guard) => new DataLoader<PaperListRequest, KeysetResult<PaperRow>, string>(async (requests) => (guard(), listPapers(db, requests)), {
    cacheKeyFn: (request) => JSON.stringify(request),
    // SQLite caps a compound SELECT at 500 arms.
    maxBatchSize: 100,
  }),

  /** Facets of any lists at once: one statement per distinct set of papers, all its facets together. */
  facets: (db: Db, guard: Guard) => new DataLoader<{ scope: FacetScope; request: FacetRequest }, FacetResult, string>(
    async (keys) => {
      guard();
      const byScope = new Map<string, { scope: FacetScope; indexes: number[] }>();
      keys.forEach(({ scope }, i) => {
        const id = JSON.stringify(scope);
        const group = byScope.get(id) ?? byScope.set(id, { scope, indexes: [] }).get(id)!;
        group.indexes.push(i);
      });
      const results: FacetResult[] = new Array(keys.length);
      for (const { scope, indexes } of byScope.values()) {
        const counted = facetCounts(db, scope, indexes.map((i) => keys[i]!.request));
        indexes.forEach((keyIndex, j) => (results[keyIndex] = counted[j]!));
      }
      return results;
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  ),
};

/** One request's loaders: each made on its first use, then the same one for the whole request. */
export type Loaders = { readonly [Name in keyof typeof LOADER_FACTORIES]: ReturnType<(typeof LOADER_FACTORIES)[Name]> };

class RequestLoaders {
  /** Why the request was stopped, once it was. */
  stoppedBy?: { reason: unknown };
  readonly guard: Guard = () => {
    if (this.stoppedBy) throw this.stoppedBy.reason;
  };
  constructor(readonly db: Db) {}
}
for (const [name, make] of Object.entries(LOADER_FACTORIES)) {
  Object.defineProperty(RequestLoaders.prototype, name, {
    get(this: RequestLoaders) {
      const loader = make(this.db, this.guard);
      // An own property from now on: later reads in this request find it without the getter.
      Object.defineProperty(this, name, { value: loader });
      return loader;
    },
  });
}

/** The loaders of one request. */
export function createLoaders(db: Db): Loaders {
  return new RequestLoaders(db) as unknown as Loaders;
}

/**
 * Stops a request's loaders: from now on each batch fails with `reason` instead of reading (a
 * batch already running finishes). For an operation that was answered without waiting for them.
 */
export function stopLoaders(loaders: Loaders, reason: unknown): void {
  const request = loaders as unknown as RequestLoaders;
  request.stoppedBy ??= { reason };
}

/**
 * Forgets every row a request's loaders have read, so that its operation can run again and read
 * the catalogue as it is now (see `consistentExecution` in src/graphql/consistent-execution.ts).
 */
export function clearLoaders(loaders: Loaders): void {
  for (const name of Object.keys(LOADER_FACTORIES)) {
    // Only the loaders this request has made are own properties (see `RequestLoaders`).
    const made = Object.getOwnPropertyDescriptor(loaders, name)?.value as DataLoader<unknown, unknown> | undefined;
    made?.clearAll();
  }
}
