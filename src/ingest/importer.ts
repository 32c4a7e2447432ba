/**
 * Turns records into catalogue rows. Each record is prepared (validated, topics, keywords and code
 * links inferred: see prepare.ts) and then stored: the paper it describes is found by arXiv id,
 * else by normalised title, and inserted or merged. An import is one transaction: if it fails, or
 * the process is killed, the database is as it was.
 *
 * Two entry points share that path: `importPapers` for records in memory (the bundled sample,
 * tests) and `importStream` for streams of any length (the import command), which also prepares
 * records on worker threads (the main thread taking over topic tagging when they fall behind),
 * defers full-text indexing (done in bulk, while waiting for the workers and at the end) and
 * reports progress.
 */
import type { Db } from '../db/client.ts';
import { createCatalogueWriter, type CatalogueWriter, type DeferredIndexes } from '../db/catalogue-writer.ts';
import type { SavedDefinition } from '../db/deferred-schema.ts';
import { recomputeAllRelatedPapers, refreshRelatedPapers } from '../db/related.ts';
import { DocumentFrequencyTable, documentTerms, KeywordModel, MAX_FREQUENCY_ENTRIES } from './keywords.ts';
import { PreparePool, type BatchOptions } from './prepare-pool.ts';
import { paperText, prepareLinks, preparePaper, type Inference, type PreparedPaper } from './prepare.ts';
import { normaliseArxivId, slugify, titleKey } from './normalise.ts';
import { isLinkRecord, RecordError, type ImportItem, type LinkRecord, type PaperRecord, type SourceTopic } from './record.ts';
import { createTopicTagger, type Taxonomy, type TopicAssignment, type TopicTagger } from './topic-tagger.ts';

export interface ImportOptions {
  taxonomy: Taxonomy;
  /** Stop at the first bad record (and change nothing) instead of skipping it. */
  strict?: boolean;
}

export interface ImportSummary {
  /** Records read from the input. */
  read: number;
  /** New papers added. */
  imported: number;
  /** Existing papers that this import changed. */
  updated: number;
  /** Existing papers the import found already up to date. */
  unchanged: number;
  /** Bad records, reported in `errors` and not imported. */
  skipped: number;
  /** Links for papers the input did not describe, added to stored papers (links already stored not counted). */
  linksAttached: number;
  /** Links for papers that are not in the catalogue either, left out. */
  linksUnmatched: number;
  errors: RecordError[];
}

type Outcome = 'imported' | 'updated' | 'unchanged';

/** The slug of a source's task or category: namespaced, so it never names a taxonomy theme. */
export function sourceTopicSlug(topic: SourceTopic): string {
  return topic.kind === 'TASK' ? `task:${slugify(topic.name)}` : `arxiv:${topic.name.toLowerCase()}`;
}

/** The database half of an import: stores prepared papers, merging into what is there. */
class PaperStore {
  /** Next suffix to try per slug base: titles that slugify alike do not rescan 2, 3, 4… */
  private readonly nextSlugSuffix = new Map<string, number>();
  /** The catalogue version this import gives every paper it adds or changes (the change feed). */
  private readonly version: number;

  constructor(
    private readonly writer: CatalogueWriter,
    private readonly topicIds: Map<string, number>,
  ) {
    this.version = writer.nextVersion();
  }

