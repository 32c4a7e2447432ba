/**
 * Deterministic generator of synthetic Papers with Code dumps, for import and query benchmarks.
 *
 *   npx tsx bench/generate-pwc.ts --papers N --out DIR [--seed S] [--gzip] [--code-share 0.3] [--workers N]
 *
 * writes DIR/papers-with-abstracts.json and DIR/links-between-papers-and-code.json (`.json.gz` with
 * --gzip): top-level JSON arrays of the records of /work/shared/design/IMPORT-FORMATS.md §2.1 and
 * §2.2, laid out as Python's json.dump writes them.
 *
 * Design:
 * - Every paper's random draws come from PRNG streams keyed by (seed, paper index, stream), so any
 *   part of a paper can be replayed without the rest: the links pass re-derives each paper's
 *   identity (title, ids, URLs) and code links, and never builds an abstract. Nothing is kept per
 *   paper but a 12-byte slug fingerprint (to keep `paper_url` unique), so N can be millions.
 * - Nothing depends on N: the first K papers of any corpus are the K-paper corpus (same seed and
 *   codeShare), so benchmarks at different scales see the same data, and small tests represent
 *   big runs. Populations (authors, repositories) are fixed-size Zipf distributions.
 * - Abstracts mix sentences of an order-2 word Markov chain, trained on the bundled sample's 47
 *   abstracts, with topic phrase banks (bench/pwc-vocabulary.ts) for the TOPICS.md themes and for
 *   areas outside the taxonomy, plus precision traps, so topic tagging and keyword extraction do
 *   real work. Titles come from templates over the same banks and an order-1 chain over titles.
 * - writeCorpus streams with backpressure and, for big corpora, spreads papers over worker
 *   threads; the bytes are the same whatever the thread count (see "Worker threads").
 */
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, type MessagePort } from 'node:worker_threads';
import { createGzip } from 'node:zlib';
import { parseHfListing } from '../src/ingest/formats/hf-listing.ts';
import {
  AREAS,
  CODE_ORGS,
  CONTRIBUTION_ADJECTIVES,
  LAB_SUFFIXES,
  NAME_CULTURES,
  NAME_PREFIXES,
  NAME_SUFFIXES,
  POPULAR_REPOS,
  POPULAR_TASKS,
  PROJECT_WORDS,
  TASK_MODIFIERS,
  TEMPLATES,
  SUBJECT_MODIFIERS,
  THEME_CUES,
  TITLE_ADJECTIVES,
  TITLE_DATA,
  TITLE_PROPERTIES,
  TITLE_TEMPLATES,
  TITLE_TEMPLATES_FIXED_OPENING,
  TITLE_VERBS,
  UNIVERSITY_ACRONYMS,
  VENUES,
  type Area,
  type Framework,
  type NameCulture,
  type SentenceTemplate,
} from './pwc-vocabulary.ts';

// ---- Public API ---------------------------------------------------------------------------------

export interface CorpusOptions {
  /** Number of papers (rows of the papers dump). */
  papers: number;
  /** PRNG seed; any integer, taken modulo 2^32. Default 1. */
  seed?: number;
  /** Share of papers with at least one code link, 0..1. Default 0.3. */
  codeShare?: number;
}

/** A record of `papers-with-abstracts.json`, keys in the dump's order (IMPORT-FORMATS.md §2.1). */
export interface PwcPaper {
  paper_url: string;
  arxiv_id: string | null;
  title: string;
  abstract: string;
  url_abs: string;
  url_pdf: string;
  proceeding: string | null;
  authors: string[];
  tasks: string[];
  /** `YYYY-MM-DD`. */
  date: string;
  /** Always empty: the corpus does not model PwC's method taxonomy. */
  methods: never[];
}

export type PwcFramework = Framework;

