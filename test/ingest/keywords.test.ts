import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PATH } from '../../src/catalogue.ts';
import { parseHfListing } from '../../src/ingest/formats/hf-listing.ts';
import {
  combineFrequencies,
  countDocumentFrequencies,
  createKeywordExtractor,
  documentTerms,
  DocumentFrequencyTable,
  KeywordModel,
  normaliseTerm,
  type ExtractedKeyword,
  type KeywordDocument,
} from '../../src/ingest/keywords.ts';
import { BOILERPLATE_PHRASES, GENERIC_WORDS, STOP_WORDS } from '../../src/ingest/stopwords.ts';

const papers: KeywordDocument[] = parseHfListing(readFileSync(SAMPLE_PATH, 'utf8'), 'sample.txt');
const extractor = createKeywordExtractor(papers);
const results = new Map(papers.map((p) => [p.title, extractor.extract(p)]));

function keywordsOf(titleStart: string): ExtractedKeyword[] {
  const matches = papers.filter((p) => p.title.startsWith(titleStart));
  expect(matches, `one sample paper titled "${titleStart}…"`).toHaveLength(1);
  return results.get(matches[0]!.title)!;
}
const keysOf = (titleStart: string) => keywordsOf(titleStart).map((k) => k.key);

/** Abstract-length filler in plain words, for edge cases that need a real abstract around them. */
const prose =
  'We study spectral graph partitioning for community detection in sparse random graphs. ' +
  'Spectral graph partitioning recovers planted communities when the signal exceeds a threshold, ' +
  'and we show that community detection with spectral graph partitioning remains accurate on real social networks.';