  store(paper: PreparedPaper): Outcome {
    const unknownTopic = paper.topicSlugs.find((slug) => !this.topicIds.has(slug));
    if (unknownTopic) throw new RecordError(paper.position, `unknown topic "${unknownTopic}"`);

    const existing = this.writer.findPaper(paper.arxivId, paper.titleKey);
    let outcome: Outcome;
    let paperId: number;
    let textChanged: boolean;
    const fields = {
      titleKey: paper.titleKey,
      title: paper.title,
      abstract: paper.abstract,
      arxivId: paper.arxivId,
      url: paper.url,
      pdfUrl: paper.pdfUrl,
      publishedAt: paper.publishedAt,
    };

    if (!existing) {
      paperId = this.writer.insertPaper({ slug: this.uniqueSlug(paper.title), ...fields }, this.version);
      outcome = 'imported';
      textChanged = true;
    } else {
      paperId = existing.id;
      // A later import that lacks a field never erases what an earlier one stored.
      const merged = {
        ...fields,
        arxivId: paper.arxivId ?? existing.arxivId,
        url: paper.url ?? existing.url,
        pdfUrl: paper.pdfUrl ?? existing.pdfUrl,
        publishedAt: paper.publishedAt ?? existing.publishedAt,
      };
      textChanged = merged.title !== existing.title || merged.abstract !== existing.abstract;
      const changed =
        textChanged ||
        merged.arxivId !== existing.arxivId ||
        merged.url !== existing.url ||
        merged.pdfUrl !== existing.pdfUrl ||
        merged.publishedAt !== existing.publishedAt;
      if (changed) this.writer.updatePaper(paperId, merged);
      outcome = changed ? 'updated' : 'unchanged';
    }
    const fresh = outcome === 'imported';
    const touched = () => {
      if (outcome === 'unchanged') outcome = 'updated';
    };

    if (paper.authors.length) {
      const stored = fresh ? [] : this.writer.authorNames(paperId);
      if (stored.join('\n') !== paper.authors.map((a) => a.name).join('\n')) {
        this.writer.replaceAuthors(paperId, paper.authors, fresh);
        touched();
      }
    }

    // Derived from the text: recomputed only when the text changed, so re-imports are stable.
    if (textChanged) {
      this.writer.replaceInferredTopics(paperId, toTopicRows(paper.topics, this.topicIds), fresh);
      this.writer.replaceKeywords(paperId, paper.keywords, fresh);
    }
    for (const slug of paper.topicSlugs) {
      if (this.writer.assignTopic(paperId, this.topicIds.get(slug)!, 'jsonl', fresh)) touched();
    }
    for (const topic of paper.sourceTopics) {
      const topicId = this.writer.sourceTopicId(topic.kind, sourceTopicSlug(topic), topic.name);
      if (this.writer.assignTopic(paperId, topicId, topic.kind === 'TASK' ? 'pwc' : 'arxiv', fresh)) touched();
    }

    const knownLinks = fresh ? new Set<string>() : this.writer.linkKeys(paperId);
    for (const link of paper.links) {
      if (!knownLinks.has(`${link.urlKey}|${link.source}`)) touched();
      this.writer.linkRepository(paperId, link, link);
    }
    // A new paper got its version when it was inserted.
    if (outcome === 'updated') this.writer.markPaperChanged(paperId, this.version);
    return outcome;
  }

  /**
   * Adds a link record's links to the stored paper it names: how many were new to it (the paper
   * counts as changed only then, as in `store`), or null when there is no such paper.
   */
  attachLinks(record: LinkRecord): number | null {
    const arxivId = normaliseArxivId(record.arxivId);
    const key = titleKey(record.title ?? '');
    if (!arxivId && !key) return null;
    const paper = this.writer.findPaper(arxivId, key);
    if (!paper) return null;
    const knownLinks = this.writer.linkKeys(paper.id);
    let added = 0;
    for (const link of prepareLinks(record.links, record.position)) {
      if (!knownLinks.has(`${link.urlKey}|${link.source}`)) added++;
      this.writer.linkRepository(paper.id, link, link);
    }
    if (added) this.writer.markPaperChanged(paper.id, this.version);
    return added;
  }

  private uniqueSlug(title: string): string {
    const base = slugify(title);
    if (!this.writer.isSlugTaken(base)) return base;
    let n = this.nextSlugSuffix.get(base) ?? 2;
    while (this.writer.isSlugTaken(`${base}-${n}`)) n++;
    this.nextSlugSuffix.set(base, n + 1);
    return `${base}-${n}`;
  }
}

/** The tagger's assignments as rows, for the topics the database has. */
function toTopicRows(assignments: TopicAssignment[], topicIds: Map<string, number>) {
  return assignments.flatMap((a) => {
    const topicId = topicIds.get(a.slug);
    return topicId === undefined ? [] : [{ topicId, score: a.score, evidence: a.evidence }];
  });
}

/**
 * Brings the stored taxonomy in line with `taxonomy`: every topic's id by slug (the taxonomy's and
 * the sources' tasks and categories), and whether any taxonomy topic changed (a renamed or moved
 * topic changes answers, so the catalogue version must move).
 */
export function syncTaxonomy(writer: CatalogueWriter, taxonomy: Taxonomy): { topicIds: Map<string, number>; changed: boolean } {
  const { changed } = writer.syncTopics(
    'THEME',
    taxonomy.topics.map((t) => ({ slug: t.slug, name: t.name, description: t.description, parentSlug: t.parent, kind: 'THEME' as const })),
  );
  return { topicIds: writer.topicIdsBySlug(), changed };
}

