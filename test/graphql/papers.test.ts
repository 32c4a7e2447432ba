import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importJsonl } from '../fixtures.ts';
import { createTestDb, errorCode, execute, query, sampleApp } from '../helpers.ts';

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String, $orderBy: PaperOrder, $filter: PaperFilter) {
  papers(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id slug title publishedAt } }
  }
}`;

type Page = {
  papers: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: { id: string; slug: string; title: string; publishedAt: string | null } }[];
  };
};

const { app } = sampleApp();

/** A cursor as the API would encode it, to forge wrong ones. */
const cursor = (...values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

async function walkForward(vars: Record<string, unknown>, size: number) {
  const slugs: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const { papers }: Page = await query<Page>(app, PAGE, { ...vars, first: size, after });
    slugs.push(...papers.edges.map((e) => e.node.slug));
    expect(papers.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!papers.pageInfo.hasNextPage) return slugs;
    after = papers.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

async function walkBackward(vars: Record<string, unknown>, size: number) {
  const slugs: string[] = [];
  let before: string | null = null;
  for (let i = 0; i < 100; i++) {
    const { papers }: Page = await query<Page>(app, PAGE, { ...vars, last: size, before });
    slugs.unshift(...papers.edges.map((e) => e.node.slug));
    if (!papers.pageInfo.hasPreviousPage) return slugs;
    before = papers.pageInfo.startCursor;
  }
  throw new Error('paging did not end');
}

describe('papers', () => {
  it('serves the 47 papers of the sample, 20 by default', async () => {
    const { papers } = await query<Page>(app, PAGE);
    expect(papers.totalCount).toBe(47);
    expect(papers.edges).toHaveLength(20);
    expect(papers.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it.each(['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'TITLE_ASC'])('pages forward and backward through all 47 in %s order', async (orderBy) => {
    const all = (await query<Page>(app, PAGE, { first: 100, orderBy })).papers.edges.map((e) => e.node.slug);
    expect(new Set(all).size).toBe(47);
    for (const size of [1, 7, 20]) {
      expect(await walkForward({ orderBy }, size)).toEqual(all);
      expect(await walkBackward({ orderBy }, size)).toEqual(all);
    }
  });

  it('orders titles alphabetically', async () => {
    const titles = (await query<Page>(app, PAGE, { first: 100, orderBy: 'TITLE_ASC' })).papers.edges.map((e) => e.node.title.toLowerCase());
    expect(titles).toEqual([...titles].sort((a, b) => a.replace(/[^a-z0-9]+/g, ' ').localeCompare(b.replace(/[^a-z0-9]+/g, ' '), 'en')));
  });

  it('pages back from a page to the one before it', async () => {
    const first = (await query<Page>(app, PAGE, { first: 10 })).papers;
    const second = (await query<Page>(app, PAGE, { first: 10, after: first.pageInfo.endCursor })).papers;
    const back = (await query<Page>(app, PAGE, { last: 10, before: second.pageInfo.startCursor })).papers;
    expect(back.edges.map((e) => e.node.slug)).toEqual(first.edges.map((e) => e.node.slug));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it('returns an empty page past the end with null cursors', async () => {
    const all = (await query<Page>(app, PAGE, { first: 100 })).papers;
    const past = (await query<Page>(app, PAGE, { first: 5, after: all.pageInfo.endCursor })).papers;
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it('accepts first: 0 and first: 100', async () => {
    expect((await query<Page>(app, PAGE, { first: 0 })).papers.edges).toEqual([]);
    expect((await query<Page>(app, PAGE, { first: 100 })).papers.edges).toHaveLength(47);
  });

  it.each([
    [{ first: 101 }, 'EXCESSIVE_PAGINATION'],
    [{ last: 500 }, 'EXCESSIVE_PAGINATION'],
    [{ first: -1 }, 'INVALID_ARGUMENTS'],
    [{ first: 5, last: 5 }, 'INVALID_ARGUMENTS'],
    [{ first: 5, before: cursor('PUBLISHED_AT_DESC', null, 1) }, 'INVALID_ARGUMENTS'],
    [{ after: 'not-a-cursor!' }, 'INVALID_CURSOR'],
    [{ after: 'bm9wZQ' }, 'INVALID_CURSOR'],
    [{ after: cursor('TITLE_ASC', 'x', 1) }, 'INVALID_CURSOR'], // another order's cursor
    [{ after: cursor('PUBLISHED_AT_DESC', { a: 1 }, 1) }, 'INVALID_CURSOR'], // a key value of the wrong kind
    [{ after: cursor('PUBLISHED_AT_DESC', null) }, 'INVALID_CURSOR'], // too few keys
    [{ filter: { topic: 'no-such-topic' } }, 'UNKNOWN_TOPIC'],
    [{ filter: { repository: 'not a repository' } }, 'INVALID_ARGUMENTS'],
    [{ filter: { publishedAfter: '2024-02-30' } }, 'BAD_USER_INPUT'],
  ])('rejects %j with %s', async (variables, code) => {
    const result = await execute(app, PAGE, variables);
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.status).toBe(400);
    expect(JSON.stringify(result)).not.toMatch(/select|sqlite|at .*\.ts:\d+/i);
  });

  it.each(['2020-13-01', '2024-02-30', '2024-2-1', 'yesterday', '2024-01-01T00:00:00Z'])(
    'rejects the date %j with BAD_USER_INPUT, given as a variable or a literal',
    async (date) => {
      const asVariable = await execute(app, 'query ($d: Date) { papers(filter: { publishedAfter: $d }) { totalCount } }', { d: date });
      expect(asVariable.status).toBe(400);
      expect(asVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const asLiteral = await execute(app, `{ papers(filter: { publishedBefore: ${JSON.stringify(date)} }) { totalCount } }`);
      expect(asLiteral.status).toBe(400);
      expect(asLiteral.errors?.[0]?.message).toMatch(/is not a date of the form YYYY-MM-DD/);
    },
  );

  it('a cursor from another order is rejected, not misread', async () => {
    const { papers } = await query<Page>(app, PAGE, { first: 1, orderBy: 'TITLE_ASC' });
    expect(await errorCode(app, PAGE, { after: papers.pageInfo.endCursor })).toBe('INVALID_CURSOR');
  });
});

describe('paper', () => {
  const PAPER = `query ($id: ID, $slug: String, $arxivId: String) { paper(id: $id, slug: $slug, arxivId: $arxivId) { id slug title } }`;

  it('finds a paper by slug and by global id', async () => {
    const bySlug = await query(app, PAPER, { slug: 'neural-tangent-kernel-convergence-and-generalization-in-neural-networks' });
    expect(bySlug.paper.title).toBe('Neural Tangent Kernel: Convergence and Generalization in Neural Networks');
    const byId = await query(app, PAPER, { id: bySlug.paper.id });
    expect(byId.paper).toEqual(bySlug.paper);
  });

  it('returns null for what does not exist', async () => {
    expect((await query(app, PAPER, { slug: 'nope' })).paper).toBeNull();
    expect((await query(app, PAPER, { arxivId: '9999.99999' })).paper).toBeNull();
    expect((await query(app, PAPER, { arxivId: 'not an id' })).paper).toBeNull();
    const missing = Buffer.from('Paper:99999').toString('base64url');
    expect((await query(app, PAPER, { id: missing })).paper).toBeNull();
  });

  it.each([
    [{}, 'INVALID_ARGUMENTS'],
    [{ slug: 'a', arxivId: '2106.09685' }, 'INVALID_ARGUMENTS'],
    [{ id: '%%%' }, 'INVALID_ID'],
    [{ id: 'UGFwZXI6' }, 'INVALID_ID'], // "Paper:" without a key
    [{ id: Buffer.from('Nope:1').toString('base64url') }, 'INVALID_ID'],
    [{ id: Buffer.from('Topic:1').toString('base64url') }, 'INVALID_ID'],
  ])('rejects %j with %s', async (variables, code) => {
    expect(await errorCode(app, PAPER, variables)).toBe(code);
  });

  it('shows the sample paper fields the contract names', async () => {
    const data = await query(app, `{ paper(slug: "unireplknet-a-universal-perception-large-kernel-convnet-for-audio-video-point") {
      slug arxivId title abstract url pdfUrl publishedAt authors { name } topics { slug name } keywords { term } repositories { url fullName }
    } }`);
    expect(data.paper).toMatchObject({ arxivId: null, url: null, pdfUrl: null, publishedAt: null, authors: [] });
    expect(data.paper.repositories).toEqual([{ url: 'https://github.com/AILab-CVC/UniRepLKNet', fullName: 'AILab-CVC/UniRepLKNet' }]);
    expect(data.paper.topics.map((t: { slug: string }) => t.slug)).toContain('convolutional-networks');
    expect(data.paper.keywords.length).toBeGreaterThanOrEqual(5);
  });
});

describe('filters on imported data with authors and dates', () => {
  const { db } = createTestDb();
  const app = createApp(db);
  beforeAll(() => {
    importJsonl(db);
  });
  const slugs = async (filter: Record<string, unknown>, orderBy = 'PUBLISHED_AT_DESC') =>
    (await query<Page>(app, PAGE, { filter, orderBy })).papers.edges.map((e) => e.node.slug);

  it('orders by date, undated papers as the oldest', async () => {
    const all = (await query<Page>(app, PAGE, {})).papers.edges.map((e) => e.node.publishedAt);
    expect(all).toEqual(['2023-12-01', '2022-05-27', '2021-06-17', '2019-03-01', '2017-06-12', null]);
    const asc = (await query<Page>(app, PAGE, { orderBy: 'PUBLISHED_AT_ASC' })).papers.edges.map((e) => e.node.publishedAt);
    expect(asc).toEqual([...all].reverse());
  });

  it('filters by author, ignoring case and accents', async () => {
    expect(await slugs({ author: 'tri dao' })).toEqual([
      'mamba-linear-time-sequence-modeling-with-selective-state-spaces',
      'flashattention-fast-and-memory-efficient-exact-attention-with-io-awareness',
    ]);
    expect(await slugs({ author: 'Jose Garcia' })).toEqual(['gaussian-processes-for-machine-learning-revisited']);
    expect(await slugs({ author: 'Nobody' })).toEqual([]);
  });

  it('filters by date range, inclusive', async () => {
    expect(await slugs({ publishedAfter: '2021-06-17', publishedBefore: '2022-05-27' })).toHaveLength(2);
    expect(await slugs({ publishedAfter: '2024-01-01' })).toEqual([]);
  });

  it('filters by repository in any spelling', async () => {
    for (const repository of ['state-spaces/mamba', 'https://github.com/State-Spaces/Mamba.git', 'http://github.com/state-spaces/mamba/']) {
      expect(await slugs({ repository })).toEqual(['mamba-linear-time-sequence-modeling-with-selective-state-spaces']);
    }
  });

  it('filters by code and keyword, combined with AND', async () => {
    expect(await slugs({ hasCode: false })).toHaveLength(2);
    expect(await slugs({ hasCode: true, keyword: 'attention' })).toEqual([
      'flashattention-fast-and-memory-efficient-exact-attention-with-io-awareness',
      'attention-is-all-you-need',
    ]);
    expect(await slugs({ hasCode: true, keyword: 'attention', author: 'Ashish Vaswani' })).toEqual(['attention-is-all-you-need']);
    expect(await slugs({ keyword: 'attention -cuda' })).toEqual(['attention-is-all-you-need']);
  });

  it('counts the filtered set, not the page', async () => {
    const { papers } = await query<Page>(app, PAGE, { first: 1, filter: { hasCode: true } });
    expect(papers.edges).toHaveLength(1);
    expect(papers.totalCount).toBe(4);
  });

  it('keeps the arXiv id without version and derives arXiv links', async () => {
    const data = await query(app, '{ paper(arxivId: "1706.03762v2") { arxivId url pdfUrl authors { name } } }');
    expect(data.paper).toEqual({
      arxivId: '1706.03762',
      url: 'https://arxiv.org/abs/1706.03762',
      pdfUrl: 'https://arxiv.org/pdf/1706.03762',
      authors: [{ name: 'Ashish Vaswani' }, { name: 'Noam Shazeer' }, { name: 'Niki Parmar' }],
    });
  });
});