/** A record of `links-between-papers-and-code.json`, keys in the dump's order (§2.2). */
export interface PwcLink {
  paper_url: string;
  paper_title: string;
  paper_arxiv_id: string | null;
  paper_url_abs: string;
  paper_url_pdf: string;
  repo_url: string;
  is_official: boolean;
  mentioned_in_paper: boolean;
  mentioned_in_github: boolean;
  framework: PwcFramework;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_CODE_SHARE = 0.3;
export const PAPERS_FILE = 'papers-with-abstracts';
export const LINKS_FILE = 'links-between-papers-and-code';

/** Abstract length bounds, in whitespace-separated words. */
export const ABSTRACT_WORDS = { min: 120, max: 250 } as const;
/** Title length bounds, in words. */
export const TITLE_WORDS = { min: 6, max: 15 } as const;
/** First and last month of paper dates: the PwC archive snapshot is of 2025-07-28. */
export const DATE_RANGE = { from: '2012-01', to: '2025-07' } as const;

/** The papers dump, one record per paper, in paper order. */
export function* generatePapers(options: CorpusOptions): Generator<PwcPaper> {
  yield* paperRecords(resolveOptions(options), getModel());
}

/** Paper records; with `owns`, only those papers (see paperIdentities). */
function* paperRecords(o: ResolvedOptions, model: Model, owns?: (index: number) => boolean): Generator<PwcPaper> {
  const contentRng = new Rng();
  const codeRng = new Rng();
  const composer = new AbstractComposer(model, getFillerPools(o.seed, model));
  for (const paper of paperIdentities(o, model, owns)) {
    const links = drawCodeLinks(paper, o.codeShare, codeRng.reset(o.seed, paper.index, Stream.Code), model);
    const official = links.find((l) => l.isOfficial && l.mentionedInPaper);
    const rng = contentRng.reset(o.seed, paper.index, Stream.Content);
    // Tasks before the abstract: the abstract's draws vary with its code sentence (and so with
    // codeShare); nothing else in the record should.
    const tasks = drawTasks(paper.primary, rng, model);
    yield {
      paper_url: paper.paperUrl,
      arxiv_id: paper.arxivId,
      title: paper.title,
      abstract: composer.compose(paper, official?.repoUrl ?? null, rng),
      url_abs: paper.urlAbs,
      url_pdf: paper.urlPdf,
      proceeding: paper.proceeding,
      authors: paper.authors,
      tasks,
      date: paper.date,
      methods: [],
    };
  }
}

/**
 * The links dump: one record per (paper, repository), in paper order. A separate pass that
 * replays each paper's identity from the seed instead of keeping the papers around.
 */
export function* generateLinks(options: CorpusOptions): Generator<PwcLink> {
  const o = resolveOptions(options);
  const model = getModel();
  const codeRng = new Rng();
  for (const paper of paperIdentities(o, model)) {
    for (const link of drawCodeLinks(paper, o.codeShare, codeRng.reset(o.seed, paper.index, Stream.Code), model)) {
      yield {
        paper_url: paper.paperUrl,
        paper_title: paper.title,
        paper_arxiv_id: paper.arxivId,
        paper_url_abs: paper.urlAbs,
        paper_url_pdf: paper.urlPdf,
        repo_url: link.repoUrl,
        is_official: link.isOfficial,
        mentioned_in_paper: link.mentionedInPaper,
        mentioned_in_github: link.mentionedInGithub,
        framework: link.framework,
      };
    }
  }
}

export interface CorpusFiles {
  papersFile: string;
  linksFile: string;
  /** Bytes on disk of both files together (compressed sizes with gzip). */
  bytes: number;
}

export interface WriteOptions {
  /** Write `.json.gz` files. */
  gzip?: boolean;
  /**
   * Threads generating papers. Default: one per CPU for corpora of 50,000 papers or more, else
   * 1. With 1, everything runs in this thread; otherwise the links pass runs concurrently in a
   * thread of its own. The files are byte-identical whatever the count.
   */
  workers?: number;
}

/** Writes both dumps into `dir` (created if missing), streaming with backpressure. */
export async function writeCorpus(dir: string, options: CorpusOptions & WriteOptions): Promise<CorpusFiles> {
  const { papersFile, linksFile, papers, links } = await writeCorpusFiles(dir, options);
  return { papersFile, linksFile, bytes: papers.bytes + links.bytes };
}

// ---- Options ------------------------------------------------------------------------------------

interface ResolvedOptions {
  papers: number;
  seed: number;
  codeShare: number;
}

function resolveOptions({ papers, seed = DEFAULT_SEED, codeShare = DEFAULT_CODE_SHARE }: CorpusOptions): ResolvedOptions {
  if (!Number.isSafeInteger(papers) || papers < 0) throw new RangeError(`papers must be a non-negative integer, got ${papers}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!(codeShare >= 0 && codeShare <= 1)) throw new RangeError(`codeShare must be between 0 and 1, got ${codeShare}`);
  return { papers, seed: seed >>> 0, codeShare };
}

// ---- Randomness ---------------------------------------------------------------------------------

/** lowbias32 (Chris Wellons' hash-prospector): a cheap integer hash with good avalanche. */
function hash32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Independent draw streams per paper: adding draws to one never shifts the others. */
const Stream = { Identity: 1, Content: 2, Code: 3, Authors: 4, Pool: 5 } as const;
type Stream = (typeof Stream)[keyof typeof Stream];

/** sfc32 (PractRand's small fast counting generator), re-keyed per paper and stream. */
class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;

  reset(seed: number, index: number, stream: Stream): this {
    this.a = hash32(seed ^ 0x9e3779b9);
    this.b = hash32(Math.imul(index, 0x85ebca6b) ^ hash32(Math.floor(index / 4294967296) + stream));
    this.c = hash32(this.a ^ this.b ^ Math.imul(stream, 0xc2b2ae35));
    this.d = 1;
    // sfc32's authors recommend discarding the first dozen outputs after seeding.
    for (let i = 0; i < 12; i++) this.next();
    return this;
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/**
 * Zipf–Mandelbrot ranks, p(k) ∝ (k + q)^-s for k = 1..size, returned 0-based. Sampled by inverting
 * the continuous CDF: O(1) and no table, so a population of millions costs nothing. The offset q
 * flattens the head (the most prolific author is prolific, not a third of the corpus).
 */
class Zipf {
  private readonly lo: number;
  private readonly hi: number;
  private readonly exponent: number;

  constructor(
    readonly size: number,
    s: number,
    private readonly q: number,
  ) {
    if (s === 1) throw new RangeError('Zipf exponent 1 needs the logarithmic form; use a nearby value');
    this.lo = Math.pow(1 + q, 1 - s);
    this.hi = Math.pow(size + 1 + q, 1 - s);
    this.exponent = 1 / (1 - s);
  }

  sample(rng: Rng): number {
    const x = Math.pow(this.lo + rng.float() * (this.hi - this.lo), this.exponent) - this.q;
    return Math.min(this.size, Math.max(1, Math.floor(x))) - 1;
  }
}

/** Weighted choice: binary search over cumulative weights. */
class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly items: readonly T[], weights: readonly number[]) {
    let sum = 0;
    for (const w of weights) this.cumulative.push((sum += w));
    this.total = sum;
  }

  pick(rng: Rng): T {
    return this.at(rng.float());
  }

  /** The item for a fraction in [0, 1): binary search for the first cumulative weight above it. */
  at(fraction: number): T {
    const x = fraction * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

// ---- Templates ----------------------------------------------------------------------------------

/** A compiled template piece. Literal text carries its space count, so rendering also counts words. */
type Part = { text: string; spaces: number } | { slot: string } | { choice: Part[][] };

/**
 * Compiles `{SLOT}` and `[a|b]` (one level; alternatives may hold slots) into parts. A slot is
 * upper-case and not glued to a word, so LaTeX such as `\mathcal{O}` stays literal.
 */
function compileTemplate(text: string): Part[] {
  const parts: Part[] = [];
  const re = /(?<![A-Za-z\\])\{([A-Z][A-Z0-9_]*)\}|\[([^\]]*)\]/g;
  const literal = (t: string) => parts.push({ text: t, spaces: countSpaces(t) });
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) literal(text.slice(last, m.index));
    if (m[1] !== undefined) parts.push({ slot: m[1] });
    else parts.push({ choice: m[2]!.split('|').map(compileTemplate) });
    last = re.lastIndex;
  }
  if (last < text.length) literal(text.slice(last));
  return parts;
}

const wordCount = (text: string) => countSpaces(text) + 1;

function countSpaces(text: string): number {
  let n = 0;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) n++;
  return n;
}

type Slots = Record<string, string | ((rng: Rng) => string)>;

/** Running count of spaces emitted by `render`, so callers get word counts without rescanning. */
interface SpaceCount {
  spaces: number;
}

function render(parts: readonly Part[], slots: Slots, rng: Rng, count: SpaceCount): string {
  let out = '';
  for (const part of parts) {
    if ('text' in part) {
      out += part.text;
      count.spaces += part.spaces;
    } else if ('slot' in part) {
      const value = slots[part.slot];
      if (value === undefined) throw new Error(`template slot {${part.slot}} has no value`);
      // Function slots are numbers: no spaces.
      if (typeof value === 'function') out += value(rng);
      else {
        out += value;
        count.spaces += countSpaces(value);
      }
    } else out += render(rng.pick(part.choice), slots, rng, count);
  }
  return out;
}

interface CompiledTemplate {
  parts: Part[];
  themedOnly: boolean;
}

/** Whether every rendering starts with a capital (or the method name): checked once, not per sentence. */
function startsCapitalised(parts: readonly Part[]): boolean {
  const first = parts[0];
  if (!first) return false;
  if ('text' in first) return /^[A-Z]/.test(first.text);
  if ('slot' in first) return first.slot === 'M';
  return first.choice.every(startsCapitalised);
}

function compileAll(templates: readonly SentenceTemplate[]): CompiledTemplate[] {
  return templates.map((t) => {
    const parts = compileTemplate(t.text);
    if (!startsCapitalised(parts)) throw new Error(`sentence template must start with a capital or {M}: ${t.text}`);
    return { parts, themedOnly: t.themedOnly ?? false };
  });
}

// ---- Markov chains over the bundled sample ------------------------------------------------------

const SAMPLE_PATH = fileURLToPath(new URL('../seed/hf-papers-listing.txt', import.meta.url));

/** Tokens ending in a period that do not end a sentence. */
const ABBREVIATIONS = new Set(['e.g.', 'i.e.', 'etc.', 'cf.', 'vs.', 'al.', 'w.r.t.', 'fig.', 'eq.', 'resp.', 'approx.']);

/** Splits prose into sentences of whitespace tokens, keeping punctuation attached as arXiv text has it. */
function splitSentences(text: string): string[][] {
  const tokens = text.split(/\s+/).filter(Boolean);
  const sentences: string[][] = [];
  let current: string[] = [];
  tokens.forEach((token, i) => {
    current.push(token);
    const next = tokens[i + 1];
    const bare = token.replace(/^[("'[]+/, '').toLowerCase();
    const ends = /[.!?]["')\]]*$/.test(token) && !ABBREVIATIONS.has(bare) && (next === undefined || /^[A-Z0-9("'[$]/.test(next));
    if (ends) {
      sentences.push(current);
      current = [];
    }
  });
  if (current.length) sentences.push(current);
  return sentences;
}

/**
 * A word-level Markov chain of order k. States are the last k tokens; transitions are stored as
 * successor *states* in flat typed arrays, so a walk is array indexing with no hashing.
 */
class MarkovChain {
  private readonly words: string[] = ['']; // token 0 is the sentence-start padding
  /** Per state: the token that entering it emits. */
  private readonly emit: Int32Array;
  /** Per state: its successors' range in `successors`. */
  private readonly offsets: Int32Array;
  /** Successor states, repeated by observed frequency; -1 ends the sentence. */
  private readonly successors: Int32Array;
  /** Per token: bracket depth change and `$` count, to reject sentences with unbalanced math or parentheses. */
  private readonly bracketDelta: Int8Array;
  private readonly dollars: Int8Array;
  /** Word count of the last sentence returned. */
  lastLength = 0;

  constructor(sentences: readonly (readonly string[])[], order: number) {
    const tokenIds = new Map<string, number>();
    const stateIds = new Map<string, number>();
    const emit: number[] = [];
    const next: number[][] = [];
    const state = (context: readonly number[]): number => {
      const key = context.join(',');
      let id = stateIds.get(key);
      if (id === undefined) {
        stateIds.set(key, (id = emit.length));
        emit.push(context[context.length - 1]!);
        next.push([]);
      }
      return id;
    };
    state(new Array<number>(order).fill(0));
    for (const sentence of sentences) {
      let context = new Array<number>(order).fill(0);
      let from = 0;
      for (const word of sentence) {
        let token = tokenIds.get(word);
        if (token === undefined) {
          tokenIds.set(word, (token = this.words.length));
          this.words.push(word);
        }
        context = [...context.slice(1), token];
        const to = state(context);
        next[from]!.push(to);
        from = to;
      }
      next[from]!.push(-1);
    }
    this.emit = Int32Array.from(emit);
    this.offsets = new Int32Array(next.length + 1);
    next.forEach((list, i) => (this.offsets[i + 1] = this.offsets[i]! + list.length));
    this.successors = Int32Array.from(next.flat());
    this.bracketDelta = Int8Array.from(this.words, (w) => count(w, /[([{]/g) - count(w, /[)\]}]/g));
    this.dollars = Int8Array.from(this.words, (w) => count(w, /\$/g));
  }

  /** A sentence of minWords..maxWords words with balanced brackets and math, or null after a few tries. */
  sentence(rng: Rng, minWords: number, maxWords: number): string | null {
    const out: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      out.length = 0;
      let depth = 0;
      let dollars = 0;
      let s = 0;
      for (;;) {
        const start = this.offsets[s]!;
        const to = this.successors[start + rng.int(this.offsets[s + 1]! - start)]!;
        if (to < 0 || out.length > maxWords) break;
        const token = this.emit[to]!;
        out.push(token);
        depth += this.bracketDelta[token]!;
        dollars += this.dollars[token]!;
        s = to;
      }
      if (out.length >= minWords && out.length <= maxWords && depth === 0 && dollars % 2 === 0) {
        this.lastLength = out.length;
        let text = this.words[out[0]!]!;
        for (let i = 1; i < out.length; i++) text += ` ${this.words[out[i]!]!}`;
        return text;
      }
    }
    return null;
  }
}

/**
 * A fixed sample of a chain's sentences. Abstracts draw their filler from it in O(1) instead of
 * walking the chain per sentence. With tens of thousands of draws per pool the pool follows the
 * chain's own distribution (which is concentrated: an order-2 chain over 47 abstracts mostly
 * re-tells their sentences), at a fraction of the cost.
 */
class SentencePool {
  private readonly texts: string[] = [];
  private readonly lengths: number[] = [];
  private readonly named: boolean[] = [];

  constructor(chain: MarkovChain, size: number, rng: Rng) {
    for (let misses = 0; this.texts.length < size && misses < size; ) {
      const text = chain.sentence(rng, 6, 40);
      if (text === null) {
        misses++;
        continue;
      }
      this.texts.push(text);
      this.lengths.push(chain.lastLength);
      this.named.push(text.includes(METHOD_PLACEHOLDER));
    }
    if (!this.texts.length) throw new Error('the sample yields no sentences for the filler pool');
  }

  /** A sentence with the paper's method name filled in, and its word count. */
  draw(rng: Rng, methodName: string): [text: string, words: number] {
    const i = rng.int(this.texts.length);
    const text = this.texts[i]!;
    return [this.named[i] ? text.replaceAll(METHOD_PLACEHOLDER, methodName) : text, this.lengths[i]!];
  }
}

interface FillerPools {
  themed: SentencePool;
  plain: SentencePool;
}

const fillerPools = new Map<number, FillerPools>();

/** Per seed, so that different seeds get different filler. Built on first use: ~0.2 s. */
function getFillerPools(seed: number, model: Model): FillerPools {
  let pools = fillerPools.get(seed);
  if (!pools) {
    const rng = new Rng().reset(seed, 0, Stream.Pool);
    pools = { themed: new SentencePool(model.themedChain, 40_000, rng), plain: new SentencePool(model.plainChain, 10_000, rng) };
    fillerPools.set(seed, pools);
  }
  return pools;
}

function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

// ---- The model: everything derived once from the vocabulary and the sample ---------------------

interface Month {
  year: number;
  month: number; // 1..12
  days: number;
  /** The month's arXiv numbering (see arxivNumber). */
  prime: number;
  multiplier: number;
  offset: number;
  capacity: number;
}

interface Model {
  themeAreas: Weighted<Area>;
  offAreas: Weighted<Area>;
  /** Share of papers whose main area is a TOPICS.md theme. */
  themeShare: number;
  templates: { [K in keyof typeof TEMPLATES]: CompiledTemplate[] };
  titleTemplates: TitleTemplate[];
  fixedOpeningTitleTemplates: TitleTemplate[];
  themedChain: MarkovChain;
  plainChain: MarkovChain;
  titleChain: MarkovChain;
  sampleTitles: Set<string>;
  tasks: string[];
  taskZipf: Zipf;
  naturalTask: Map<string, string>;
  months: Month[];
  monthPicker: Weighted<number>;
  cultures: Weighted<NameCulture>;
  authorZipf: Zipf;
  authorCount: Weighted<number>;
  taskCount: Weighted<number>;
  linkCount: Weighted<number>;
  arxivVersion: Weighted<number>;
  sharedRepoZipf: Zipf;
  reimplementerZipf: Zipf;
  orgZipf: Zipf;
}

/** Relative number of papers per year: ML output grew about 20x over the period. */
const YEAR_WEIGHTS: Record<number, number> = { 2012: 1, 2013: 1.3, 2014: 1.8, 2015: 2.6, 2016: 4, 2017: 6, 2018: 9, 2019: 12, 2020: 15, 2021: 17, 2022: 19, 2023: 22, 2024: 24, 2025: 26 };
/** Approximate arXiv submissions per month (all categories): where a month's sequence numbers end. */
const ARXIV_MONTHLY: Record<number, number> = { 2012: 7000, 2013: 7600, 2014: 8300, 2015: 8800, 2016: 9600, 2017: 10400, 2018: 11800, 2019: 13000, 2020: 15000, 2021: 15500, 2022: 16500, 2023: 19000, 2024: 23000, 2025: 26000 };

let cachedModel: Model | undefined;

function getModel(): Model {
  return (cachedModel ??= buildModel());
}

/** Stands for the generated paper's own method name inside sample sentences (see sampleSentences). */
const METHOD_PLACEHOLDER = '@@METHOD@@';

/**
 * The sample's abstract sentences as training text. Two clean-ups keep the chain from leaking
 * one sample paper's specifics into thousands of others: sentences with URLs are dropped (each
 * would plant the same repository link everywhere), and a sample paper's own method name (the
 * title's "Name:" prefix) becomes a placeholder that each generated paper fills with its name.
 */
function sampleSentences(sample: readonly { title: string; abstract: string }[]): string[][] {
  return sample.flatMap(({ title, abstract }) => {
    const name = /^([^\s:]+):/.exec(title)?.[1];
    return splitSentences(abstract)
      .filter((sentence) => !sentence.some((w) => /https?:|github\.com|www\./i.test(w)))
      .map((sentence) =>
        name ? sentence.map((w) => (w.replace(/^[("'[]+|[)"'\],.;:!?]+$|'s$/g, '') === name ? w.replace(name, METHOD_PLACEHOLDER) : w)) : sentence,
      );
  });
}

function buildModel(): Model {
  const sample = parseHfListing(readFileSync(SAMPLE_PATH, 'utf8'), SAMPLE_PATH);
  const sentences = sampleSentences(sample);
  const themes = AREAS.filter((a) => a.theme);
  const off = AREAS.filter((a) => !a.theme);
  const themeWeight = themes.reduce((s, a) => s + a.weight, 0);
  const offWeight = off.reduce((s, a) => s + a.weight, 0);

  const tasks = buildTaskPool();
  const months = buildMonths();
  return {
    themeAreas: new Weighted(themes, themes.map((a) => a.weight)),
    offAreas: new Weighted(off, off.map((a) => a.weight)),
    themeShare: themeWeight / (themeWeight + offWeight),
    templates: {
      opening: compileAll(TEMPLATES.opening),
      problem: compileAll(TEMPLATES.problem),
      contribution: compileAll(TEMPLATES.contribution),
      detail: compileAll(TEMPLATES.detail),
      elaboration: compileAll(TEMPLATES.elaboration),
      results: compileAll(TEMPLATES.results),
      closing: compileAll(TEMPLATES.closing),
      trap: compileAll(TEMPLATES.trap),
      code: compileAll(TEMPLATES.code),
    },
    titleTemplates: TITLE_TEMPLATES.map(compileTitleTemplate),
    fixedOpeningTitleTemplates: TITLE_TEMPLATES_FIXED_OPENING.map(compileTitleTemplate),
    themedChain: new MarkovChain(sentences, 2),
    // The sample is all on-theme, so off-taxonomy papers get filler only from its theme-free sentences.
    plainChain: new MarkovChain(sentences.filter((s) => !THEME_CUES.test(s.join(' '))), 2),
    // Order 1 for titles: at order 2, 47 titles mostly replay verbatim (and would collide as slugs).
    titleChain: new MarkovChain(sample.map((p) => p.title.split(/\s+/)), 1),
    sampleTitles: new Set(sample.map((p) => p.title)),
    tasks,
    // Task popularity: rank 1 gets ~5% of draws, the median task well under 0.1%.
    taskZipf: new Zipf(tasks.length, 1.05, 1.5),
    naturalTask: new Map(tasks.map((t) => [t, naturalCase(t)])),
    months,
    monthPicker: new Weighted(months.map((_, i) => i), months.map((m) => YEAR_WEIGHTS[m.year]! / 12)),
    cultures: new Weighted(NAME_CULTURES, NAME_CULTURES.map((c) => c.weight)),
    // Tuned by simulation of author ranks: at 1M papers, ~700k distinct authors, ~60% of them on
    // one paper, the most prolific on ~700. Different ranks can share a name, as real authors do.
    authorZipf: new Zipf(6_000_000, 1.4, 3000),
    authorCount: new Weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [6, 14, 18, 17, 13, 10, 7, 5, 4, 2.5, 1.8, 1.7]),
    taskCount: new Weighted([0, 1, 2, 3, 4], [20, 35, 25, 12, 8]),
    linkCount: new Weighted([1, 2, 3], [72, 20, 8]),
    arxivVersion: new Weighted([1, 2, 3, 4, 5], [55, 28, 11, 4, 2]),
    sharedRepoZipf: new Zipf(50_000, 1.1, 3),
    reimplementerZipf: new Zipf(300_000, 1.2, 2),
    orgZipf: new Zipf(CODE_ORGS.length + UNIVERSITY_ACRONYMS.length * LAB_SUFFIXES.length, 1.2, 1),
  };
}

/** ~2,000 task names: the popular head in order, then "{modifier} {task}" in a fixed shuffled order. */
function buildTaskPool(): string[] {
  const pool = [...new Set([...POPULAR_TASKS, ...AREAS.flatMap((a) => a.tasks)])];
  const seen = new Set(pool.map((t) => t.toLowerCase()));
  const combos: string[] = [];
  for (const modifier of TASK_MODIFIERS) for (const base of POPULAR_TASKS) combos.push(`${modifier} ${base}`);
  // Fixed shuffle, independent of the corpus seed: every corpus shares one task vocabulary.
  const rng = new Rng().reset(0x7a5c, 0, Stream.Identity);
  for (let i = combos.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [combos[i], combos[j]] = [combos[j]!, combos[i]!];
  }
  for (const task of combos) {
    if (pool.length >= 2000) break;
    if (!seen.has(task.toLowerCase())) {
      seen.add(task.toLowerCase());
      pool.push(task);
    }
  }
  return pool;
}

function buildMonths(): Month[] {
  const [fromYear, fromMonth] = DATE_RANGE.from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = DATE_RANGE.to.split('-').map(Number) as [number, number];
  const months: Month[] = [];
  for (let y = fromYear, m = fromMonth; y < toYear || (y === toYear && m <= toMonth); m === 12 ? (y++, (m = 1)) : m++) {
    const prime = largestPrimeAtMost(ARXIV_MONTHLY[y]!);
    const h = hash32(y * 12 + m);
    months.push({
      year: y,
      month: m,
      days: new Date(Date.UTC(y, m, 0)).getUTCDate(),
      prime,
      multiplier: 1 + (h % (prime - 1)),
      offset: hash32(h) % prime,
      // arXiv ids have 4-digit sequence numbers until 1412, 5-digit from 1501.
      capacity: y < 2015 ? 9999 : 99999,
    });
  }
  return months;
}

function largestPrimeAtMost(n: number): number {
  const isPrime = (k: number) => {
    for (let d = 2; d * d <= k; d++) if (k % d === 0) return false;
    return k > 1;
  };
  while (!isPrime(n)) n--;
  return n;
}

/** Words kept capitalised when a task name is used mid-sentence ("image classification"). */
const PROPER_WORDS = new Set(['Gaussian', 'Gaussians', 'Bayesian', 'Fourier', 'Markov', 'Monte', 'Carlo', 'Lie', 'Atari', 'English', 'German']);

/** "Named Entity Recognition (NER)" → "named entity recognition (NER)": acronyms and proper nouns stay. */
function naturalCase(name: string): string {
  // Per hyphen part, so "Multi-Armed" becomes "multi-armed" while "3D" and "(NER)" stay.
  const part = (p: string) => (PROPER_WORDS.has(p) || /[A-Z].*[A-Z]|^\d/.test(p) ? p : p.toLowerCase());
  return name
    .split(' ')
    .map((w) => w.split('-').map(part).join('-'))
    .join(' ');
}

// ---- Paper identity (replayed by both passes) ---------------------------------------------------

interface PaperIdentity {
  index: number;
  primary: Area;
  secondary: Area | null;
  methodName: string;
  title: string;
  authors: string[];
  date: string;
  year: number;
  arxivId: string | null;
  urlAbs: string;
  urlPdf: string;
  proceeding: string | null;
  paperUrl: string;
}

/**
 * Cross-paper state of the identity pass. It is all a function of the papers before, so both
 * passes rebuild it identically: arXiv numbering per month, ACL Anthology numbering per volume,
 * and the slug registry that keeps `paper_url` unique.
 */
class CorpusState {
  readonly arxivUsed: Uint32Array;
  readonly aclUsed = new Map<string, number>();
  readonly slugs = new SlugRegistry();

  constructor(months: number) {
    this.arxivUsed = new Uint32Array(months);
  }
}

/**
 * Every paper's identity, in order. With `owns`, only the papers it accepts are completed and
 * yielded; the others still pass through the cross-paper state (a title and a slug each), which
 * is all a parallel worker needs to number its own papers exactly as a single pass would.
 */
function* paperIdentities(o: ResolvedOptions, model: Model, owns?: (index: number) => boolean): Generator<PaperIdentity> {
  const state = new CorpusState(model.months.length);
  const rng = new Rng();
  const authorRng = new Rng();
  for (let index = 0; index < o.papers; index++) {
    const owned = !owns || owns(index);
    // Papers only passed through need their slug, not a presentable title: skip the casing.
    const core = drawCore(index, rng.reset(o.seed, index, Stream.Identity), state, model, owned);
    if (!owned) continue;
    // Authors have their own stream, so papers that are only passed through never draw them.
    const authors = drawAuthors(authorRng.reset(o.seed, index, Stream.Authors), model);
    yield completeIdentity(core, authors, rng);
  }
}

/** The part of a paper's identity that feeds the cross-paper state: drawn for every paper in every pass. */
interface IdentityCore {
  index: number;
  month: Month;
  day: number;
  arxivId: string | null;
  version: number;
  venue: (typeof VENUES)[number];
  /** ACL Anthology paper number, for conference-only papers of ACL venues. */
  aclNumber: number;
  withProceeding: boolean;
  primary: Area;
  secondary: Area | null;
  methodName: string;
  title: string;
  slug: string;
}

function drawCore(index: number, rng: Rng, state: CorpusState, model: Model, cased: boolean): IdentityCore {
  const monthIndex = model.monthPicker.pick(rng);
  const month = model.months[monthIndex]!;
  const day = rng.between(1, month.days);
  // ~5% of PwC papers are not on arXiv (conference-only); the others are numbered within their month.
  const onArxiv = rng.chance(0.95);
  const version = model.arxivVersion.pick(rng);
  const arxivId = onArxiv ? arxivNumber(month, state.arxivUsed[monthIndex]!++) : null;
  const venue = rng.pick(VENUES);
  const withProceeding = arxivId === null || rng.chance(0.08);
  const aclGap = 1 + rng.int(3);
  let aclNumber = 0;
  if (arxivId === null && venue.host === 'acl') {
    const volume = `${venueYear(venue, month.year)}.${venue.slug}`;
    aclNumber = (state.aclUsed.get(volume) ?? 0) + aclGap;
    state.aclUsed.set(volume, aclNumber);
  }

  const themed = rng.chance(model.themeShare);
  const primary = themed ? model.themeAreas.pick(rng) : model.offAreas.pick(rng);
  const secondary = rng.chance(0.35) ? (themed ? model.themeAreas : model.offAreas).pick(rng) : null;
  const methodName = coinName(primary, rng);
  const title = composeTitle(primary, secondary ?? primary, methodName, rng, model, cased);
  const slugBase = slugify(title);
  const claimed = state.slugs.claim(slugBase);
  // PwC disambiguates repeated slugs with "-1", "-2", …; slugify() never ends a base in digits,
  // so "base-n" can never equal another paper's base.
  const slug = claimed === 0 ? slugBase : `${slugBase}-${claimed}`;
  return { index, month, day, arxivId, version, venue, aclNumber, withProceeding, primary, secondary, methodName, title, slug };
}

/** ICCV is held in odd years only: an even-year paper goes to the next one. */
const venueYear = (venue: (typeof VENUES)[number], year: number) => (venue.oddYearsOnly && year % 2 === 0 ? year + 1 : year);

/** The rest of the identity; `rng` continues the paper's identity stream after drawCore. */
function completeIdentity(core: IdentityCore, authors: string[], rng: Rng): PaperIdentity {
  const { month, venue, arxivId, version, title } = core;
  const year = venueYear(venue, month.year);
  let urlAbs: string;
  let urlPdf: string;
  if (arxivId !== null) {
    urlAbs = `http://arxiv.org/abs/${arxivId}v${version}`;
    urlPdf = `http://arxiv.org/pdf/${arxivId}v${version}.pdf`;
  } else {
    [urlAbs, urlPdf] = venueUrls(core, year, authors[0]!, rng);
  }
  return {
    index: core.index,
    primary: core.primary,
    secondary: core.secondary,
    methodName: core.methodName,
    title,
    authors,
    date: `${month.year}-${pad(month.month, 2)}-${pad(core.day, 2)}`,
    year: month.year,
    arxivId,
    urlAbs,
    urlPdf,
    proceeding: core.withProceeding ? `${venue.slug}-${year}-1` : null,
    paperUrl: `https://paperswithcode.com/paper/${core.slug}`,
  };
}

/**
 * The n-th (0-based) arXiv id handed out in a month. The first `prime` ids are an affine
 * permutation of 1..prime, so ids look scattered over a realistic month's range whatever N is,
 * and are unique without remembering them; beyond that, numbering continues sequentially up to
 * the format's capacity. A month that is full (only at tens of millions of papers) yields null.
 */
function arxivNumber(month: Month, n: number): string | null {
  const seq = n < month.prime ? 1 + ((month.multiplier * n + month.offset) % month.prime) : n + 1;
  if (seq > month.capacity) return null;
  return `${pad(month.year % 100, 2)}${pad(month.month, 2)}.${pad(seq, month.capacity === 9999 ? 4 : 5)}`;
}

const OPENREVIEW_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** url_abs / url_pdf of a conference-only paper, in the shape of its venue's site. */
function venueUrls(core: IdentityCore, year: number, firstAuthor: string, rng: Rng): [string, string] {
  const { venue, title } = core;
  switch (venue.host) {
    case 'openreview': {
      let id = '';
      for (let i = 0; i < 10; i++) id += OPENREVIEW_ALPHABET[rng.int(OPENREVIEW_ALPHABET.length)];
      return [`https://openreview.net/forum?id=${id}`, `https://openreview.net/pdf?id=${id}`];
    }
    case 'cvf': {
      const surname = asciiFold(firstAuthor.split(' ').at(-1)!).replace(/[^A-Za-z]/g, '');
      const words = asciiFold(title).replace(/[^A-Za-z0-9 -]/g, '').split(/\s+/).join('_');
      const stem = `${surname}_${words}_${venue.label}_${year}_paper`;
      // CVF moved from content_cvpr_2020/ to content/CVPR2021/ in 2021.
      const base = year >= 2021 ? `https://openaccess.thecvf.com/content/${venue.label}${year}` : `http://openaccess.thecvf.com/content_${venue.slug}_${year}`;
      return [`${base}/html/${stem}.html`, `${base}/papers/${stem}.pdf`];
    }
    case 'acl': {
      const paper = `https://aclanthology.org/${year}.${venue.slug}-main.${core.aclNumber}`;
      return [paper, `${paper}.pdf`];
    }
  }
}

/** FNV-1a over UTF-16 code units, for string-keyed choices that must not use a draw stream. */
function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return hash32(h);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---- Slugs --------------------------------------------------------------------------------------

/** PwC slugs are the slugified title cut at a word boundary to at most 40 characters. */
const SLUG_MAX = 40;

export function slugify(title: string): string {
  const kept: string[] = [];
  let length = 0;
  // matchAll is lazy: the scan stops at the slug's last word, about halfway through a title.
  for (const [word] of asciiFold(title).toLowerCase().matchAll(/[a-z0-9]+/g)) {
    const added = kept.length ? word.length + 1 : word.length;
    if (kept.length && length + added > SLUG_MAX) break;
    kept.push(kept.length ? word : word.slice(0, SLUG_MAX));
    length += added;
  }
  // A base ending in "-<digits>" could collide with another base's "-<n>" suffix; drop such words.
  while (kept.length > 1 && /^\d+$/.test(kept[kept.length - 1]!)) kept.pop();
  const slug = kept.join('-');
  return /^\d*$/.test(slug) ? `paper-${slug}` : slug;
}

function asciiFold(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[łŁøØıß]/g, (c) => ({ ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ı: 'i', ß: 'ss' })[c]!);
}

