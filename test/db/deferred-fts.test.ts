/**
 * The full-text index an import fills in bulk: papers it adds skip the insert trigger (set aside
 * until the end) and are indexed a chunk at a time (while the import waits for its workers) and at
 * its end; papers already indexed whose text it changes skip the update trigger (set aside too) and
 * are re-indexed at its end.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCatalogueWriter } from '../../src/db/catalogue-writer.ts';
import type { Db } from '../../src/db/client.ts';
import { importStream } from '../../src/ingest/importer.ts';
import { generatedRecords, taxonomy } from '../fixtures.ts';
import { checkFullTextIndex, createTestDb } from '../helpers.ts';

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
    const triggers = () => db.all(sql`select name, sql from sqlite_master where type = 'trigger' and name in ('papers_fts_ai', 'papers_fts_au') order by name`);
    const before = triggers();
    expect(before).toHaveLength(2);
    writer.beginDeferredIndexing();
    // Set aside: the insert trigger would skip these papers anyway, and costs every insert a
    // statement journal; the update trigger would re-index one paper per statement.
    expect(triggers()).toEqual([]);
    const ids = [1, 2, 3].map((n) => writer.insertPaper(paper(n, `about wombat${n}`), 1));
    expect(matches(db, 'wombat1')).toEqual([]); // deferred: not indexed yet

    expect(writer.indexDeferredPapers(2)).toBe(2);
    expect(matches(db, 'wombat1 OR wombat2 OR wombat3')).toEqual(ids.slice(0, 2));

    // An indexed paper revised later in the same import, twice: still indexed with the text it had,
    // until the end.
    writer.updatePaper(ids[0]!, revision(1, 'about quokkas'));
    expect(matches(db, 'wombat1')).toEqual([ids[0]]);
    writer.updatePaper(ids[0]!, revision(1, 'about quokkas and echidnas'));
    // Revised with the same text: nothing to re-index.
    writer.updatePaper(ids[1]!, revision(2, 'about wombat2'));
    // A waiting paper revised: still waiting, indexed with its final text at the end.
    writer.updatePaper(ids[2]!, revision(3, 'about numbats'));
    const late = writer.insertPaper(paper(4, 'about wombat4'), 1);
    // Kept for re-indexing at the end: the indexed paper whose text changed, once; not the one
    // revised with its own text, nor the one still waiting.
    expect(db.all(sql`select rowid, abstract from temp.fts_stale_text`)).toEqual([{ rowid: ids[0], abstract: 'about wombat1' }]);

    expect(writer.indexDeferredPapers(1)).toBe(1);
    expect(writer.indexDeferredPapers(10)).toBe(1);
    expect(writer.indexDeferredPapers(10)).toBe(0); // caught up
    writer.finishDeferredIndexing();
    db.$client.exec('COMMIT');
    expect(triggers()).toEqual(before);

    expect(matches(db, 'wombat1')).toEqual([]);
    expect(matches(db, 'quokkas AND echidnas')).toEqual([ids[0]]);
    expect(matches(db, 'wombat3')).toEqual([]);
    expect(matches(db, 'numbats')).toEqual([ids[2]]);
    expect(matches(db, 'wombat2 OR wombat4')).toEqual([ids[1], late]);
    expect(() => checkFullTextIndex(db)).not.toThrow();
    // Back to ordinary writes: the trigger indexes a new paper at once, with SQLite's default buffer.
    const after = writer.insertPaper(paper(5, 'about bilbies'), 2);
    expect(matches(db, 'bilbies')).toEqual([after]);
    writer.updatePaper(after, revision(5, 'about dunnarts'));
    expect(matches(db, 'bilbies OR dunnarts')).toEqual([after]);
    expect(matches(db, 'dunnarts')).toEqual([after]);
    expect(db.get(sql`select v from papers_fts_config where k = 'hashsize'`)).toEqual({ v: 1024 * 1024 });
  });

  it('indexes nothing when no import is deferring', () => {
    const { db } = createTestDb({ sample: true });
    expect(createCatalogueWriter(db).indexDeferredPapers(100)).toBe(0);
  });

  it('re-indexes the stored papers an import changes at its end, all of them in one statement', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const base = generatedRecords(20);
    await importStream(db, base, { taxonomy, warmup: 5 });
    const idOf = (arxivId: string) => db.get<{ id: number }>(sql`select id from papers where arxiv_id = ${arxivId}`)!.id;
    const changed = [0, 1, 2, 3, 4, 5].map((i) => ({ ...base[i]!, abstract: `${base[i]!.abstract} Revisited with platypus${i}.`, position: { file: 'update', index: i } }));
    // The last paper changed twice in the same import.
    changed.push({ ...base[5]!, abstract: `${base[5]!.abstract} Revisited with platypus6.`, position: { file: 'update', index: 6 } });
    statements.length = 0;
    // Updates are counted per record: the paper changed twice counts twice.
    expect(await importStream(db, changed, { taxonomy, warmup: 2 })).toMatchObject({ updated: 7, skipped: 0 });
    // Index writes (not settings): out and back in with their new text, however many papers
    // changed; then the papers this import added (none).
    const writes = statements.filter((s) => /^insert into papers_fts\b/.test(s) && !s.includes('hashsize'));
    expect(writes).toHaveLength(3);
    expect(matches(db, 'platypus0 OR platypus1 OR platypus2 OR platypus3 OR platypus4')).toEqual([0, 1, 2, 3, 4].map((i) => idOf(base[i]!.arxivId!)));
    expect(matches(db, 'platypus5')).toEqual([]);
    expect(matches(db, 'platypus6')).toEqual([idOf(base[5]!.arxivId!)]);
    expect(() => checkFullTextIndex(db)).not.toThrow();
  });
});