describe('keywords of the bundled sample', () => {
  it('gives every paper 5 to 10 keywords, heaviest first, weights in (0, 1] with the top at 1', () => {
    expect(papers).toHaveLength(47);
    for (const [title, keywords] of results) {
      expect(keywords.length, title).toBeGreaterThanOrEqual(5);
      expect(keywords.length, title).toBeLessThanOrEqual(10);
      expect(keywords[0]!.weight, title).toBe(1);
      for (const [i, k] of keywords.entries()) {
        expect(k.weight, `${title}: ${k.term}`).toBeGreaterThan(0);
        expect(k.weight, `${title}: ${k.term}`).toBeLessThanOrEqual(1);
        if (i > 0) expect(k.weight, `${title}: ${k.term}`).toBeLessThanOrEqual(keywords[i - 1]!.weight);
      }
    }
  });

  it('reports each keyword under its normaliseTerm key, once per paper', () => {
    for (const [title, keywords] of results) {
      for (const k of keywords) expect(normaliseTerm(k.term), `${title}: ${k.term}`).toBe(k.key);
      expect(new Set(keywords.map((k) => k.key)).size, title).toBe(keywords.length);
    }
  });

  it('never returns stop words, generic words, boilerplate, numbers or URLs', () => {
    const boilerplate = new Set(BOILERPLATE_PHRASES.map(normaliseTerm));
    for (const [title, keywords] of results) {
      for (const { term, key } of keywords) {
        const words = term.toLowerCase().split(' '); // "least-squares regression" starts with one word
        const where = `${title}: ${term}`;
        expect(boilerplate.has(key), where).toBe(false);
        expect(STOP_WORDS.has(words[0]!), where).toBe(false);
        expect(STOP_WORDS.has(words[words.length - 1]!), where).toBe(false);
        if (!term.includes(' ')) expect(GENERIC_WORDS.has(key), where).toBe(false);
        // Numbers never ("3C 454.3", "88.0%"); dimensions may modify a term ("2D image classification").
        expect(words.filter((w) => /^[\d.,%]+$|^\d/.test(w) && !/^[1-4]d$/.test(w)), where).toEqual([]);
        expect(term, where).not.toMatch(/https?|www\.|github|\.com/i);
        expect(term, where).not.toMatch(/[_^{}\\=<>|~$@()[\],;:!?]/);
      }
    }
  });

  it('keeps single words only for names and acronyms the text uses as terms', () => {
    for (const [title, keywords] of results) {
      for (const { term } of keywords.filter((k) => !/[\s-]/.test(k.term))) {
        // "LoRA", "NTK", "Mamba", "Hessian": a capital beyond or at the start of a name.
        expect(term, `${title}: ${term}`).toMatch(/\p{Lu}/u);
      }
    }
  });

  it('finds the terms each paper is about', () => {
    expect(keysOf('Neural Tangent Kernel')).toContain('neural tangent kernel');
    expect(keysOf('Scalable Neural Network Kernels')).toContain('scalable neural network kernel');
    expect(keysOf('Kernel Density Estimators')).toEqual(expect.arrayContaining(['kernel density estimator', 'kernel density estimation']));
    expect(keysOf('Matryoshka Representation Learning')).toContain('matryoshka representation learning');
    expect(keysOf('Mamba-FSCIL')).toEqual(expect.arrayContaining(['few shot class incremental learning', 'selective state space model']));
    expect(keysOf('A Bag of Tricks')).toEqual(expect.arrayContaining(['bag of trick', 'few shot class incremental learning']));
    expect(keysOf('AdANNS')).toContain('approximate nearest neighbor search');
    expect(keysOf('Simple Hardware-Efficient Long Convolutions')).toContain('state space model');
    expect(keysOf('Bayesian Algorithms for Kronecker')).toContain('sparse bayesian learning');
    expect(keysOf('Generative Kernel Continual')).toEqual(expect.arrayContaining(['kernel continual learning', 'continual learning']));
    for (const lora of ['Computational Limits of Low-Rank', 'Hydra', 'LoLDU']) {
      expect(keysOf(lora), lora).toContain('low rank adaptation');
    }
  });

  it('keeps names and acronyms in their own case, everything else in lower case', () => {
    const terms = (t: string) => keywordsOf(t).map((k) => k.term);
    expect(terms('HRVMamba')).toEqual(expect.arrayContaining(['HRVMamba', 'Mamba']));
    expect(terms('Hydra')).toContain('Hydra');
    expect(terms('Lie Group Decompositions')).toContain('Lie groups');
    expect(terms('Constrained Optimization via Exact Augmented Lagrangian')).toContain('augmented Lagrangian');
    expect(terms('Matryoshka Representation Learning')).toContain('matryoshka representation learning');
    expect(terms('Neural Tangent Kernel')).toContain('neural tangent kernel');
  });

  it('prefers an expansion to its acronym, and counts the acronym for it', () => {
    // "Low-Rank Adaptation (LoRA)", then "LoRA" eight more times.
    const limits = keywordsOf('Computational Limits of Low-Rank');
    expect(limits[0]!.key).toBe('low rank adaptation');
    expect(limits.map((k) => k.key)).not.toContain('lora');
    // "…neural tangent kernel (NTK)": no separate "NTK".
    expect(keysOf('Neural Tangent Kernel')).not.toContain('ntk');
    // "Hydra": "Low-rank adaptation methods, such as LoRA" has no parentheses; initials still match.
    expect(keysOf('Hydra')).not.toContain('lora');
  });

  it('drops a phrase nested in a chosen one unless the paper also uses it alone', () => {
    const ntk = keysOf('Neural Tangent Kernel');
    expect(ntk).not.toContain('tangent kernel');
    expect(ntk).not.toContain('neural tangent');
    expect(keysOf('Scalable Neural Network Kernels')).not.toContain('neural network kernel');
    expect(keysOf('NeuRBF')).not.toContain('adaptive radial basis'); // inside "adaptive radial basis functions"
  });

  it('is deterministic: the same corpus in any order gives the same keywords', () => {
    const reversed = createKeywordExtractor([...papers].reverse());
    for (const paper of papers) {
      expect(extractor.extract(paper)).toEqual(results.get(paper.title));
      expect(reversed.extract(paper)).toEqual(results.get(paper.title));
    }
  });

  it('keeps its word cache correct as it grows, and after it is emptied at its limit', () => {
    // About 3,000 new words a paper (the text is cut at 20,000 characters), 250,000 in all: the
    // cache grows several times and passes its limit of 200,000 words, so it is emptied once.
    let next = 0;
    const noise = () => Array.from({ length: 3_000 }, () => `q${(next++).toString(36)}z`).join(' ');
    for (let i = 0; i < 84; i++) extractor.extract({ title: 'Noise', abstract: noise() });
    for (const paper of papers) expect(extractor.extract(paper)).toEqual(results.get(paper.title));
  });

  it('extracts a paper in well under a millisecond', () => {
    for (const paper of papers) extractor.extract(paper); // warm up
    const start = performance.now();
    const rounds = 5;
    for (let r = 0; r < rounds; r++) for (const paper of papers) extractor.extract(paper);
    const perPaper = (performance.now() - start) / (rounds * papers.length);
    // Measured at about 0.13 ms; the bound only catches a gross regression on a loaded machine.
    expect(perPaper).toBeLessThan(2);
  });
});

