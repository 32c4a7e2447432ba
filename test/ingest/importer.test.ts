import { sql } from 'drizzle-orm';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { seedSample } from '../../src/catalogue.ts';
import type { Db } from '../../src/db/client.ts';
import { parseJsonLines } from '../../src/ingest/formats/jsonl.ts';
import { importPapers, importStream } from '../../src/ingest/importer.ts';
import { PreparePool } from '../../src/ingest/prepare-pool.ts';
import { RecordError, type PaperRecord } from '../../src/ingest/record.ts';
import { generatedPwcItems, generatedRecords, importJsonl, taxonomy } from '../fixtures.ts';
import { checkFullTextIndex, createTestDb } from '../helpers.ts';

/** Every row of every catalogue table, to compare whole database states. */
function snapshot(db: Db) {
  const tables = ['papers', 'authors', 'paper_authors', 'topics', 'paper_topics', 'topic_papers', 'keywords', 'paper_keywords', 'repositories', 'paper_repositories', 'paper_related'];
  return Object.fromEntries(tables.map((t) => [t, db.all(sql.raw(`select * from ${t} order by 1, 2`))]));
}

const line = (fields: Record<string, unknown>) => JSON.stringify({ title: 'A Paper', abstract: 'An abstract about kernel ridge regression.', ...fields });

describe('seeding the sample', () => {
  it('stores 47 papers with 11 repositories linked 12 times', () => {
    const { db } = createTestDb();
    const summary = seedSample(db);
    expect(summary).toMatchObject({ read: 47, imported: 47, updated: 0, unchanged: 0, skipped: 0 });
    expect(db.get(sql`select count(*) as n from papers`)).toEqual({ n: 47 });
    expect(db.get(sql`select count(*) as n from repositories`)).toEqual({ n: 11 });
    expect(db.get(sql`select count(*) as n from paper_repositories where source = 'abstract'`)).toEqual({ n: 12 });
    expect(db.get(sql`select count(*) as n from topics`)).toEqual({ n: 23 });
    const perPaper = db.all<{ n: number }>(sql`select count(*) as n from paper_keywords group by paper_id`);
    expect(perPaper).toHaveLength(47);
    for (const { n } of perPaper) expect(n).toBeGreaterThanOrEqual(5), expect(n).toBeLessThanOrEqual(10);
  });

  it('running it twice changes nothing', () => {
    const { db } = createTestDb();
    seedSample(db);
    const before = snapshot(db);
    expect(seedSample(db)).toMatchObject({ imported: 0, updated: 0, unchanged: 47 });
    expect(snapshot(db)).toEqual(before);
  });

  it('a malformed listing changes nothing', () => {
    const { db } = createTestDb();
    importJsonl(db);
    const before = snapshot(db);
    expect(() => seedSample(db, new URL('../fixtures/papers.jsonl', import.meta.url).pathname)).toThrow(RecordError);
    expect(snapshot(db)).toEqual(before);
  });
});

