/**
 * Related lists kept up to date by imports: an import that changes a few papers merges them into
 * the old lists (src/db/related.ts) and must agree with recomputing everything.
 */
import { sql, TransactionRollbackError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { getCatalogueVersion } from '../../src/db/queries/catalogue.ts';
import { recomputeAllRelatedPapers, refreshRelatedPapers } from '../../src/db/related.ts';
import { importPapers, reapplyTaxonomy } from '../../src/ingest/importer.ts';
import type { PaperRecord } from '../../src/ingest/record.ts';
import { generatedRecords, taxonomy } from '../fixtures.ts';
import { createTestDb } from '../helpers.ts';

interface Row {
  paper_id: number;
  rank: number;
  related_paper_id: number;
  score: number;
}

const lists = (db: Db) => db.all<Row>(sql`select paper_id, rank, related_paper_id, score from paper_related order by paper_id, rank`);

/** The lists a recomputation of everything would give now, leaving the database as it is. */
function recomputed(db: Db): Row[] {
  let rows: Row[] = [];
  try {
    db.transaction((tx) => {
      recomputeAllRelatedPapers(db);
      rows = lists(db);
      tx.rollback();
    });
  } catch (error) {
    // Only the rollback is expected; anything else is a failure of the recomputation.
    if (!(error instanceof TransactionRollbackError)) throw error;
  }
  return rows;
}

const listOf = (rows: Row[], paperId: number) => rows.filter((r) => r.paper_id === paperId);
const idOf = (db: Db, titlePrefix: string) =>
  db.get<{ id: number }>(sql`select id from papers where title like ${`${titlePrefix}%`}`)!.id;

/** The sample with 300 generated papers in ten themes: big enough that one new paper is merged, not recomputed. */
function catalogue() {
  const { db } = createTestDb({ sample: true });
  const themes = ['federated learning', 'speech enhancement', 'causal discovery', 'knowledge distillation', 'neural architecture search'];
  importPapers(
    db,
    generatedRecords(300).map((r, i) => ({ ...r, title: `${r.title} with ${themes[i % 5]}`, abstract: `${r.abstract} We apply it to ${themes[i % 5]}.` })),
    { taxonomy },
  );
  return db;
}

const LARGE_KERNEL_PAPER: PaperRecord = {
  title: 'RepLK-Tiny: Large-Kernel ConvNets for Mobile Image Recognition',
  abstract:
    'We shrink large-kernel ConvNets for mobile devices. Our model keeps the effective receptive fields of large kernels and reaches a COCO box AP and an ADE20K mIoU close to UniRepLKNet at a tenth of the cost, with re-parameterized large kernels for image recognition.',
  arxivId: '2501.00001',
  position: { file: 'new.jsonl', index: 0 },
};

describe('related lists after an incremental import', () => {
  it('the new paper gets the list a full recomputation gives it, and enters the same old lists with the same score', () => {
    const db = catalogue();
    importPapers(db, [LARGE_KERNEL_PAPER], { taxonomy });
    const added = idOf(db, 'RepLK-Tiny');
    const incremental = lists(db);
    const full = recomputed(db);
    expect(listOf(incremental, added).length).toBeGreaterThan(2);
    expect(listOf(incremental, added)).toEqual(listOf(full, added));
    const listing = (rows: Row[]) => rows.filter((r) => r.related_paper_id === added).map((r) => [r.paper_id, r.score]);
    expect(listing(incremental).length).toBeGreaterThanOrEqual(2);
    expect(listing(incremental)).toEqual(listing(full));
    expect(listOf(incremental, idOf(db, 'UniRepLKNet')).map((r) => r.related_paper_id).slice(0, 2)).toContain(added);
  });

  it('is a merge: the changed paper and the few full lists that held it are computed, the rest merged', () => {
    const db = catalogue();
    importPapers(db, [LARGE_KERNEL_PAPER], { taxonomy });
    const added = idOf(db, 'RepLK-Tiny');
    const before = lists(db);
    // Refresh again as if the import had just changed the new paper: its list is in full lists now.
    const refresh = db.transaction(() => refreshRelatedPapers(db, getCatalogueVersion(db)));
    expect(refresh.full).toBe(false);
    const holding = new Set(before.filter((r) => r.related_paper_id === added).map((r) => r.paper_id));
    const full = [...holding].filter((paper) => listOf(before, paper).length === 20);
    expect(full.length).toBeGreaterThan(0);
    expect(refresh.papers).toBe(1 + full.length);
    expect(refresh.merged).toBeGreaterThan(0);
    expect(listOf(lists(db), added)).toEqual(listOf(before, added));
    // Recomputed lists are what a full recomputation gives them.
    const now = lists(db);
    const everything = recomputed(db);
    for (const paper of full) expect(listOf(now, paper)).toEqual(listOf(everything, paper));
  });

  it('a paper whose text changes leaves the lists it no longer belongs in', () => {
    const db = catalogue();
    importPapers(db, [LARGE_KERNEL_PAPER], { taxonomy });
    const added = idOf(db, 'RepLK-Tiny');
    const unirep = idOf(db, 'UniRepLKNet');
    expect(listOf(lists(db), unirep).map((r) => r.related_paper_id)).toContain(added);
    importPapers(db, [{ ...LARGE_KERNEL_PAPER, title: 'RepLK-Tiny, retitled', abstract: 'We study speech enhancement with federated learning.' }], { taxonomy });
    const after = lists(db);
    expect(after.filter((r) => r.related_paper_id === added).map((r) => r.paper_id)).not.toContain(unirep);
    // The lists it left hold what a full recomputation gives them (with scores as last computed).
    const ids = (rows: Row[]) => rows.map((r) => r.related_paper_id);
    expect(ids(listOf(after, unirep))).toEqual(ids(listOf(recomputed(db), unirep)));
  });

  it('re-importing the same papers leaves every list as it was', () => {
    const db = catalogue();
    const before = lists(db);
    importPapers(db, [LARGE_KERNEL_PAPER], { taxonomy });
    const withNew = lists(db);
    expect(withNew).not.toEqual(before);
    importPapers(db, [LARGE_KERNEL_PAPER], { taxonomy });
    expect(lists(db)).toEqual(withNew);
  });

  it('re-applying the taxonomy recomputes every list', () => {
    const db = catalogue();
    importPapers(db, [LARGE_KERNEL_PAPER], { taxonomy });
    // Incremental lists keep old scores; after re-applying, every list is what a recomputation gives.
    reapplyTaxonomy(db, taxonomy);
    expect(lists(db)).toEqual(recomputed(db));
  });

  it('a catalogue whose lists were never computed gets all of them at its next import', () => {
    const db = catalogue();
    const all = lists(db);
    db.run(sql`delete from paper_related`);
    importPapers(db, [LARGE_KERNEL_PAPER], { taxonomy });
    const added = idOf(db, 'RepLK-Tiny');
    expect(lists(db).filter((r) => r.paper_id !== added).length).toBeGreaterThanOrEqual(all.length);
  });
});
