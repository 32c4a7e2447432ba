/**
 * `npx tsx src/cli/show-keywords.ts [FILE]` — prints the keywords extracted for every paper of a
 * Hugging Face listing (default: the bundled sample), for a person to judge their quality, and how
 * long extraction took per paper.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHfListing } from '../ingest/formats/hf-listing.ts';
import { createKeywordExtractor } from '../ingest/keywords.ts';
import { RecordError } from '../ingest/record.ts';
import { runCli, UsageError } from './run.ts';

const SAMPLE = fileURLToPath(new URL('../../seed/hf-papers-listing.txt', import.meta.url));

runCli(() => {
  const args = process.argv.slice(2);
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) throw new UsageError('usage: npx tsx src/cli/show-keywords.ts [FILE]');
  const file = args[0] ?? SAMPLE;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const papers = parseHfListing(text, file).filter((r) => !(r instanceof RecordError));

  const t0 = performance.now();
  const extractor = createKeywordExtractor(papers);
  const t1 = performance.now();
  const results = papers.map((paper) => extractor.extract(paper));
  const t2 = performance.now();
  // Steady state, as in a long import: the JIT has compiled the code and the word cache is warm.
  const rounds = 30;
  for (let r = 0; r < rounds; r++) for (const paper of papers) extractor.extract(paper);
  const t3 = performance.now();
  for (let r = 0; r < rounds; r++) for (const paper of papers) extractor.extract(paper);
  const t4 = performance.now();

  papers.forEach((paper, i) => {
    console.log(`${i + 1}. ${paper.title}`);
    for (const k of results[i]!) console.log(`     ${k.weight.toFixed(2)}  ${k.term}`);
    console.log();
  });
  const µs = (ms: number, n: number) => `${((ms / Math.max(n, 1)) * 1000).toFixed(0)} µs/paper`;
  console.log(`${papers.length} papers. Document frequencies: ${µs(t1 - t0, papers.length)} (cold).`);
  console.log(`Extraction: ${µs(t2 - t1, papers.length)} on the first pass (cold), ${µs(t4 - t3, rounds * papers.length)} after warm-up.`);
});
