/** Reading topics: lookups, listings, and the topics of papers (one statement per batch). */
import { desc, eq, isNull, sql } from 'drizzle-orm';
import { paperTopics, topics, type TopicKind, type TopicRow } from '../../../schema/tables.ts';
import type { Db } from '../client.ts';
import { countTable, pageTable, UNFILTERED, type KeysetPage, type ListingFilter, type SortKey } from '../keyset.ts';
import { inJsonArray, jsonArray, perConnection, prepareRows } from '../prepared.ts';

const idAsc: SortKey<TopicRow> = { expr: sql`${topics.id}`, direction: 'asc', value: (r) => r.id };

/**
 * A recursive CTE `tree(ancestor_id, topic_id)`: every topic with itself and each of its
 * ancestors, so that a paper counts in every topic that includes it. Use after `with recursive`.
 */
export const TOPIC_TREE_SQL = `tree(ancestor_id, topic_id) as (
  select id, id from topics
  union all
  select tree.ancestor_id, child.id from topics child join tree on child.parent_id = tree.topic_id)`;
export const TOPIC_TREE = sql.raw(TOPIC_TREE_SQL);

export const TOPIC_ORDERS = {
  NAME_ASC: [{ expr: sql`${topics.name}`, direction: 'asc', value: (r) => r.name }, idAsc],
  PAPER_COUNT_DESC: [
    { expr: sql`${topics.paperCount}`, direction: 'desc', value: (r) => r.paperCount },
    { ...idAsc, direction: 'desc' },
  ],
} satisfies Record<string, SortKey<TopicRow>[]>;

export type TopicOrder = keyof typeof TOPIC_ORDERS;

export interface TopicFilter {
  /** Children of this topic; `null` for top-level topics only. */
  parentId?: number | null;
  kind?: TopicKind;
}

function topicFilter(f: TopicFilter): ListingFilter {
  if (f.parentId === undefined && f.kind === undefined) return UNFILTERED;
  const parent = f.parentId === null ? 'root' : f.parentId !== undefined ? 'parent' : '';
  return {
    shape: `${parent}|${f.kind ? 'kind' : ''}`,
    where: () => [
      parent === 'root' ? isNull(topics.parentId) : parent === 'parent' ? eq(topics.parentId, sql.placeholder('parentId')) : undefined,
      f.kind ? eq(topics.kind, sql.placeholder('kind')) : undefined,
    ],
    params: { parentId: f.parentId, kind: f.kind },
  };
}

export function listTopics(db: Db, filter: TopicFilter, order: TopicOrder, page: KeysetPage) {
  return pageTable(db, topics, topicFilter(filter), TOPIC_ORDERS, order, page);
}

export function countTopics(db: Db, filter: TopicFilter): number {
  return countTable(db, topics, topicFilter(filter), 'topicCount');
}

const topicsByIds = perConnection((db) => prepareRows(db.select().from(topics).where(inJsonArray(topics.id)).prepare()));
const topicsBySlugs = perConnection((db) => prepareRows(db.select().from(topics).where(inJsonArray(topics.slug)).prepare()));
const childTopicLists = perConnection((db) =>
  prepareRows(
    db.select().from(topics).where(inJsonArray(topics.parentId)).orderBy(topics.name, topics.id).prepare(),
  ),
);

export function getTopicsByIds(db: Db, ids: readonly number[]): TopicRow[] {
  return topicsByIds(db)({ keys: jsonArray(ids) });
}

export function getTopicsBySlugs(db: Db, slugs: readonly string[]): TopicRow[] {
  return topicsBySlugs(db)({ keys: jsonArray(slugs) });
}

/** Sub-topics of each topic, by name. */
export function listChildTopics(db: Db, parentIds: readonly number[]): TopicRow[] {
  return childTopicLists(db)({ keys: jsonArray(parentIds) });
}

/** A topic as a paper's list holds it (see `AuthorBrief`). */
export type TopicBrief = Pick<TopicRow, 'id' | 'slug' | 'name'>;

export interface TopicAssignmentRow {
  paperId: number;
  topic: TopicBrief;
  score: number;
  evidence: string;
  origin: (typeof paperTopics.$inferSelect)['origin'];
}

/** The topics each paper is placed in directly, most confident first. */
export function listTopicAssignments(db: Db, paperIds: readonly number[]): TopicAssignmentRow[] {
  return topicAssignmentLists(db)({ keys: jsonArray(paperIds) });
}

const topicAssignmentLists = perConnection((db) =>
  prepareRows(
    db
      .select({ paperId: paperTopics.paperId, topic: { id: topics.id, slug: topics.slug, name: topics.name }, score: paperTopics.score, evidence: paperTopics.evidence, origin: paperTopics.origin })
      .from(paperTopics)
      .innerJoin(topics, eq(topics.id, paperTopics.topicId))
      .where(inJsonArray(paperTopics.paperId))
      .orderBy(paperTopics.paperId, desc(paperTopics.score), topics.name)
      .prepare(),
  ),
);
