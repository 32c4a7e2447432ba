/**
 * A worker thread that prepares records (prepare.ts) for an import running on the main thread:
 * the CPU-heavy half of importing (topic and keyword inference) runs here, in parallel with
 * parsing and database writes there.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DocumentFrequencyTable, KeywordModel } from './keywords.ts';
import { preparePaper, type Inference, type PreparedPaper } from './prepare.ts';
import { RecordError, type PaperRecord } from './record.ts';
import { createTopicTagger, parseTaxonomy } from './topic-tagger.ts';
import type { PrepareRequest, PrepareResponse, PrepareWorkerData, RecordFailure } from './prepare-pool.ts';

const data = workerData as PrepareWorkerData;
const frequencies = DocumentFrequencyTable.from(data.frequencies, data.documentCount, { maxEntries: data.maxFrequencyEntries });
const inference: Inference = {
  tagTopics: createTopicTagger(parseTaxonomy(data.taxonomy)),
  keywords: new KeywordModel(frequencies),
  countInto: frequencies,
};

parentPort!.on('message', ({ id, records }: PrepareRequest) => {
  const results: (PreparedPaper | RecordFailure)[] = records.map((record: PaperRecord) => {
    try {
      return preparePaper(record, inference);
    } catch (error) {
      if (error instanceof RecordError) return { failure: true, position: error.position, reason: error.reason };
      throw error;
    }
  });
  parentPort!.postMessage({ id, results } satisfies PrepareResponse);
});