/**
 * Counts how often each slug base was claimed, keyed by a 64-bit fingerprint in an open-addressing
 * table of typed arrays: 12 bytes per distinct title instead of the strings themselves. A false
 * match needs two titles with equal 64-bit fingerprints (odds ~1e-8 at a million titles), and
 * would only add a needless "-1".
 */
class SlugRegistry {
  private hashA = new Int32Array(1 << 16);
  private hashB = new Int32Array(1 << 16);
  private counts = new Uint32Array(1 << 16);
  private size = 0;

  /** Returns how many times `slug` was claimed before, and counts this claim. */
  claim(slug: string): number {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < slug.length; i++) {
      const c = slug.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a = hash32(a) | 0;
    b = hash32(b) | 0;
    const mask = this.counts.length - 1;
    let i = a & mask;
    while (this.counts[i] !== 0) {
      if (this.hashA[i] === a && this.hashB[i] === b) return this.counts[i]!++;
      i = (i + 1) & mask;
    }
    this.hashA[i] = a;
    this.hashB[i] = b;
    this.counts[i] = 1;
    if (++this.size * 4 > this.counts.length * 3) this.grow();
    return 0;
  }

  private grow(): void {
    const { hashA, hashB, counts } = this;
    this.hashA = new Int32Array(counts.length * 2);
    this.hashB = new Int32Array(counts.length * 2);
    this.counts = new Uint32Array(counts.length * 2);
    const mask = this.counts.length - 1;
    for (let j = 0; j < counts.length; j++) {
      if (counts[j] === 0) continue;
      let i = hashA[j]! & mask;
      while (this.counts[i] !== 0) i = (i + 1) & mask;
      this.hashA[i] = hashA[j]!;
      this.hashB[i] = hashB[j]!;
      this.counts[i] = counts[j]!;
    }
  }
}