describe('importing records', () => {
  it('reports a bad record with its position and reason, and imports the rest', () => {
    const { db } = createTestDb();
    const text = [line({ title: 'Good one' }), '{"title": 5, "abstract": "x"}', '{broken', line({ title: 'Good two', publishedAt: '2020-13-01' }), line({ title: 'Three' })].join('\n');
    const summary = importPapers(db, parseJsonLines(text, 'in.jsonl'), { taxonomy });
    expect(summary).toMatchObject({ read: 5, imported: 2, skipped: 3 });
    expect(summary.errors.map((e) => e.message)).toEqual([
      'in.jsonl:2: "title" must be a string, got number 5',
      expect.stringMatching(/^in\.jsonl:3: not valid JSON/),
      'in.jsonl:4: publishedAt "2020-13-01" is not a date of the form YYYY-MM-DD',
    ]);
  });

  it('in strict mode, a bad record aborts the import and leaves the database as it was', () => {
    const { db } = createTestDb();
    importJsonl(db);
    const before = snapshot(db);
    const text = [line({ title: 'New paper' }), line({ title: 'Bad', topics: ['no-such-topic'] })].join('\n');
    expect(() => importPapers(db, parseJsonLines(text, 'in.jsonl'), { taxonomy, strict: true })).toThrow(/in\.jsonl:2: unknown topic "no-such-topic"/);
    expect(snapshot(db)).toEqual(before);
  });

  it('updates a paper in place by arXiv id, keeping what the new record lacks', () => {
    const { db } = createTestDb();
    importJsonl(db);
    const summary = importJsonl(db, line({ title: 'LoRA: Low-Rank Adaptation of Large Language Models (v2)', arxivId: 'arXiv:2106.09685v2', repositories: ['https://github.com/huggingface/peft'] }));
    expect(summary).toMatchObject({ imported: 0, updated: 1 });
    const paper = db.get<{ title: string; published_at: string; n: number }>(sql`
      select title, published_at, (select count(*) from paper_authors pa where pa.paper_id = p.id) as n from papers p where arxiv_id = '2106.09685'`);
    expect(paper).toEqual({ title: 'LoRA: Low-Rank Adaptation of Large Language Models (v2)', published_at: '2021-06-17', n: 2 });
    const repos = db.all(sql`select r.url from paper_repositories pr join repositories r on r.id = pr.repository_id
      join papers p on p.id = pr.paper_id where p.arxiv_id = '2106.09685' order by r.url`);
    expect(repos).toEqual([{ url: 'https://github.com/huggingface/peft' }, { url: 'https://github.com/microsoft/LoRA' }]);
    expect(db.get(sql`select count(*) as n from papers`)).toEqual({ n: 6 });
  });

  it('matches a paper without arXiv id by its normalised title and gives it the id', () => {
    const { db } = createTestDb();
    importJsonl(db);
    importJsonl(db, line({ title: 'an undated note on kernel ridge regression!', arxivId: '2001.00001', publishedAt: '2020-01-01' }));
    expect(db.all(sql`select slug, arxiv_id, published_at from papers where title_key = 'an undated note on kernel ridge regression'`)).toEqual([
      { slug: 'an-undated-note-on-kernel-ridge-regression', arxiv_id: '2001.00001', published_at: '2020-01-01' },
    ]);
  });

  it('keeps papers with the same title but different arXiv ids apart, with distinct slugs', () => {
    const { db } = createTestDb();
    importJsonl(db, [line({ arxivId: '2001.00001' }), line({ arxivId: '2001.00002' })].join('\n'));
    expect(db.all(sql`select slug from papers order by id`)).toEqual([{ slug: 'a-paper' }, { slug: 'a-paper-2' }]);
  });

  it('adds source-assigned topics to the inferred ones and keeps them on re-import', () => {
    const { db } = createTestDb();
    importJsonl(db);
    importJsonl(db, line({ title: 'LoRA: Low-Rank Adaptation of Large Language Models', arxivId: '2106.09685' }));
    const topics = db.all<{ slug: string; origin: string }>(sql`select t.slug, pt.origin from paper_topics pt join topics t on t.id = pt.topic_id
      join papers p on p.id = pt.paper_id where p.arxiv_id = '2106.09685' order by t.slug`);
    expect(topics).toContainEqual({ slug: 'large-language-models', origin: 'jsonl' });
    expect(topics).toContainEqual({ slug: 'parameter-efficient-fine-tuning', origin: 'inferred' });
  });

  it('keeps counts current', () => {
    const { db } = createTestDb();
    importJsonl(db);
    const repo = db.get(sql`select paper_count from repositories where url_key = 'github.com/state-spaces/mamba'`);
    expect(repo).toEqual({ paper_count: 1 });
    const author = db.get(sql`select paper_count from authors where name_key = 'tri dao'`);
    expect(author).toEqual({ paper_count: 2 });
  });

  it('rewrites only the counts an import changed', () => {
    const { db } = createTestDb({ sample: true });
    importJsonl(db);
    // A log of every stored count that is written, by table (a temporary trigger: this connection only).
    db.run(sql`create temp table count_writes (tbl text)`);
    for (const table of ['topics', 'keywords', 'authors', 'repositories']) {
      db.run(sql.raw(`create temp trigger log_${table} after update of paper_count on main.${table}
        begin insert into count_writes values ('${table}'); end`));
    }
    const writes = () => db.all<{ tbl: string; n: number }>(sql`select tbl, count(*) as n from count_writes group by tbl order by tbl`);
    const counts = (table: string) => db.all(sql.raw(`select id, paper_count from ${table} order by id`));
    const exact = (table: string, join: string, key: string) =>
      db.all(sql.raw(`select t.id, (select count(distinct j.paper_id) from ${join} j where j.${key} = t.id) as paper_count from ${table} t order by t.id`));

    seedSample(db); // the same papers again: no count changes
    importJsonl(db);
    expect(writes()).toEqual([]);

    // One new paper by an author already stored, with a repository already stored.
    const author = db.get<{ name: string; paper_count: number }>(sql`select name, paper_count from authors where name_key = 'tri dao'`)!;
    const repo = db.get<{ url: string; paper_count: number }>(sql`select url, paper_count from repositories where url_key = 'github.com/state-spaces/mamba'`)!;
    importJsonl(db, line({ title: 'Counting Things Once', authors: [author.name], repositories: [repo.url] }));
    const written = Object.fromEntries(writes().map((w) => [w.tbl, w.n]));
    expect(written.authors).toBe(1);
    expect(written.repositories).toBe(1);
    expect(written.keywords).toBeLessThan(20); // the new paper's keywords already stored, not all of them
    expect(db.get(sql`select paper_count from authors where name = ${author.name}`)).toEqual({ paper_count: author.paper_count + 1 });
    expect(db.get(sql`select paper_count from repositories where url = ${repo.url}`)).toEqual({ paper_count: repo.paper_count + 1 });
    expect(counts('keywords')).toEqual(exact('keywords', 'paper_keywords', 'keyword_id'));
    expect(counts('authors')).toEqual(exact('authors', 'paper_authors', 'author_id'));
    expect(counts('repositories')).toEqual(exact('repositories', 'repository_papers', 'repository_id'));
  });
});

