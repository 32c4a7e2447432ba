/**
 * The counts an import keeps (keywords', authors' and repositories' paper counts, the catalogue's
 * facets) stay exact whether it recounts what its changes touched or everything: each is compared
 * with the same counts computed here from the join tables, written independently of the code.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { importStream, reapplyTaxonomy } from '../../src/ingest/importer.ts';
import type { ImportItem, LinkRecord, PaperRecord } from '../../src/ingest/record.ts';
import { generatedRecords, importGeneratedPwc, taxonomy } from '../fixtures.ts';
import { createTestDb } from '../helpers.ts';

/** Every stored count, and what counting the join tables gives. */
function counts(db: Db) {
  const stored = (table: string) => db.all(sql.raw(`select id, paper_count from ${table} where paper_count > 0 order by id`));
  const exact = (table: string, join: string, column: string) =>
    db.all(sql.raw(`select t.id, count(distinct j.paper_id) as paper_count from ${table} t join ${join} j on j.${column} = t.id group by t.id order by t.id`));
  const facets = () => db.all<{ facet: string }>(sql`select facet, value, label, paper_count from catalogue_facets order by facet, value`);
  // The facets as migration 0007 first counted them: every paper joined to what it counts.
  const exactFacets = db.all(sql.raw(`select facet, value, label, paper_count from (
      select 'years' as facet, cast(cast(substr(published_at, 1, 4) as integer) as text) as value, null as label, count(*) as paper_count from papers group by 2
      union all
      select 'hasCode', cast(exists (select 1 from paper_repositories pr where pr.paper_id = p.id) as text), null, count(*) from papers p group by 2
      union all
      select 'frameworks', lower(framework), null, count(distinct paper_id) from paper_repositories where framework is not null and framework != '' group by 2
      union all
      select 'owners', r.owner_key, min(r.owner), count(distinct pr.paper_id) from paper_repositories pr join repositories r on r.id = pr.repository_id group by r.owner_key)
    order by facet, value`));
  return {
    stored: { keywords: stored('keywords'), authors: stored('authors'), repositories: stored('repositories'), facets: facets() },
    exact: {
      keywords: exact('keywords', 'paper_keywords', 'keyword_id'),
      authors: exact('authors', 'paper_authors', 'author_id'),
      repositories: exact('repositories', 'repository_papers', 'repository_id'),
      facets: exactFacets,
    },
    unusedKeywords: db.get<{ n: number }>(sql`select count(*) as n from keywords where paper_count = 0`)!.n,
  };
}

function expectExact(db: Db) {
  const { stored, exact, unusedKeywords } = counts(db);
  expect(stored).toEqual(exact);
  expect(unusedKeywords).toBe(0);
}

/** The recount statements an import ran: of chosen rows (by id), or of every row. */
function recounts(statements: string[]) {
  const recount = statements.filter((s) => /^update "(keywords|authors|repositories)" set paper_count/.test(s));
  return { byId: recount.filter((s) => s.includes('json_each')).length, whole: recount.filter((s) => !s.includes('json_each')).length };
}

const at = (index: number) => ({ file: 'update', index });

describe('counts kept by an import', () => {
  it('recount only what a small import touched, and stay exact', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const base = generatedRecords(40);
    await importStream(db, base, { taxonomy, warmup: 10 });
    expectExact(db);

    const changes: ImportItem[] = [
      // A new text: its keywords change (some lose their last paper and go).
      { ...base[0]!, abstract: 'Contrastive pretraining of speech encoders with masked prediction.', position: at(0) },
      // Other authors: Author 1 loses a paper, a new author gains one.
      { ...base[1]!, authors: ['Author 2', 'Ada Newcomer'], position: at(1) },
      // A link to a new repository of an owner already counted (spelled two ways: the facet's
      // label is the least spelling), and one of a new owner.
      {
        ...base[2]!,
        repositories: [
          { url: 'https://github.com/lab0/another-repo', source: 'jsonl', framework: 'pytorch' },
          { url: 'https://github.com/Lab0/Spelled-Repo', source: 'jsonl' },
        ],
        position: at(2),
      },
      { ...base[4]!, repositories: [{ url: 'https://github.com/fresh-owner/tool', source: 'jsonl' }], position: at(3) },
      // A new paper, undated, by a stored author.
      { title: 'An undated note on kernels', abstract: 'Kernel methods revisited.', authors: ['Author 3'], position: at(4) } satisfies PaperRecord,
      // Links for a stored paper that the input does not describe.
      { kind: 'links', arxivId: base[5]!.arxivId!, title: null, links: [{ url: 'https://github.com/lab1/repo-from-links', source: 'pwc', framework: 'tf' }], position: at(5) } satisfies LinkRecord,
    ];
    statements.length = 0;
    expect(await importStream(db, changes, { taxonomy, warmup: 2 })).toMatchObject({ imported: 1, updated: 4, linksAttached: 1, skipped: 0 });
    expect(recounts(statements)).toEqual({ byId: 3, whole: 0 });
    expectExact(db);
    expect(db.get(sql`select paper_count from authors where name = 'Ada Newcomer'`)).toEqual({ paper_count: 1 });
    expect(db.all(sql`select value, paper_count from catalogue_facets where facet = 'owners' and value in ('lab0', 'fresh-owner', 'lab1') order by value`)).toEqual([
      { value: 'fresh-owner', paper_count: 1 },
      // Three generated papers each, and one more linked now.
      { value: 'lab0', paper_count: 4 },
      { value: 'lab1', paper_count: 4 },
    ]);

    expect(db.get(sql`select label from catalogue_facets where facet = 'owners' and value = 'lab0'`)).toEqual({ label: 'Lab0' });

    // The same changes again: no text, author or link is new, so nothing is recounted, and the
    // counts stay exact.
    statements.length = 0;
    await importStream(db, changes, { taxonomy, warmup: 2 });
    expect(recounts(statements)).toEqual({ byId: 0, whole: 0 });
    expectExact(db);
  });

  it('recount everything past their share of the catalogue, and in bulk imports', async () => {
    const { db, statements } = createTestDb({ sample: true });
    // Over the smallest number of papers recounted alone (1,000), all of them new.
    await importStream(db, generatedRecords(1_050), { taxonomy, warmup: 100 });
    expect(recounts(statements)).toEqual({ byId: 0, whole: 3 });
    expectExact(db);

    statements.length = 0;
    await importStream(db, generatedRecords(30).map((r) => ({ ...r, abstract: `${r.abstract} Revised.` })), { taxonomy, warmup: 10, bulk: true });
    expect(recounts(statements)).toEqual({ byId: 0, whole: 3 });
    expectExact(db);

    // Re-applying the taxonomy (a maintenance command) recounts everything too.
    statements.length = 0;
    reapplyTaxonomy(db, taxonomy);
    expect(recounts(statements)).toEqual({ byId: 0, whole: 3 });
    expectExact(db);
  });

  it('give the facets the whole catalogue has, frameworks and shared repositories included', async () => {
    const { db } = createTestDb();
    // An empty catalogue has no facet values at all.
    await importStream(db, [], { taxonomy });
    expect(counts(db).stored.facets).toEqual([]);
    expectExact(db);
    await importGeneratedPwc(db, 300);
    const { stored } = counts(db);
    expect(stored.facets.filter((f) => f.facet === 'frameworks').length).toBeGreaterThan(1);
    expectExact(db);
  });
});
