/**
 * N+1 is a bug: these pin how many SQL statements an operation runs, whatever the page size.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import { generatedRecords, taxonomy } from '../fixtures.ts';
import { createTestDb, query, UNCACHED } from '../helpers.ts';

const { db, statements } = createTestDb({ sample: true });
const app = createApp(db, UNCACHED);

beforeAll(() => {
  importPapers(db, generatedRecords(150), { taxonomy });
});

async function countStatements(text: string, variables?: Record<string, unknown>): Promise<number> {
  statements.length = 0;
  await query(app, text, variables);
  return statements.length;
}

const PAGE_WITH_LISTS = `query ($first: Int) {
  papers(first: $first) {
    nodes { title authors { name } topics { slug } keywords { term } repositories { fullName } codeLinks { source } topicAssignments { evidence } }
  }
}`;

describe('SQL statements per operation', () => {
  it('a page of papers with all nested lists: 5 statements, for 20 or 100 papers', async () => {
    // papers page + authors + topic assignments + keywords + repository links
    expect(await countStatements(PAGE_WITH_LISTS, { first: 20 })).toBe(5);
    expect(await countStatements(PAGE_WITH_LISTS, { first: 100 })).toBe(5);
  });

  it("a page of papers whose lists ask for more than a list's brief rows: one statement more for each kind, whole rows answered", async () => {
    const WHOLE = `query ($first: Int) { papers(first: $first, filter: { hasCode: true }) { nodes {
      authors { name paperCount } topics { slug kind description paperCount parent { slug } } keywords { term paperCount } repositories { fullName stars paperCount }
    } } }`;
    const wholeReads = (table: string) => statements.filter((s) => String(s).includes(`from "${table}" where "${table}"."id" in`)).length;
    // The five of a page with its lists, then the whole rows of the authors, keywords and
    // repositories named in them, each kind in one statement, and of the topics (with their parents
    // when those are not among them, in one more): the same for 5 papers as for 50.
    const few = await countStatements(WHOLE, { first: 5 });
    expect(await countStatements(WHOLE, { first: 50 })).toBe(few);
    expect([wholeReads('authors'), wholeReads('keywords'), wholeReads('repositories')]).toEqual([1, 1, 1]);
    expect(wholeReads('topics')).toBeGreaterThanOrEqual(1);
    expect(few).toBe(5 + 3 + wholeReads('topics'));
    // Asked for through a paper's lists or on its own, a row answers the same.
    const { papers } = await query(app, WHOLE, { first: 50 });
    type Node = { authors: { name: string; paperCount: number }[]; topics: { slug: string }[]; keywords: { term: string }[]; repositories: { fullName: string }[] };
    const nodes = papers.nodes as Node[];
    const [topic, keyword, repository] = [nodes.flatMap((n) => n.topics)[0]!, nodes.flatMap((n) => n.keywords)[0]!, nodes.flatMap((n) => n.repositories)[0]!];
    const alone = await query(
      app,
      'query ($slug: String!, $term: String!, $repo: String!) { topic(slug: $slug) { slug kind description paperCount parent { slug } } keyword(term: $term) { term paperCount } repository(fullName: $repo) { fullName stars paperCount } }',
      { slug: topic.slug, term: keyword.term, repo: repository.fullName },
    );
    expect(alone).toEqual({ topic, keyword, repository });
    const authors = nodes.flatMap((n) => n.authors);
    expect(authors.length).toBeGreaterThan(0);
    expect(authors.every((a) => a.paperCount >= 1)).toBe(true);
  });

  it('totalCount adds one counting statement', async () => {
    expect(await countStatements('{ papers(first: 100) { totalCount nodes { title } } }')).toBe(2);
  });

  it('topics each with a page of papers: one statement for all the pages', async () => {
    const text = `query ($first: Int) { topics(first: $first) { nodes { slug paperCount children { slug } papers(first: 3) { totalCount nodes { title topics { slug } } } } } }`;
    // topics page + children + one UNION ALL for every topic's papers + their topics
    expect(await countStatements(text, { first: 5 })).toBe(4);
    expect(await countStatements(text, { first: 23 })).toBe(4);
  });

  it('repositories with their papers and those papers\' repositories', async () => {
    const text = `{ repositories(first: 50) { nodes { fullName papers(first: 5) { nodes { slug repositories { fullName } } } } } }`;
    expect(await countStatements(text)).toBe(3);
  });

  it('search with snippets and nested lists', async () => {
    const text = `{ search(query: "kernel", first: 50) { totalCount edges { score snippet { title abstract } node { authors { name } topics { slug } keywords { term } repositories { url } } } } }`;
    // search + count + authors + topics + keywords + repositories
    expect(await countStatements(text)).toBe(6);
  });

  it('a page of papers each with its related papers and why: one statement per list, for 20 or 50 papers', async () => {
    const text = `query ($first: Int) { papers(first: $first, orderBy: TITLE_ASC) { nodes { title related(first: 5) { score paper { title } sharedKeywords { term } sharedTopics { slug } } } } }`;
    // papers page + related lists (with the related papers' rows) + keywords + topics of both sides
    expect(await countStatements(text, { first: 20 })).toBe(4);
    expect(await countStatements(text, { first: 50 })).toBe(4);
    const { papers } = await query(app, text, { first: 50 });
    expect(papers.nodes.filter((n: { related: unknown[] }) => n.related.length).length).toBeGreaterThan(10);
    // Related papers' own related papers: one more statement for the whole level.
    expect(await countStatements('{ papers(first: 10, orderBy: TITLE_ASC) { nodes { related(first: 10) { paper { title related { paper { title } } } } } } }')).toBe(3);
  });

  it('nodes(ids) loads each type in one statement', async () => {
    const { papers } = await query(app, '{ papers(first: 50) { nodes { id } } }');
    const ids = papers.nodes.map((n: { id: string }) => n.id);
    expect(await countStatements('query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Paper { title } } }', { ids })).toBe(1);
  });
});
