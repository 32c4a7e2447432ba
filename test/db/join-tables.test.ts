/**
 * The tables joining papers to their authors, keywords, repositories and topics are stored
 * WITHOUT ROWID (migration 0013): these pin that a migrated catalogue has them so, with the
 * columns, keys and indexes they had before, that a catalogue migrated from the version before
 * keeps every row and answers as it did, and that a paper's lists are read from the key alone.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { seedSample } from '../../src/catalogue.ts';
import { migrateDb, MIGRATIONS_FOLDER, openDb, type Db } from '../../src/db/client.ts';
import { listPaperAuthors } from '../../src/db/queries/authors.ts';
import { listPaperKeywords } from '../../src/db/queries/keywords.ts';
import { listPaperRepositoryLinks } from '../../src/db/queries/repositories.ts';
import { listTopicAssignments } from '../../src/db/queries/topics.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import { generatedRecords, importJsonl, taxonomy } from '../fixtures.ts';
import { createTestDb, query } from '../helpers.ts';

const JOIN_TABLES = ['paper_authors', 'paper_keywords', 'paper_repositories', 'paper_topics'] as const;
const PRIMARY_KEYS: Record<(typeof JOIN_TABLES)[number], string> = {
  paper_authors: 'paper_id, position',
  paper_keywords: 'paper_id, keyword_id',
  paper_repositories: 'paper_id, repository_id, source',
  paper_topics: 'paper_id, topic_id',
};

/** A migrations folder holding the migrations up to `lastTag` only: the schema an older version left. */
function migrationsUpTo(lastTag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'migrations-'));
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, last + 1);
  mkdirSync(join(folder, 'meta'));
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  for (const { tag } of journal.entries) copyFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), join(folder, `${tag}.sql`));
  return folder;
}

/** A catalogue migrated as far as migration 0012, before the join tables were rebuilt. */
function catalogueBefore0013(): Db {
  const db = openDb(':memory:');
  migrate(db, { migrationsFolder: migrationsUpTo('0012_repository-papers') });
  return db;
}

