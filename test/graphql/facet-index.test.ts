/**
 * Facets of a filtered list or search are counted from an in-memory index (src/db/facet-index.ts)
 * when it is of the current catalogue version. These check that it answers exactly as the SQL
 * path does (its reference) over many scopes, built in one step or in many, and that an index of
 * an older version is never used, whichever connection the import came through.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { closeDb, openDb, type Db } from '../../src/db/client.ts';
import { configureFacetIndex, currentFacetIndex, isFacetIndexBuilding } from '../../src/db/facet-index.ts';
import { compareText, compareValues } from '../../src/db/keyset.ts';
import { getCatalogueVersion } from '../../src/db/queries/catalogue.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import type { PaperRecord } from '../../src/ingest/record.ts';
import { generatedRecords, importGeneratedPwc, taxonomy } from '../fixtures.ts';
import { createTestDb, query, sharedCatalogue, UNCACHED } from '../helpers.ts';

const facetFields = (n: number) => `facets {
  topics(first: ${n}) { values { topic { slug } count } truncated valueCount }
  themes: topics(first: ${n}, kind: THEME) { values { topic { slug } count } truncated valueCount }
  tasks: topics(first: ${n}, kind: TASK) { values { topic { slug } count } truncated valueCount }
  categories: topics(first: ${n}, kind: CATEGORY) { values { topic { slug } count } truncated valueCount }
  years(first: ${n}) { values { year count } truncated valueCount }
  hasCode { withCode withoutCode }
  frameworks(first: ${n}) { values { value count } truncated valueCount }
  repositoryOwners(first: ${n}) { values { value count } truncated valueCount }
}`;

interface Scope {
  filter?: Record<string, unknown>;
  search?: string;
  first: number;
}

async function facetsOf(app: App, { filter = {}, search, first }: Scope) {
  if (search === undefined) {
    return (await query(app, `query ($f: PaperFilter) { papers(filter: $f, first: 1) { totalCount ${facetFields(first)} } }`, { f: filter })).papers;
  }
  const text = `query ($q: String!, $f: PaperFilter) { search(query: $q, filter: $f, first: 1) { totalCount ${facetFields(first)} } }`;
  return (await query(app, text, { q: search, f: filter })).search;
}

/** Whether a statement is the index path's read of a scope's ids, or the SQL path's grouping. */
const isIdRead = (statement: string) => statement.includes('select -1 - version from catalogue_state');
const isGrouping = (statement: string) => statement.includes('count(distinct');

/** Records that give facets their edge cases: owners spelled two ways, frameworks in any case or empty, kinds of topic, undated papers. */
function edgeRecords(): PaperRecord[] {
  const owners = ['DeepLab', 'deeplab', 'DEEPLAB', 'zeta-lab', 'Zeta-Lab'];
  const frameworks = ['PyTorch', 'pytorch', 'TF', '', null, 'jax'];
  return Array.from({ length: 24 }, (_, i) => ({
    title: `Edge case study ${i} of facet counting over graph neural networks`,
    abstract: `A study of graph neural networks and language models, case ${i}, for counting facets.`,
    arxivId: `2402.${String(20000 + i)}`,
    publishedAt: i % 4 === 0 ? null : `${2018 + (i % 5)}-0${(i % 9) + 1}-15`,
    authors: [`Edge Author ${i % 3}`],
    repositories: i % 5 === 4 ? [] : [
      { url: `https://github.com/${owners[i % owners.length]}/repo-${i}`, source: 'pwc' as const, framework: frameworks[i % frameworks.length] ?? null },
      ...(i % 3 === 0 ? [{ url: `https://github.com/${owners[(i + 1) % owners.length]}/other-${i}`, source: 'pwc' as const, framework: 'PYTORCH' }] : []),
    ],
    sourceTopics: [{ kind: i % 2 ? ('TASK' as const) : ('CATEGORY' as const), name: i % 2 ? `Edge Task ${i % 3}` : 'cs.LG' }],
    position: { file: 'edge', index: i },
  }));
}

const SCOPES: Scope[] = [
  { filter: { hasCode: true }, first: 100 },
  { filter: { hasCode: false }, first: 100 },
  { filter: { topic: 'large-language-models' }, first: 100 },
  { filter: { topic: 'computer-vision', hasCode: true }, first: 3 },
  { filter: { framework: 'pytorch' }, first: 100 },
  { filter: { framework: 'pytorch', publishedAfter: '2019-01-01' }, first: 2 },
  { filter: { repositoryOwner: 'deeplab' }, first: 100 },
  { filter: { publishedAfter: '2019-06-01', publishedBefore: '2021-12-31' }, first: 100 },
  { filter: { publishedBefore: '9999-12-31' }, first: 1 },
  { filter: { officialCodeOnly: false, minStars: 0 }, first: 5 },
  { search: 'language models', first: 100 },
  { search: 'graph neural', first: 2 },
  { search: 'graph neural', filter: { hasCode: true }, first: 100 },
  { search: 'learning OR networks', filter: { publishedAfter: '2019-01-01' }, first: 4 },
  { search: 'facet', filter: { repositoryOwner: 'zeta-lab' }, first: 100 },
  { search: 'nothingmatchesthisword', first: 10 },
  { search: '  -- ', first: 10 },
  { filter: { hasCode: true }, first: 0 },
];