// ---- Names, titles ------------------------------------------------------------------------------

const ACRONYM_LETTERS = 'ABCDEFGHIKLMNOPRSTUVWXZ';

/** A method name as papers coin them: "FlashLoRA", "SNNK", "AdANNS", "LQ-LoRA". */
function coinName(area: Area, rng: Rng): string {
  const acronym = (min: number, max: number) => {
    let s = '';
    const n = rng.between(min, max);
    for (let i = 0; i < n; i++) s += ACRONYM_LETTERS[rng.int(ACRONYM_LETTERS.length)];
    // Some acronyms keep a lower-case letter from the phrase they abbreviate ("AdANNS", "EoRA").
    if (n >= 3 && rng.chance(0.2)) {
      const i = rng.between(1, n - 2);
      s = s.slice(0, i) + s[i]!.toLowerCase() + s.slice(i + 1);
    }
    return s;
  };
  const r = rng.float();
  if (r < 0.3) {
    // "FlashLoRA", "HyperFlexNet": one or two prefixes, then an area part or a generic suffix.
    const head = rng.pick(NAME_PREFIXES) + (rng.chance(0.3) ? rng.pick(NAME_PREFIXES) : '');
    return head + (rng.chance(0.5) ? rng.pick(area.nameParts) : rng.pick(NAME_SUFFIXES));
  }
  if (r < 0.8) return acronym(3, 6);
  return `${acronym(2, 3)}-${rng.pick(area.nameParts)}`;
}