describe('the papers of each topic (topic_papers)', () => {
  const rows = (db: Db) => db.all<unknown[]>(sql`select topic_id, published_at, paper_id from topic_papers order by 1, 2, 3`);
  /**
   * What the table should hold, written apart from the writer: every paper under each of its
   * topics and each of their ancestors, once, with its date ('' when it has none).
   */
  const rebuilt = (db: Db) =>
    db.all<unknown[]>(sql`with recursive up(topic_id, ancestor_id) as (
        select id, id from topics
        union
        select up.topic_id, t.parent_id from up join topics t on t.id = up.ancestor_id where t.parent_id is not null)
      select distinct up.ancestor_id as topic_id, coalesce(p.published_at, '') as published_at, p.id as paper_id
      from paper_topics pt join up on up.topic_id = pt.topic_id join papers p on p.id = pt.paper_id
      order by 1, 2, 3`);
  const at = (index: number) => ({ file: 'update', index });

  it('are replaced paper by paper by an import, as a whole rebuild would give them', async () => {
    const { db } = createTestDb({ sample: true });
    const base = generatedRecords(30).map((r, i) => ({ ...r, arxivId: `2403.${String(10000 + i)}` }));
    await importStream(db, base, { taxonomy, warmup: 10 });
    const before = rows(db);
    expect(before.length).toBeGreaterThan(30);
    expect(before).toEqual(rebuilt(db));

    const stored = db.get<{ title: string; abstract: string }>(sql`select title, abstract from papers where arxiv_id is null order by id limit 1`)!;
    const updates: PaperRecord[] = [
      // A new text: its inferred topics change.
      { ...base[0]!, abstract: 'We train a large language model with reinforcement learning from human feedback.', position: at(0) },
      // A new date: its rows move in every topic's order.
      { ...base[1]!, publishedAt: '2019-01-02', position: at(1) },
      // A topic the source assigns, on a paper stored before and otherwise unchanged.
      { title: stored.title, abstract: stored.abstract, topics: ['differential-privacy'], position: at(2) },
      // The same paper twice in one import, changed both times.
      { ...base[2]!, abstract: 'Graph neural networks for molecules.', position: at(3) },
      { ...base[2]!, abstract: 'Graph neural networks for molecules, and speech recognition.', publishedAt: '2018-05-06', position: at(4) },
      // A new paper.
      { title: 'A New Paper on Diffusion Models', abstract: 'Denoising diffusion models for image generation.', publishedAt: '2024-03-01', position: at(5) },
    ];
    expect(await importStream(db, updates, { taxonomy, warmup: 2 })).toMatchObject({ imported: 1, updated: 5, skipped: 0 });
    const after = rows(db);
    expect(after).not.toEqual(before);
    expect(after).toEqual(rebuilt(db));
    // The topic assigned again: nothing changes, the paper is not marked changed.
    expect(await importStream(db, [updates[2]!], { taxonomy, warmup: 1 })).toMatchObject({ updated: 0, unchanged: 1 });
    // Each topic's stored count is the number of its rows.
    const counts = db.all(sql`select id, paper_count from topics where paper_count > 0 order by id`);
    expect(counts).toEqual(db.all(sql`select topic_id as id, count(*) as paper_count from topic_papers group by topic_id order by topic_id`));
  });

  it('are rebuilt whole when the topic tree changes, however small the import', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const wholeRebuilds = () => statements.filter((s) => s === 'delete from topic_papers').length;
    const version = () => db.get<{ v: number }>(sql`select version as v from catalogue_state where id = 1`)!.v;
    const papersOf = (slug: string) =>
      db.get<{ n: number }>(sql`select count(*) as n from topic_papers where topic_id = (select id from topics where slug = ${slug})`)!.n;
    const detection = papersOf('object-detection');
    expect(detection).toBeGreaterThan(0);
    const kernelsBefore = papersOf('kernel-methods');
    const versionBefore = version();

    // Object detection moves from under computer vision to under kernel methods; one new paper
    // (about neither) is all the import stores.
    const moved = { ...taxonomy, topics: taxonomy.topics.map((t) => (t.slug === 'object-detection' ? { ...t, parent: 'kernel-methods' } : t)) };
    const record: PaperRecord = { title: 'Private Federated Averaging', abstract: 'Differential privacy for federated averaging.', position: at(0) };
    statements.length = 0;
    expect(await importStream(db, [record], { taxonomy: moved, warmup: 1 })).toMatchObject({ imported: 1 });
    expect(wholeRebuilds()).toBe(1);

    expect(rows(db)).toEqual(rebuilt(db));
    // Kernel methods now lists the detection papers it did not before.
    expect(papersOf('kernel-methods')).toBeGreaterThan(kernelsBefore);
    expect(version()).toBeGreaterThan(versionBefore);
    const counts = db.all(sql`select id, paper_count from topics where paper_count > 0 order by id`);
    expect(counts).toEqual(db.all(sql`select topic_id as id, count(*) as paper_count from topic_papers group by topic_id order by topic_id`));

    // The same taxonomy again changes no topic: the next import replaces its own papers' rows only.
    const another = { ...record, title: 'Private Federated Averaging, Again', position: at(1) };
    statements.length = 0;
    expect(await importStream(db, [another], { taxonomy: moved, warmup: 1 })).toMatchObject({ imported: 1 });
    expect(wholeRebuilds()).toBe(0);
    expect(rows(db)).toEqual(rebuilt(db));
  });
});