describe('extract on unusual text', () => {
  const model = createKeywordExtractor(papers);

  it('returns nothing for an empty paper, and title keywords for a paper without abstract', () => {
    expect(model.extract({ title: '', abstract: '' })).toEqual([]);
    const titleOnly = model.extract({ title: 'Low-Rank Adaptation of Large Language Models', abstract: '' });
    expect(titleOnly.map((k) => k.key)).toContain('low rank adaptation');
    expect(titleOnly.length).toBeLessThanOrEqual(10);
  });

  it('finds no keywords in an abstract of symbols and LaTeX', () => {
    const latex =
      'hat rho_h^{D}(x)=1{n h^d}sum_{i=1}^n Kleft(x-y_i{h}right) \\mathcal{O}(d^k) $\\alpha = 0.5$ ' +
      '{D}(x)=1{n h^d} 10.1\\% W^star, alpha=(log n)/d ~ 3.03% + 4.16 = 7.19 (i) (ii) [1] [2].';
    expect(model.extract({ title: '', abstract: latex })).toEqual([]);
  });

  it('never turns URLs, e-mail addresses or DOIs into keywords', () => {
    const doc = {
      title: 'Spectral Graph Partitioning',
      abstract:
        `${prose} Code is at https://github.com/graph-lab/spectral-partitioning and www.graphlab.example.org/code, ` +
        'data at graphlab.io/datasets, doi 10.1234/graph.partition.5678; write to partition-team@graphlab.org.',
    };
    const keywords = model.extract(doc);
    expect(keywords.map((k) => k.key)).toContain('spectral graph partitioning');
    for (const { term } of keywords) expect(term).not.toMatch(/github|https|www|graphlab|\.io|\.org|doi|team/i);
  });

  it('handles a very long text quickly and still returns at most 10 keywords', () => {
    const abstract = papers.map((p) => p.abstract).join(' ').repeat(10); // ~700 KB
    const start = performance.now();
    const keywords = model.extract({ title: 'A Survey', abstract });
    expect(performance.now() - start).toBeLessThan(2000);
    expect(keywords.length).toBeGreaterThanOrEqual(5);
    expect(keywords.length).toBeLessThanOrEqual(10);
  });

  it('treats accents, dashes and possessives as the same words', () => {
    const doc = {
      title: 'Erdős–Rényi Graphs',
      abstract: `${prose} We analyse Erdős–Rényi graphs and Erdős-Rényi graph's spectra in the Erdős–Rényi graph model.`,
    };
    const keywords = model.extract(doc);
    const er = keywords.find((k) => k.key === 'erdos renyi graph');
    expect(er?.term).toMatch(/^Erdős-Rényi graphs?$/);
  });

  it('extracts from a paper outside the corpus the model was built from', () => {
    const keywords = model.extract({ title: 'Spectral Graph Partitioning for Community Detection', abstract: prose });
    expect(keywords.map((k) => k.key)).toEqual(expect.arrayContaining(['spectral graph partitioning', 'community detection']));
  });
});