const TITLE_SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'but', 'for', 'nor', 'of', 'on', 'in', 'at', 'to', 'by', 'via', 'with', 'from', 'as', 'vs']);

/**
 * Title case of a phrase in mid-title: small words stay lower-case; words with capitals
 * (acronyms, proper nouns, coined names) keep their case; others are capitalised, hyphenated
 * parts too ("Mixture-of-Experts"). Memoised: phrases come from the finite vocabulary, as the
 * same string instances every time, so a lookup is cheap where re-casing word by word was not.
 */
function titleCasePhrase(phrase: string): string {
  let cased = titleCased.get(phrase);
  if (cased === undefined) {
    cased = phrase
      .split(' ')
      .map((w) => (TITLE_SMALL_WORDS.has(w) || /[A-Z]/.test(w) ? w : capitaliseParts(w)))
      .join(' ');
    titleCased.set(phrase, cased);
  }
  return cased;
}

const titleCased = new Map<string, string>();

/** "low-rank" → "Low-Rank", "mixture-of-experts" → "Mixture-of-Experts". */
function capitaliseParts(word: string): string {
  if (!word.includes('-')) return word.charAt(0).toUpperCase() + word.slice(1);
  return word
    .split('-')
    .map((part, i) => (i > 0 && TITLE_SMALL_WORDS.has(part) ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('-');
}

/** A title template in natural case (for sentence-case titles and slugs) and in title case. */
interface TitleTemplate {
  natural: Part[];
  titled: Part[];
}

function compileTitleTemplate(text: string): TitleTemplate {
  const natural = compileTemplate(text);
  const titleParts = (parts: Part[]): Part[] =>
    parts.map((part) => ('text' in part ? { text: titleCasePhrase(part.text), spaces: part.spaces } : 'choice' in part ? { choice: part.choice.map(titleParts) } : part));
  return { natural, titled: titleParts(natural) };
}

const TITLE_SLOT_KEYS = ['ADJ', 'ADJ2', 'A_ADJ', 'S', 'MS', 'MOD', 'S2', 'T', 'PROP', 'K', 'VERB', 'DATA'] as const;
type TitleSlots = Record<(typeof TITLE_SLOT_KEYS)[number], string>;
const newTitleSlots = (): TitleSlots => Object.fromEntries(TITLE_SLOT_KEYS.map((k) => [k, ''])) as TitleSlots;
/** Reused by every title (titles are built one at a time): natural-case and title-case slot values. */
const naturalSlots = newTitleSlots();
const titledSlots = newTitleSlots();
const titleCount: SpaceCount = { spaces: 0 };

/**
 * 6–15 words: mostly templates over the paper's areas, a few from the sample titles' Markov
 * chain. `cased: false` returns the title in natural case: same words and same slug, for passes
 * that only need the slug.
 */
function composeTitle(primary: Area, secondary: Area, methodName: string, rng: Rng, model: Model, cased = true): string {
  if (rng.chance(0.03)) {
    // The chain starts every title with the opening words of one of 47 sample titles, which would
    // make thousands of papers share a slug; the paper's own name in front keeps them apart.
    const chained = model.titleChain.sentence(rng, TITLE_WORDS.min - 1, TITLE_WORDS.max - 1)?.replace(/^[^\s:]+:\s*/, '');
    if (chained && wordCount(chained) >= TITLE_WORDS.min - 1 && !model.sampleTitles.has(chained)) return `${methodName}: ${chained}`;
  }
  const n = naturalSlots;
  n.ADJ = rng.pick(TITLE_ADJECTIVES);
  n.ADJ2 = rng.pick(TITLE_ADJECTIVES);
  if (n.ADJ2 === n.ADJ) n.ADJ2 = n.ADJ === 'efficient' ? 'robust' : 'efficient';
  n.A_ADJ = /^(?:[aeio]|u(?!ni))/.test(n.ADJ) ? 'an' : 'a';
  n.S = rng.pick(primary.subjects);
  n.S2 = pickOther(secondary.subjects, n.S, rng);
  n.T = model.naturalTask.get(rng.pick(primary.tasks))!;
  if (overlaps(n.S, n.T)) n.T = model.naturalTask.get(rng.pick(primary.tasks))!;
  if (overlaps(n.S, n.T)) n.T = overlaps(n.S, primary.field) ? 'machine learning' : primary.field;
  n.MOD = rng.pick(SUBJECT_MODIFIERS);
  const modified = rng.chance(0.7);
  n.PROP = rng.pick(TITLE_PROPERTIES);
  n.K = rng.pick(primary.kinds);
  n.VERB = rng.pick(TITLE_VERBS);
  n.DATA = rng.pick(TITLE_DATA);
  const prefixed = rng.chance(0.6);
  // Drawn even when not cased: a replay must consume exactly the draws of the real title.
  const sentenceCased = rng.chance(0.15);
  const titled = cased && !sentenceCased;
  n.MS = modified ? `${n.MOD} ${n.S}` : n.S;
  let slots: TitleSlots = n;
  if (titled) {
    slots = titledSlots;
    for (const key of TITLE_SLOT_KEYS) if (key !== 'MS' && key !== 'A_ADJ') slots[key] = titleCasePhrase(n[key]);
    slots.MS = modified ? `${slots.MOD} ${slots.S}` : slots.S;
    slots.A_ADJ = `${n.A_ADJ} ${slots.ADJ}`;
  }
  n.A_ADJ = `${n.A_ADJ} ${n.ADJ}`;

  let rest = '';
  let words = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    const template = rng.pick(rng.chance(0.2) ? model.fixedOpeningTitleTemplates : model.titleTemplates);
    titleCount.spaces = 0;
    rest = render(titled ? template.titled : template.natural, slots, rng, titleCount);
    words = titleCount.spaces + 1 + (prefixed ? 1 : 0);
    if (words >= TITLE_WORDS.min && words <= TITLE_WORDS.max) break;
  }
  if (words < TITLE_WORDS.min || words > TITLE_WORDS.max) rest = fitTitleWords(rest, prefixed, primary.field);
  // The first word, and a word after a colon, are capitalised in both title and sentence case.
  if (cased) rest = capitaliseAfterColons(rest.charAt(0).toUpperCase() + rest.slice(1));
  return prefixed ? `${methodName}: ${rest}` : rest;
}

/** Rare fall-through of composeTitle's retries: pad or cut to the bounds rather than loop. */
function fitTitleWords(title: string, prefixed: boolean, field: string): string {
  const extra = prefixed ? 1 : 0;
  let words = title.split(' ');
  while (words.length + extra < TITLE_WORDS.min) words.push(...`in ${field}`.split(' '));
  words = words.slice(0, TITLE_WORDS.max - extra);
  while (TITLE_SMALL_WORDS.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

function capitaliseAfterColons(title: string): string {
  return title.includes(': ') ? title.replace(/: ([a-z])/g, (_, c: string) => `: ${c.toUpperCase()}`) : title;
}

/** Author names are a pure function of the author's rank, so a prolific author is one name everywhere. */
function authorName(rank: number, model: Model): string {
  const h = hash32(rank ^ 0x5f3759df);
  const culture = model.cultures.at(h / 4294967296);
  const h2 = hash32(h + 1);
  const h3 = hash32(h + 2);
  const h4 = hash32(h + 3);
  const share = (x: number) => (x & 0xffff) / 65536; // independent low bits of a hash, as a fraction
  let given = culture.given[h2 % culture.given.length]!;
  if (culture.givenEndings && share(h4) < (culture.compound ?? 0)) {
    const ending = culture.givenEndings[(h4 >>> 16) % culture.givenEndings.length]!;
    given += share(h2 >>> 8) < (culture.hyphenated ?? 0) ? `-${ending.charAt(0).toUpperCase()}${ending.slice(1).toLowerCase()}` : ending.toLowerCase();
  }
  let surname: string;
  if (culture.surnameStems && culture.surnameEndings && share(h3 >>> 16) < 0.5) {
    surname = culture.surnameStems[h3 % culture.surnameStems.length]! + culture.surnameEndings[(h3 >>> 8) % culture.surnameEndings.length]!;
  } else {
    surname = culture.surnames[h3 % culture.surnames.length]!;
  }
  if (culture.feminine?.includes(given)) surname = surname.replace(/(ov|ev|in)$/, '$1a').replace(/(sk|ck)i$/, '$1a');
  const middle = share(hash32(h + 4)) < culture.middleInitial ? ` ${ACRONYM_LETTERS[hash32(h + 5) % ACRONYM_LETTERS.length]}.` : '';
  return `${given}${middle} ${surname}`;
}

function drawAuthors(rng: Rng, model: Model): string[] {
  const n = model.authorCount.pick(rng);
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = authorName(model.authorZipf.sample(rng), model);
    // Two ranks can share a name (as real authors do), but not on one byline.
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

// ---- Abstracts ----------------------------------------------------------------------------------

/**
 * Builds arXiv-style abstracts of 120–250 words: opening, problem, contribution, details, filler
 * from the sample chain and area templates, results, and sometimes a closing line or the code
 * URL; hard-wrapped like arXiv metadata, with an occasional "\n  " paragraph break (the
 * indentation the real dump keeps, §2.1). One instance per pass: its slots and lists are reused
 * from paper to paper, which keeps the hottest loop from allocating them a million times.
 */
class AbstractComposer {
  private readonly slots = {
    S: '',
    S2: '',
    C: '',
    M: '',
    K: '',
    ADJ: '',
    D: '',
    D2: '',
    X: '',
    T: '',
    T2: '',
    F: '',
    URL: '',
    P: percent,
    R: ratio,
    V: score,
  } satisfies Slots;
  private readonly count: SpaceCount = { spaces: 0 };
  private readonly used: CompiledTemplate[] = [];
  private readonly body: string[] = [];
  private words = 0;
  private themed = false;

  constructor(
    private readonly model: Model,
    private readonly pools: FillerPools,
  ) {}

  compose(paper: PaperIdentity, codeUrl: string | null, rng: Rng): string {
    const { model, slots, body } = this;
    const area = paper.primary;
    const other = paper.secondary ?? area;
    const t = model.templates;
    this.themed = area.theme;
    this.words = 0;
    this.used.length = 0;
    body.length = 0;
    const target = ABSTRACT_WORDS.min + Math.floor(((rng.float() + rng.float()) / 2) * (ABSTRACT_WORDS.max - ABSTRACT_WORDS.min + 1));
    // Drawn whatever the paper's links are, so codeShare never shifts this stream's other draws.
    const mentionCode = rng.chance(0.4);
    slots.S = rng.pick(area.subjects);
    slots.S2 = pickOther(other.subjects, slots.S, rng);
    slots.C = rng.pick(area.challenges);
    slots.M = paper.methodName;
    slots.K = rng.pick(area.kinds);
    slots.ADJ = rng.pick(CONTRIBUTION_ADJECTIVES);
    slots.D = rng.pick(area.datasets);
    slots.D2 = pickOther(rng.chance(0.5) ? other.datasets : area.datasets, slots.D, rng);
    slots.X = rng.pick(area.metrics);
    const task = rng.pick(area.tasks);
    slots.T = model.naturalTask.get(task)!;
    slots.T2 = model.naturalTask.get(pickOther(area.tasks.length > 1 ? area.tasks : other.tasks, task, rng))!;
    slots.F = overlaps(slots.S, area.field) ? 'machine learning' : area.field;
    slots.URL = codeUrl ?? '';

    const head = [this.sentence(t.opening, rng)];
    if (rng.chance(0.85)) head.push(this.sentence(t.problem, rng));
    head.push(this.sentence(t.contribution, rng));
    head.push(this.sentence(t.detail, rng));
    if (rng.chance(0.4)) head.push(this.sentence(t.detail, rng));
    const tail = [this.sentence(t.results, rng)];
    if (codeUrl && mentionCode) tail.push(this.sentence(t.code, rng));
    else if (rng.chance(0.35)) tail.push(this.sentence(t.closing, rng));
    // The body interleaves filler kinds at random positions rather than appending them in blocks.
    if (rng.chance(0.15)) body.push(this.sentence(t.trap, rng));

    // Sample-chain filler, capped so that the planted themes, not the sample's own topics (mostly
    // kernels and convolutions), decide what a paper is about. Off-taxonomy papers use the chain
    // of theme-free sample sentences, which is small, so they get less of it.
    const pool = this.themed ? this.pools.themed : this.pools.plain;
    const budget = Math.min(target, this.words + Math.round(target * (this.themed ? 0.4 : 0.25)));
    for (let misses = 0; this.words < budget && misses < 4; ) {
      const [filler, n] = pool.draw(rng, paper.methodName);
      if (this.words + n > ABSTRACT_WORDS.max) misses++;
      else {
        body.splice(rng.int(body.length + 1), 0, filler);
        this.words += n;
      }
    }
    // Then area templates up to the target. Each is at most ~35 words, so topping up to the
    // minimum can never overshoot the maximum.
    while (this.words < target) {
      const before = this.words;
      const extra = this.sentence(t.elaboration, rng);
      if (this.words > ABSTRACT_WORDS.max) {
        this.words = before;
        if (before >= ABSTRACT_WORDS.min) break;
        continue;
      }
      body.splice(rng.int(body.length + 1), 0, extra);
    }

    const sentences = head.concat(body, tail);
    const breakAt = rng.chance(0.12) ? rng.between(2, sentences.length - 2) : -1;
    // Most arXiv abstracts are wrapped just under 80 columns; some authors wrap narrower.
    const width = rng.chance(0.8) ? 79 : rng.between(66, 78);
    return wrap(sentences, breakAt, width);
  }

  /** Renders a template of the group, avoiding repeats within the abstract (three tries). */
  private sentence(group: readonly CompiledTemplate[], rng: Rng): string {
    const { themed, used } = this;
    let template = rng.pick(group);
    for (let tries = 0; tries < 3 && ((template.themedOnly && !themed) || used.includes(template)); tries++) template = rng.pick(group);
    if (template.themedOnly && !themed) template = group.find((x) => !x.themedOnly)!;
    used.push(template);
    this.count.spaces = 0;
    const text = render(template.parts, this.slots, rng, this.count);
    this.words += this.count.spaces + 1;
    return text;
  }
}

const percent = (rng: Rng) => (0.5 + rng.float() * 12).toFixed(1);
const ratio = (rng: Rng) => (1.5 + rng.float() * 8.5).toFixed(1);
const score = (rng: Rng) => (20 + rng.float() * 75).toFixed(1);

/** One of `items` other than `avoid` when there is one (two draws at most, no loop). */
function pickOther(items: readonly string[], avoid: string, rng: Rng): string {
  const first = rng.pick(items);
  return first !== avoid ? first : (items.find((x) => x !== avoid) ?? first);
}

const overlapCache = new Map<string, Map<string, boolean>>();

/** Whether two phrases share a content word, to avoid "… for reinforcement learning in reinforcement learning". */
function overlaps(a: string, b: string): boolean {
  // The vocabulary is finite, so the answers are too: memoise them (nested maps, so no key strings are built).
  let row = overlapCache.get(a);
  if (!row) overlapCache.set(a, (row = new Map()));
  let answer = row.get(b);
  if (answer === undefined) {
    const words = new Set(a.toLowerCase().split(/[\s-]+/).filter((w) => w.length > 4));
    answer = b
      .toLowerCase()
      .split(/[\s-]+/)
      .some((w) => words.has(w));
    row.set(b, answer);
  }
  return answer;
}

/**
 * Greedy hard wrap at `width` columns; the paragraph starting at sentence `paragraphAt` (if any)
 * begins with "\n  ", the indentation arXiv keeps. Works on slices of one joined string and
 * joins once: building the text word by word makes deep string ropes that cost more to flatten
 * than the whole rest of a paper.
 */
function wrap(sentences: readonly string[], paragraphAt: number, width: number): string {
  if (paragraphAt <= 0) return wrapParagraph(sentences.join(' '), width, width).join('\n');
  const first = wrapParagraph(sentences.slice(0, paragraphAt).join(' '), width, width);
  const second = wrapParagraph(sentences.slice(paragraphAt).join(' '), width - 2, width);
  return `${first.join('\n')}\n  ${second.join('\n')}`;
}

/** Lines of at most `width` characters (`firstWidth` for the first), broken at spaces. */
function wrapParagraph(text: string, firstWidth: number, width: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let limit = firstWidth;
  while (text.length - start > limit) {
    let cut = text.lastIndexOf(' ', start + limit);
    // A word longer than the line (a URL) gets a line of its own.
    if (cut <= start) cut = text.indexOf(' ', start + limit);
    if (cut < 0) break;
    lines.push(text.slice(start, cut));
    start = cut + 1;
    limit = width;
  }
  lines.push(text.slice(start));
  return lines;
}

// ---- Tasks --------------------------------------------------------------------------------------

function drawTasks(area: Area, rng: Rng, model: Model): string[] {
  const tasks: string[] = [];
  for (let i = model.taskCount.pick(rng); i > 0; i--) {
    // About half follow the paper's area; the rest give the corpus-wide Zipf shape.
    const task = rng.chance(0.45) ? rng.pick(area.tasks) : model.tasks[model.taskZipf.sample(rng)]!;
    if (!tasks.includes(task)) tasks.push(task);
  }
  return tasks;
}

// ---- Code links ---------------------------------------------------------------------------------

interface CodeLink {
  repoUrl: string;
  isOfficial: boolean;
  mentionedInPaper: boolean;
  mentionedInGithub: boolean;
  framework: PwcFramework;
}

const FRAMEWORKS: PwcFramework[] = ['pytorch', 'tf', 'jax', 'mxnet', 'none'];
/** Framework shares by era: TensorFlow before 2017, PyTorch after, JAX from 2020. */
const FRAMEWORKS_BY_ERA = {
  early: new Weighted(FRAMEWORKS, [12, 45, 0, 5, 38]),
  middle: new Weighted(FRAMEWORKS, [52, 28, 1, 4, 15]),
  recent: new Weighted(FRAMEWORKS, [72, 7, 6, 1, 14]),
};
const frameworkFor = (year: number) => (year < 2017 ? FRAMEWORKS_BY_ERA.early : year < 2020 ? FRAMEWORKS_BY_ERA.middle : FRAMEWORKS_BY_ERA.recent);
const FRAMEWORK_SUFFIX: Record<PwcFramework, readonly string[]> = {
  pytorch: ['pytorch', 'PyTorch', 'torch'],
  tf: ['tensorflow', 'tf', 'TF'],
  jax: ['jax', 'flax', 'JAX'],
  mxnet: ['mxnet', 'gluon'],
  none: ['code', 'release', 'impl'],
};

/**
 * About `codeShare` of papers get 1–3 links: usually the official repository (named after the
 * method, under an author's account or a lab), plus community reimplementations and shared
 * monorepos. Repositories are Zipf-shared, so popular ones (an org's model zoo) link many papers.
 */
function drawCodeLinks(paper: PaperIdentity, codeShare: number, rng: Rng, model: Model): CodeLink[] {
  // Drawn unconditionally first, so that a paper's links do not depend on codeShare except
  // through this one comparison: raising codeShare only adds papers with code.
  const hasCode = rng.float() < codeShare;
  if (!hasCode) return [];
  const links: CodeLink[] = [];
  const seen = new Set<string>();
  const wanted = model.linkCount.pick(rng);
  for (let i = 0; i < wanted; i++) {
    const link = i === 0 && rng.chance(0.72) ? officialRepo(paper, rng, model) : rng.chance(0.45) ? sharedRepo(rng, model) : reimplementation(paper, rng, model);
    const key = link.repoUrl.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      links.push(link);
    }
  }
  return links;
}

function officialRepo(paper: PaperIdentity, rng: Rng, model: Model): CodeLink {
  const framework = frameworkFor(paper.year).pick(rng);
  const firstAuthor = paper.authors[0]!;
  // Keyed by the name, so an author has one login on all their papers.
  const owner = rng.chance(0.25) ? orgAccount(model.orgZipf.sample(rng)) : username(firstAuthor, stringHash(firstAuthor));
  const name = paper.methodName.replace(/[^A-Za-z0-9-]/g, '');
  const titleWords = asciiFold(paper.title).replace(/^[^:]*:\s*/, '').replace(/[^A-Za-z0-9 ]/g, '').split(' ').filter(Boolean).slice(0, 3);
  const repo = rng.pick([
    name,
    name,
    name.toLowerCase(),
    `${name}-${rng.pick(FRAMEWORK_SUFFIX[framework])}`,
    `${name}_official`,
    titleWords.join('-'),
    titleWords.join('').toLowerCase(),
  ]);
  return {
    repoUrl: `https://github.com/${owner}/${repo || 'code'}`,
    isOfficial: true,
    mentionedInPaper: rng.chance(0.8),
    mentionedInGithub: rng.chance(0.85),
    framework,
  };
}

function reimplementation(paper: PaperIdentity, rng: Rng, model: Model): CodeLink {
  const framework = frameworkFor(paper.year).pick(rng);
  // Reimplementers are people too: a Zipf population (a few reimplement hundreds of papers) with
  // names from the author generator, offset so they are not the corpus's top authors.
  const person = model.reimplementerZipf.sample(rng) + 17;
  const owner = username(authorName(person, model), hash32(person));
  const name = paper.methodName.replace(/[^A-Za-z0-9-]/g, '');
  const suffix = rng.pick(FRAMEWORK_SUFFIX[framework]);
  const repo = rng.pick([`${name}-${suffix}`, `${name.toLowerCase()}-${suffix.toLowerCase()}`, `${suffix}-${name}`, `${name}_${suffix}`, `${name}.${suffix}`, `${name}-reimplementation`, name]);
  return {
    repoUrl: `https://github.com/${owner}/${repo}`,
    isOfficial: false,
    mentionedInPaper: rng.chance(0.03),
    mentionedInGithub: rng.chance(0.9),
    framework,
  };
}

function sharedRepo(rng: Rng, model: Model): CodeLink {
  const rank = model.sharedRepoZipf.sample(rng);
  const repo = POPULAR_REPOS[rank] ?? generatedRepo(rank, model);
  let url = repo.url;
  // Real dumps spell some repositories in several cases; GitHub treats them as one.
  if (rng.chance(0.04)) url = url.toLowerCase();
  const isOfficial = rng.chance(0.15);
  return {
    repoUrl: `https://github.com/${url}`,
    isOfficial,
    mentionedInPaper: rng.chance(isOfficial ? 0.6 : 0.02),
    mentionedInGithub: rng.chance(0.5),
    framework: repo.framework,
  };
}

/** A shared repository below the famous head: a pure function of its rank. */
function generatedRepo(rank: number, model: Model): { url: string; framework: PwcFramework } {
  const h = hash32(rank ^ 0x1b873593);
  const owner = h % 3 === 0 ? orgAccount(hash32(h) % 500) : username(authorName(rank + 7_000_000, model), h);
  const a = NAME_PREFIXES[(h >>> 4) % NAME_PREFIXES.length]!;
  const b = PROJECT_WORDS[(h >>> 12) % PROJECT_WORDS.length]!;
  const c = NAME_SUFFIXES[(h >>> 20) % NAME_SUFFIXES.length]!;
  const framework = FRAMEWORKS_BY_ERA.recent.at(hash32(h + 5) / 4294967296);
  const name = [`${a}${c}`, `${a.toLowerCase()}-${b}`, `${framework === 'none' ? 'ml' : framework}-${a.toLowerCase()}-${b}`, `${a}${c}-${b}`][(h >>> 28) % 4]!;
  return { url: `${owner}/${name}`, framework };
}

/** Organisation accounts: known labs first (Zipf head), then generated "CUHK-Vision" style labs. */
function orgAccount(rank: number): string {
  if (rank < CODE_ORGS.length) return CODE_ORGS[rank]!;
  const i = rank - CODE_ORGS.length;
  const lab = `${UNIVERSITY_ACRONYMS[i % UNIVERSITY_ACRONYMS.length]}-${LAB_SUFFIXES[Math.floor(i / UNIVERSITY_ACRONYMS.length) % LAB_SUFFIXES.length]}`;
  return i % 3 === 0 ? lab.toLowerCase() : lab;
}

/** A GitHub login derived from a person's name, in the styles people use ("JiahuiYu", "jyu", "yu-jiahui"). */
function username(name: string, h: number): string {
  const parts = asciiFold(name).replace(/[^A-Za-z ]/g, '').split(' ').filter(Boolean);
  const given = parts[0] ?? 'user';
  const family = parts.at(-1) ?? 'dev';
  switch (h % 7) {
    case 0:
      return `${given}${family}`.toLowerCase();
    case 1:
      return `${given}${family}`;
    case 2:
      return `${given[0]}${family}`.toLowerCase();
    case 3:
      return `${family}${given}`.toLowerCase();
    case 4:
      return `${given}-${family}`.toLowerCase();
    case 5:
      return `${given.toLowerCase()}${10 + ((h >>> 8) % 90)}`;
    default:
      return `${given}${family[0]}`;
  }
}

// ---- Writing ------------------------------------------------------------------------------------

/*
 * JSON as Python's json.dump writes it with default arguments — one line, ", " and ": "
 * separators, non-ASCII escaped as \uXXXX — which we take to be how PwC produced its dumps (an
 * assumption: IMPORT-FORMATS.md gives records, not bytes). Escaping also makes every character
 * one byte. The serialisers are written out per record type, in the dumps' key order, because
 * a generic object walk cost more than generating the abstract.
 */

const NON_ASCII_ALL = /[\u007f-\uffff]/g;
/** Characters the fast path below does not handle: controls other than \n, and non-ASCII. */
const NEEDS_FULL_ESCAPE = /[\u0000-\u0009\u000b-\u001f\u007f-\uffff]/;
const escapeNonAscii = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

function jsonString(value: string): string {
  // Abstracts are hard-wrapped, and JSON.stringify takes its slow path for every "\n": three
  // native replaceAll passes are about three times faster on them.
  if (!NEEDS_FULL_ESCAPE.test(value)) return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
  // The escaped text is ASCII, but V8 keeps strings derived from a two-byte string ("Łukasz")
  // two-byte, and one such record would make its whole output chunk two-byte: re-encode.
  return Buffer.from(JSON.stringify(value).replace(NON_ASCII_ALL, escapeNonAscii), 'latin1').toString('latin1');
}

function jsonStrings(values: readonly string[]): string {
  let out = '';
  for (const value of values) out += out ? `, ${jsonString(value)}` : jsonString(value);
  return `[${out}]`;
}

/**
 * URLs, ids, dates, venue slugs and frameworks are built by this module from [A-Za-z0-9._:/?=-]
 * only, so they are quoted without escaping; the tests parse every record back.
 */
const plain = (value: string) => `"${value}"`;
const plainNullable = (value: string | null) => (value === null ? 'null' : `"${value}"`);

export function paperToJson(p: PwcPaper): string {
  return `{"paper_url": ${plain(p.paper_url)}, "arxiv_id": ${plainNullable(p.arxiv_id)}, "title": ${jsonString(p.title)}, "abstract": ${jsonString(p.abstract)}, "url_abs": ${plain(p.url_abs)}, "url_pdf": ${plain(p.url_pdf)}, "proceeding": ${plainNullable(p.proceeding)}, "authors": ${jsonStrings(p.authors)}, "tasks": ${jsonStrings(p.tasks)}, "date": ${plain(p.date)}, "methods": []}`;
}

export function linkToJson(l: PwcLink): string {
  return `{"paper_url": ${plain(l.paper_url)}, "paper_title": ${jsonString(l.paper_title)}, "paper_arxiv_id": ${plainNullable(l.paper_arxiv_id)}, "paper_url_abs": ${plain(l.paper_url_abs)}, "paper_url_pdf": ${plain(l.paper_url_pdf)}, "repo_url": ${plain(l.repo_url)}, "is_official": ${l.is_official}, "mentioned_in_paper": ${l.mentioned_in_paper}, "mentioned_in_github": ${l.mentioned_in_github}, "framework": ${plain(l.framework)}}`;
}

/** Output is written in chunks of about this many bytes. */
const CHUNK_BYTES = 1 << 18;

/**
 * Serialised records encoded to bytes the moment they are made. The JSON is ASCII, so one byte
 * per character. Measured, this matters: records waiting in a list for their chunk outlive V8's
 * young generation, and the old-generation collections that follow cost more CPU (on GC threads)
 * than the encoding.
 */
class AsciiChunk {
  private bytes: Buffer<ArrayBuffer>;
  length = 0;

  constructor(capacity: number) {
    // allocUnsafeSlow: a buffer of its own (never a slice of Node's shared pool), so it can be
    // transferred to another thread.
    this.bytes = Buffer.allocUnsafeSlow(capacity);
  }

  append(text: string): void {
    if (this.length + text.length > this.bytes.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.bytes.length, this.length + text.length));
      this.bytes.copy(bigger, 0, 0, this.length);
      this.bytes = bigger;
    }
    this.length += this.bytes.write(text, this.length, 'latin1');
  }

  /** The bytes written so far: a view, valid until the chunk is appended to again. */
  view(): Buffer<ArrayBuffer> {
    return this.bytes.subarray(0, this.length);
  }
}

interface WrittenFile {
  records: number;
  bytes: number;
}

/**
 * A top-level JSON array streamed to a file, in chunks; `flush` waits for 'drain' whenever the
 * stream's buffer is full, so memory stays bounded however fast records come.
 */
class JsonArrayWriter {
  private chunk = new AsciiChunk(CHUNK_BYTES + (CHUNK_BYTES >> 2));
  private records = 0;

  private constructor(
    private readonly path: string,
    private readonly sink: Writable,
    private readonly done: Promise<void>,
  ) {
    this.chunk.append('[');
  }

  static open(path: string, gzip: boolean): JsonArrayWriter {
    const file = createWriteStream(path);
    const compressor = gzip ? createGzip() : null;
    const done = compressor ? pipeline(compressor, file) : finished(file);
    // Attach a handler now: a write error may reject `done` before anyone awaits it.
    done.catch(() => {});
    return new JsonArrayWriter(path, compressor ?? file, done);
  }

  /** Adds one serialised record. Returns true when `flush` is due. */
  push(json: string): boolean {
    if (this.records++) this.chunk.append(', ');
    this.chunk.append(json);
    return this.chunk.length >= CHUNK_BYTES;
  }

  async flush(): Promise<void> {
    if (!this.chunk.length) return;
    const bytes = this.chunk.view();
    // A new chunk each time: the stream (or gzip) may still hold the previous one.
    this.chunk = new AsciiChunk(CHUNK_BYTES + (CHUNK_BYTES >> 2));
    await this.write(bytes);
  }

  /** Adds `count` records already serialised, joined with ", " and encoded (a worker's block). */
  async pushBytes(bytes: Uint8Array, count: number): Promise<void> {
    if (count === 0) return;
    if (this.records) this.chunk.append(', ');
    await this.flush(); // what came before, in order
    this.records += count;
    await this.write(bytes);
  }

  async close(): Promise<WrittenFile> {
    this.chunk.append(']');
    this.sink.end(this.chunk.view());
    await this.done;
    return { records: this.records, bytes: (await stat(this.path)).size };
  }

  private async write(bytes: Uint8Array): Promise<void> {
    if (!this.sink.write(bytes)) await Promise.race([once(this.sink, 'drain'), this.done]);
  }
}

async function writeJsonArray<T>(path: string, records: Iterable<T>, toJson: (record: T) => string, gzip: boolean): Promise<WrittenFile> {
  const writer = JsonArrayWriter.open(path, gzip);
  for (const record of records) if (writer.push(toJson(record))) await writer.flush();
  return writer.close();
}

interface CorpusReport {
  papersFile: string;
  linksFile: string;
  papers: WrittenFile;
  links: WrittenFile;
  /** Threads that generated papers. */
  workers: number;
}

/** Below this many papers, starting threads (each compiles the module and trains the chains) costs more than it saves. */
const PARALLEL_MIN_PAPERS = 50_000;

async function writeCorpusFiles(dir: string, options: CorpusOptions & WriteOptions): Promise<CorpusReport> {
  const { gzip = false, workers: requested, ...corpus } = options;
  const o = resolveOptions(corpus); // fail before creating anything
  const workers = requested ?? (o.papers >= PARALLEL_MIN_PAPERS ? availableParallelism() : 1);
  if (!Number.isSafeInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  await mkdir(dir, { recursive: true });
  const extension = gzip ? '.json.gz' : '.json';
  const papersFile = join(dir, PAPERS_FILE + extension);
  const linksFile = join(dir, LINKS_FILE + extension);
  if (workers === 1) {
    const papers = await writeJsonArray(papersFile, paperRecords(o, getModel()), paperToJson, gzip);
    const links = await writeJsonArray(linksFile, generateLinks(o), linkToJson, gzip);
    return { papersFile, linksFile, papers, links, workers };
  }
  const crew = new Set<Worker>();
  try {
    const [papers, links] = await Promise.all([writePapersInParallel(papersFile, o, gzip, workers, crew), writeLinksInWorker(linksFile, o, gzip, crew)]);
    return { papersFile, linksFile, papers, links, workers };
  } catch (error) {
    // One failed thread fails the write: stop the others rather than let them run on.
    await Promise.all([...crew].map((w) => w.terminate()));
    throw error;
  }
}

// ---- Worker threads -----------------------------------------------------------------------------
//
// Papers are cut into blocks dealt round-robin to the workers. Each worker runs the identity pass
// over *all* papers (titles and slugs only for the others' blocks: the state that numbers and
// disambiguates papers is sequential) and builds records for its own blocks; the main thread
// writes blocks in order. A worker may run at most BLOCKS_IN_FLIGHT blocks ahead of the writer.

/** Papers per block: ~4 MB of JSON. */
const BLOCK_PAPERS = 2048;
const BLOCKS_IN_FLIGHT = 4;
const WORKER_ENTRY = new URL('./generate-pwc.worker.mjs', import.meta.url);

type WorkerTask =
  | { kind: 'papers'; options: ResolvedOptions; worker: number; workers: number }
  | { kind: 'links'; options: ResolvedOptions; path: string; gzip: boolean };

type WorkerMessage = { kind: 'block'; block: number; bytes: Uint8Array<ArrayBuffer>; records: number } | { kind: 'done'; file: WrittenFile };

/** Entry point of generate-pwc.worker.mjs. Not for other callers. */
export async function runWorkerTask(task: WorkerTask, port: MessagePort): Promise<void> {
  const post = (message: WorkerMessage) => port.postMessage(message);
  if (task.kind === 'links') {
    post({ kind: 'done', file: await writeJsonArray(task.path, generateLinks(task.options), linkToJson, task.gzip) });
    return;
  }
  let credits = BLOCKS_IN_FLIGHT;
  let wake: (() => void) | null = null;
  const onCredit = () => {
    credits++;
    wake?.();
  };
  port.on('message', onCredit);
  const { worker, workers } = task;
  const owns = (index: number) => Math.floor(index / BLOCK_PAPERS) % workers === worker;
  const newChunk = () => new AsciiChunk(BLOCK_PAPERS * 2600);
  let chunk = newChunk();
  let records = 0;
  let produced = 0;
  const send = async () => {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    // Encoded here and transferred, not copied: the writer thread only writes bytes.
    const bytes = chunk.view();
    // Blocks are dealt round-robin, so this worker's k-th block is block worker + k·workers.
    const block = worker + Math.floor((produced - 1) / BLOCK_PAPERS) * workers;
    port.postMessage({ kind: 'block', block, bytes, records } satisfies WorkerMessage, [bytes.buffer]);
    chunk = newChunk();
    records = 0;
  };
  for (const paper of paperRecords(task.options, getModel(), owns)) {
    if (records++) chunk.append(', ');
    chunk.append(paperToJson(paper));
    produced++;
    if (records === BLOCK_PAPERS) await send();
  }
  if (records) await send();
  // Without listeners the port no longer keeps the thread alive: it exits when this returns.
  port.off('message', onCredit);
}

/** Starts a worker, registered in `crew` while it runs. `exited` rejects if it fails. */
function startWorker(task: WorkerTask, crew: Set<Worker>): { worker: Worker; exited: Promise<void> } {
  const worker = new Worker(WORKER_ENTRY, { workerData: task });
  crew.add(worker);
  const exited = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => {
      crew.delete(worker);
      if (code === 0) resolve();
      else reject(new Error(`generator worker exited with code ${code}`));
    });
  });
  exited.catch(() => {});
  return { worker, exited };
}

