/**
 * Facets count the whole filtered set, agree with the filters they narrow to, say when they are
 * cut, and follow imports. Checked on the sample and on a generated Papers with Code corpus
 * (dated papers, frameworks, shared repositories).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import { generatedRecords, importGeneratedPwc, taxonomy } from '../fixtures.ts';
import { createTestDb, errorCode, query, sampleApp, UNCACHED } from '../helpers.ts';

const ALL_FACETS = `facets {
  topics(first: 100) { values { topic { slug } count } truncated valueCount }
  years(first: 100) { values { year count } truncated valueCount }
  hasCode { withCode withoutCode }
  frameworks(first: 100) { values { value count } truncated valueCount }
  repositoryOwners(first: 100) { values { value count } truncated valueCount }
}`;

interface Facets {
  topics: { values: { topic: { slug: string }; count: number }[]; truncated: boolean; valueCount: number };
  years: { values: { year: number | null; count: number }[]; truncated: boolean; valueCount: number };
  hasCode: { withCode: number; withoutCode: number };
  frameworks: { values: { value: string; count: number }[]; truncated: boolean; valueCount: number };
  repositoryOwners: { values: { value: string; count: number }[]; truncated: boolean; valueCount: number };
}

type App = ReturnType<typeof createApp>;

const listFacets = async (app: App, filter: Record<string, unknown> = {}) =>
  (await query(app, `query ($f: PaperFilter) { papers(filter: $f, first: 1) { totalCount ${ALL_FACETS} } }`, { f: filter })).papers as {
    totalCount: number;
    facets: Facets;
  };

const searchFacets = async (app: App, text: string, filter: Record<string, unknown> = {}) =>
  (await query(app, `query ($q: String!, $f: PaperFilter) { search(query: $q, filter: $f, first: 1) { totalCount ${ALL_FACETS} } }`, { q: text, f: filter }))
    .search as { totalCount: number; facets: Facets };

const total = async (app: App, filter: Record<string, unknown>) =>
  (await query(app, 'query ($f: PaperFilter) { papers(filter: $f) { totalCount } }', { f: filter })).papers.totalCount as number;

/** Every facet value, narrowed to with its filter, gives back its count (facets of fields the base filter does not set). */
async function expectFacetsToAgreeWithFilters(base: Record<string, unknown>, facets: Facets, count: (f: Record<string, unknown>) => Promise<number>) {
  if (!('topic' in base)) {
    for (const { topic, count: n } of facets.topics.values) expect(await count({ ...base, topic: topic.slug }), topic.slug).toBe(n);
  }
  for (const { year, count: n } of facets.years.values) {
    const range = year === null ? null : { publishedAfter: `${year}-01-01`, publishedBefore: `${year}-12-31` };
    if (range) expect(await count({ ...base, ...range }), String(year)).toBe(n);
  }
  expect(await count({ ...base, hasCode: true })).toBe(facets.hasCode.withCode);
  expect(await count({ ...base, hasCode: false })).toBe(facets.hasCode.withoutCode);
  for (const { value, count: n } of facets.frameworks.values) expect(await count({ ...base, framework: value }), value).toBe(n);
  for (const { value, count: n } of facets.repositoryOwners.values) expect(await count({ ...base, repositoryOwner: value }), value).toBe(n);
}

