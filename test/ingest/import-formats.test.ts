/**
 * Every format through the real importer: what each stores, merging one paper across sources,
 * links for stored papers, and the import command itself (exit codes, messages, rollback).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closeDb, migrateDb, openDb, type Db } from '../../src/db/client.ts';
import { getCatalogueVersion } from '../../src/db/queries/catalogue.ts';
import { readFormat, type ImportFormat } from '../../src/ingest/formats/index.ts';
import { importStream } from '../../src/ingest/importer.ts';
import { taxonomy } from '../fixtures.ts';
import { createTestDb } from '../helpers.ts';

const fixture = (name: string) => new URL(`../fixtures/formats/${name}`, import.meta.url).pathname;
const load = (db: Db, format: ImportFormat, ...files: string[]) => importStream(db, readFormat(format, files), { taxonomy });

function linksOf(db: Db, arxivId: string) {
  return db.all(sql`select r.url, pr.source, pr.is_official as isOfficial, pr.framework, pr.mentioned_in_paper as mentioned
    from paper_repositories pr join repositories r on r.id = pr.repository_id join papers p on p.id = pr.paper_id
    where p.arxiv_id = ${arxivId} order by r.url, pr.source`);
}

function topicsOf(db: Db, arxivId: string) {
  return db.all<{ slug: string; kind: string; origin: string }>(sql`select t.slug, t.kind, pt.origin from paper_topics pt
    join topics t on t.id = pt.topic_id join papers p on p.id = pt.paper_id where p.arxiv_id = ${arxivId} order by t.slug`);
}

describe('Papers with Code', () => {
  it('stores papers with their links, tasks as TASK topics, arXiv ids without version', async () => {
    const { db } = createTestDb();
    const result = await load(db, 'pwc', fixture('pwc-papers.json'), fixture('pwc-links.json'));
    expect(result.imported).toBe(2);
    const paper = db.get(sql`select title, abstract, url, pdf_url as pdfUrl, published_at as publishedAt from papers where arxiv_id = '1307.1058'`);
    expect(paper).toMatchObject({
      title: 'On the minimal teaching sets of two-dimensional threshold functions',
      url: 'http://arxiv.org/abs/1307.1058v2',
      publishedAt: '2013-07-03',
    });
    expect((paper as { abstract: string }).abstract).not.toContain('\n');
    expect(linksOf(db, '1307.1058')).toEqual([
      { url: 'https://github.com/example-fixtures/minimal-teaching-sets', source: 'pwc', isOfficial: 1, framework: 'none', mentioned: 0 },
      { url: 'https://github.com/example-fixtures/teaching-sets-pytorch', source: 'pwc', isOfficial: 0, framework: 'pytorch', mentioned: null },
    ]);
    const tasks = db.all(sql`select slug, name, kind from topics where kind = 'TASK' order by slug`);
    expect(tasks).toEqual([
      { slug: 'task:image-classification', name: 'Image Classification', kind: 'TASK' },
      { slug: 'task:object-detection', name: 'Object Detection', kind: 'TASK' },
    ]);
    // The theme `object-detection` and the task keep apart: a slug names one topic.
    expect(db.get(sql`select kind from topics where slug = 'object-detection'`)).toEqual({ kind: 'THEME' });
  });

  it('adds links for papers already stored, from a links file alone', async () => {
    const { db } = createTestDb();
    await load(db, 'arxiv', fixture('arxiv-feed.xml'));
    writeFileSync(
      join(dir, 'links.json'),
      JSON.stringify([
        { paper_url: 'https://paperswithcode.com/paper/x', paper_title: 'whatever', paper_arxiv_id: 'hep-ex/0307015v1', paper_url_abs: null, paper_url_pdf: null, repo_url: 'https://github.com/h1/multi-electron', is_official: true, mentioned_in_paper: false, mentioned_in_github: false, framework: 'none' },
        { paper_url: 'https://paperswithcode.com/paper/y', paper_title: 'Not in the catalogue', paper_arxiv_id: '9999.99999', paper_url_abs: null, paper_url_pdf: null, repo_url: 'https://github.com/a/b', is_official: false, mentioned_in_paper: false, mentioned_in_github: false, framework: 'none' },
      ]),
    );
    const result = await load(db, 'pwc', join(dir, 'links.json'));
    expect(result).toMatchObject({ imported: 0, linksAttached: 1, linksUnmatched: 1 });
    expect(linksOf(db, 'hep-ex/0307015')).toEqual([
      { url: 'https://github.com/h1/multi-electron', source: 'pwc', isOfficial: 1, framework: 'none', mentioned: 0 },
    ]);
    // The same links again add nothing: no paper changes, and the catalogue keeps its version.
    const version = getCatalogueVersion(db);
    expect(await load(db, 'pwc', join(dir, 'links.json'))).toMatchObject({ linksAttached: 0, linksUnmatched: 1 });
    expect(getCatalogueVersion(db)).toBe(version);
  });
});

describe('Hugging Face daily papers', () => {
  it('stores authors, dates, the GitHub repository with its stars, and ai_keywords', async () => {
    const { db } = createTestDb();
    const result = await load(db, 'hf-daily', fixture('hf-daily.json'));
    expect(result.imported).toBeGreaterThanOrEqual(2);
    const paper = db.get<{ id: number; publishedAt: string }>(sql`select id, published_at as publishedAt from papers where arxiv_id = '2602.23229'`)!;
    expect(paper.publishedAt).toBe('2026-02-26');
    const authors = db.all(sql`select a.name from paper_authors pa join authors a on a.id = pa.author_id where pa.paper_id = ${paper.id} order by pa.position`);
    expect(authors.slice(0, 2)).toEqual([{ name: 'Marco Garosi' }, { name: 'Matteo Farina' }]);
    expect(linksOf(db, '2602.23229')).toEqual([{ url: 'https://github.com/marco-garosi/CIRCLE', source: 'hf', isOfficial: null, framework: null, mentioned: null }]);
    expect(db.get(sql`select stars from repositories where url_key = 'github.com/marco-garosi/circle'`)).toEqual({ stars: 9 });
    const terms = db.all<{ term: string }>(sql`select k.term from paper_keywords pk join keywords k on k.id = pk.keyword_id where pk.paper_id = ${paper.id}`);
    expect(terms.map((t) => t.term)).toEqual(expect.arrayContaining(['zero-shot classification', 'in-context learning']));
  });
});

describe('arXiv feeds', () => {
  it('stores old-style ids and categories as CATEGORY topics, primary first', async () => {
    const { db } = createTestDb();
    await load(db, 'arxiv', fixture('arxiv-feed.xml'));
    const paper = db.get(sql`select title, url, pdf_url as pdfUrl, published_at as publishedAt from papers where arxiv_id = 'hep-ex/0307015'`);
    expect(paper).toEqual({
      title: 'Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA',
      url: 'http://arxiv.org/abs/hep-ex/0307015v1',
      pdfUrl: 'http://arxiv.org/pdf/hep-ex/0307015v1',
      publishedAt: '2003-07-07',
    });
    expect(topicsOf(db, 'hep-ex/0307015')).toContainEqual({ slug: 'arxiv:hep-ex', kind: 'CATEGORY', origin: 'arxiv' });
  });
});

describe('one paper from several sources', () => {
  it('merges by arXiv id, keeps every source of every link, and loses nothing a later source lacks', async () => {
    const { db } = createTestDb();
    const lines = [
      { title: 'Large Multimodal Models as General In-Context Classifiers', abstract: 'A first version of the abstract about in-context classification.', arxivId: '2602.23229v1', publishedAt: '2026-02-20', repositories: ['https://github.com/Marco-Garosi/circle.git'], authors: ['Marco Garosi'] },
    ];
    writeFileSync(join(dir, 'one.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    await load(db, 'jsonl', join(dir, 'one.jsonl'));
    const result = await load(db, 'hf-daily', fixture('hf-daily.json'));
    expect(result.updated).toBe(1);
    expect(db.get(sql`select count(*) as n from papers where arxiv_id = '2602.23229'`)).toEqual({ n: 1 });
    expect(linksOf(db, '2602.23229')).toEqual([
      { url: 'https://github.com/Marco-Garosi/circle', source: 'jsonl', isOfficial: null, framework: null, mentioned: null },
      { url: 'https://github.com/Marco-Garosi/circle', source: 'hf', isOfficial: null, framework: null, mentioned: null },
    ].sort((a, b) => (a.source < b.source ? -1 : 1)));
    // A later jsonl record without links, date or authors takes nothing away.
    writeFileSync(join(dir, 'bare.jsonl'), JSON.stringify({ title: 'Large Multimodal Models as General In-Context Classifiers', abstract: 'Which multimodal model should we use for classification? …', arxivId: '2602.23229' }));
    await load(db, 'jsonl', join(dir, 'bare.jsonl'));
    expect(linksOf(db, '2602.23229')).toHaveLength(2);
    expect(db.get(sql`select published_at as d, (select count(*) from paper_authors pa where pa.paper_id = p.id) as authors from papers p where arxiv_id = '2602.23229'`)).toEqual({ d: '2026-02-26', authors: 2 });
  });
});

const dir = mkdtempSync(join(tmpdir(), 'catalogue-import-'));
const run = promisify(execFile);

async function importCommand(args: string[], database: string) {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/import.ts', ...args], {
      env: { ...process.env, DATABASE_URL: database },
      cwd: new URL('../..', import.meta.url).pathname,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function count(database: string): number {
  const db = openDb(database);
  migrateDb(db);
  const n = db.get<{ n: number }>(sql`select count(*) as n from papers`)!.n;
  closeDb(db);
  return n;
}

describe('the import command', () => {
  it('imports with worker threads, reports bad records and a summary', async () => {
    const database = join(dir, 'cli.db');
    const result = await importCommand(['--format', 'pwc', '--workers', '1', fixture('pwc-papers.json'), fixture('pwc-links.json')], database);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 new, 0 updated, 0 unchanged, 3 skipped/);
    expect(result.stderr).toMatch(/skipped .*pwc-papers\.json\[2\]: missing abstract/);
    expect(count(database)).toBe(2);
  });

  it('fails with a clear message, no stack trace, and changes nothing on a broken file', async () => {
    const database = join(dir, 'cli-broken.db');
    await importCommand(['--format', 'arxiv', fixture('arxiv-feed.xml')], database);
    for (const [format, file] of [
      ['arxiv', 'arxiv-broken.xml'],
      ['pwc', 'json-truncated.json'],
      ['pwc', 'corrupt.json.gz'],
    ]) {
      const result = await importCommand(['--format', format!, fixture(file!)], database);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^error: .*${file!.replace('.', '\\.')}.*\\nNothing was imported`, 'm'));
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(count(database)).toBe(2);
    }
  });

  it('refuses, with a clear message, a catalogue another import is writing to, and changes nothing', async () => {
    const database = join(dir, 'cli-locked.db');
    await importCommand(['--format', 'jsonl', fixture('../papers.jsonl')], database);
    // Another process's import: its transaction holds the write lock until it commits.
    const other = openDb(database);
    other.$client.exec('BEGIN IMMEDIATE');
    try {
      const result = await importCommand(['--format', 'arxiv', fixture('arxiv-feed.xml')], database);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: another process is writing to the catalogue .*\nNothing was changed: run this again once it has finished\./m);
      expect(result.stderr).not.toMatch(/\n\s+at |SqliteError/);
    } finally {
      other.$client.exec('ROLLBACK');
      closeDb(other);
    }
    expect(count(database)).toBe(6);
    expect((await importCommand(['--format', 'arxiv', fixture('arxiv-feed.xml')], database)).code).toBe(0);
    expect(count(database)).toBeGreaterThan(6);
  }, 60_000);

  it('refuses, with a clear message, a catalogue path that names no catalogue', async () => {
    const notADatabase = join(dir, 'notes.txt');
    writeFileSync(notADatabase, 'some notes, not a database\n'.repeat(200));
    const cases = [
      [notADatabase, `cannot open the catalogue at ${notADatabase}: the file is not a SQLite database`],
      [join(notADatabase, 'catalogue.db'), `cannot open the catalogue at ${join(notADatabase, 'catalogue.db')}: its directory ${notADatabase} cannot be created (a file is in the way)`],
    ];
    for (const [database, message] of cases) {
      const result = await importCommand(['--format', 'jsonl', fixture('../papers.jsonl')], database!);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`error: ${message}`);
    }
  }, 60_000);

  it('rejects bad usage', async () => {
    const database = join(dir, 'cli-usage.db');
    expect((await importCommand(['--format', 'csv', 'x'], database)).stderr).toMatch(/unknown format "csv"/);
    expect((await importCommand(['--format', 'jsonl'], database)).stderr).toMatch(/no input file/);
    expect((await importCommand(['--format', 'jsonl', '/nonexistent.jsonl'], database)).stderr).toMatch(/nonexistent\.jsonl: no such file/);
  });
});

describe('serving during an import', () => {
  it('keeps answering with the old catalogue, and sees the new papers once the import commits', async () => {
    const { createApp } = await import('../../src/app.ts');
    const { pausedImport, query } = await import('../helpers.ts');
    const { generatedRecords } = await import('../fixtures.ts');
    const file = join(dir, 'concurrent.db');
    const writer = openDb(file);
    migrateDb(writer);
    const reader = openDb(file);
    const app = createApp(reader);
    const total = async () => (await query(app, '{ papers { totalCount } }')).papers.totalCount as number;

    const importing = pausedImport(writer, generatedRecords(40), 20);
    await importing.paused;
    expect(await total()).toBe(0);
    expect((await query(app, '{ search(query: "generated") { totalCount } }')).search.totalCount).toBe(0);
    importing.release();
    await importing.done;
    expect(await total()).toBe(40);
    expect((await query(app, '{ search(query: "\\"generated study\\"") { totalCount } }')).search.totalCount).toBe(40);
    closeDb(reader);
    closeDb(writer);
  });
});

describe('an import killed half-way', () => {
  it('leaves the catalogue as it was, and can simply be run again', async () => {
    const { spawn } = await import('node:child_process');
    const { generatedRecords } = await import('../fixtures.ts');
    const database = join(dir, 'killed.db');
    const input = join(dir, 'many.jsonl');
    writeFileSync(
      input,
      generatedRecords(20_000)
        .map(({ position, repositories, ...r }) => JSON.stringify({ ...r, repositories: repositories?.map((l) => l.url) }))
        .join('\n'),
    );
    await importCommand(['--format', 'jsonl', fixture('../papers.jsonl')], database);
    expect(count(database)).toBe(6);

    const child = spawn('npx', ['tsx', 'src/cli/import.ts', '--format', 'jsonl', '--workers', '0', input], {
      env: { ...process.env, DATABASE_URL: database },
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    // Kill it once it reports records read: it is in the middle of its transaction then.
    let progress = '';
    child.stderr!.on('data', (chunk) => (progress += chunk));
    const deadline = Date.now() + 60_000;
    while (!/records read/.test(progress)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the import never reported progress: ${progress}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));

    expect(count(database)).toBe(6);
    const again = await importCommand(['--format', 'jsonl', input], database);
    expect(again.code).toBe(0);
    expect(count(database)).toBe(20_006);
  }, 120_000);
});