function newSummary(): ImportSummary {
  return { read: 0, imported: 0, updated: 0, unchanged: 0, skipped: 0, linksAttached: 0, linksUnmatched: 0, errors: [] };
}

/** Time spent preparing and storing, for the import's report. */
interface WorkTimings {
  prepare: number;
  store: number;
}

type Prepared = PreparedPaper | LinkRecord | RecordError;

/** Prepares one item; a bad record becomes its RecordError (or is rethrown when strict). */
function prepareItem(item: ImportItem, inference: Inference, strict: boolean): Prepared {
  if (item instanceof RecordError) return failOrKeep(item, strict);
  if (isLinkRecord(item)) return item;
  try {
    return preparePaper(item, inference);
  } catch (error) {
    if (error instanceof RecordError) return failOrKeep(error, strict);
    throw error;
  }
}

function failOrKeep(error: RecordError, strict: boolean): RecordError {
  if (strict) throw error;
  return error;
}

/** Stores one prepared item and counts its outcome; a bad record is counted and kept, or rethrown when strict. */
function storeItem(prepared: Prepared, store: PaperStore, summary: ImportSummary, strict: boolean) {
  summary.read++;
  try {
    if (prepared instanceof RecordError) throw prepared;
    if ('kind' in prepared) {
      const added = store.attachLinks(prepared);
      if (added === null) summary.linksUnmatched += prepared.links.length;
      else summary.linksAttached += added;
      return;
    }
    summary[store.store(prepared)]++;
  } catch (error) {
    if (!(error instanceof RecordError) || strict) throw error;
    summary.skipped++;
    summary.errors.push(error);
  }
}

function ingest(
  item: ImportItem,
  inference: Inference,
  store: PaperStore,
  summary: ImportSummary,
  strict: boolean,
  timings: WorkTimings,
) {
  const t0 = performance.now();
  const prepared = prepareItem(item, inference, strict);
  const t1 = performance.now();
  storeItem(prepared, store, summary, strict);
  timings.prepare += t1 - t0;
  timings.store += performance.now() - t1;
}

/**
 * The end of an import: the stored counts, the indexes ordered by them that a bulk import set
 * aside (`countIndexes`), the related papers.
 */
function finish(db: Db, writer: CatalogueWriter, summary: ImportSummary, taxonomyChanged: boolean, countIndexes: readonly SavedDefinition[] = []) {
  writer.refreshCounts();
  writer.restoreIndexes(countIndexes);
  refreshRelatedPapers(db, writer.nextVersion()); // needs the final keywords, topics and counts
  if (summary.imported || summary.updated || summary.linksAttached || taxonomyChanged) writer.bumpVersion();
}

/**
 * Imports records held in memory in one transaction. Keyword document frequencies come from the
 * batch itself.
 */
export function importPapers(db: Db, input: readonly ImportItem[], options: ImportOptions): ImportSummary {
  const summary = newSummary();
  const records = input.filter(isPaperRecord);
  const frequencies = new DocumentFrequencyTable();
  for (const r of records) frequencies.addTerms(documentTerms(r));
  const inference: Inference = { tagTopics: createTopicTagger(options.taxonomy), keywords: new KeywordModel(frequencies) };

  db.transaction(() => {
    const writer = createCatalogueWriter(db);
    const taxonomy = syncTaxonomy(writer, options.taxonomy);
    const store = new PaperStore(writer, taxonomy.topicIds);
    const timings = { prepare: 0, store: 0 };
    for (const item of input) ingest(item, inference, store, summary, options.strict ?? false, timings);
    finish(db, writer, summary, taxonomy.changed);
  });
  return summary;
}

export type ImportPhase = 'reading' | 'indexing' | 'counting' | 'committing';

export interface StreamImportOptions extends ImportOptions {
  /** Called after every batch and at each phase of the end, with the counts so far. */
  onProgress?: (summary: Readonly<ImportSummary>, phase: ImportPhase) => void;
  /** Records read before keywords are first extracted, to learn document frequencies. */
  warmup?: number;
  /** Records per batch (a progress report, and a unit of work for the workers). */
  batchSize?: number;
  /**
   * Worker threads that prepare records (validation and inference) while the main thread reads
   * and writes; 0 prepares on the main thread. Workers need the tsx loader (the npm scripts).
   */
  workers?: number;
  /**
   * For imports that are large next to the catalogue: indexes the import does not read are dropped
   * while it writes and rebuilt at its end, in the same transaction.
   */
  bulk?: boolean;
  /**
   * The share of batches (0–1) whose topics the main thread tags instead of the workers, held
   * fixed; by default it follows the load (`TaggingShare`). For tests: any share stores the same.
   */
  mainThreadTagging?: number;
}

