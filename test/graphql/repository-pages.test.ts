/**
 * A repository's papers by date come from `repository_papers`, keyed in listing order and kept in
 * step by every import: every page, the first or one reached by cursor, reads only the rows it
 * returns. These check that the pages are exactly the repository's linked papers in the right
 * order (computed here from `paper_repositories` and `papers`), before and after re-imports that
 * move a paper's date or add links, and that the query plan never sorts.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { getCatalogueVersion } from '../../src/db/queries/catalogue.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import type { LinkRecord, PaperRecord } from '../../src/ingest/record.ts';
import { generatedRecords, taxonomy } from '../fixtures.ts';
import { createTestDb, query, UNCACHED } from '../helpers.ts';

const { db, statements } = createTestDb({ sample: true });
const app = createApp(db, UNCACHED);

const SHARED = 'https://github.com/shared-lab/kernels';
const OTHER = 'https://github.com/other-lab/tools';

/**
 * 60 papers, 45 of them linked to SHARED (dates repeat, so the id breaks ties; every fifth also
 * names the repository in its abstract, a second link of another source to the same paper), 12
 * to OTHER, some to both; then undated papers linked to SHARED.
 */
const records: PaperRecord[] = generatedRecords(60).map((r, i) => ({
  ...r,
  abstract: i % 5 === 0 && i < 45 ? `${r.abstract} Code: ${SHARED}` : r.abstract,
  repositories: [...(i < 45 ? [{ url: SHARED, source: 'jsonl' as const }] : []), ...(i % 5 === 1 ? [{ url: OTHER, source: 'jsonl' as const }] : [])],
}));
const undated: PaperRecord[] = generatedRecords(5).map((r, i) => ({
  ...r,
  title: `Undated kernel code release ${i}`,
  arxivId: `2402.${String(30000 + i)}`,
  publishedAt: null,
  repositories: [{ url: SHARED, source: 'jsonl' as const }],
}));

beforeAll(() => {
  importPapers(db, [...records, ...undated], { taxonomy });
});

const repositoryId = (url: string): number => db.$client.prepare(`select id from repositories where url = ?`).pluck().get(url) as number;

/** The repository's papers in `order`, computed the plain way from its links and the papers' dates. */
function expectedSlugs(url: string, order: 'desc' | 'asc'): string[] {
  return db.$client
    .prepare(
      `select distinct p.slug, p.published_at, p.id from papers p join paper_repositories pr on pr.paper_id = p.id
       where pr.repository_id = ? order by p.published_at ${order}, p.id ${order}`,
    )
    .all(repositoryId(url))
    .map((r) => (r as { slug: string }).slug);
}

/** What `repository_papers` must hold: one row per linked paper and repository, '' for no date. */
function derivedRows(): unknown[] {
  return db.$client
    .prepare(
      `select distinct pr.repository_id, coalesce(p.published_at, '') as published_at, p.id as paper_id
       from paper_repositories pr join papers p on p.id = pr.paper_id order by 1, 2, 3`,
    )
    .all();
}
const storedRows = (): unknown[] => db.$client.prepare(`select repository_id, published_at, paper_id from repository_papers order by 1, 2, 3`).all();

type Reader = 'repository' | 'filter';

