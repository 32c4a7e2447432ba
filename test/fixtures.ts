/** Small catalogues for tests, loaded through the real importer. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/db/client.ts';
import { parseJsonLines } from '../src/ingest/formats/jsonl.ts';
import { importPapers, type ImportSummary } from '../src/ingest/importer.ts';
import type { PaperRecord } from '../src/ingest/record.ts';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../src/ingest/topic-tagger.ts';

export const FIXTURE_JSONL = fileURLToPath(new URL('./fixtures/papers.jsonl', import.meta.url));
export const taxonomy = loadTaxonomy(DEFAULT_TAXONOMY_PATH);

export function importJsonl(db: Db, text = readFileSync(FIXTURE_JSONL, 'utf8'), file = 'papers.jsonl'): ImportSummary {
  return importPapers(db, parseJsonLines(text, file), { taxonomy });
}

/** `n` distinct generated papers (dated, some with code), for tests that need more than the sample. */
export function generatedRecords(n: number): PaperRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `Generated study number ${i} of sparse kernel approximations`,
    abstract: `We analyse random feature approximations of kernel ridge regression in setting ${i}, with bounds on generalization error and experiments on benchmark ${i % 7}.`,
    arxivId: `2401.${String(10000 + i)}`,
    publishedAt: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
    authors: [`Author ${i % 13}`, `Author ${(i * 7) % 13}`],
    repositories: i % 3 === 0 ? [{ url: `https://github.com/lab${i % 5}/repo${i}`, source: 'jsonl' as const }] : [],
    position: { file: 'generated', index: i },
  }));
}
