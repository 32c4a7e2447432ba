import { describe, expect, it } from 'vitest';
import { errorCode, query, sampleApp, UNCACHED } from '../helpers.ts';

const { app } = sampleApp();

describe('topics', () => {
  it('lists the whole taxonomy by name, with parents and children', async () => {
    const { topics } = await query(app, '{ topics(first: 100) { totalCount nodes { slug name kind parent { slug } children { slug } } } }');
    expect(topics.totalCount).toBe(23);
    const names = topics.nodes.map((t: { name: string }) => t.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : 1)));
    const kernel = topics.nodes.find((t: { slug: string }) => t.slug === 'kernel-methods');
    expect(kernel).toMatchObject({ kind: 'THEME', parent: null, children: [{ slug: 'gaussian-processes' }] });
  });

  it('filters by parent and to top-level topics', async () => {
    const { topics } = await query(app, '{ topics(parent: "computer-vision") { nodes { slug } } }');
    expect(topics.nodes.map((t: { slug: string }) => t.slug).sort()).toEqual(['neural-fields', 'object-detection']);
    const top = await query(app, '{ topics(topLevel: true, first: 100) { totalCount } }');
    expect(top.topics.totalCount).toBe(19);
    expect(await errorCode(app, '{ topics(parent: "nope") { totalCount } }')).toBe('UNKNOWN_TOPIC');
  });

  it('orders by paper count', async () => {
    const { topics } = await query(app, '{ topics(orderBy: PAPER_COUNT_DESC, first: 100) { nodes { paperCount } } }');
    const counts = topics.nodes.map((t: { paperCount: number }) => t.paperCount);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('a parent topic includes the papers of its sub-topics', async () => {
    const data = await query(app, `{
      parent: topic(slug: "kernel-methods") { paperCount papers(first: 100) { totalCount nodes { slug } } }
      child: topic(slug: "gaussian-processes") { paperCount papers(first: 100) { nodes { slug } } }
    }`);
    const parentSlugs = data.parent.papers.nodes.map((p: { slug: string }) => p.slug);
    for (const p of data.child.papers.nodes) expect(parentSlugs).toContain(p.slug);
    expect(data.parent.paperCount).toBe(parentSlugs.length);
    expect(data.parent.papers.totalCount).toBe(parentSlugs.length);
    const filtered = await query(app, '{ papers(filter: { topic: "kernel-methods" }, first: 100) { totalCount } }');
    expect(filtered.papers.totalCount).toBe(parentSlugs.length);
  });

  it('returns null for an unknown slug', async () => {
    expect((await query(app, '{ topic(slug: "nope") { slug } }')).topic).toBeNull();
  });
});

describe('repositories', () => {
  it('finds a repository by URL or owner/name, case-insensitively', async () => {
    for (const args of ['url: "http://github.com/ailab-cvc/unireplknet.git"', 'fullName: "AILab-CVC/UniRepLKNet"', 'fullName: "ailab-cvc/unireplknet"']) {
      const { repository } = await query(app, `{ repository(${args}) { url host owner name fullName paperCount papers { totalCount nodes { slug } } } }`);
      expect(repository).toMatchObject({
        url: 'https://github.com/AILab-CVC/UniRepLKNet',
        host: 'github.com',
        owner: 'AILab-CVC',
        name: 'UniRepLKNet',
        fullName: 'AILab-CVC/UniRepLKNet',
        paperCount: 2,
      });
      expect(repository.papers.totalCount).toBe(2);
    }
  });

  it('requires exactly one argument and returns null when unknown', async () => {
    expect(await errorCode(app, '{ repository { url } }')).toBe('INVALID_ARGUMENTS');
    expect(await errorCode(app, '{ repository(url: "https://github.com/a/b", fullName: "a/b") { url } }')).toBe('INVALID_ARGUMENTS');
    expect((await query(app, '{ repository(fullName: "nobody/nothing") { url } }')).repository).toBeNull();
    expect((await query(app, '{ repository(url: "https://example.com/") { url } }')).repository).toBeNull();
  });

  it('lists the 11 repositories of the sample, most papers first, and by owner', async () => {
    const { repositories } = await query(app, '{ repositories(first: 100) { totalCount nodes { fullName paperCount } } }');
    expect(repositories.totalCount).toBe(11);
    expect(repositories.nodes[0]).toEqual({ fullName: 'AILab-CVC/UniRepLKNet', paperCount: 2 });
    const raivn = await query(app, '{ repositories(owner: "raivnlab", orderBy: FULL_NAME_ASC) { nodes { fullName } } }');
    expect(raivn.repositories.nodes).toEqual([{ fullName: 'RAIVNLab/AdANNS' }, { fullName: 'RAIVNLab/MRL' }]);
  });
});