/** Every page of a repository's papers, following cursors forward (or backward with `last`). */
async function walk(url: string, reader: Reader, orderBy: string, size: number, backward = false): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const args = `${backward ? `last: ${size}, before: $cursor` : `first: ${size}, after: $cursor`}, orderBy: ${orderBy}`;
    const selection = `nodes { slug } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
    const text =
      reader === 'repository'
        ? `query ($cursor: String, $url: String!) { repository(url: $url) { papers(${args}) { ${selection} } } }`
        : `query ($cursor: String, $url: String!) { papers(filter: { repository: $url }, ${args}) { ${selection} } }`;
    const data: any = await query(app, text, { cursor, url });
    const page = reader === 'repository' ? data.repository.papers : data.papers;
    if (backward) seen.unshift(...page.nodes.map((n: { slug: string }) => n.slug));
    else seen.push(...page.nodes.map((n: { slug: string }) => n.slug));
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return seen;
    cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
}

/** Both readers, both directions, forward and backward, against the plain expectation. */
async function expectPagesRight(url: string): Promise<void> {
  const desc = expectedSlugs(url, 'desc');
  const asc = expectedSlugs(url, 'asc');
  for (const reader of ['repository', 'filter'] as const) {
    expect(await walk(url, reader, 'PUBLISHED_AT_DESC', 7)).toEqual(desc);
    expect(await walk(url, reader, 'PUBLISHED_AT_ASC', 9)).toEqual(asc);
    expect(await walk(url, reader, 'PUBLISHED_AT_DESC', 11, true)).toEqual(desc);
    expect(await walk(url, reader, 'PUBLISHED_AT_ASC', 4, true)).toEqual(asc);
  }
}

/** The query plan of the listing statement an operation ran (the captured text has its values inlined). */
async function listingPlan(text: string, variables: Record<string, unknown>): Promise<string> {
  statements.length = 0;
  await query(app, text, variables);
  const page = statements.find((s) => s.includes('repository_papers'));
  expect(page).toBeDefined();
  const plan = db.$client.prepare(`explain query plan ${page}`).all() as { detail: string }[];
  return plan.map((r) => r.detail).join('\n');
}

describe("a repository's papers by date", () => {
  it('pages through exactly the linked papers, newest first and oldest first, either way, by repository or by filter', async () => {
    const desc = expectedSlugs(SHARED, 'desc');
    expect(desc.length).toBe(50);
    await expectPagesRight(SHARED);
    await expectPagesRight(OTHER);
    // Undated papers count as the oldest: last when newest first, first when oldest first.
    const undatedSlugs = new Set(db.$client.prepare(`select slug from papers where published_at is null`).pluck().all() as string[]);
    expect(desc.slice(-undated.length).every((s) => undatedSlugs.has(s))).toBe(true);
    expect(expectedSlugs(SHARED, 'asc').slice(0, undated.length).every((s) => undatedSlugs.has(s))).toBe(true);
  });

  it('holds each linked paper once per repository, whatever the number of links between them', () => {
    const twice = db.$client
      .prepare(`select count(*) from (select paper_id from paper_repositories where repository_id = ? group by paper_id having count(*) > 1)`)
      .pluck()
      .get(repositoryId(SHARED)) as number;
    expect(twice).toBeGreaterThan(0); // the abstract's link and the source's, to the same paper
    expect(storedRows()).toEqual(derivedRows());
  });

  it('reads the stored order: no sort, for the first page and a page after a cursor, in both directions and both readers', async () => {
    const byRepository = `query ($url: String!, $after: String, $order: PaperOrder) { repository(url: $url) { papers(first: 5, after: $after, orderBy: $order) { nodes { slug } pageInfo { endCursor } } } }`;
    const byFilter = `query ($url: String!, $after: String, $order: PaperOrder) { papers(filter: { repository: $url }, first: 5, after: $after, orderBy: $order) { nodes { slug } } }`;
    for (const order of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC']) {
      const first: any = await query(app, byRepository, { url: SHARED, order, after: null });
      const after = first.repository.papers.pageInfo.endCursor;
      const operator = order === 'PUBLISHED_AT_DESC' ? '<' : '>';
      for (const text of [byRepository, byFilter]) {
        const page1 = await listingPlan(text, { url: SHARED, order, after: null });
        const next = await listingPlan(text, { url: SHARED, order, after });
        for (const plan of [page1, next]) expect(plan).not.toMatch(/TEMP B-TREE/);
        expect(page1).toMatch(/SEARCH rp USING PRIMARY KEY \(repository_id=\?\)/);
        // After a cursor the search starts at the cursor, not at the repository's first row.
        expect(next).toContain(`SEARCH rp USING PRIMARY KEY (repository_id=? AND (published_at,paper_id)${operator}(?,?))`);
      }
    }
  });

  it('keeps other orders and combined filters on the general path, with the same papers', async () => {
    const { papers } = await query(
      app,
      `query ($url: String!) { papers(filter: { repository: $url, publishedAfter: "2024-01-10" }, first: 100) { totalCount nodes { slug publishedAt } } }`,
      { url: SHARED },
    );
    const expected = expectedSlugs(SHARED, 'desc').filter((slug) => {
      const date = db.$client.prepare(`select published_at from papers where slug = ?`).pluck().get(slug) as string | null;
      return date !== null && date >= '2024-01-10';
    });
    expect(papers.nodes.map((n: { slug: string }) => n.slug)).toEqual(expected);
    expect(papers.totalCount).toBe(expected.length);
    const byTitle = await query(app, `query ($url: String!) { repository(url: $url) { papers(first: 100, orderBy: TITLE_ASC) { nodes { slug } } } }`, { url: SHARED });
    expect([...byTitle.repository.papers.nodes.map((n: { slug: string }) => n.slug)].sort()).toEqual([...expectedSlugs(SHARED, 'desc')].sort());
  });

  it('answers a repository with its page in two statements and the filter in two, counts from the stored count', async () => {
    statements.length = 0;
    const { repository } = await query(
      app,
      `query ($url: String!) { repository(url: $url) { fullName paperCount papers(first: 20) { totalCount nodes { id title publishedAt } } } }`,
      { url: SHARED },
    );
    const ranForRepository = [...statements];
    statements.length = 0;
    const { papers } = await query(app, `query ($url: String!) { papers(filter: { repository: $url }, first: 20) { totalCount nodes { id } } }`, { url: SHARED });
    const ranForFilter = [...statements];
    // The repository by its key, then its page; the filter's page, then its count.
    expect(ranForRepository).toHaveLength(2);
    expect(ranForRepository[1]).toMatch(/from "repository_papers"/);
    expect(ranForFilter).toHaveLength(2);
    expect(ranForFilter[1]).toMatch(/^select paper_count as n from "repositories"/);
    expect([...ranForRepository, ...ranForFilter].some((s) => /count\(/i.test(s))).toBe(false);
    const expected = expectedSlugs(SHARED, 'desc');
    expect(repository.paperCount).toBe(expected.length);
    expect(repository.papers.totalCount).toBe(expected.length);
    expect(papers.totalCount).toBe(expected.length);
    expect(papers.nodes.map((n: { id: string }) => n.id)).toEqual(repository.papers.nodes.map((n: { id: string }) => n.id));
    expect(repository.papers.nodes).toHaveLength(20);
  });

  it("batches many repositories' pages into one statement", async () => {
    statements.length = 0;
    const { repositories } = await query(app, `{ repositories(first: 10) { nodes { url papers(first: 3) { nodes { slug } } } } }`);
    const ran = [...statements];
    expect(ran).toHaveLength(2); // the repositories, then every page at once
    expect(ran[1]).toMatch(/union all/);
    expect(ran[1]!.match(/from "repository_papers"/g)).toHaveLength(repositories.nodes.length);
    expect(repositories.nodes.length).toBeGreaterThan(2);
    for (const node of repositories.nodes) expect(node.papers.nodes.map((n: { slug: string }) => n.slug)).toEqual(expectedSlugs(node.url, 'desc').slice(0, 3));
  });

  it('an unknown repository in the filter matches nothing', async () => {
    const { papers } = await query(app, `{ papers(filter: { repository: "nobody/nothing" }, first: 5) { totalCount nodes { slug } } }`);
    expect(papers).toEqual({ totalCount: 0, nodes: [] });
  });

  it("follows re-imports: a paper's date moves, an undated paper gets a date, links are added", async () => {
    const moved = records[3]!;
    const dated = undated[2]!;
    const newlyLinked = records[50]!; // in OTHER or neither, not yet in SHARED
    const link: LinkRecord = { kind: 'links', arxivId: records[55]!.arxivId!, title: null, links: [{ url: SHARED, source: 'pwc' }], position: { file: 'links', index: 0 } };
    importPapers(
      db,
      [
        { ...moved, publishedAt: '2025-03-01' },
        { ...dated, publishedAt: '2023-06-15' },
        { ...newlyLinked, repositories: [{ url: SHARED, source: 'hf' }] },
        link,
        { ...generatedRecords(1)[0]!, title: 'A brand new kernel code release', arxivId: '2503.00001', publishedAt: '2025-02-01', repositories: [{ url: SHARED, source: 'jsonl' }] },
      ],
      { taxonomy },
    );
    expect(storedRows()).toEqual(derivedRows());
    const desc = expectedSlugs(SHARED, 'desc');
    expect(desc).toHaveLength(53);
    const slugOf = (arxivId: string) => db.$client.prepare(`select slug from papers where arxiv_id = ?`).pluck().get(arxivId) as string;
    expect(desc[0]).toBe(slugOf(moved.arxivId!));
    expect(desc).toContain(slugOf(dated.arxivId!));
    expect(desc).toContain(slugOf(newlyLinked.arxivId!));
    expect(desc).toContain(slugOf(records[55]!.arxivId!));
    await expectPagesRight(SHARED);
    await expectPagesRight(OTHER);
    const { repository } = await query(app, `query ($url: String!) { repository(url: $url) { paperCount papers(first: 1) { totalCount nodes { slug } } } }`, { url: SHARED });
    expect(repository.paperCount).toBe(53);
    expect(repository.papers.totalCount).toBe(53);
    expect(repository.papers.nodes[0].slug).toBe(slugOf(moved.arxivId!));
  });

  it('an import that changes nothing leaves the table as it was', () => {
    const before = storedRows();
    const version = getCatalogueVersion(db);
    const result = importPapers(db, records.slice(10, 20), { taxonomy });
    expect(storedRows()).toEqual(before);
    // Nothing was rewritten either: an import that writes counts as a change of the catalogue.
    expect(getCatalogueVersion(db)).toBe(version);
    expect(result.updated).toBe(0);
  });

  it("the migration's backfill builds the same rows from the links", () => {
    const migration = readFileSync(new URL('../../migrations/0012_repository-papers.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint')[1]!;
    expect(backfill).toMatch(/INSERT INTO `repository_papers`/);
    const expected = derivedRows();
    db.$client.exec('delete from repository_papers');
    db.$client.exec(backfill);
    expect(storedRows()).toEqual(expected);
  });
});
