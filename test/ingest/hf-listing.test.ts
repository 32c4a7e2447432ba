import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PATH } from '../../src/catalogue.ts';
import { parseHfListing } from '../../src/ingest/formats/hf-listing.ts';
import { RecordError } from '../../src/ingest/record.ts';

const sample = readFileSync(SAMPLE_PATH, 'utf8');
// Abstracts are prose paragraphs, longer than any title.
const abstract =
  'We study a problem of some interest and show that a simple method solves it well in practice and in theory. ' +
  'Our analysis covers the regimes that matter in applications, and experiments on three benchmarks confirm the predictions. ' +
  'We release code and data so that others can build on the results, and discuss the limits of the approach.';

function parseError(text: string): RecordError {
  try {
    parseHfListing(text, 'x.txt');
  } catch (error) {
    if (error instanceof RecordError) return error;
    throw error;
  }
  throw new Error('expected a RecordError');
}

describe('parseHfListing on the bundled sample', () => {
  const papers = parseHfListing(sample, 'sample.txt');

  it('finds all 47 papers, pairing each title with its abstract', () => {
    expect(papers).toHaveLength(47);
    expect(papers[0]!.title).toBe('Scalable Neural Network Kernels');
    expect(papers[0]!.abstract).toMatch(/^We introduce the concept of scalable neural network kernels/);
    expect(papers.at(-1)!.title).toBe('LoLDU: Low-Rank Adaptation via Lower-Diag-Upper Decomposition for Parameter-Efficient Fine-Tuning');
    expect(papers.at(-1)!.abstract).toMatch(/^The rapid growth of model scale/);
  });

  it('skips the page header lines', () => {
    const titles = papers.map((p) => p.title);
    for (const chrome of ['new', 'Subscribe', 'Get trending papers in your email inbox!', 'Mar 12', 'byAK and the research community']) {
      expect(titles).not.toContain(chrome);
    }
  });

  it('records the line of each title', () => {
    expect(papers[0]!.position).toEqual({ file: 'sample.txt', line: 11 });
    const lines = sample.split('\n');
    for (const paper of papers) expect(lines[paper.position.line! - 1]).toBe(paper.title);
  });

  it('gives every paper a distinct title and a real abstract', () => {
    expect(new Set(papers.map((p) => p.title)).size).toBe(47);
    for (const paper of papers) expect(paper.abstract.split(' ').length).toBeGreaterThan(50);
  });
});

describe('parseHfListing edge cases', () => {
  it('accepts CRLF line endings, a BOM and no header', () => {
    const papers = parseHfListing(`\uFEFFA Title\r\n\r\n${abstract}\r\n`, 'x.txt');
    expect(papers).toEqual([{ title: 'A Title', abstract, position: { file: 'x.txt', line: 1 } }]);
  });

  it('joins an abstract wrapped over several lines', () => {
    const [paper] = parseHfListing(`T\n\n${abstract}\nsecond line of it.\n`);
    expect(paper!.abstract).toBe(`${abstract} second line of it.`);
  });

  it('names the line of a title that has no abstract', () => {
    const error = parseError(`One\n\n${abstract}\n\nTwo\n`);
    expect(error.position.line).toBe(5);
    expect(error.message).toMatch(/x\.txt:5: title "Two" has no abstract/);
  });

  it('names the line where a title is missing between two abstracts', () => {
    const error = parseError(`One\n\n${abstract}\n\n${abstract}\n\nThree\n\n${abstract}\n`);
    expect(error.position.line).toBe(5);
    expect(error.reason).toMatch(/expected a title/);
  });

  it('names the line where an abstract is missing between two titles', () => {
    const error = parseError(`One\n\n${abstract}\n\nTwo\n\nThree\n\n${abstract}\n`);
    expect(error.position.line).toBe(7);
    expect(error.reason).toMatch(/expected the abstract of "Two"/);
  });

  it('rejects a file with no papers', () => {
    expect(parseError('').reason).toMatch(/no papers found/);
    expect(parseError('just\n\nsome\n\nshort lines\n').reason).toMatch(/no papers found/);
  });
});
