/**
 * The one-table listings (topics, keywords, repositories), the pages of a topic's or a
 * repository's papers and the general paper listing (any filter, any order) build and compile their
 * page statement once per shape (filters, order, cursor), and bind the values of each request: the
 * rows must be those of the request's own filter and cursor, never of the request that built the
 * statement.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { toFtsQuery } from '../../src/db/fts-query.ts';
import type { Db } from '../../src/db/client.ts';
import { createTestDb, query, UNCACHED } from '../helpers.ts';

/** The first column of every row SQL written by hand returns: what a listing must answer. */
const column = <T = string>(db: Db, text: string, ...params: unknown[]): T[] => db.$client.prepare(text).pluck().all(...params) as T[];

function listingApp() {
  const test = createTestDb({ sample: true });
  const app = createApp(test.db, UNCACHED);
  // Every statement text handed to the driver to compile (or take from its cache) in a request.
  const prepared: string[] = [];
  const prepare = test.db.$client.prepare.bind(test.db.$client);
  test.db.$client.prepare = ((source: string) => {
    prepared.push(source);
    return prepare(source);
  }) as typeof prepare;
  return { ...test, app, prepared };
}

const KEYWORDS = `query ($prefix: String, $after: String) {
  keywords(prefix: $prefix, first: 4, after: $after, orderBy: TERM_ASC) { nodes { term } pageInfo { endCursor hasNextPage } }
}`;

const CHILD_TOPICS = `query ($parent: String) { topics(parent: $parent, first: 10) { nodes { slug } } }`;