/**
 * Whether an import is big enough next to the catalogue to rebuild its deferred indexes rather than
 * keep them up to date: input files of at least half the database file's size.
 */
export function isBulkImport(inputBytes: number, databaseBytes: number): boolean {
  return inputBytes >= databaseBytes / 2;
}

export interface StreamImportResult extends ImportSummary {
  /**
   * Milliseconds spent in each phase of the main thread. `prepare` is the time it waited for the
   * workers; `tag` the topic tagging it took off them; `indexWhileWaiting` the full-text indexing
   * it did instead of waiting, `index` what was left of that at the end.
   */
  timings: {
    read: number;
    prepare: number;
    tag: number;
    indexWhileWaiting: number;
    store: number;
    index: number;
    reindex: number;
    counts: number;
    commit: number;
  };
}

/** Enough papers for document frequencies to settle, few enough to hold in memory. */
const DEFAULT_WARMUP = 5_000;
const DEFAULT_BATCH = 1_000;
/**
 * Papers indexed for full-text search at a time while waiting for the workers (~40 ms of work).
 * FTS5 writes each chunk as a segment of its own (at the next statement's savepoint) and merges
 * segments as they pile up: chunks of 1,000 indexed 100,000 papers in 3.5–4.2 s of the main
 * thread, chunks of 250 in 6.8–7.2 s (bench/README.md).
 */
const INDEX_WHILE_WAITING = 1_000;
/** Papers whose topics the main thread tags at a time while waiting (a few ms of work). */
const TAG_WHILE_WAITING = 100;

/**
 * Imports a stream of records of any length, in one transaction. Keyword document frequencies are
 * learnt from the first `warmup` records, then keep counting as the stream goes on. New papers
 * enter the full-text index in bulk: a chunk at a time while the main thread would otherwise wait
 * for the workers, and the rest at the end. On any failure the transaction is rolled back.
 */
export async function importStream(
  db: Db,
  source: AsyncIterable<ImportItem> | Iterable<ImportItem>,
  options: StreamImportOptions,
): Promise<StreamImportResult> {
  const sqlite = db.$client;
  // The import's writes are not checked against the foreign keys: every id it puts in a join table
  // is one it has just found or written in the same transaction, and the check is a look-up of each
  // row's parents, 5–22% of the time spent storing (bench/README.md). The schema's references
  // have no actions to skip (no cascades). The setting is the connection's and cannot change
  // inside a transaction, so it is turned off before and back on after.
  const checksForeignKeys = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  if (checksForeignKeys) sqlite.pragma('foreign_keys = OFF');
  try {
    return await importInTransaction(db, source, options);
  } finally {
    if (checksForeignKeys) sqlite.pragma('foreign_keys = ON');
  }
}