/** Everything the schema says of a table: columns, foreign keys, indexes and their columns. */
function tableShape(db: Db, table: string) {
  const s = db.$client;
  const indexes = (s.prepare(`pragma index_list(${table})`).all() as { name: string; unique: number; origin: string; partial: number }[])
    .map(({ name, unique, origin, partial }) => ({
      // SQLite names the primary key's index after the table, whatever the table was created as.
      name,
      unique,
      origin,
      partial,
      columns: (s.prepare(`pragma index_info(${JSON.stringify(name)})`).all() as { name: string }[]).map((c) => c.name),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    columns: s.prepare(`pragma table_info(${table})`).all(),
    foreignKeys: s.prepare(`pragma foreign_key_list(${table})`).all(),
    indexes,
  };
}

/** Every row of the four tables, in key order. */
function joinRows(db: Db) {
  return Object.fromEntries(JOIN_TABLES.map((t) => [t, db.$client.prepare(`select * from ${t} order by ${PRIMARY_KEYS[t]}`).all()]));
}

const isWithoutRowid = (db: Db, table: string) =>
  /\)\s*WITHOUT\s+ROWID\s*$/i.test(db.$client.prepare('select sql from sqlite_master where type = ? and name = ?').pluck().get('table', table) as string);

/** Pages of papers with every list that the four tables hold. */
const PAPERS_WITH_LISTS = `query ($after: String) {
  papers(first: 50, orderBy: TITLE_ASC, after: $after) {
    nodes { title authors { name } keywords { term } topicAssignments { topic { slug } score origin evidence } codeLinks { source repository { fullName } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Every paper with its lists, as the API answers them. */
async function allPapersWithLists(db: Db) {
  const app = createApp(db);
  const nodes: unknown[] = [];
  for (let after: string | null = null; ; ) {
    const { papers }: { papers: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await query(app, PAPERS_WITH_LISTS, { after });
    nodes.push(...papers.nodes);
    if (!papers.pageInfo.hasNextPage) return nodes;
    after = papers.pageInfo.endCursor;
  }
}

describe('the join tables after migrating', () => {
  const { db } = createTestDb({ sample: true });

  it('are WITHOUT ROWID: a row has no rowid to select', () => {
    for (const table of JOIN_TABLES) {
      expect(isWithoutRowid(db, table), table).toBe(true);
      expect(() => db.$client.prepare(`select rowid from ${table}`).all(), table).toThrow(/no such column: rowid/);
    }
  });

  it('have the columns, defaults, foreign keys, keys and indexes they had before', () => {
    const before = catalogueBefore0013();
    for (const table of JOIN_TABLES) {
      expect(isWithoutRowid(before, table), table).toBe(false);
      expect(tableShape(db, table), table).toEqual(tableShape(before, table));
    }
  });

  it('are consistent: foreign keys hold and the file checks out', () => {
    expect(db.$client.pragma('foreign_key_check')).toEqual([]);
    expect(db.$client.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it("a paper's four lists are read from the primary key alone, with no table look-up", () => {
    const statements: string[] = [];
    const reader = openDb(':memory:', { onStatement: (s) => statements.push(s) });
    migrateDb(reader);
    const ids = [1, 2, 3];
    for (const list of [listPaperAuthors, listPaperKeywords, listPaperRepositoryLinks, listTopicAssignments]) {
      statements.length = 0;
      list(reader, ids);
      const [text] = statements;
      const plan = (reader.$client.prepare(`explain query plan ${text!}`).all({ keys: JSON.stringify(ids) }) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      // The join table is searched by its primary key; never through a separate index.
      expect(plan).toMatch(/SEARCH \w+ USING PRIMARY KEY \(paper_id=\?\)/);
      expect(plan).not.toMatch(/sqlite_autoindex_paper_/);
    }
  });
});

describe('reading whole join tables', () => {
  it("the related papers' full refresh reads keywords and topics in key order, not through the reverse indexes", () => {
    const statements: string[] = [];
    const db = openDb(':memory:', { onStatement: (s) => statements.push(s) });
    migrateDb(db);
    // A first import computes every paper's list: the full refresh.
    importPapers(db, generatedRecords(30), { taxonomy });
    const norms = statements.filter((s) => s.includes('sqrt(sum(w * w))'));
    expect(norms).toHaveLength(1);
    const plan = (db.$client.prepare(`explain query plan ${norms[0]!}`).all() as { detail: string }[]).map((r) => r.detail);
    expect(plan).toContain('SEARCH pk USING PRIMARY KEY (paper_id>?)');
    expect(plan).toContain('SEARCH pt USING PRIMARY KEY (paper_id>?)');
  });
});

describe('a catalogue migrated from the version before', () => {
  it('keeps every row of the four tables, and the API answers as before', async () => {
    const db = catalogueBefore0013();
    seedSample(db);
    importJsonl(db);
    importPapers(db, generatedRecords(60), { taxonomy });
    const rows = joinRows(db);
    for (const table of JOIN_TABLES) expect(rows[table]!.length, table).toBeGreaterThan(20);
    const answer = await allPapersWithLists(db);
    expect(answer.length).toBe(db.$client.prepare('select count(*) from papers').pluck().get());

    migrateDb(db);
    for (const table of JOIN_TABLES) expect(isWithoutRowid(db, table), table).toBe(true);
    expect(joinRows(db)).toEqual(rows);
    expect(db.$client.pragma('foreign_key_check')).toEqual([]);
    expect(db.$client.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(await allPapersWithLists(db)).toEqual(answer);
  });

  it('imports into the rebuilt tables as into the old ones', () => {
    // Re-imports go through every upsert and `on conflict` clause of the writer.
    const run = (db: Db) => {
      seedSample(db);
      importPapers(db, generatedRecords(40), { taxonomy });
      importPapers(db, generatedRecords(60), { taxonomy });
      importJsonl(db);
      importJsonl(db);
      return joinRows(db);
    };
    const old = catalogueBefore0013();
    const migrated = createTestDb().db;
    expect(run(migrated)).toEqual(run(old));
  });
});
