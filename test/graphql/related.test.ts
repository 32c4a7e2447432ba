/**
 * `Paper.related` through the API: on the bundled sample (papers a reader would call related find
 * each other), the argument's limits, and lists that follow imports.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import type { PaperRecord } from '../../src/ingest/record.ts';
import { generatedRecords, taxonomy } from '../fixtures.ts';
import { createTestDb, errorCode, execute, query, sampleApp } from '../helpers.ts';

const { app } = sampleApp();

interface Related {
  score: number;
  paper: { slug: string; title: string };
  sharedKeywords: { term: string }[];
  sharedTopics: { slug: string }[];
}

const RELATED = `query ($slug: String!, $first: Int) {
  paper(slug: $slug) { slug related(first: $first) { score paper { slug title } sharedKeywords { term } sharedTopics { slug } } }
}`;

async function relatedOf(slug: string, first = 20, on = app): Promise<Related[]> {
  const { paper } = await query(on, RELATED, { slug, first });
  expect(paper, slug).not.toBeNull();
  return paper.related;
}

/** The slug of the sample paper whose title starts with `prefix`. */
async function slugOf(prefix: string, on = app): Promise<string> {
  const { search } = await query(on, `query ($q: String!) { search(query: $q, first: 5) { nodes { slug title } } }`, { q: prefix });
  const hit = search.nodes.find((n: { title: string }) => n.title.startsWith(prefix));
  if (!hit) throw new Error(`no sample paper titled "${prefix}…"`);
  return hit.slug;
}

const LORA_FAMILY = [
  'Computational Limits of Low-Rank Adaptation (LoRA)',
  'LQ-LoRA: Low-rank Plus Quantized Matrix Decomposition',
  'Hydra: Multi-head Low-rank Adaptation',
  'LoLDU: Low-Rank Adaptation via Lower-Diag-Upper Decomposition',
];

describe('related papers on the sample', () => {
  it('the LoRA family: each lists the other three among its first four', async () => {
    const slugs = await Promise.all(LORA_FAMILY.map((title) => slugOf(title)));
    for (const slug of slugs) {
      const top4 = (await relatedOf(slug, 4)).map((r) => r.paper.slug);
      expect(top4, slug).toEqual(expect.arrayContaining(slugs.filter((s) => s !== slug)));
    }
  });

  it('the two UniRepLKNet papers find each other first, and say why', async () => {
    const unirep = await slugOf('UniRepLKNet');
    const scaling = await slugOf('Scaling Up Your Kernels');
    const [first] = await relatedOf(unirep, 1);
    expect(first!.paper.slug).toBe(scaling);
    expect((await relatedOf(scaling, 1))[0]!.paper.slug).toBe(unirep);
    expect(first!.sharedKeywords.map((k) => k.term)).toEqual(expect.arrayContaining(['large-kernel ConvNets', 'COCO box AP', 'ADE20K mIoU']));
    expect(first!.sharedTopics.map((t) => t.slug)).toContain('convolutional-networks');
  });

  it('a paper is never related to itself; most similar first; the same pair scores the same both ways', async () => {
    const { papers } = await query(app, '{ papers(first: 50) { nodes { slug related(first: 20) { score paper { slug } } } } }');
    const scores = new Map<string, number>();
    let pairs = 0;
    for (const node of papers.nodes as { slug: string; related: { score: number; paper: { slug: string } }[] }[]) {
      const listed = node.related.map((r) => r.paper.slug);
      expect(listed).not.toContain(node.slug);
      expect(new Set(listed).size).toBe(listed.length);
      const values = node.related.map((r) => r.score);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      for (const r of node.related) {
        expect(r.score).toBeGreaterThan(0);
        expect(r.score).toBeLessThanOrEqual(1 + 1e-9);
        scores.set(`${node.slug} ${r.paper.slug}`, r.score);
      }
    }
    for (const [key, score] of scores) {
      const [a, b] = key.split(' ');
      const back = scores.get(`${b} ${a}`);
      if (back !== undefined) expect(back, key).toBe(score), pairs++;
    }
    expect(pairs).toBeGreaterThan(20);
  });

  it('`first` defaults to 5 and cuts the same list', async () => {
    const slug = await slugOf('Scaling Up Your Kernels');
    const { paper } = await query(app, `query ($slug: String!) { paper(slug: $slug) { related { paper { slug } } } }`, { slug });
    const all = await relatedOf(slug, 20);
    expect(all.length).toBeGreaterThan(5);
    expect(paper.related.map((r: Related) => r.paper.slug)).toEqual(all.slice(0, 5).map((r) => r.paper.slug));
    expect((await relatedOf(slug, 2)).map((r) => r.paper.slug)).toEqual(all.slice(0, 2).map((r) => r.paper.slug));
    expect(await relatedOf(slug, 0)).toEqual([]);
  });

  it('refuses more than 20 or a negative `first`, with a code and no stack', async () => {
    const slug = await slugOf('Hydra');
    expect(await errorCode(app, RELATED, { slug, first: 21 })).toBe('EXCESSIVE_PAGINATION');
    expect(await errorCode(app, RELATED, { slug, first: -1 })).toBe('INVALID_ARGUMENTS');
    const response = await execute(app, RELATED, { slug, first: 1000 });
    expect(response.errors![0]!.message).toBe('Requesting 1000 items exceeds the `first` limit of 20');
    expect(response.errors![0]!.extensions).toMatchObject({ limit: 20 });
    expect(JSON.stringify(response)).not.toMatch(/at .*\.ts|select /i);
  });

  it('costs one per related paper asked for, like any list', async () => {
    const cost = async (first: number) =>
      ((await execute(app, `{ papers(first: 10) { nodes { related(first: ${first}) { paper { title } } } } }`)).extensions!.cost as { requestedQueryCost: number })
        .requestedQueryCost;
    // papers (1) + 10 × (related (1) + first × (paper (1) + title (1)))
    expect(await cost(5)).toBe(1 + 10 * (1 + 5 * 2));
    expect(await cost(20)).toBe(1 + 10 * (1 + 20 * 2));
  });
});

