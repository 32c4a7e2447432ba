/**
 * A pool of worker threads that prepare records (validation and inference, prepare.ts) while the
 * main thread reads input and writes the database. Batches go to the workers in turn and come
 * back in the order they were sent, so papers are stored in input order.
 *
 * Workers start when the import does and load their code and the taxonomy while the main thread
 * reads the import's first records; from those it learns keyword document frequencies, which it
 * then hands to every worker (`learnFrequencies`) before the first batch. Each worker keeps
 * counting the papers it sees after those (one worker thus extracts exactly what the main thread
 * would); workers do not share counts, which only matters for phrases rare enough that their
 * count is noise anyway.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MAX_FREQUENCY_ENTRIES, type DocumentFrequencyTable } from './keywords.ts';
import type { PreparedPaper } from './prepare.ts';
import { RecordError, type PaperRecord, type RecordPosition } from './record.ts';
import type { Taxonomy } from './topic-tagger.ts';

export interface PrepareWorkerData {
  taxonomy: Taxonomy;
}

/** The first message to a worker: the document frequencies its keyword extraction starts from. */
export interface FrequenciesMessage {
  type: 'frequencies';
  frequencies: [string, number][];
  documentCount: number;
  maxFrequencyEntries: number;
}

export interface PrepareRequest {
  type: 'prepare';
  id: number;
  records: PaperRecord[];
  /** False when the main thread tags this batch's topics itself (importer.ts). */
  tagTopics: boolean;
  /** Whether to count the papers' terms into the worker's document frequencies (not when they already are). */
  count: boolean;
}

/** How a batch is prepared: see `PrepareRequest`. */
export type BatchOptions = Pick<PrepareRequest, 'tagTopics' | 'count'>;

/** A RecordError as it crosses a thread boundary (class instances arrive as plain objects). */
export interface RecordFailure {
  failure: true;
  position: RecordPosition;
  reason: string;
}

export interface PrepareResponse {
  id: number;
  results: (PreparedPaper | RecordFailure)[];
}

/** One worker per core but the one the main thread needs for parsing and writing. */
export const DEFAULT_WORKERS = Math.max(1, availableParallelism() - 1);


/**
 * A worker's heap stays small (a batch of papers, its frequency table) but V8 lets garbage pile up
 * to its default limit before collecting; a modest limit keeps the import's peak memory modest.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 256 };

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./prepare-worker.ts', import.meta.url).href;

interface Pending {
  resolve: (results: (PreparedPaper | RecordError)[]) => void;
  reject: (error: Error) => void;
}

export class PreparePool {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', ({ id, results }: PrepareResponse) => {
        const entry = this.pending.get(id);
        this.pending.delete(id);
        entry?.resolve(results.map((r) => ('failure' in r ? new RecordError(r.position, r.reason) : r)));
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a preparing worker stopped with exit code ${code}`));
      });
    }
  }

  /** Starts `size` workers; they prepare nothing until `learnFrequencies`. */
  static start(size: number, taxonomy: Taxonomy): PreparePool {
    const data: PrepareWorkerData = { taxonomy };
    return new PreparePool(
      Array.from({ length: size }, () => new Worker(BOOT, { workerData: { ...data, entry: ENTRY }, resourceLimits: WORKER_LIMITS })),
    );
  }

  /** Gives every worker the document frequencies to extract keywords with; once, before any batch. */
  learnFrequencies(frequencies: DocumentFrequencyTable): void {
    const message: FrequenciesMessage = {
      type: 'frequencies',
      frequencies: [...frequencies.entries()],
      documentCount: frequencies.documentCount,
      maxFrequencyEntries: MAX_FREQUENCY_ENTRIES,
    };
    for (const worker of this.workers) worker.postMessage(message);
  }

  /** Prepares a batch on the next worker in turn; without `tagTopics`, its papers come back with no topics. */
  prepare(records: PaperRecord[], { tagTopics, count }: BatchOptions): Promise<(PreparedPaper | RecordError)[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'prepare', id, records, tagTopics, count } satisfies PrepareRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(error: Error) {
    this.failure ??= error;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}