/** Runs every scope from the index, then in SQL, and expects the same answers. */
async function expectIndexToMatchSql(db: Db, statements: string[], app: App) {
  const fromIndex = [];
  for (const scope of SCOPES) {
    statements.length = 0;
    fromIndex.push(await facetsOf(app, scope));
    // A text that reads as no words matches nothing without reading anything.
    if (scope.search?.trim() !== '--') {
      expect(statements.some(isIdRead), JSON.stringify(scope)).toBe(true);
      expect(statements.some(isGrouping), JSON.stringify(scope)).toBe(false);
    }
  }
  expect(currentFacetIndex(db)?.version).toBe(getCatalogueVersion(db));
  configureFacetIndex(db, { enabled: false });
  try {
    for (const [i, scope] of SCOPES.entries()) {
      statements.length = 0;
      const fromSql = await facetsOf(app, scope);
      expect(statements.some(isIdRead)).toBe(false);
      expect(fromIndex[i], JSON.stringify(scope)).toEqual(fromSql);
    }
  } finally {
    configureFacetIndex(db, { enabled: true });
  }
  // The scopes are not all empty: the comparison compared something.
  expect(fromIndex.filter((f) => f.totalCount > 0).length).toBeGreaterThan(12);
  expect(fromIndex.some((f) => f.facets.repositoryOwners.truncated && f.facets.frameworks.values.length > 0)).toBe(true);
}

describe('facets from the index equal those counted in SQL', () => {
  it('on the sample with edge cases, the index built in one step', async () => {
    const { db, statements } = createTestDb({ sample: true });
    importPapers(db, edgeRecords(), { taxonomy });
    const app = createApp(db, UNCACHED);
    await expectIndexToMatchSql(db, statements, app);
  });

  it('on a generated corpus with the sample and edge cases, the index built in steps of a few papers', async () => {
    const { db, statements } = createTestDb({ sample: true });
    importPapers(db, edgeRecords(), { taxonomy });
    await importGeneratedPwc(db, 300);
    // Steps of 7 rows: every list, year and owner read crosses step boundaries.
    configureFacetIndex(db, { chunk: 7 });
    const app = createApp(db, UNCACHED);
    await expectIndexToMatchSql(db, statements, app);
  });
});

