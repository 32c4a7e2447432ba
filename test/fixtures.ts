/** Small catalogues for tests, loaded through the real importer. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from '../bench/generate-pwc.ts';
import { readFormat } from '../src/ingest/formats/index.ts';
import type { Db } from '../src/db/client.ts';
import { parseJsonLines } from '../src/ingest/formats/jsonl.ts';
import { importPapers, importStream, type ImportSummary } from '../src/ingest/importer.ts';
import type { ImportItem, PaperRecord } from '../src/ingest/record.ts';
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

/** The records of `papers` papers of the benchmark's synthetic Papers with Code corpus, its links after them. */
export async function generatedPwcItems(papers: number): Promise<ImportItem[]> {
  const dir = mkdtempSync(join(tmpdir(), 'generated-pwc-'));
  await writeCorpus(dir, { papers });
  const items: ImportItem[] = [];
  for await (const item of readFormat('pwc', [join(dir, 'papers-with-abstracts.json'), join(dir, 'links-between-papers-and-code.json')])) items.push(item);
  return items;
}

/** Imports `papers` papers of the benchmark's synthetic Papers with Code corpus (dated, with frameworks and shared repositories). */
export async function importGeneratedPwc(db: Db, papers: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'generated-pwc-'));
  await writeCorpus(dir, { papers });
  await importStream(db, readFormat('pwc', [join(dir, 'papers-with-abstracts.json'), join(dir, 'links-between-papers-and-code.json')]), { taxonomy });
}