async function importInTransaction(
  db: Db,
  source: AsyncIterable<ImportItem> | Iterable<ImportItem>,
  options: StreamImportOptions,
): Promise<StreamImportResult> {
  const summary = newSummary();
  const timings = { read: 0, prepare: 0, tag: 0, indexWhileWaiting: 0, store: 0, index: 0, reindex: 0, counts: 0, commit: 0 };
  const warmup = options.warmup ?? DEFAULT_WARMUP;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const strict = options.strict ?? false;
  const report = (phase: ImportPhase) => options.onProgress?.(summary, phase);

  const frequencies = new DocumentFrequencyTable({ maxEntries: MAX_FREQUENCY_ENTRIES });
  const tagger = createTopicTagger(options.taxonomy);
  const inference: Inference = { tagTopics: tagger, keywords: new KeywordModel(frequencies) };
  const tagging = new TaggingShare(options.mainThreadTagging);
  const sqlite = db.$client;
  // IMMEDIATE: take the write lock now, so a concurrent writer fails fast instead of mid-import.
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const writer = createCatalogueWriter(db);
    const taxonomy = syncTaxonomy(writer, options.taxonomy);
    const store = new PaperStore(writer, taxonomy.topicIds);
    writer.beginDeferredIndexing();
    const deferredIndexes: DeferredIndexes = options.bulk ? writer.deferIndexes() : { readByCounts: [], orderedByCounts: [] };
    if (options.bulk) writer.filterPaperLookups();

    // Once warm, each paper's terms are counted into the frequencies as it is read.
    const counting: Inference = { ...inference, countInto: frequencies };
    let pool: PreparePool | null = null;
    const inFlight: InFlightBatch[] = [];
    const maxInFlight = 2 * (options.workers ?? 0);

    const storeAll = (prepared: Prepared[]) => {
      const t = performance.now();
      for (const item of prepared) storeItem(item, store, summary, strict);
      timings.store += performance.now() - t;
      report('reading');
    };
    const drainOne = async () => {
      const batch = inFlight[0]!;
      tagging.observe(!batch.settled);
      // While the workers are behind, the main thread would only wait. It tags the topics it took
      // on first (work off the workers' hands), then indexes papers already stored for full-text
      // search (work it would otherwise do at the end, with the workers idle). A chunk at a time,
      // so that a batch that comes back is stored promptly.
      let t = performance.now();
      while (!batch.settled) {
        if (tagOwedTopics(inFlight, tagger, TAG_WHILE_WAITING)) timings.tag += performance.now() - t;
        else if (writer.indexDeferredPapers(INDEX_WHILE_WAITING)) timings.indexWhileWaiting += performance.now() - t;
        else break;
        await new Promise(setImmediate); // lets the workers' answers in
        t = performance.now();
      }
      const papers = await batch.result;
      timings.prepare += performance.now() - t; // time the main thread waited for the workers
      inFlight.shift();
      t = performance.now();
      if (tagOwedTopics([batch], tagger, Infinity)) timings.tag += performance.now() - t;
      storeAll(collectBatch(batch, papers, strict));
    };
    const run = async (items: ImportItem[], count: boolean) => {
      if (!pool) {
        for (const item of items) ingest(item, count ? counting : inference, store, summary, strict, timings);
        report('reading');
        return;
      }
      inFlight.push(sendBatch(pool, items, { tagTopics: !tagging.takeNext(), count }));
      while (inFlight.length > maxInFlight) await drainOne();
    };

    try {
      // Started now, the workers load while the first records are read.
      if (options.workers) pool = PreparePool.start(options.workers, options.taxonomy);
      let buffer: ImportItem[] = [];
      let warm = false;
      const warmUp = () => {
        for (const r of buffer) if (isPaperRecord(r)) frequencies.addTerms(documentTerms(r));
        warm = true;
        pool?.learnFrequencies(frequencies);
      };
      let readStart = performance.now();
      for await (const item of source) {
        timings.read += performance.now() - readStart;
        buffer.push(item);
        if (!warm && buffer.length >= warmup) {
          warmUp();
          // The warm-up records are already counted: extract without counting them again.
          for (let i = 0; i < buffer.length; i += batchSize) await run(buffer.slice(i, i + batchSize), false);
          buffer = [];
        } else if (warm && buffer.length >= batchSize) {
          await run(buffer, true);
          buffer = [];
        }
        readStart = performance.now();
      }
      timings.read += performance.now() - readStart;
      // What is left was counted by the warm-up if the input ended before it did.
      const countRest = warm;
      if (!warm) {
        // A worker (its start, its first and cold batch) cost a 6-record import 0.3 s more than
        // preparing it here (bench/README.md), and it may not have finished starting yet.
        if (pool && buffer.length < batchSize) {
          const unused: PreparePool = pool;
          pool = null;
          await unused.close();
        }
        warmUp();
      }
      await run(buffer, countRest);
      while (inFlight.length) await drainOne();
    } finally {
      // After a failure, batches still at the workers are abandoned: their outcome no longer matters.
      for (const abandoned of inFlight) abandoned.result.catch(() => {});
      await (pool as PreparePool | null)?.close();
    }

    report('indexing');
    let t = performance.now();
    writer.finishDeferredIndexing();
    timings.index = performance.now() - t;
    t = performance.now();
    writer.restoreIndexes(deferredIndexes.readByCounts);
    timings.reindex = performance.now() - t;

    report('counting');
    t = performance.now();
    finish(db, writer, summary, taxonomy.changed, deferredIndexes.orderedByCounts);
    timings.counts = performance.now() - t;

    report('committing');
    t = performance.now();
    sqlite.exec('COMMIT');
    timings.commit = performance.now() - t;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
  return { ...summary, timings };
}