describe('facets on the sample', () => {
  const { app } = sampleApp();

  it('count the whole list, not the page, and each count is what its filter gives', async () => {
    const { totalCount, facets } = await listFacets(app);
    expect(totalCount).toBe(47);
    expect(facets.hasCode.withCode + facets.hasCode.withoutCode).toBe(47);
    expect(facets.topics.values.length).toBe(facets.topics.valueCount);
    expect(facets.topics.values.length).toBeGreaterThan(10);
    // The sample has no dates: every paper sits in the unknown year.
    expect(facets.years.values).toEqual([{ year: null, count: 47 }]);
    expect(facets.repositoryOwners.values.length).toBeGreaterThan(1);
    await expectFacetsToAgreeWithFilters({}, facets, (f) => total(app, f));
  });

  it('of a filtered list count only its papers', async () => {
    const filter = { topic: 'large-language-models' };
    const { totalCount, facets } = await listFacets(app, filter);
    expect(facets.topics.values.find((v) => v.topic.slug === 'large-language-models')?.count).toBe(totalCount);
    expect(facets.hasCode.withCode + facets.hasCode.withoutCode).toBe(totalCount);
    await expectFacetsToAgreeWithFilters(filter, facets, (f) => total(app, f));
  });

  it('of a search count every match, and narrowing by a value gives its count', async () => {
    const { totalCount, facets } = await searchFacets(app, 'language models');
    expect(totalCount).toBeGreaterThan(1);
    expect(facets.hasCode.withCode + facets.hasCode.withoutCode).toBe(totalCount);
    const searchTotal = async (f: Record<string, unknown>) => (await searchFacets(app, 'language models', f)).totalCount;
    await expectFacetsToAgreeWithFilters({}, facets, searchTotal);
  });

  it('say when they were cut to `first`, and how many values there are in all', async () => {
    const { papers } = await query(app, '{ papers { facets { topics(first: 2) { values { count } truncated valueCount } } } }');
    const all = (await listFacets(app)).facets.topics;
    expect(papers.facets.topics).toEqual({ values: all.values.slice(0, 2).map(({ count }) => ({ count })), truncated: true, valueCount: all.valueCount });
    expect(all.truncated).toBe(false);
    const counts = all.values.map((v) => v.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('of topics can be limited to one kind', async () => {
    const { papers } = await query(app, '{ papers { facets { topics(first: 100, kind: THEME) { values { topic { kind } } } } } }');
    expect(papers.facets.topics.values.length).toBeGreaterThan(0);
    expect(papers.facets.topics.values.every((v: { topic: { kind: string } }) => v.topic.kind === 'THEME')).toBe(true);
  });

  it('of a search whose text has no words are empty', async () => {
    const { facets, totalCount } = await searchFacets(app, '  -- ');
    expect(totalCount).toBe(0);
    expect(facets.hasCode).toEqual({ withCode: 0, withoutCode: 0 });
    expect(facets.topics).toEqual({ values: [], truncated: false, valueCount: 0 });
  });

  it('refuse more than 100 values, and negative sizes', async () => {
    expect(await errorCode(app, '{ papers { facets { topics(first: 101) { valueCount } } } }')).toBe('EXCESSIVE_PAGINATION');
    expect(await errorCode(app, '{ papers { facets { years(first: -1) { valueCount } } } }')).toBe('INVALID_ARGUMENTS');
  });

  it('appear on every list of papers, e.g. a topic\'s', async () => {
    const { topic } = await query(app, '{ topic(slug: "computer-vision") { paperCount papers { facets { hasCode { withCode withoutCode } } } } }');
    expect(topic.papers.facets.hasCode.withCode + topic.papers.facets.hasCode.withoutCode).toBe(topic.paperCount);
  });
});

describe('facets on a generated Papers with Code corpus', () => {
  const { db, statements } = createTestDb();
  const app = createApp(db, UNCACHED);

  beforeAll(() => importGeneratedPwc(db, 400));

  it('count years, frameworks and owners as their filters do', async () => {
    const { totalCount, facets } = await listFacets(app);
    expect(totalCount).toBe(400);
    expect(facets.years.values.length).toBeGreaterThan(1);
    expect(facets.years.values.reduce((sum, v) => sum + v.count, 0)).toBe(400);
    const years = facets.years.values.map((v) => v.year ?? 0);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(facets.frameworks.values.length).toBeGreaterThan(0);
    expect(facets.repositoryOwners.values.length).toBeGreaterThan(0);
    await expectFacetsToAgreeWithFilters({}, facets, (f) => total(app, f));
  });

  it('of the whole catalogue (kept at import) equal those counted per request', async () => {
    // `publishedBefore` far in the future keeps every dated paper: the same set, counted the other way.
    const stored = await listFacets(app);
    const undated = stored.facets.years.values.find((v) => v.year === null)?.count ?? 0;
    expect(undated).toBe(0);
    const counted = await listFacets(app, { publishedBefore: '9999-12-31' });
    expect(counted).toEqual(stored);
  });

  it('of a filtered search cover the filter and the text together', async () => {
    const { totalCount, facets } = await searchFacets(app, 'learning', { hasCode: true });
    expect(totalCount).toBeGreaterThan(0);
    expect(facets.hasCode).toEqual({ withCode: totalCount, withoutCode: 0 });
  });

  it('take one statement for every facet of a list, plus one for the topics shown', async () => {
    for (const filter of [{}, { hasCode: true }]) {
      statements.length = 0;
      await listFacets(app, filter);
      // totalCount (a stored count when unfiltered), the page, every facet, the topics of the topic facet.
      expect(statements.length, JSON.stringify(filter)).toBe(4);
      // Every facet: the stored counts when unfiltered, else the ids of the list's papers, counted
      // in the in-memory index (of the current version: built by the first request after the import).
      const read = statements.filter((s) => s.includes('catalogue_facets') || s.includes('select -1 - version'));
      expect(read.length, JSON.stringify(filter)).toBe(1);
      expect(read[0]!.includes('select -1 - version'), JSON.stringify(filter)).toBe(Object.keys(filter).length > 0);
    }
  });
});

describe('facets follow imports', () => {
  it('the stored counts of the whole catalogue change with an import', async () => {
    const { db } = createTestDb({ sample: true });
    const app = createApp(db);
    const before = (await listFacets(app)).facets;
    importPapers(db, generatedRecords(30), { taxonomy });
    const after = (await listFacets(app)).facets;
    // Every third generated paper has code; all are dated January 2024.
    expect(after.hasCode.withCode).toBe(before.hasCode.withCode + 10);
    expect(after.hasCode.withoutCode).toBe(before.hasCode.withoutCode + 20);
    expect(after.years.values).toContainEqual({ year: 2024, count: 30 });
    expect(after.repositoryOwners.values.find((v) => v.value === 'lab0')?.count).toBe(2);
  });
});