describe('normaliseTerm', () => {
  it('folds case, plurals, spacing and hyphens', () => {
    expect(normaliseTerm('Neural Tangent Kernels')).toBe('neural tangent kernel');
    expect(normaliseTerm('  Low-Rank   Adaptation ')).toBe('low rank adaptation');
    expect(normaliseTerm('low rank adaptation')).toBe('low rank adaptation');
    expect(normaliseTerm('Gaussian processes')).toBe('gaussian process');
    expect(normaliseTerm('batch sizes')).toBe('batch size');
    expect(normaliseTerm('adaptive batch size strategies')).toBe('adaptive batch size strategy');
    expect(normaliseTerm('equivalence classes')).toBe('equivalence class');
    expect(normaliseTerm('partial products')).toBe('partial product');
    expect(normaliseTerm('approaches')).toBe('approach');
  });

  it('folds acronym plurals and keeps acronyms distinct from words', () => {
    expect(normaliseTerm('SNNKs')).toBe('snnk');
    expect(normaliseTerm('LLMs')).toBe('llm');
    expect(normaliseTerm('GPUs')).toBe('gpu');
    expect(normaliseTerm('ViTs')).toBe('vit');
    expect(normaliseTerm('LoRA')).toBe('lora');
    expect(normaliseTerm("Mamba's")).toBe('mamba');
  });

  it('knows irregular and Latin plurals, and words that only look plural', () => {
    expect(normaliseTerm('sparse matrices')).toBe('sparse matrix');
    expect(normaliseTerm('analyses')).toBe('analysis');
    expect(normaliseTerm('hypotheses')).toBe('hypothesis');
    expect(normaliseTerm('radial bases')).toBe('radial basis');
    expect(normaliseTerm('criteria')).toBe('criterion');
    expect(normaliseTerm('time series')).toBe('time series');
    expect(normaliseTerm('extreme value statistics')).toBe('extreme value statistics');
    expect(normaliseTerm('inductive bias')).toBe('inductive bias');
    expect(normaliseTerm('inductive biases')).toBe('inductive bias');
    expect(normaliseTerm('user-configurable caches')).toBe('user configurable cache');
    expect(normaliseTerm('corpus')).toBe('corpus');
    expect(normaliseTerm('continuous')).toBe('continuous');
  });

  it('folds British spellings and accents', () => {
    expect(normaliseTerm('generalisation error')).toBe('generalization error');
    expect(normaliseTerm('Regularisation')).toBe('regularization');
    expect(normaliseTerm('optimisers')).toBe('optimizer');
    expect(normaliseTerm('sequence modelling')).toBe('sequence modeling');
    expect(normaliseTerm('Erdős–Rényi')).toBe('erdos renyi');
  });

  it('is idempotent', () => {
    for (const keywords of results.values()) for (const { key } of keywords) expect(normaliseTerm(key)).toBe(key);
  });
});