/** A batch at the workers: its paper records' preparation, and whether it has come back. */
interface InFlightBatch {
  items: ImportItem[];
  papers: PaperRecord[];
  result: Promise<(PreparedPaper | RecordError)[]>;
  settled: boolean;
  /** Its papers' topics, in order, when the main thread tags them (as far as it has); else null. */
  topics: TopicAssignment[][] | null;
}

/** Sends a batch's paper records to the pool; without `tagTopics`, the main thread tags their topics. */
function sendBatch(pool: PreparePool, items: ImportItem[], options: BatchOptions): InFlightBatch {
  const papers = items.filter(isPaperRecord);
  const result = papers.length ? pool.prepare(papers, options) : Promise.resolve([]);
  const batch: InFlightBatch = { items, papers, result, settled: false, topics: options.tagTopics ? null : [] };
  const settle = () => {
    batch.settled = true;
  };
  result.then(settle, settle);
  return batch;
}

/** Tags up to `limit` papers of the first of `batches` whose topics the main thread owes; how many. */
function tagOwedTopics(batches: readonly InFlightBatch[], tagger: TopicTagger, limit: number): number {
  for (const { papers, topics } of batches) {
    if (!topics || topics.length === papers.length) continue;
    const from = topics.length;
    const to = Math.min(papers.length, from + limit);
    for (let i = from; i < to; i++) topics.push(tagger(paperText(papers[i]!)));
    return to - from;
  }
  return 0;
}

/** A batch back from the workers, with the topics tagged here, and everything else put back in its place. */
function collectBatch(batch: InFlightBatch, prepared: (PreparedPaper | RecordError)[], strict: boolean): Prepared[] {
  let next = 0;
  return batch.items.map((item) => {
    if (!isPaperRecord(item)) return item instanceof RecordError ? failOrKeep(item, strict) : item;
    const topics = batch.topics?.[next];
    const result = prepared[next++]!;
    if (result instanceof RecordError) return failOrKeep(result, strict);
    if (topics) result.topics = topics;
    return result;
  });
}

/**
 * How many of the batches sent to the workers have their topics tagged on the main thread instead.
 * The main thread reads, stores and indexes; the workers extract keywords and tag topics. Which
 * side is behind depends on the machine and on the catalogue's size (storing costs more as its
 * indexes outgrow the cache), so the share follows the load: it grows while the main thread
 * waits for the workers and shrinks while their answers are back before it asks. Tagging reads
 * nothing but the paper's text and the taxonomy, so the share changes who is busy, never what is
 * stored (keyword extraction, which counts document frequencies as it goes, stays with the
 * workers).
 */
class TaggingShare {
  private share: number;
  /** Accumulated share: a batch is tagged here each time it reaches 1. */
  private credit = 0;

  constructor(private readonly fixed?: number) {
    this.share = fixed ?? 0;
  }

  /** Whether the main thread tags the next batch's topics. */
  takeNext(): boolean {
    this.credit += this.share;
    if (this.credit < 1) return false;
    this.credit -= 1;
    return true;
  }

  /** After asking for a batch: whether it still had to wait for it. */
  observe(waited: boolean): void {
    if (this.fixed !== undefined) return;
    this.share = Math.min(1, Math.max(0, this.share + (waited ? SHARE_STEP : -SHARE_STEP)));
  }
}

/** A power of two, so the share and its credit stay exact. */
const SHARE_STEP = 1 / 16;

function isPaperRecord(item: ImportItem): item is PaperRecord {
  return !(item instanceof RecordError) && !isLinkRecord(item);
}

/** Tags every stored paper again with the given taxonomy: the way to re-apply an edited file. */
export function reapplyTaxonomy(db: Db, taxonomy: Taxonomy): { papers: number } {
  const tagTopics = createTopicTagger(taxonomy);
  let count = 0;
  db.transaction(() => {
    const writer = createCatalogueWriter(db);
    const { topicIds } = syncTaxonomy(writer, taxonomy);
    for (const paper of writer.allPaperTexts()) {
      writer.replaceInferredTopics(paper.id, toTopicRows(tagTopics(paper), topicIds));
      count++;
    }
    // A maintenance command: every count recounted, whatever may have drifted.
    writer.recountAll();
    writer.refreshCounts();
    recomputeAllRelatedPapers(db); // topics are half of what makes papers related
    writer.markAllPapersChanged(writer.nextVersion());
    writer.bumpVersion();
  });
  return { papers: count };
}