describe('listing statements', () => {
  it('binds each request’s own prefix and cursor to the keyword listing it reuses', async () => {
    const { app, db, prepared } = listingApp();
    const expected = (prefix: string) =>
      column(db, 'select term from keywords where term_key >= ? and term_key < ? order by term_key', prefix, `${prefix}\u{10FFFF}`);

    const a1 = await query(app, KEYWORDS, { prefix: 'a' });
    expect(a1.keywords.nodes.map((n: { term: string }) => n.term)).toEqual(expected('a').slice(0, 4));

    // Same shape, other values: the statement built for "a" must not answer for "l".
    prepared.length = 0;
    const l1 = await query(app, KEYWORDS, { prefix: 'l' });
    expect(l1.keywords.nodes.map((n: { term: string }) => n.term)).toEqual(expected('l').slice(0, 4));
    expect(prepared.filter((text) => text.includes('"keywords"'))).toEqual([]);

    // A cursor is another shape (built once), then bound per page.
    const l2 = await query(app, KEYWORDS, { prefix: 'l', after: l1.keywords.pageInfo.endCursor });
    expect(l2.keywords.nodes.map((n: { term: string }) => n.term)).toEqual(expected('l').slice(4, 8));
    prepared.length = 0;
    const a2 = await query(app, KEYWORDS, { prefix: 'a', after: a1.keywords.pageInfo.endCursor });
    expect(a2.keywords.nodes.map((n: { term: string }) => n.term)).toEqual(expected('a').slice(4, 8));
    expect(prepared.filter((text) => text.includes('"keywords"'))).toEqual([]);
  });

  it('binds each request’s own parent topic', async () => {
    const { app, db, prepared } = listingApp();
    const children = (parent: string) =>
      column(db, 'select c.slug from topics c join topics p on p.id = c.parent_id where p.slug = ? order by c.name, c.id', parent);
    expect(children('computer-vision').length).toBeGreaterThan(1);

    const vision = await query(app, CHILD_TOPICS, { parent: 'computer-vision' });
    expect(vision.topics.nodes.map((n: { slug: string }) => n.slug)).toEqual(children('computer-vision'));
    prepared.length = 0;
    const kernels = await query(app, CHILD_TOPICS, { parent: 'kernel-methods' });
    expect(kernels.topics.nodes.map((n: { slug: string }) => n.slug)).toEqual(children('kernel-methods'));
    expect(prepared.filter((text) => /from "topics" where/.test(text))).toEqual([]);
  });

  it('binds each request’s own owner to the repository listing', async () => {
    const { app, db } = listingApp();
    const owners = column(db, 'select owner_key from repositories group by owner_key order by count(*) desc, owner_key limit 2');
    for (const owner of owners) {
      const expected = column(db, 'select url from repositories where owner_key = ? order by url_key', owner);
      const result = await query(app, `query ($owner: String) { repositories(owner: $owner, orderBy: FULL_NAME_ASC) { totalCount nodes { url } } }`, { owner });
      expect(result.repositories.nodes.map((n: { url: string }) => n.url)).toEqual(expected);
      expect(result.repositories.totalCount).toBe(expected.length);
    }
  });

  it('binds each request’s own topic and cursor to the page of a topic’s papers', async () => {
    const { app, db, prepared } = listingApp();
    const TOPIC_PAGE = `query ($slug: String!, $after: String) {
      topic(slug: $slug) { papers(first: 2, after: $after) { nodes { title } pageInfo { endCursor } } }
    }`;
    const titles = (slug: string) =>
      column(
        db,
        `select p.title from topic_papers tp join topics t on t.id = tp.topic_id join papers p on p.id = tp.paper_id
        where t.slug = ? order by tp.published_at desc, tp.paper_id desc`,
        slug,
      );
    const slugs = column(db, 'select slug from topics where paper_count >= 4 order by paper_count desc, id limit 2');
    expect(slugs).toHaveLength(2);
    const pageOf = (result: any) => result.topic.papers.nodes.map((n: { title: string }) => n.title);

    const first = await query(app, TOPIC_PAGE, { slug: slugs[0] });
    expect(pageOf(first)).toEqual(titles(slugs[0]!).slice(0, 2));
    prepared.length = 0;
    const other = await query(app, TOPIC_PAGE, { slug: slugs[1] });
    expect(pageOf(other)).toEqual(titles(slugs[1]!).slice(0, 2));
    expect(prepared.filter((text) => text.includes('"topic_papers"'))).toEqual([]);

    const second = await query(app, TOPIC_PAGE, { slug: slugs[0], after: first.topic.papers.pageInfo.endCursor });
    expect(pageOf(second)).toEqual(titles(slugs[0]!).slice(2, 4));
    prepared.length = 0;
    const otherSecond = await query(app, TOPIC_PAGE, { slug: slugs[1], after: other.topic.papers.pageInfo.endCursor });
    expect(pageOf(otherSecond)).toEqual(titles(slugs[1]!).slice(2, 4));
    expect(prepared.filter((text) => text.includes('"topic_papers"'))).toEqual([]);
  });

  it('binds each request’s own repository to the page of its papers and to its count', async () => {
    const { app, db } = listingApp();
    const urls = column(db, 'select url from repositories order by paper_count desc, id limit 2');
    for (const url of urls) {
      const expected = column(
        db,
        `select p.title from repository_papers rp join repositories r on r.id = rp.repository_id join papers p on p.id = rp.paper_id
        where r.url = ? order by rp.published_at desc, rp.paper_id desc`,
        url,
      );
      const result = await query(app, `query ($url: String!) { papers(filter: { repository: $url }) { totalCount nodes { title } } }`, { url });
      expect(result.papers.nodes.map((n: { title: string }) => n.title)).toEqual(expected);
      expect(result.papers.totalCount).toBe(expected.length);
    }
  });

  it('counts a whole listing from the sizes kept at import, never by counting its table', async () => {
    const { app, db, statements } = listingApp();
    const whole = '{ topics(first: 1) { totalCount } keywords(first: 1) { totalCount } repositories(first: 1) { totalCount } }';
    const expected = {
      topics: { totalCount: column<number>(db, 'select count(*) from topics')[0] },
      keywords: { totalCount: column<number>(db, 'select count(*) from keywords')[0] },
      repositories: { totalCount: column<number>(db, 'select count(*) from repositories')[0] },
    };
    statements.length = 0;
    expect(await query(app, whole)).toEqual(expected);
    expect(statements.filter((text) => /count\(/i.test(text))).toEqual([]);
    // A filtered listing is counted: by its own filter, each time.
    for (const prefix of ['a', 'l']) {
      const counted = await query(app, `query ($prefix: String) { keywords(prefix: $prefix) { totalCount } }`, { prefix });
      expect(counted.keywords.totalCount).toBe(column(db, 'select term from keywords where term_key >= ? and term_key < ?', prefix, `${prefix}\u{10FFFF}`).length);
    }
  });

  it('binds each request’s own filter values and cursor to the general paper listing', async () => {
    const { app, db, prepared } = listingApp();
    const PAPERS = `query ($filter: PaperFilter, $after: String) {
      papers(filter: $filter, first: 3, after: $after, orderBy: TITLE_ASC) { totalCount nodes { title } pageInfo { endCursor } }
    }`;
    // Papers matching a word, by title: two words, one filter shape.
    const matching = (word: string) =>
      column(db, 'select title from papers p where p.id in (select rowid from papers_fts where papers_fts match ?) order by title_key, id', toFtsQuery(word));
    const words = ['model', 'learning'] as const;
    // Read before the requests: only the API's statements are counted below.
    const titles = new Map<string, string[]>(words.map((word) => [word, matching(word)]));
    const expected = (word: string) => titles.get(word)!;
    for (const word of words) expect(expected(word).length).toBeGreaterThan(6);
    expect(expected(words[0])).not.toEqual(expected(words[1]));
    const pageOf = (result: any) => result.papers.nodes.map((n: { title: string }) => n.title);

    const first = await query(app, PAPERS, { filter: { keyword: words[0] } });
    expect(pageOf(first)).toEqual(expected(words[0]).slice(0, 3));
    expect(first.papers.totalCount).toBe(expected(words[0]).length);
    prepared.length = 0;
    const other = await query(app, PAPERS, { filter: { keyword: words[1] } });
    expect(pageOf(other)).toEqual(expected(words[1]).slice(0, 3));
    expect(other.papers.totalCount).toBe(expected(words[1]).length);
    // Neither the page nor the count was compiled again for the second word.
    expect(prepared.filter((text) => text.includes('from papers p'))).toEqual([]);

    const second = await query(app, PAPERS, { filter: { keyword: words[0] }, after: first.papers.pageInfo.endCursor });
    expect(pageOf(second)).toEqual(expected(words[0]).slice(3, 6));
    prepared.length = 0;
    const otherSecond = await query(app, PAPERS, { filter: { keyword: words[1] }, after: other.papers.pageInfo.endCursor });
    expect(pageOf(otherSecond)).toEqual(expected(words[1]).slice(3, 6));
    expect(prepared.filter((text) => text.includes('from papers p'))).toEqual([]);

    // A value that changes the SQL (with or without code) makes another shape, with its own statement.
    const codeCount = (exists: boolean) =>
      column<number>(db, `select count(*) from papers p where ${exists ? '' : 'not '}exists (select 1 from paper_repositories pr where pr.paper_id = p.id)`)[0];
    expect(codeCount(true)).toBeGreaterThan(0);
    expect(codeCount(false)).toBeGreaterThan(0);
    for (const hasCode of [true, false, true]) {
      const counted = await query(app, `query ($hasCode: Boolean) { papers(filter: { hasCode: $hasCode }, first: 1) { totalCount } }`, { hasCode });
      expect(counted.papers.totalCount).toBe(codeCount(hasCode));
    }
  });
});