async function writeLinksInWorker(path: string, o: ResolvedOptions, gzip: boolean, crew: Set<Worker>): Promise<WrittenFile> {
  const { worker, exited } = startWorker({ kind: 'links', options: o, path, gzip }, crew);
  let file: WrittenFile | undefined;
  worker.on('message', (message: WorkerMessage) => {
    if (message.kind === 'done') file = message.file;
  });
  await exited;
  if (!file) throw new Error('links worker finished without reporting');
  return file;
}

async function writePapersInParallel(path: string, o: ResolvedOptions, gzip: boolean, workers: number, crew: Set<Worker>): Promise<WrittenFile> {
  const pool = Array.from({ length: workers }, (_, worker) => startWorker({ kind: 'papers', options: o, worker, workers }, crew));
  const arrived = new Map<number, { bytes: Uint8Array; records: number }>();
  let waiting: { block: number; resolve: () => void } | null = null;
  for (const { worker } of pool) {
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind !== 'block') return;
      arrived.set(message.block, message);
      if (waiting?.block === message.block) waiting.resolve();
    });
  }
  // A crashed worker fails the whole write instead of leaving the writer waiting forever.
  const failed = Promise.all(pool.map((p) => p.exited)).then(() => new Promise<never>(() => {}));
  const writer = JsonArrayWriter.open(path, gzip);
  const blocks = Math.ceil(o.papers / BLOCK_PAPERS);
  for (let block = 0; block < blocks; block++) {
    if (!arrived.has(block)) await Promise.race([new Promise<void>((resolve) => (waiting = { block, resolve })), failed]);
    const { bytes, records } = arrived.get(block)!;
    arrived.delete(block);
    await writer.pushBytes(bytes, records);
    // Written: its worker may produce one more block.
    pool[block % workers]!.worker.postMessage('credit');
  }
  const file = await writer.close();
  await Promise.all(pool.map((p) => p.exited));
  return file;
}