describe('importing a stream', () => {
  async function* stream(items: (PaperRecord | RecordError)[], failAfter?: number) {
    let n = 0;
    for (const item of items) {
      if (failAfter !== undefined && n++ >= failAfter) throw new Error('the input broke off');
      yield item;
    }
  }

  it('stores what importing the same records in memory stores', async () => {
    const records = generatedRecords(120);
    const a = createTestDb().db;
    const b = createTestDb().db;
    importPapers(a, records, { taxonomy });
    const result = await importStream(b, stream(records), { taxonomy, warmup: 200 });
    expect(result).toMatchObject({ read: 120, imported: 120, skipped: 0 });
    expect(snapshot(b).paper_topics).toEqual(snapshot(a).paper_topics);
    const slugs = (db: Db) => db.all<{ slug: string }>(sql`select slug from papers order by id`);
    expect(slugs(b)).toEqual(slugs(a));
    expect(snapshot(b).paper_keywords).toEqual(snapshot(a).paper_keywords);
  });

  it('indexes new papers for full-text search at the end, and keeps the index consistent', async () => {
    const { db } = createTestDb({ sample: true });
    const records = generatedRecords(300);
    // Updates of papers added earlier in the same import, and of papers already indexed.
    records.push({ ...records[0]!, abstract: `${records[0]!.abstract} Zanzibarian addendum.`, position: { file: 'x', index: 300 } });
    const result = await importStream(db, stream(records), { taxonomy, warmup: 50, batchSize: 40 });
    expect(result).toMatchObject({ imported: 300, updated: 1 });
    expect(() => checkFullTextIndex(db)).not.toThrow();
    const hits = db.all(sql`select rowid from papers_fts where papers_fts match 'zanzibarian'`);
    expect(hits).toHaveLength(1);
    const all = db.get<{ n: number }>(sql`select count(*) as n from papers_fts where papers_fts match '"generated study number"'`);
    expect(all!.n).toBe(300);
    expect(db.get(sql`select fts_deferred_from from catalogue_state`)).toEqual({ fts_deferred_from: null });
    // The indexing pass's larger term buffer is not left behind for ordinary writes.
    expect(db.get(sql`select v from papers_fts_config where k = 'hashsize'`)).toEqual({ v: 1024 * 1024 });
  });

  it('reports progress and time per phase', async () => {
    const { db } = createTestDb();
    const phases: string[] = [];
    const result = await importStream(db, stream(generatedRecords(50)), {
      taxonomy,
      warmup: 10,
      batchSize: 10,
      onProgress: (s, phase) => phases.push(`${phase}:${s.read}`),
    });
    expect(phases).toEqual(['reading:10', 'reading:20', 'reading:30', 'reading:40', 'reading:50', 'reading:50', 'indexing:50', 'counting:50', 'committing:50']);
    for (const ms of Object.values(result.timings)) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('leaves the database as it was when the input fails half-way', async () => {
    const { db } = createTestDb({ sample: true });
    const before = snapshot(db);
    const schema = () => db.all(sql`select type, name, sql from sqlite_master order by type, name`);
    const schemaBefore = schema();
    await expect(importStream(db, stream(generatedRecords(100), 60), { taxonomy, warmup: 20, batchSize: 10 })).rejects.toThrow(
      'the input broke off',
    );
    expect(snapshot(db)).toEqual(before);
    // The indexes and the full-text trigger an import sets aside are back with the rollback.
    expect(schema()).toEqual(schemaBefore);
    expect(db.get(sql`select fts_deferred_from, version from catalogue_state`)).toEqual({ fts_deferred_from: null, version: 1 });
    // And a second attempt goes through.
    await importStream(db, stream(generatedRecords(100)), { taxonomy });
    expect(db.get(sql`select count(*) as n from papers`)).toEqual({ n: 147 });
  });

  it('with strict, stops at the first bad record with nothing written', async () => {
    const { db } = createTestDb();
    const items = [...generatedRecords(5), new RecordError({ file: 'f.json', index: 5 }, 'missing title')];
    await expect(importStream(db, stream(items), { taxonomy, strict: true })).rejects.toThrow('f.json[5]: missing title');
    expect(db.get(sql`select count(*) as n from papers`)).toEqual({ n: 0 });
  });

  it('bumps the catalogue version only when something changed', async () => {
    const { db } = createTestDb();
    const version = () => db.get<{ version: number }>(sql`select version from catalogue_state`)!.version;
    await importStream(db, stream(generatedRecords(5)), { taxonomy });
    expect(version()).toBe(1);
    await importStream(db, stream(generatedRecords(5)), { taxonomy });
    expect(version()).toBe(1);
  });
});

/** Every table as `snapshot` reads it, without the papers' times. */
function tablesWithoutTimes(db: Db): Record<string, unknown[]> {
  const { papers, ...rest } = snapshot(db);
  return { ...rest, papers: papers!.map(({ created_at, updated_at, ...paper }: any) => paper) };
}

describe('importing with worker threads', () => {
  it('stores with one worker exactly what preparing on the main thread stores, keywords included', async () => {
    // Realistic abstracts, whose keywords move with the document frequencies they are scored
    // against. 250 papers: a warm-up, then batches; 20: the whole input inside the warm-up and
    // less than a batch.
    const corpus = await generatedPwcItems(250);
    for (const count of [250, 20]) {
      const records = count === 250 ? corpus : corpus.slice(0, count);
      const a = createTestDb().db;
      const b = createTestDb().db;
      await importStream(a, records, { taxonomy, warmup: 100, batchSize: 30, workers: 0 });
      const result = await importStream(b, records, { taxonomy, warmup: 100, batchSize: 30, workers: 1 });
      expect(result).toMatchObject({ imported: count });
      expect(tablesWithoutTimes(b)).toEqual(tablesWithoutTimes(a));
      expect(tablesWithoutTimes(b).paper_keywords!.length).toBeGreaterThan(count * 3);
      if (count < 100) {
        // An input the warm-up holds whole is counted once, as an import held in memory counts it.
        const c = createTestDb().db;
        importPapers(c, records, { taxonomy });
        expect(tablesWithoutTimes(b)).toEqual(tablesWithoutTimes(c));
      }
    }
  });

  it('stores what preparing on the main thread stores, in input order', async () => {
    const records = generatedRecords(250);
    const a = createTestDb().db;
    const b = createTestDb().db;
    await importStream(a, records, { taxonomy, warmup: 100, batchSize: 30 });
    const result = await importStream(b, records, { taxonomy, warmup: 100, batchSize: 30, workers: 2 });
    expect(result).toMatchObject({ read: 250, imported: 250 });
    const rows = (db: Db) => db.all(sql`select id, slug, arxiv_id from papers order by id`);
    expect(rows(b)).toEqual(rows(a));
    expect(snapshot(b).paper_topics).toEqual(snapshot(a).paper_topics);
    // Workers count document frequencies apart, so keywords may differ a little; every paper has them.
    const withKeywords = (db: Db) => db.get(sql`select count(distinct paper_id) as n from paper_keywords`);
    expect(withKeywords(b)).toEqual({ n: 250 });
    expect(withKeywords(a)).toEqual({ n: 250 });
  });

  it('keeps the full-text index whole while the main thread indexes during waits', async () => {
    const { db } = createTestDb();
    const records = generatedRecords(300);
    records[2] = { ...records[2]!, abstract: 'A first abstract about wombats and kernels.' };
    // The same paper late in the input with a new abstract: it was likely indexed by then.
    records.push({ ...records[2]!, abstract: 'A revised abstract about quokkas and kernels.', position: { file: 'generated', index: 300 } });
    const result = await importStream(db, records, { taxonomy, warmup: 20, batchSize: 10, workers: 1 });
    expect(result).toMatchObject({ imported: 300, updated: 1 });
    const matches = (term: string) => db.all(sql`select rowid from papers_fts where papers_fts match ${term}`).length;
    expect(matches('"generated study number"')).toBe(300);
    expect(matches('wombats')).toBe(0);
    expect(matches('quokkas')).toBe(1);
    expect(() => checkFullTextIndex(db)).not.toThrow();
  });

  it('stores the same whichever thread tags topics, and the main thread tags its share', async () => {
    const records: PaperRecord[] = generatedRecords(200);
    // A bad record in a batch the main thread tags: reported as the worker would report it.
    records[57] = { ...records[57]!, title: '' };
    const imports = await Promise.all(
      [0, 0.5, 1, undefined].map(async (mainThreadTagging) => {
        const { db } = createTestDb();
        const result = await importStream(db, records, { taxonomy, warmup: 20, batchSize: 10, workers: 1, mainThreadTagging, bulk: true });
        return { result, tables: tablesWithoutTimes(db) };
      }),
    );
    const [none, half, all, adaptive] = imports;
    expect(none!.result).toMatchObject({ imported: 199, skipped: 1 });
    expect(none!.tables.paper_topics!.filter((t: any) => t.origin === 'inferred').length).toBeGreaterThan(100);
    for (const other of [half, all, adaptive]) {
      expect(other!.tables).toEqual(none!.tables);
      expect(other!.result.errors.map((e) => e.message)).toEqual(['generated[57]: missing title']);
    }
    expect(none!.result.timings.tag).toBe(0);
    expect(half!.result.timings.tag).toBeGreaterThan(0);
    expect(all!.result.timings.tag).toBeGreaterThan(0);
  });

  it('stops its workers when the input fails before they prepare anything', async () => {
    const closed = vi.spyOn(PreparePool.prototype, 'close');
    onTestFinished(() => closed.mockRestore());
    const { db } = createTestDb();
    async function* failing() {
      yield* generatedRecords(5);
      throw new Error('the input broke off');
    }
    await expect(importStream(db, failing(), { taxonomy, warmup: 50, workers: 1 })).rejects.toThrow('the input broke off');
    expect(db.get(sql`select count(*) as n from papers`)).toEqual({ n: 0 });
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    // The workers started with the import; they are stopped with it.
    expect(closed).toHaveBeenCalledTimes(1);
    await closed.mock.results[0]!.value;
  });

  it('reports bad records from workers with their positions', async () => {
    const { db } = createTestDb();
    const records: PaperRecord[] = [...generatedRecords(20), { title: '', abstract: 'x', position: { file: 'in.json', index: 20 } }];
    const result = await importStream(db, records, { taxonomy, warmup: 5, batchSize: 4, workers: 1 });
    expect(result).toMatchObject({ imported: 20, skipped: 1 });
    expect(result.errors.map((e) => e.message)).toEqual(['in.json[20]: missing title']);
  });
});

describe('bulk imports', () => {
  const indexes = (db: Db) =>
    db.all<{ name: string }>(sql`select type, name, sql from sqlite_master where type in ('index', 'trigger') and name not like 'sqlite_%' order by name`);

  it('store what other imports store, with every index and trigger back in place', async () => {
    const records = generatedRecords(150);
    const a = createTestDb({ sample: true }).db;
    const b = createTestDb({ sample: true }).db;
    const before = indexes(b);
    await importStream(a, records, { taxonomy, warmup: 50 });
    await importStream(b, records, { taxonomy, warmup: 50, bulk: true });
    const withoutTimes = (db: Db) => {
      const { papers, ...rest } = snapshot(db);
      return { ...rest, papers: papers!.map(({ created_at, updated_at, ...paper }: any) => paper) };
    };
    expect(withoutTimes(b)).toEqual(withoutTimes(a));
    expect(indexes(b)).toEqual(before);
    expect(() => db_integrity(b)).not.toThrow();
  });

  it('merge repeated and already stored papers as other imports do, though most look-ups are answered from memory', async () => {
    const a = createTestDb({ sample: true }).db;
    const b = createTestDb({ sample: true }).db;
    const stored = a.get<{ title: string }>(sql`select title from papers order by id limit 1`)!;
    const base = generatedRecords(40);
    const at = (index: number) => ({ file: 'more', index });
    const records: PaperRecord[] = [
      ...base,
      // The same arXiv id again, with a new abstract: an update of the paper this import added.
      { ...base[3]!, abstract: 'A revised abstract about sparse kernel approximations.', position: at(0) },
      // The same title without an arXiv id: the same paper, found by its title.
      { ...base[5]!, arxivId: undefined, position: at(1) },
      // A paper stored before the import, found by its title, and given an arXiv id.
      { title: stored.title, abstract: 'The stored paper, described again.', arxivId: '2402.00001', position: at(2) },
      // Another arXiv id under a title this import added: another paper, and another slug.
      { title: base[7]!.title, abstract: 'A second paper with that title.', arxivId: '2402.00002', position: at(3) },
    ];
    const plain = await importStream(a, records, { taxonomy, warmup: 10 });
    const bulk = await importStream(b, records, { taxonomy, warmup: 10, bulk: true });
    expect(bulk).toMatchObject({ imported: 41, updated: 2, unchanged: 1 });
    expect({ ...bulk, timings: null }).toEqual({ ...plain, timings: null });
    const withoutTimes = (db: Db) => {
      const { papers, ...rest } = snapshot(db);
      return { ...rest, papers: papers!.map(({ created_at, updated_at, ...paper }: any) => paper) };
    };
    expect(withoutTimes(b)).toEqual(withoutTimes(a));
    // Imports write without checking foreign keys; every reference they wrote holds, and the
    // connection checks them again afterwards.
    for (const db of [a, b]) {
      expect(db.$client.pragma('foreign_key_check')).toEqual([]);
      expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    }
    expect(b.get(sql`select slug from papers where arxiv_id = '2402.00002'`)).toEqual({ slug: expect.stringMatching(/-2$/) });
    expect(b.get(sql`select title from papers where arxiv_id = '2402.00001'`)).toEqual({ title: stored.title });
  });

  it('leave every index in place when they fail', async () => {
    const { db } = createTestDb({ sample: true });
    const before = indexes(db);
    async function* failing() {
      yield* generatedRecords(30);
      throw new Error('the input broke off');
    }
    await expect(importStream(db, failing(), { taxonomy, warmup: 10, bulk: true })).rejects.toThrow('the input broke off');
    expect(indexes(db)).toEqual(before);
  });
});

function db_integrity(db: Db) {
  const result = db.all<{ integrity_check: string }>(sql`pragma integrity_check`);
  if (result[0]?.integrity_check !== 'ok') throw new Error(JSON.stringify(result));
}