/** A new paper about large-kernel ConvNets, in the sample's words. */
const LARGE_KERNEL_PAPER: PaperRecord = {
  title: 'RepLK-Tiny: Large-Kernel ConvNets for Mobile Image Recognition',
  abstract:
    'We shrink large-kernel ConvNets for mobile devices. Our model keeps the effective receptive fields of large kernels and reaches a COCO box AP and an ADE20K mIoU close to UniRepLKNet at a tenth of the cost, with re-parameterized large kernels for image recognition.',
  arxivId: '2501.00001',
  publishedAt: '2025-01-02',
  position: { file: 'new.jsonl', index: 0 },
};

describe('related papers follow imports', () => {
  it('a new similar paper enters the lists of the old papers it resembles', async () => {
    const { db } = createTestDb({ sample: true });
    const local = createApp(db);
    const unirep = await slugOf('UniRepLKNet', local);
    const before = await relatedOf(unirep, 20, local);
    importPapers(db, [LARGE_KERNEL_PAPER], { taxonomy });
    const after = (await relatedOf(unirep, 20, local)).map((r) => r.paper.title);
    expect(before.map((r) => r.paper.title)).not.toContain(LARGE_KERNEL_PAPER.title);
    expect(after.slice(0, 2)).toContain(LARGE_KERNEL_PAPER.title);
    const own = await relatedOf('replk-tiny-large-kernel-convnets-for-mobile-image-recognition', 2, local);
    expect(own.map((r) => r.paper.slug)).toEqual(expect.arrayContaining([unirep]));
  });

  it('a failed import leaves every list as it was', async () => {
    const { db } = createTestDb({ sample: true });
    const local = createApp(db);
    const unirep = await slugOf('UniRepLKNet', local);
    const before = await relatedOf(unirep, 20, local);
    const bad = { ...LARGE_KERNEL_PAPER, title: 'Bad', arxivId: null, topics: ['no-such-topic'], position: { file: 'new.jsonl', index: 1 } };
    expect(() => importPapers(db, [LARGE_KERNEL_PAPER, bad], { taxonomy, strict: true })).toThrow(/unknown topic/);
    expect(await relatedOf(unirep, 20, local)).toEqual(before);
  });

  it('on generated papers: what every paper has relates nothing; a shared theme relates its papers, 20 each', async () => {
    const { db } = createTestDb();
    const local = createApp(db);
    const RELATED_TITLES = '{ papers(first: 50) { nodes { title related(first: 20) { score paper { title } } } } }';
    // Generated papers differ only in numbers: their keywords are in every paper, so say nothing.
    importPapers(db, generatedRecords(300), { taxonomy });
    const plain = await query(local, RELATED_TITLES);
    expect(plain.papers.nodes.every((n: { related: unknown[] }) => n.related.length === 0)).toBe(true);

    // Give each a tenth of them a theme of its own: they relate within their theme and nowhere else.
    importPapers(db, themedRecords(300), { taxonomy });
    const { papers } = await query(local, RELATED_TITLES);
    for (const node of papers.nodes as { title: string; related: { score: number; paper: { title: string } }[] }[]) {
      const theme = THEMES.find((t) => node.title.endsWith(t))!;
      expect(node.related, node.title).toHaveLength(20);
      for (const r of node.related) expect(r.paper.title.endsWith(theme), `${node.title} → ${r.paper.title}`).toBe(true);
      expect(node.related.map((r) => r.paper.title)).not.toContain(node.title);
    }
  });
});

const THEMES = [
  'quantile sketch regression',
  'hyperbolic graph embeddings',
  'spiking neural networks',
  'protein structure prediction',
  'federated learning',
  'speech enhancement',
  'neural architecture search',
  'causal discovery',
  'point cloud segmentation',
  'knowledge distillation',
];

/** The generated papers again (same arXiv ids: updated in place), each with one of ten themes. */
function themedRecords(n: number): PaperRecord[] {
  return generatedRecords(n).map((r, i) => ({
    ...r,
    title: `${r.title} with ${THEMES[i % THEMES.length]}`,
    abstract: `${r.abstract} We apply it to ${THEMES[i % THEMES.length]}.`,
  }));
}
