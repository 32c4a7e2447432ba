import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { readFormat } from '../../src/ingest/formats/index.ts';
import { importStream } from '../../src/ingest/importer.ts';
import { taxonomy } from '../fixtures.ts';
import { createTestDb, query } from '../helpers.ts';

const fixture = (name: string) => new URL(`../fixtures/formats/${name}`, import.meta.url).pathname;
const { db } = createTestDb({ sample: true });
const app = createApp(db);

beforeAll(async () => {
  await importStream(db, readFormat('pwc', [fixture('pwc-papers.json'), fixture('pwc-links.json')]), { taxonomy });
  await importStream(db, readFormat('hf-daily', [fixture('hf-daily.json')]), { taxonomy });
});

const arxivIds = async (filter: Record<string, unknown>) =>
  (await query(app, 'query ($f: PaperFilter) { papers(filter: $f, first: 100) { nodes { arxivId } } }', { f: filter })).papers.nodes
    .map((n: { arxivId: string | null }) => n.arxivId)
    .filter(Boolean)
    .sort();

describe('code-aware filters', () => {
  it('officialCodeOnly keeps papers with the authors\' own code', async () => {
    expect(await arxivIds({ officialCodeOnly: true })).toEqual(['1307.1058']);
  });

  it('framework matches what a source reports, ignoring case', async () => {
    expect(await arxivIds({ framework: 'PyTorch' })).toEqual(['1307.1058']);
    expect(await arxivIds({ framework: 'jax' })).toEqual([]);
  });

  it('combines its conditions on one and the same link', async () => {
    // The official repository is not the PyTorch one.
    expect(await arxivIds({ officialCodeOnly: true, framework: 'pytorch' })).toEqual([]);
    expect(await arxivIds({ officialCodeOnly: true, framework: 'none' })).toEqual(['1307.1058']);
  });

  it('minStars keeps papers whose repository has at least that many stars, where stars are known', async () => {
    expect(await arxivIds({ minStars: 5 })).toEqual(['2602.23229']);
    expect(await arxivIds({ minStars: 10 })).toEqual([]);
  });

  it('combines with everything else, search included', async () => {
    const { search } = await query(app, '{ search(query: "classifiers", filter: { minStars: 1, hasCode: true }) { totalCount nodes { arxivId } } }');
    expect(search.nodes).toEqual([{ arxivId: '2602.23229' }]);
    expect(await arxivIds({ minStars: 1, publishedAfter: '2027-01-01' })).toEqual([]);
  });
});