describe('document frequencies', () => {
  const table = new DocumentFrequencyTable();
  for (const paper of papers) table.addDocument(paper);

  it('counts each candidate key once per document', () => {
    expect(table.documentCount).toBe(47);
    const terms = documentTerms(papers[0]!);
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms).toContain('scalable neural network kernel');
    expect(table.documentFrequency('scalable neural network kernel')).toBe(1);
    expect(table.documentFrequency('low rank adaptation')).toBeGreaterThanOrEqual(3);
    expect(table.documentFrequency('no such phrase')).toBe(0);
  });

  it('gives the same keywords from a background table as from the batch itself', () => {
    const fromBackground = createKeywordExtractor([], { background: table });
    for (const paper of papers) expect(fromBackground.extract(paper)).toEqual(results.get(paper.title));
  });

  it('round-trips through entries(), as a database table would hold it', () => {
    const restored = DocumentFrequencyTable.from([...table.entries()], table.documentCount);
    expect(restored.size).toBe(table.size);
    expect(new KeywordModel(restored).extract(papers[5]!)).toEqual(results.get(papers[5]!.title));
  });

  it('merges tables counted separately, as parallel workers would', () => {
    const first = new DocumentFrequencyTable();
    const second = new DocumentFrequencyTable();
    papers.forEach((p, i) => (i % 2 ? first : second).addDocument(p));
    const merged = first.merge(second);
    expect(merged.documentCount).toBe(47);
    expect([...merged.entries()].sort()).toEqual([...table.entries()].sort());
  });

  it('counts a stream of chunks, sync or async', async () => {
    async function* chunks() {
      for (let i = 0; i < papers.length; i += 10) yield* papers.slice(i, i + 10);
    }
    const streamed = await countDocumentFrequencies(chunks());
    expect([...streamed.entries()].sort()).toEqual([...table.entries()].sort());
    const more = await countDocumentFrequencies(papers.slice(0, 3), streamed);
    expect(more.documentCount).toBe(50);
  });

  it('adds sources together', () => {
    const half = DocumentFrequencyTable.from([['kernel method', 2]], 10);
    const combined = combineFrequencies(table, half);
    expect(combined.documentCount).toBe(57);
    expect(combined.documentFrequency('kernel method')).toBe(table.documentFrequency('kernel method') + 2);
  });

  it('stays within maxEntries by dropping the rarest keys', () => {
    const bounded = new DocumentFrequencyTable({ maxEntries: 500 });
    for (const paper of papers) bounded.addDocument(paper);
    expect(bounded.size).toBeLessThanOrEqual(500);
    expect(bounded.floor).toBeGreaterThanOrEqual(1);
    // Frequent keys survive with their counts, at most `floor` short.
    const lora = table.documentFrequency('low rank adaptation');
    expect(bounded.documentFrequency('low rank adaptation')).toBeGreaterThanOrEqual(lora - bounded.floor);
  });

  it('prunes keys below a count', () => {
    const copy = DocumentFrequencyTable.from([...table.entries()], table.documentCount);
    const dropped = copy.prune(2);
    expect(dropped).toBeGreaterThan(0);
    for (const [, count] of copy.entries()) expect(count).toBeGreaterThanOrEqual(2);
    expect(copy.floor).toBe(1);
  });

  it('counts while extracting, for a single-pass bulk import', () => {
    const running = new DocumentFrequencyTable();
    const model = new KeywordModel(running);
    for (const paper of papers) expect(model.extract(paper, running).length).toBeGreaterThan(0);
    expect([...running.entries()].sort()).toEqual([...table.entries()].sort());
    // Once every paper has been seen, the single-pass model agrees with the batch one.
    expect(model.extract(papers[0]!)).toEqual(results.get(papers[0]!.title));
  });
});

describe('stop words', () => {
  it('hold English function words, reporting verbs and boilerplate in every form', () => {
    for (const word of ['the', 'of', 'we', 'propose', 'proposed', 'proposes', 'demonstrate', 'demonstrating', 'state-of-the-art', 'novel', 'paper', 'github']) {
      expect(STOP_WORDS.has(word), word).toBe(true);
    }
  });

  it('leave alone the words technical terms are made of', () => {
    for (const word of ['learning', 'training', 'learned', 'kernel', 'network', 'sampling', 'group', 'support', 'transform', 'search', 'rotated', 'generalized']) {
      expect(STOP_WORDS.has(word), word).toBe(false);
    }
  });

  it('never list a word as both stop word and generic word', () => {
    for (const word of GENERIC_WORDS) expect(STOP_WORDS.has(word), word).toBe(false);
  });
});

describe('one key written with different numbers of tokens', () => {
  it('counts "base-class" with "base classes" and does not fail at the end of the text', () => {
    for (const abstract of ['base classes, base-class', 'base-class and base classes', 'We study base classes and base-class shifts; base-class']) {
      const doc = { title: '', abstract };
      expect(() => createKeywordExtractor([doc]).extract(doc)).not.toThrow();
    }
  });
});
