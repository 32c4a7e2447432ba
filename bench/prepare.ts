/**
 * `npm run bench:prepare -- [--papers 20000] [--passes 5]`: CPU per paper of `preparePaper` (the
 * validation, topic tagging and keyword extraction the import runs in its worker), warm, in one
 * thread, on the generated Papers with Code corpus, with document frequencies learnt from the
 * first 5,000 papers. Also prints a SHA-256 over every prepared record: a change meant to be
 * faster only must leave it as it was.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { readFormat } from '../src/ingest/formats/index.ts';
import { DocumentFrequencyTable, KeywordModel, documentTerms } from '../src/ingest/keywords.ts';
import { preparePaper } from '../src/ingest/prepare.ts';
import { createTopicTagger, DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../src/ingest/topic-tagger.ts';
import type { PaperRecord } from '../src/ingest/record.ts';
import { corpusFiles } from './api-corpus.ts';

const { values } = parseArgs({ options: { papers: { type: 'string', default: '20000' }, passes: { type: 'string', default: '5' } } });
const records: PaperRecord[] = [];
for await (const item of readFormat('pwc', await corpusFiles(Number(values.papers), 1))) if ('title' in item) records.push(item as PaperRecord);
const df = new DocumentFrequencyTable();
for (const r of records.slice(0, 5000)) df.addTerms(documentTerms(r));
const inference = { tagTopics: createTopicTagger(loadTaxonomy(DEFAULT_TAXONOMY_PATH)), keywords: new KeywordModel(df) };
const h = createHash('sha256');
for (const r of records) h.update(JSON.stringify(preparePaper(r, inference)));
console.log(`prepared records digest: ${h.digest('hex')}`);
const times: number[] = [];
for (let p = 0; p < Number(values.passes); p++) {
  const started = process.cpuUsage();
  for (const r of records) preparePaper(r, inference);
  const used = process.cpuUsage(started);
  times.push((used.user + used.system) / records.length);
}
times.sort((a, b) => a - b);
console.log(`${records.length.toLocaleString('en')} papers, ${times.length} passes: ${times[times.length >> 1]!.toFixed(1)} µs of CPU a paper (median)`);
