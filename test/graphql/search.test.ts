import { describe, expect, it } from 'vitest';
import { errorCode, execute, query, sampleApp } from '../helpers.ts';

const SEARCH = `query ($q: String!, $first: Int, $after: String, $filter: PaperFilter) {
  search(query: $q, first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor score snippet { title abstract } node { slug title } }
  }
}`;

type Hit = { cursor: string; score: number; snippet: { title: string; abstract: string }; node: { slug: string; title: string } };
type Result = { search: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; edges: Hit[] } };

const { app } = sampleApp();
const search = (q: string, vars: Record<string, unknown> = {}) => query<Result>(app, SEARCH, { q, ...vars }).then((r) => r.search);

describe('search', () => {
  it('ranks a title match above abstract-only matches', async () => {
    const { edges, totalCount } = await search('gaussian processes');
    expect(totalCount).toBeGreaterThan(3);
    expect(edges[0]!.node.title).toBe('Scale Mixtures of Neural Network Gaussian Processes');
    const scores = edges.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(0);
  });

  it('highlights matches in the title and an abstract snippet', async () => {
    const [top] = (await search('low-rank adaptation')).edges;
    expect(top!.snippet.title).toMatch(/<mark>Low-Rank<\/mark> <mark>Adaptation<\/mark>/i);
    expect(top!.snippet.abstract).toMatch(/<mark>/);
    expect(top!.snippet.abstract.length).toBeLessThan(top!.node.title.length + 600);
  });

  it('matches stems: "kernels" finds "kernel"', async () => {
    const singular = await search('kernel');
    const plural = await search('kernels');
    expect(plural.totalCount).toBe(singular.totalCount);
  });

  it('supports phrases, prefixes, exclusion and OR', async () => {
    const phrase = (await search('"state space"')).totalCount;
    const words = (await search('state space')).totalCount;
    expect(phrase).toBeGreaterThan(0);
    expect(phrase).toBeLessThanOrEqual(words);
    expect((await search('quantiz*')).totalCount).toBeGreaterThan((await search('quantization')).totalCount - 1);
    const kernel = (await search('kernel')).totalCount;
    const withoutConv = await search('kernel -convolution');
    expect(withoutConv.totalCount).toBeLessThan(kernel);
    for (const hit of withoutConv.edges) expect(hit.snippet.abstract.toLowerCase()).not.toContain('<mark>convolution');
    const lora = (await search('LoRA')).totalCount;
    const mamba = (await search('Mamba')).totalCount;
    expect((await search('LoRA OR Mamba')).totalCount).toBe(lora + mamba);
  });

  it('pages through ranked results without repeats', async () => {
    const all = (await search('learning', { first: 100 })).edges.map((e) => e.node.slug);
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Result['search'] = await search('learning', { first: 4, after });
      paged.push(...page.edges.map((e) => e.node.slug));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
  });

  it('combines with the paper filter', async () => {
    const withCode = await search('kernel', { filter: { hasCode: true } });
    expect(withCode.totalCount).toBeGreaterThan(0);
    expect(withCode.totalCount).toBeLessThan((await search('kernel')).totalCount);
    const inTopic = await search('kernel', { filter: { topic: 'convolutional-networks' } });
    expect(inTopic.totalCount).toBeGreaterThan(0);
    expect(inTopic.totalCount).toBeLessThan((await search('kernel')).totalCount);
    expect(inTopic.edges.map((e) => e.node.title)).toContain(
      'UniRepLKNet: A Universal Perception Large-Kernel ConvNet for Audio, Video, Point Cloud, Time-Series and Image Recognition',
    );
  });

  it('escapes HTML in highlighted text, leaving only its own <mark> tags', async () => {
    const { createApp } = await import('../../src/app.ts');
    const { createTestDb } = await import('../helpers.ts');
    const { importJsonl } = await import('../fixtures.ts');
    const { db } = createTestDb();
    importJsonl(
      db,
      JSON.stringify({
        title: 'Kernels <script>alert("x")</script> & friends',
        abstract: 'A study of kernel <b>methods</b> where a < b and "quotes" & ampersands appear in the text.',
      }),
    );
    const { search } = await query(createApp(db), '{ search(query: "kernel") { edges { snippet { title abstract } } } }');
    const [hit] = search.edges;
    expect(hit.snippet.title).toBe('<mark>Kernels</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; friends');
    expect(hit.snippet.abstract).toContain('<mark>kernel</mark> &lt;b&gt;methods&lt;/b&gt;');
    expect(hit.snippet.abstract).toContain('a &lt; b and &quot;quotes&quot; &amp; ampersands');
  });

  it.each([
    '"unbalanced',
    'NEAR(',
    'NEAR(kernel gaussian, 3)',
    '*',
    'AND',
    'OR',
    'NOT',
    "'; DROP TABLE papers; --",
    'title:kernel',
    'kernel)',
    '((((',
    '-',
    '"',
    '\\',
    '%_%',
    '',
    '   ',
    'ünïcödé 中文',
    'x'.repeat(5000),
  ])('never fails on %j', async (q) => {
    const result = await execute<Result>(app, SEARCH, { q });
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
    expect(result.data!.search.totalCount).toBeGreaterThanOrEqual(0);
  });

  it('the catalogue survives hostile search text', async () => {
    await search("'; DROP TABLE papers; --");
    expect((await query(app, '{ papers { totalCount } }')).papers.totalCount).toBe(47);
  });

  it('rejects bad paging arguments with codes', async () => {
    expect(await errorCode(app, SEARCH, { q: 'kernel', first: 101 })).toBe('EXCESSIVE_PAGINATION');
    expect(await errorCode(app, SEARCH, { q: 'kernel', after: 'garbage!' })).toBe('INVALID_CURSOR');
  });
});