/** Lets background work (a build's steps) run until `done`, or fails. */
async function until(done: () => boolean) {
  for (let i = 0; i < 10_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

describe('an index of an older catalogue is never used', () => {
  const { path, writer, reader, statements } = sharedCatalogue();
  let app: App;
  let batch = 0;
  /** Imports 30 new papers (10 with code) through the other connection. */
  const importMore = () => importPapers(writer, generatedRecords(30 * ++batch).slice(-30), { taxonomy });
  // Dated papers: a filtered scope (the whole catalogue's facets are stored counts).
  const withCode = async () => (await facetsOf(app, { filter: { publishedBefore: '9999-12-31' }, first: 10 })).facets.hasCode.withCode as number;
  const withCodeInSql = () =>
    query(app, '{ papers(filter: { hasCode: true, publishedBefore: "9999-12-31" }) { totalCount } }').then((d) => d.papers.totalCount as number);

  beforeAll(() => {
    app = createApp(reader, UNCACHED);
  });
  afterAll(() => {
    closeDb(reader);
    closeDb(writer);
  });

  it('a small catalogue: rebuilt at once by the first request after an import', async () => {
    expect(currentFacetIndex(reader)).not.toBeNull();
    await facetsOf(app, { filter: { hasCode: true }, first: 10 });
    const before = currentFacetIndex(reader)!;
    importMore();
    // The 30 new papers are dated, 10 of them with code.
    const after = await withCode();
    expect(after).toBe(10);
    expect(after).toBe(await withCodeInSql());
    expect(currentFacetIndex(reader)).not.toBe(before);
    expect(currentFacetIndex(reader)!.version).toBe(getCatalogueVersion(writer));
  });

  it('a large catalogue: answered in SQL while the new index is built in the background', async () => {
    configureFacetIndex(reader, { syncBuildLimit: 0, chunk: 5 });
    statements.length = 0;
    const first = await withCode();
    expect(statements.some(isGrouping)).toBe(true);
    expect(currentFacetIndex(reader)).toBeNull();
    await until(() => currentFacetIndex(reader) !== null);
    statements.length = 0;
    expect(await withCode()).toBe(first);
    expect(statements.some(isIdRead)).toBe(true);
    expect(statements.some(isGrouping)).toBe(false);

    importMore();
    statements.length = 0;
    const after = await withCode();
    expect(after).toBe(first + 10);
    expect(after).toBe(await withCodeInSql());
    // The index read first found itself stale, then SQL answered.
    expect(statements.some(isIdRead)).toBe(true);
    expect(statements.some(isGrouping)).toBe(true);
    await until(() => currentFacetIndex(reader) !== null);
    expect(currentFacetIndex(reader)!.version).toBe(getCatalogueVersion(writer));
  });

  it('a build during which an import commits is thrown away', async () => {
    configureFacetIndex(reader, { syncBuildLimit: 0, chunk: 5 });
    await withCode(); // starts a build
    await new Promise((resolve) => setImmediate(resolve));
    importMore();
    // The build ends, finds the catalogue changed, and keeps nothing.
    expect(isFacetIndexBuilding(reader)).toBe(true);
    await until(() => !isFacetIndexBuilding(reader));
    expect(currentFacetIndex(reader)).toBeNull();
    expect(await withCode()).toBe(await withCodeInSql());
    await until(() => currentFacetIndex(reader) !== null);
    expect(currentFacetIndex(reader)!.version).toBe(getCatalogueVersion(writer));
    expect(await withCode()).toBe(await withCodeInSql());
  });

  it('a build stops when its database is closed', async () => {
    const other = openDb(path, { readonly: true });
    configureFacetIndex(other, { syncBuildLimit: 0, chunk: 5 });
    createApp(other);
    closeDb(other);
    expect(isFacetIndexBuilding(other)).toBe(true);
    // The build's next step finds the connection closed: it ends, with no index and no warning.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await until(() => !isFacetIndexBuilding(other));
    expect(currentFacetIndex(other)).toBeNull();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('an index that cannot be built', () => {
  it('is tried once per catalogue version, said once, and facets are counted in SQL meanwhile', async () => {
    const { db } = createTestDb({ sample: true });
    const app = createApp(db, UNCACHED);
    const yearsOf = async () =>
      (await query(app, '{ search(query: "language models", first: 1) { facets { years(first: 5) { values { year count } valueCount } } } }')).search.facets.years;
    configureFacetIndex(db, { enabled: false });
    const expected = await yearsOf();
    expect(expected.values.length).toBeGreaterThan(0);
    // A temporary table shadows the one the index reads the papers' topics from; years, counted
    // in SQL, do not read it.
    db.$client.exec('create temp table paper_topics (unrelated integer)');
    configureFacetIndex(db, { enabled: true });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (let i = 0; i < 3; i++) expect(await yearsOf()).toEqual(expected);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('Facet index not built');
    expect(currentFacetIndex(db)).toBeNull();
    warn.mockRestore();
    db.$client.exec('drop table temp.paper_topics');
    // Until the catalogue changes, the failed version is not tried again.
    expect(await yearsOf()).toEqual(expected);
    expect(currentFacetIndex(db)).toBeNull();
  });
});

describe('a connection inside a transaction', () => {
  it('counts in SQL what it sees (its uncommitted rows), and uses the index again after', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const app = createApp(db, UNCACHED);
    const scope = { filter: { topic: 'computer-vision' }, first: 10 };
    const withCode = async () => (await facetsOf(app, scope)).facets.hasCode.withCode as number;
    const before = await withCode();
    const paper = db.$client
      .prepare(`select tp.paper_id from topic_papers tp join topics t on t.id = tp.topic_id
        where t.slug = 'computer-vision' and not exists (select 1 from paper_repositories pr where pr.paper_id = tp.paper_id) limit 1`)
      .pluck()
      .get() as number;
    db.$client.exec('BEGIN');
    try {
      // As an import under way on this connection would: a link, the version not yet bumped.
      db.$client.prepare(`insert into paper_repositories (paper_id, repository_id, source) values (?, (select min(id) from repositories), 'jsonl')`).run(paper);
      statements.length = 0;
      expect(await withCode()).toBe(before + 1);
      expect(statements.some(isGrouping)).toBe(true);
      expect(statements.some(isIdRead)).toBe(false);
    } finally {
      db.$client.exec('ROLLBACK');
    }
    statements.length = 0;
    expect(await withCode()).toBe(before);
    expect(statements.some(isIdRead)).toBe(true);
  });
});

describe('the index orders text values as SQLite does', () => {
  it('compareText sorts as `order by` (UTF-8 bytes), also where UTF-16 order differs', () => {
    const { db } = createTestDb();
    const words = ['b', 'a', 'B', 'ab', 'a b', '', 'é', 'z', '\uffee', '\u{1F600}', '\ue000x', 'Ω', 'aa', '\u{10000}'];
    const bySqlite = db.$client
      .prepare("select value from json_each(?) order by value")
      .pluck()
      .all(JSON.stringify(words)) as string[];
    expect([...words].sort(compareText)).toEqual(bySqlite);
    // Paging and facet ordering compare key values with the same rule.
    expect([...words].sort(compareValues)).toEqual(bySqlite);
    // JavaScript's own order differs on these: the check above would catch a plain `<`.
    expect([...words].sort()).not.toEqual(bySqlite);
  });
});