// ---- CLI ----------------------------------------------------------------------------------------

const USAGE = 'usage: npx tsx bench/generate-pwc.ts --papers N --out DIR [--seed S] [--gzip] [--code-share 0..1] [--workers N]';

function parseNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/_/g, ''));
  if (text.trim() === '' || !Number.isFinite(value)) throw new RangeError(`--${flag} must be a number, got "${text}"`);
  return value;
}

const formatBytes = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`);

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      papers: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      gzip: { type: 'boolean', default: false },
      'code-share': { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const papers = parseNumber('papers', values.papers);
  if (papers === undefined || !values.out) throw new RangeError(USAGE);
  const options = {
    papers,
    seed: parseNumber('seed', values.seed),
    codeShare: parseNumber('code-share', values['code-share']),
    workers: parseNumber('workers', values.workers),
    gzip: values.gzip,
  };

  const started = performance.now();
  const report = await writeCorpusFiles(resolve(values.out), options);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${report.papersFile}: ${report.papers.records.toLocaleString('en')} papers, ${formatBytes(report.papers.bytes)}`);
  console.log(`${report.linksFile}: ${report.links.records.toLocaleString('en')} links, ${formatBytes(report.links.bytes)}`);
  const threads = report.workers === 1 ? '1 thread' : `${report.workers} paper threads + 1 links thread`;
  console.log(`total ${formatBytes(report.papers.bytes + report.links.bytes)} in ${seconds.toFixed(1)} s (${Math.round(papers / seconds).toLocaleString('en')} papers/s, ${threads})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = error instanceof RangeError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  });
}
