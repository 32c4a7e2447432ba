/**
 * The full-text index an import fills in bulk: papers it adds skip the insert trigger (set aside
 * until the end) and are indexed a chunk at a time (while the import waits for its workers) and at
 * its end.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCatalogueWriter } from '../../src/db/catalogue-writer.ts';
import type { Db } from '../../src/db/client.ts';
import { createTestDb } from '../helpers.ts';

const matches = (db: Db, term: string) =>
  db.all<{ rowid: number }>(sql`select rowid from papers_fts where papers_fts match ${term} order by rowid`).map((r) => r.rowid);

const paper = (n: number, abstract: string) => ({
  slug: `paper-${n}`,
  titleKey: `paper ${n}`,
  title: `Paper ${n}`,
  abstract,
  arxivId: `2401.${10000 + n}`,
  url: null,
  pdfUrl: null,
  publishedAt: null,
});

/** The same paper's fields with a new abstract, as an import updates a stored paper. */
function revision(n: number, abstract: string) {
  const { slug: _slug, ...fields } = paper(n, abstract);
  return fields;
}

describe('deferred full-text indexing', () => {
  it('indexes waiting papers a chunk at a time, and keeps papers already indexed in step when they change', () => {
    const { db } = createTestDb();
    db.$client.exec('BEGIN');
    const writer = createCatalogueWriter(db);
    const insertTrigger = () => db.get(sql`select sql from sqlite_master where type = 'trigger' and name = 'papers_fts_ai'`);
    const trigger = insertTrigger();
    expect(trigger).toBeDefined();
    writer.beginDeferredIndexing();
    // Set aside: it would skip these papers anyway, and costs every insert a statement journal.
    expect(insertTrigger()).toBeUndefined();
    const ids = [1, 2, 3].map((n) => writer.insertPaper(paper(n, `about wombat${n}`), 1));
    expect(matches(db, 'wombat1')).toEqual([]); // deferred: not indexed yet

    expect(writer.indexDeferredPapers(2)).toBe(2);
    expect(matches(db, 'wombat1 OR wombat2 OR wombat3')).toEqual(ids.slice(0, 2));

    // An indexed paper revised later in the same import: the update trigger now keeps it in step.
    writer.updatePaper(ids[0]!, revision(1, 'about quokkas'));
    // A waiting paper revised: still waiting, indexed with its final text at the end.
    writer.updatePaper(ids[2]!, revision(3, 'about numbats'));
    const late = writer.insertPaper(paper(4, 'about wombat4'), 1);

    expect(writer.indexDeferredPapers(1)).toBe(1);
    expect(writer.indexDeferredPapers(10)).toBe(1);
    expect(writer.indexDeferredPapers(10)).toBe(0); // caught up
    writer.finishDeferredIndexing();
    db.$client.exec('COMMIT');
    expect(insertTrigger()).toEqual(trigger);

    expect(matches(db, 'wombat1')).toEqual([]);
    expect(matches(db, 'quokkas')).toEqual([ids[0]]);
    expect(matches(db, 'wombat3')).toEqual([]);
    expect(matches(db, 'numbats')).toEqual([ids[2]]);
    expect(matches(db, 'wombat2 OR wombat4')).toEqual([ids[1], late]);
    expect(() => db.run(sql`insert into papers_fts(papers_fts) values ('integrity-check')`)).not.toThrow();
    // Back to ordinary writes: the trigger indexes a new paper at once, with SQLite's default buffer.
    const after = writer.insertPaper(paper(5, 'about bilbies'), 2);
    expect(matches(db, 'bilbies')).toEqual([after]);
    expect(db.get(sql`select v from papers_fts_config where k = 'hashsize'`)).toEqual({ v: 1024 * 1024 });
  });

  it('indexes nothing when no import is deferring', () => {
    const { db } = createTestDb({ sample: true });
    expect(createCatalogueWriter(db).indexDeferredPapers(100)).toBe(0);
  });
});
