/**
 * `prepareRows` shapes rows with a plan made once per statement instead of Drizzle's walk of the
 * selection per value. It must give exactly the rows Drizzle's own `all()` gives: for every table
 * (each column's decoding, booleans and nulls among them), for the nested selections the loaders
 * use, for SQL with a decoder, and an outer join must keep Drizzle's mapping (it nulls a missing row).
 */
import { eq, getTableName, is, sql } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as tables from '../../schema/tables.ts';
import { inJsonArray, jsonArray, prepareRows } from '../../src/db/prepared.ts';
import { listPaperRepositoryLinks } from '../../src/db/queries/repositories.ts';
import { createTestDb } from '../helpers.ts';

const { db } = createTestDb({ sample: true });
const { authors, paperAuthors, paperRepositories, papers, repositories, topics, paperTopics } = tables;

// Links with every state of the two boolean columns, so that their decoding is exercised.
const [first, second] = db.select({ id: papers.id }).from(papers).limit(2).all();
const [repo] = db
  .insert(repositories)
  .values({ url: 'https://github.com/acme/detector', urlKey: 'github.com/acme/detector', host: 'github.com', owner: 'acme', ownerKey: 'acme', name: 'detector' })
  .returning()
  .all();
db.insert(paperRepositories)
  .values([
    { paperId: first!.id, repositoryId: repo!.id, source: 'pwc', isOfficial: true, framework: 'pytorch', mentionedInPaper: false },
    { paperId: first!.id, repositoryId: repo!.id, source: 'hf', isOfficial: null, framework: null, mentionedInPaper: null },
    { paperId: second!.id, repositoryId: repo!.id, source: 'jsonl', isOfficial: false, framework: 'jax', mentionedInPaper: true },
  ])
  .run();
// The sample has no bylines: one, so that every table has rows to compare.
const [author] = db.insert(authors).values({ name: 'Ada Lovelace', nameKey: 'ada lovelace', paperCount: 1 }).returning().all();
db.insert(paperAuthors).values({ paperId: first!.id, authorId: author!.id, position: 0 }).run();
// A topic no paper is in, for the outer join.
db.insert(topics).values({ slug: 'unused-topic', name: 'Unused topic', kind: 'TASK' }).run();

describe('prepareRows', () => {
  it('gives the rows Drizzle gives for every table of the schema', () => {
    const all = (Object.values(tables) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable));
    expect(all.length).toBeGreaterThanOrEqual(12);
    for (const table of all) {
      const statement = db.select().from(table).prepare();
      const drizzle = statement.all();
      // An empty table would compare nothing.
      expect(drizzle.length, `rows in ${getTableName(table)}`).toBeGreaterThan(0);
      expect(prepareRows(statement)(), `table ${getTableName(table)}`).toEqual(drizzle);
    }
  });

  it('nests joined tables as Drizzle does, decoding booleans and keeping nulls', () => {
    const statement = db
      .select({ paperId: paperRepositories.paperId, repository: repositories, source: paperRepositories.source, isOfficial: paperRepositories.isOfficial, mentionedInPaper: paperRepositories.mentionedInPaper })
      .from(paperRepositories)
      .innerJoin(repositories, eq(repositories.id, paperRepositories.repositoryId))
      .where(inJsonArray(paperRepositories.paperId))
      .orderBy(paperRepositories.paperId, paperRepositories.source)
      .prepare();
    const params = { keys: jsonArray([first!.id, second!.id]) };
    const rows = prepareRows(statement)(params);
    expect(rows).toEqual(statement.all(params));
    expect(rows.map((r) => [r.source, r.isOfficial, r.mentionedInPaper])).toEqual([
      ['hf', null, null],
      ['pwc', true, false],
      ['jsonl', false, true],
    ]);
    expect(rows[0]!.repository).toMatchObject({ owner: 'acme', name: 'detector' });
    // The loader's own statement reads the same through it.
    expect(listPaperRepositoryLinks(db, [first!.id]).map((l) => [l.source, l.isOfficial, l.framework])).toEqual([
      ['hf', null, null],
      ['pwc', true, 'pytorch'],
    ]);
  });

  it('decodes selected SQL with its decoder', () => {
    const statement = db
      .select({ id: topics.id, doubled: sql`${topics.paperCount} * 2`.mapWith((v) => `n=${v}`), label: sql<string>`upper(${topics.slug})`.as('label') })
      .from(topics)
      .orderBy(topics.id)
      .prepare();
    const rows = prepareRows(statement)();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(statement.all());
    expect(rows[0]!.doubled).toMatch(/^n=\d+$/);
  });

  it('leaves an outer join to Drizzle, which makes a missing joined row null', () => {
    const statement = db
      .select({ id: topics.id, assignment: paperTopics })
      .from(topics)
      .leftJoin(paperTopics, eq(paperTopics.topicId, topics.id))
      .orderBy(topics.id)
      .prepare();
    const rows = prepareRows(statement)();
    expect(rows).toEqual(statement.all());
    // The topic no paper is in has a null assignment, not an object of nulls.
    expect(rows.some((r) => r.assignment === null)).toBe(true);
  });
});