describe('keywords', () => {
  it('finds a keyword by term, ignoring case and plurals, with its papers', async () => {
    const { keyword } = await query(app, '{ keyword(term: "Neural Tangent Kernels") { term paperCount papers { totalCount nodes { title } } } }');
    expect(keyword.term.toLowerCase()).toBe('neural tangent kernel');
    expect(keyword.papers.nodes.map((p: { title: string }) => p.title)).toContain(
      'Neural Tangent Kernel: Convergence and Generalization in Neural Networks',
    );
    expect(keyword.papers.totalCount).toBe(keyword.paperCount);
  });

  it('lists keywords by prefix, most used first', async () => {
    const { keywords } = await query(app, '{ keywords(prefix: "Low", first: 50) { totalCount nodes { term paperCount } } }');
    expect(keywords.totalCount).toBeGreaterThan(0);
    for (const k of keywords.nodes) expect(k.term.toLowerCase().startsWith('low')).toBe(true);
    const counts = keywords.nodes.map((k: { paperCount: number }) => k.paperCount);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('pages through all keywords without repeats', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const { keywords }: any = await query(app, 'query ($after: String) { keywords(first: 37, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { term } } }', { after });
      total = keywords.totalCount;
      for (const k of keywords.nodes) {
        expect(seen.has(k.term)).toBe(false);
        seen.add(k.term);
      }
      if (!keywords.pageInfo.hasNextPage) break;
      after = keywords.pageInfo.endCursor;
    }
    expect(seen.size).toBe(total);
    expect(total).toBeGreaterThanOrEqual(47 * 4);
  });
});

describe('node and nodes', () => {
  it('refetches every kind of object by its global id', async () => {
    const data = await query(app, `{
      papers(first: 1) { nodes { id authors { id } } }
      topics(first: 1) { nodes { id } }
      keywords(first: 1) { nodes { id } }
      repositories(first: 1) { nodes { id } }
    }`);
    const ids = [data.papers.nodes[0].id, data.topics.nodes[0].id, data.keywords.nodes[0].id, data.repositories.nodes[0].id];
    const { nodes } = await query(app, 'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids });
    expect(nodes.map((n: { __typename: string }) => n.__typename)).toEqual(['Paper', 'Topic', 'Keyword', 'Repository']);
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(ids);
    const { node } = await query(app, 'query ($id: ID!) { node(id: $id) { id ... on Topic { slug } } }', { id: ids[1] });
    expect(node.id).toBe(ids[1]);
  });

  it('keeps input order and gives null for unknown ids', async () => {
    const { papers } = await query(app, '{ papers(first: 2) { nodes { id } } }');
    const missing = Buffer.from('Paper:999999').toString('base64url');
    const ids = [papers.nodes[1].id, missing, papers.nodes[0].id];
    const { nodes } = await query(app, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(nodes).toEqual([{ id: ids[0] }, null, { id: ids[2] }]);
  });

  it('rejects malformed ids and more than 100 ids', async () => {
    expect(await errorCode(app, '{ node(id: "garbage!") { id } }')).toBe('INVALID_ID');
    expect(await errorCode(app, '{ node(id: "Zm9vOmJhcg") { id } }')).toBe('INVALID_ID');
    const ids = Array.from({ length: 101 }, (_, i) => Buffer.from(`Paper:${i + 1}`).toString('base64url'));
    expect(await errorCode(app, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids })).toBe('ARGUMENT_LIMIT');
  });
});

describe('papersByIds', () => {
  it('takes global ids, arXiv ids in any spelling and slugs mixed, in input order, null where unknown, in one statement', async () => {
    const { createApp } = await import('../../src/app.ts');
    const { createTestDb } = await import('../helpers.ts');
    const { importJsonl } = await import('../fixtures.ts');
    const { db, statements } = createTestDb({ sample: true });
    importJsonl(db);
    const local = createApp(db, UNCACHED);
    const { paper } = await query(local, '{ paper(slug: "matryoshka-representation-learning") { id } }');
    const ids = [
      'arXiv:1706.03762v7',
      paper.id,
      'no-such-paper',
      'https://arxiv.org/abs/2106.09685v2',
      Buffer.from('Topic:1').toString('base64url'),
      'scale-mixtures-of-neural-network-gaussian-processes',
      '2312.00752',
    ];
    statements.length = 0;
    const { papersByIds } = await query(local, 'query ($ids: [String!]!) { papersByIds(ids: $ids) { slug } }', { ids });
    expect(statements).toHaveLength(1);
    expect(papersByIds.map((p: { slug: string } | null) => p?.slug ?? null)).toEqual([
      'attention-is-all-you-need',
      'matryoshka-representation-learning',
      null,
      'lora-low-rank-adaptation-of-large-language-models',
      null,
      'scale-mixtures-of-neural-network-gaussian-processes',
      'mamba-linear-time-sequence-modeling-with-selective-state-spaces',
    ]);
  });

  it('takes at most 100 ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `slug-${i}`);
    expect(await errorCode(app, 'query ($ids: [String!]!) { papersByIds(ids: $ids) { slug } }', { ids })).toBe('ARGUMENT_LIMIT');
  });
});
