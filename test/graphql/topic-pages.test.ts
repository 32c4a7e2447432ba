/**
 * A topic's papers by date come from `topic_papers`, keyed in listing order: every page, the
 * first or one reached by cursor, reads only the rows it returns. These check that the pages are
 * exactly the topic's papers (sub-topics included) in the right order, and that the query plan
 * never sorts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import type { PaperRecord } from '../../src/ingest/record.ts';
import { generatedRecords, taxonomy } from '../fixtures.ts';
import { createTestDb, query } from '../helpers.ts';

const { db, statements } = createTestDb({ sample: true });
const app = createApp(db);

/** Papers with no date: they sort as the oldest, which the stored key must reproduce. */
const undated: PaperRecord[] = generatedRecords(6).map((r, i) => ({
  ...r,
  title: `Undated kernel ridge regression study ${i}`,
  arxivId: `2402.${String(20000 + i)}`,
  publishedAt: null,
}));

beforeAll(() => {
  importPapers(db, [...generatedRecords(120), ...undated], { taxonomy });
});

/** The topic's papers in `order`, computed the plain way: sub-topics by recursion, then sorted. */
function expectedSlugs(topicId: number, order: 'desc' | 'asc'): string[] {
  return db.$client
    .prepare(
      `with recursive sub(id) as (select ? union all select t.id from topics t join sub on t.parent_id = sub.id)
       select distinct p.slug, p.published_at, p.id from papers p join paper_topics pt on pt.paper_id = p.id
       where pt.topic_id in (select id from sub)
       order by p.published_at ${order}, p.id ${order}`,
    )
    .all(topicId)
    .map((r) => (r as { slug: string }).slug);
}

/** Every page of a topic's papers, following cursors forward (or backward with `last`). */
async function walk(slug: string, orderBy: string, size: number, backward = false): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const args = backward ? `last: ${size}, before: $cursor` : `first: ${size}, after: $cursor`;
    const data: any = await query(
      app,
      `query ($cursor: String) { topic(slug: "${slug}") { papers(${args}, orderBy: ${orderBy}) {
        nodes { slug } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
      { cursor },
    );
    const page = data.topic.papers;
    if (backward) seen.unshift(...page.nodes.map((n: { slug: string }) => n.slug));
    else seen.push(...page.nodes.map((n: { slug: string }) => n.slug));
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return seen;
    cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
}

function topicWithSubTopicPapers(): { id: number; slug: string } {
  // A topic whose papers come partly through a sub-topic, so the ancestors' rows are exercised.
  return db.$client
    .prepare(
      `select t.id, t.slug from topics t where exists (select 1 from topics c join paper_topics pt on pt.topic_id = c.id where c.parent_id = t.id)
       order by t.paper_count desc limit 1`,
    )
    .get() as { id: number; slug: string };
}

describe("a topic's papers by date", () => {
  it('pages through exactly the papers of the topic and its sub-topics, newest first and oldest first', async () => {
    const kernel = db.$client.prepare(`select id from topics where slug = 'kernel-methods'`).get() as { id: number };
    const desc = expectedSlugs(kernel.id, 'desc');
    expect(desc.length).toBeGreaterThan(100);
    expect(await walk('kernel-methods', 'PUBLISHED_AT_DESC', 7)).toEqual(desc);
    expect(await walk('kernel-methods', 'PUBLISHED_AT_ASC', 9)).toEqual(expectedSlugs(kernel.id, 'asc'));
    expect(await walk('kernel-methods', 'PUBLISHED_AT_DESC', 11, true)).toEqual(desc);
    const dates = db.$client.prepare(`select slug, published_at from papers`).all() as { slug: string; published_at: string | null }[];
    const undatedSlugs = new Set(dates.filter((d) => d.published_at === null).map((d) => d.slug));
    const inTopic = desc.filter((s) => undatedSlugs.has(s)).length;
    expect(inTopic).toBeGreaterThanOrEqual(undated.length);
    // Undated papers come last, newest first.
    expect(desc.slice(-inTopic).every((s) => undatedSlugs.has(s))).toBe(true);
  });

  it('includes papers placed only in a sub-topic', async () => {
    const parent = topicWithSubTopicPapers();
    expect(parent).toBeDefined();
    expect(await walk(parent.slug, 'PUBLISHED_AT_DESC', 5)).toEqual(expectedSlugs(parent.id, 'desc'));
    const { topic } = await query(app, `{ topic(slug: "${parent.slug}") { paperCount papers { totalCount } } }`);
    expect(topic.paperCount).toBe(expectedSlugs(parent.id, 'desc').length);
    expect(topic.papers.totalCount).toBe(expectedSlugs(parent.id, 'desc').length);
  });

  it('reads the stored order: no sort, for the first page and a page after a cursor', async () => {
    const first: any = await query(app, `{ topic(slug: "kernel-methods") { papers(first: 5) { pageInfo { endCursor } } } }`);
    const plans: string[] = [];
    for (const after of [null, first.topic.papers.pageInfo.endCursor]) {
      statements.length = 0;
      await query(app, `query ($after: String) { papers(filter: { topic: "kernel-methods" }, first: 5, after: $after) { nodes { slug } } }`, { after });
      const page = statements.find((s) => s.includes('topic_papers'));
      expect(page).toBeDefined();
      // The captured text has its values inlined: the plan is that of the statement that ran.
      const plan = db.$client.prepare(`explain query plan ${page}`).all() as { detail: string }[];
      plans.push(plan.map((r) => r.detail).join('\n'));
    }
    for (const plan of plans) expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(plans[0]).toMatch(/SEARCH tp USING PRIMARY KEY \(topic_id=\?\)/);
    // After a cursor the search starts at the cursor, not at the topic's first row.
    expect(plans[1]).toMatch(/SEARCH tp USING PRIMARY KEY \(topic_id=\? AND \(published_at,paper_id\)<\(\?,\?\)\)/);
  });

  it("counts a topic's papers from the stored count, not per request", async () => {
    statements.length = 0;
    const { papers, topic } = await query(app, `{ papers(filter: { topic: "kernel-methods" }, first: 1) { totalCount } topic(slug: "kernel-methods") { paperCount } }`);
    const kernelMethods = db.$client.prepare(`select id from topics where slug = 'kernel-methods'`).pluck().get() as number;
    expect(papers.totalCount).toBe(expectedSlugs(kernelMethods, 'desc').length);
    expect(topic.paperCount).toBe(papers.totalCount);
    expect(statements.some((s) => /count\(/i.test(s))).toBe(false);
  });

  it('is rebuilt by every import', async () => {
    const before = expectedSlugs(db.$client.prepare(`select id from topics where slug = 'kernel-methods'`).pluck().get() as number, 'desc');
    importPapers(
      db,
      [{ ...generatedRecords(1)[0]!, title: 'A late kernel ridge regression study', arxivId: '2501.00001', publishedAt: '2025-06-01' }],
      { taxonomy },
    );
    const { topic } = await query(app, `{ topic(slug: "kernel-methods") { paperCount papers(first: 1) { nodes { title } } } }`);
    expect(topic.papers.nodes[0].title).toBe('A late kernel ridge regression study');
    expect(topic.paperCount).toBe(before.length + 1);
  });
});
