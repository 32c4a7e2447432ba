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
import type { FrequenciesMessage, PrepareRequest, PrepareResponse, PrepareWorkerData, RecordFailure } from './prepare-pool.ts';

const data = workerData as PrepareWorkerData;
// Compiled while the main thread reads the import's first records.
const tagTopics = createTopicTagger(parseTaxonomy(data.taxonomy));
let frequencies: DocumentFrequencyTable | null = null;
let keywords: KeywordModel | null = null;

parentPort!.on('message', (message: FrequenciesMessage | PrepareRequest) => {
  if (message.type === 'frequencies') {
    frequencies = DocumentFrequencyTable.from(message.frequencies, message.documentCount, { maxEntries: message.maxFrequencyEntries });
    keywords = new KeywordModel(frequencies);
    return;
  }
  const { id, records } = message;
  // The pool sends the frequencies first; messages arrive in order.
  const batchInference: Inference = {
    tagTopics: message.tagTopics ? tagTopics : null,
    keywords: keywords!,
    countInto: message.count ? frequencies! : undefined,
  };
  const results: (PreparedPaper | RecordFailure)[] = records.map((record: PaperRecord) => {
    try {
      return preparePaper(record, batchInference);
    } catch (error) {
      if (error instanceof RecordError) return { failure: true, position: error.position, reason: error.reason };
      throw error;
    }
  });
  parentPort!.postMessage({ id, results } satisfies PrepareResponse);
});
