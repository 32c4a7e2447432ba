import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedSample } from '../../src/catalogue.ts';
import type { Db } from '../../src/db/client.ts';
import { parseJsonLines } from '../../src/ingest/formats/jsonl.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import { RecordError } from '../../src/ingest/record.ts';
import { importJsonl, taxonomy } from '../fixtures.ts';
import { createTestDb } from '../helpers.ts';

/** Every row of every catalogue table, to compare whole database states. */
function snapshot(db: Db) {
  const tables = ['papers', 'authors', 'paper_authors', 'topics', 'paper_topics', 'keywords', 'paper_keywords', 'repositories', 'paper_repositories'];
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
});
