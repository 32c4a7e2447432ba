/**
 * Rule-based topic tagger. The taxonomy (seed/taxonomy.json) holds, for every topic, groups of
 * weighted phrases; a paper gets a topic when the weighted evidence found in its title and
 * abstract reaches the topic's threshold. Rules are data so that a user can edit and re-apply them
 * without touching code; this module only defines what the rule language means.
 *
 * Matching works on word tokens, not on raw regular expressions: text and patterns go through the
 * same normalisation (lower case, accents stripped, British spellings and plurals folded), and all
 * patterns of all topics are compiled once into a single token trie. Tagging a paper is then one
 * pass over its tokens, which is what keeps a million-paper import cheap.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SpanTable } from './span-table.ts';

/** Where the bundled taxonomy lives, independent of the process's working directory. */
export const DEFAULT_TAXONOMY_PATH: string = fileURLToPath(new URL('../../seed/taxonomy.json', import.meta.url));

/**
 * One concept of a topic's vocabulary: its spellings, abbreviations and close synonyms, and how
 * strongly it indicates the topic. Repeats of a concept decay together, so listing "GP" next to
 * "gaussian process" does not count the same idea twice at full weight.
 */
export interface TermGroup {
  /** Evidence contributed by one abstract mention, relative to the threshold. 0 = shadow phrase. */
  weight: number;
  /** Patterns: words separated by spaces; see the `$comment` of seed/taxonomy.json. */
  match: string[];
  /** An occurrence is ignored when any of these words is within `window` tokens of it. */
  unless?: string[];
  /** An occurrence only counts when one of these words is within `window` tokens of it. */
  requires?: string[];
  /** Tokens either side searched by `unless` / `requires`; defaults to `scoring.window`. */
  window?: number;
}

export interface TaxonomyTopic {
  slug: string;
  name: string;
  parent: string | null;
  description: string;
  /** Evidence needed for an assignment; defaults to `scoring.threshold`. */
  threshold?: number;
  /** The topic's vocabulary. A topic with no terms is never inferred, only assigned by sources. */
  terms: TermGroup[];
}

export interface CueOptions {
  cues: string[];
  factor: number;
}

export interface ScoringOptions {
  /** Default evidence needed for an assignment. */
  threshold: number;
  /** An occurrence in the title counts this many times an abstract occurrence. */
  titleWeight: number;
  /** Each further occurrence of a concept counts this fraction of the previous one. */
  repeatDecay: number;
  /**
   * Within one sentence, each further match for the same topic counts this fraction of the
   * previous one: a sentence listing "recognition, segmentation and medical imaging" as fields
   * where CNNs are used is one statement, not three pieces of evidence.
   */
  sentenceDecay: number;
  /** Default context window (tokens either side) for `unless` / `requires`. */
  window: number;
  /** Phrases marking a sentence that states the paper's own subject ("we propose"). */
  focus: CueOptions;
  /** Phrases opening a sentence about other work ("Unlike ...", "In contrast to ..."). */
  background: CueOptions;
  /**
   * Words that make what follows them a comparison ("outperforms LoRA", "faster than SGD"): a term
   * up to `window` tokens after such a word, in the same clause, counts `factor` times.
   */
  contrast: CueOptions & { window: number };
}

export interface Taxonomy {
  version: number;
  /** Omitted fields take the defaults in `DEFAULT_SCORING`. */
  scoring?: Partial<ScoringOptions>;
  /** Named word lists, referenced from `unless` / `requires` as `@name`. */
  contexts?: Record<string, string[]>;
  topics: TaxonomyTopic[];
}

export interface TopicAssignment {
  slug: string;
  /** 0 < score <= 1; 0.5 at the threshold, approaching 1 as evidence accumulates. */
  score: number;
  /** The matched terms as they appear in the text, lower-cased, most important first. */
  evidence: string[];
}

export type TopicTagger = (paper: { title: string; abstract: string }) => TopicAssignment[];

export const DEFAULT_SCORING: ScoringOptions = {
  threshold: 1,
  titleWeight: 2,
  repeatDecay: 0.5,
  sentenceDecay: 1,
  window: 4,
  focus: { cues: [], factor: 1 },
  background: { cues: [], factor: 1 },
  contrast: { cues: [], factor: 1, window: 3 },
};

/** More than this many evidence strings per assignment is noise for a reader. */
const MAX_EVIDENCE = 8;
/** Shorter wildcard stems ("a*") would match most of the vocabulary. */
const MIN_WILDCARD_CHARS = 3;
const MAX_WEIGHT = 5;
const MAX_WINDOW = 50;

// ---------------------------------------------------------------------------------------------
// Normalisation shared by text and patterns. Any deterministic folding is safe as long as both
// sides go through it, so these rules aim at recall (spelling variants meet) and never need to
// produce real English stems.

const IRREGULAR_PLURALS = new Map([
  ['matrices', 'matrix'],
  ['indices', 'index'],
  ['vertices', 'vertex'],
  ['analyses', 'analysis'],
  ['hypotheses', 'hypothesis'],
]);

/** Folds one lower-case word: British -ise/-our/-ll- spellings to American, then plurals. */
export function stemWord(word: string): string {
  if (word.length < 3) return word;
  const irregular = IRREGULAR_PLURALS.get(word);
  if (irregular) return irregular;
  let w = word;
  if (w.length > 5) {
    // optimisation -> optimization, neighbour -> neighbor, modelling -> modeling
    w = w
      .replace(/is(e|es|ed|er|ers|ing|ation|ations)$/, 'iz$1')
      .replace(/([a-z]{3})our(s?)$/, '$1or$2')
      .replace(/([a-z]{2}[^l])ll(ing|ed|er|ers)$/, '$1l$2');
  }
  if (w.charCodeAt(w.length - 1) !== 115 /* s */) return w;
  if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  return w.slice(0, -1);
}

/** Case-preserving form for acronyms: only a lower-case plural "s" goes ("GPs" -> "GP", "GPS" stays). */
function acronymForm(word: string): string {
  if (word.length > 2 && word.endsWith('s')) {
    const before = word.charCodeAt(word.length - 2);
    if ((before >= 65 && before <= 90) || (before >= 48 && before <= 57)) return word.slice(0, -1);
  }
  return word;
}

/** "GP", "SSM", "ANNS", "SE": two or more letters, all upper case. Matched case-sensitively. */
function isAcronym(word: string): boolean {
  let letters = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) letters++;
  }
  return letters >= 2;
}

/** Strips accents and compatibility forms so "Nyström" meets "nystrom" and "ﬁ" meets "fi". */
function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** Characters that folding could turn into word characters: anything non-ASCII but spaces and punctuation. */
function mayFold(c: number): boolean {
  return c >= 128 && c !== 0xa0 && !(c >= 0x2000 && c <= 0x206f);
}

// ---------------------------------------------------------------------------------------------
// Patterns

type WordSpec =
  | { kind: 'exact'; value: string; acronym: string | null }
  | { kind: 'prefix' | 'suffix' | 'contains'; value: string };

function wildMatches(spec: WordSpec, token: string): boolean {
  switch (spec.kind) {
    case 'prefix': return token.startsWith(spec.value);
    case 'suffix': return token.endsWith(spec.value);
    case 'contains': return token.includes(spec.value);
    default: return token === spec.value;
  }
}

/** Parses one pattern word; `where` names it for error messages. */
function parseWord(word: string, where: string): WordSpec {
  const lead = word.startsWith('*');
  const trail = word.endsWith('*') && word.length > 1;
  const core = word.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (core.includes('*')) throw new Error(`${where}: "*" may only start or end a word`);
  if (!/^[A-Za-z0-9]+$/.test(core)) throw new Error(`${where}: "${word}" is not a word`);
  if (!lead && !trail) {
    return { kind: 'exact', value: stemWord(core.toLowerCase()), acronym: isAcronym(core) ? acronymForm(core) : null };
  }
  if (core.length < MIN_WILDCARD_CHARS) {
    throw new Error(`${where}: wildcard "${word}" needs at least ${MIN_WILDCARD_CHARS} letters besides "*"`);
  }
  // Wildcards match normalised tokens, so their letters are lower-cased but not stemmed.
  const value = core.toLowerCase();
  // "*lora" matches words ending in "lora", "quantiz*" words starting with "quantiz".
  return { kind: lead && trail ? 'contains' : lead ? 'suffix' : 'prefix', value };
}

/**
 * Expands a pattern into the token sequences it matches. Words are split like text is; a hyphen
 * inside a pattern word also matches the closed compound, so "fine-tuning" matches "fine-tuning",
 * "fine tuning" and "finetuning".
 */
function compilePattern(pattern: string, where = `pattern "${pattern}"`): WordSpec[][] {
  const folded = foldAccents(pattern).trim();
  if (!folded) throw new Error(`${where}: empty pattern`);
  let alternatives: WordSpec[][] = [[]];
  for (const chunk of folded.split(/\s+/)) {
    const parts = chunk.split(/[-\u2010\u2011\u2013/()[\]]+/).filter(Boolean);
    if (!parts.length) throw new Error(`${where}: "${chunk}" has no letters or digits`);
    const variants = [parts.map((p) => parseWord(p, where))];
    if (parts.length > 1 && /[-\u2010\u2011\u2013]/.test(chunk)) {
      const joined = parts.join('');
      if (!joined.slice(1, -1).includes('*')) variants.push([parseWord(joined, where)]);
    }
    alternatives = alternatives.flatMap((prefix) => variants.map((v) => [...prefix, ...v]));
  }
  return alternatives;
}

// ---------------------------------------------------------------------------------------------
// Word lists (context, cues)

interface WordSet {
  exact: Set<string>;
  wild: WordSpec[];
}

function compileWordSet(words: readonly string[], contexts: Record<string, string[]>, where: string): WordSet {
  const set: WordSet = { exact: new Set(), wild: [] };
  const add = (word: string, from: string) => {
    const specs = compilePattern(word, `${from}: word "${word}"`);
    if (specs.length !== 1 || specs[0]!.length !== 1) {
      throw new Error(`${from}: "${word}" must be a single word (context words are matched one token at a time)`);
    }
    const spec = specs[0]![0]!;
    if (spec.kind === 'exact') set.exact.add(spec.value);
    else set.wild.push(spec);
  };
  for (const word of words) {
    if (word.startsWith('@')) {
      const list = contexts[word.slice(1)];
      if (!list) throw new Error(`${where}: unknown context "${word}" (define it under "contexts")`);
      for (const w of list) add(w, `${where}: context "${word}"`);
    } else {
      add(word, where);
    }
  }
  return set;
}

function inWordSet(set: WordSet, token: string): boolean {
  if (set.exact.has(token)) return true;
  for (const spec of set.wild) if (wildMatches(spec, token)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Validation

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Unknown keys are errors so that a misspelt "unles" cannot silently disable a rule. "$..." keys are comments. */
function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!key.startsWith('$') && !allowed.includes(key)) {
      throw new Error(`${where}: unknown field "${key}" (expected one of: ${allowed.join(', ')})`);
    }
  }
}

function num(value: unknown, where: string, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new Error(`${where} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function str(value: unknown, where: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && !value.trim())) {
    throw new Error(`${where} must be a ${allowEmpty ? '' : 'non-empty '}string`);
  }
  return value;
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.length) throw new Error(`${where} must be a non-empty array of strings`);
  return value.map((v, i) => str(v, `${where}[${i}]`));
}

function parseCues(value: unknown, where: string, withWindow: boolean): Partial<CueOptions & { window: number }> {
  if (!isRecord(value)) throw new Error(`${where} must be an object`);
  checkKeys(value, withWindow ? ['cues', 'factor', 'window'] : ['cues', 'factor'], where);
  return {
    ...(value.cues !== undefined && { cues: strings(value.cues, `${where}.cues`) }),
    ...(value.factor !== undefined && { factor: num(value.factor, `${where}.factor`, 0, MAX_WEIGHT) }),
    ...(withWindow && value.window !== undefined && { window: num(value.window, `${where}.window`, 1, MAX_WINDOW, true) }),
  };
}

function parseScoring(value: unknown): Partial<ScoringOptions> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new Error('taxonomy: "scoring" must be an object');
  checkKeys(
    value,
    ['threshold', 'titleWeight', 'repeatDecay', 'sentenceDecay', 'window', 'focus', 'background', 'contrast'],
    'taxonomy: scoring',
  );
  const s: Partial<ScoringOptions> = {};
  if (value.threshold !== undefined) s.threshold = num(value.threshold, 'taxonomy: scoring.threshold', 0.001, 100);
  if (value.titleWeight !== undefined) s.titleWeight = num(value.titleWeight, 'taxonomy: scoring.titleWeight', 0, 10);
  if (value.repeatDecay !== undefined) s.repeatDecay = num(value.repeatDecay, 'taxonomy: scoring.repeatDecay', 0, 1);
  if (value.sentenceDecay !== undefined) s.sentenceDecay = num(value.sentenceDecay, 'taxonomy: scoring.sentenceDecay', 0, 1);
  if (value.window !== undefined) s.window = num(value.window, 'taxonomy: scoring.window', 1, MAX_WINDOW, true);
  if (value.focus !== undefined) s.focus = { ...DEFAULT_SCORING.focus, ...parseCues(value.focus, 'taxonomy: scoring.focus', false) };
  if (value.background !== undefined) {
    s.background = { ...DEFAULT_SCORING.background, ...parseCues(value.background, 'taxonomy: scoring.background', false) };
  }
  if (value.contrast !== undefined) {
    s.contrast = { ...DEFAULT_SCORING.contrast, ...parseCues(value.contrast, 'taxonomy: scoring.contrast', true) };
  }
  return s;
}

function parseTermGroup(value: unknown, where: string): TermGroup {
  if (!isRecord(value)) throw new Error(`${where} must be an object with "weight" and "match"`);
  checkKeys(value, ['weight', 'match', 'unless', 'requires', 'window'], where);
  const group: TermGroup = {
    weight: num(value.weight, `${where}.weight`, 0, MAX_WEIGHT),
    match: strings(value.match, `${where}.match`),
  };
  if (value.unless !== undefined) group.unless = strings(value.unless, `${where}.unless`);
  if (value.requires !== undefined) group.requires = strings(value.requires, `${where}.requires`);
  if (value.window !== undefined) group.window = num(value.window, `${where}.window`, 1, MAX_WINDOW, true);
  return group;
}

/**
 * Validates a taxonomy read from JSON. Errors name the topic and field at fault. Patterns and
 * context references are compiled here too, so a taxonomy that parses is one that can tag.
 */
export function parseTaxonomy(json: unknown): Taxonomy {
  if (!isRecord(json)) throw new Error('taxonomy: expected a JSON object with "version" and "topics"');
  checkKeys(json, ['version', 'scoring', 'contexts', 'topics'], 'taxonomy');
  const version = num(json.version, 'taxonomy: "version"', 1, Number.MAX_SAFE_INTEGER, true);
  const scoring = parseScoring(json.scoring);

  const contexts: Record<string, string[]> = {};
  if (json.contexts !== undefined) {
    if (!isRecord(json.contexts)) throw new Error('taxonomy: "contexts" must be an object of word lists');
    for (const [name, words] of Object.entries(json.contexts)) {
      if (name.startsWith('$')) continue;
      contexts[name] = strings(words, `taxonomy: contexts.${name}`);
    }
  }

  if (!Array.isArray(json.topics) || !json.topics.length) throw new Error('taxonomy: "topics" must be a non-empty array');
  const topics: TaxonomyTopic[] = json.topics.map((raw, i) => {
    const label = isRecord(raw) && typeof raw.slug === 'string' ? `topic "${raw.slug}"` : `topics[${i}]`;
    const where = `taxonomy: ${label}`;
    if (!isRecord(raw)) throw new Error(`${where} must be an object`);
    checkKeys(raw, ['slug', 'name', 'parent', 'description', 'threshold', 'terms'], where);
    const slug = str(raw.slug, `${where}: "slug"`);
    if (!SLUG.test(slug)) throw new Error(`${where}: slug must be lower-case words joined by hyphens`);
    if (raw.parent !== null && typeof raw.parent !== 'string') throw new Error(`${where}: "parent" must be a topic slug or null`);
    const terms = raw.terms === undefined ? [] : raw.terms;
    if (!Array.isArray(terms)) throw new Error(`${where}: "terms" must be an array of term groups`);
    return {
      slug,
      name: str(raw.name, `${where}: "name"`),
      parent: raw.parent,
      description: str(raw.description, `${where}: "description"`, true),
      ...(raw.threshold !== undefined && { threshold: num(raw.threshold, `${where}: "threshold"`, 0.001, 100) }),
      terms: terms.map((g, j) => parseTermGroup(g, `${where}: terms[${j}]`)),
    };
  });

  const bySlug = new Map<string, TaxonomyTopic>();
  for (const topic of topics) {
    if (bySlug.has(topic.slug)) throw new Error(`taxonomy: duplicate topic slug "${topic.slug}"`);
    bySlug.set(topic.slug, topic);
  }
  for (const topic of topics) {
    if (topic.parent === null) continue;
    if (!bySlug.has(topic.parent)) throw new Error(`taxonomy: topic "${topic.slug}": parent "${topic.parent}" is not a topic slug`);
    // Walk up; a chain longer than the topic count can only be a cycle.
    let p: string | null = topic.parent;
    for (let steps = 0; p !== null; steps++) {
      if (p === topic.slug || steps > topics.length) throw new Error(`taxonomy: topic "${topic.slug}": parent chain forms a cycle`);
      p = bySlug.get(p)!.parent;
    }
  }

  const taxonomy: Taxonomy = { version, scoring, contexts, topics };
  compileTaxonomy(taxonomy); // throws on bad patterns or context references
  return taxonomy;
}

/** Reads and validates a taxonomy file; errors are prefixed with the path. */
export function loadTaxonomy(path: string): Taxonomy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return parseTaxonomy(json);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
}

// ---------------------------------------------------------------------------------------------
// Compilation

interface CompiledGroup {
  topic: number;
  weight: number;
  unless: WordSet | null;
  requires: WordSet | null;
  window: number;
}

interface Terminal {
  group: number;
  /** Expected acronym form per token of the match, or null where case does not matter. */
  acronyms: (string | null)[] | null;
}

interface TrieNode {
  exact: Map<string, TrieNode>;
  wild: { spec: WordSpec; node: TrieNode }[];
  terminals: Terminal[];
}

interface Compiled {
  scoring: ScoringOptions;
  topics: { slug: string; threshold: number }[];
  groups: CompiledGroup[];
  root: TrieNode;
  focusCues: Map<string, string[][]>;
  backgroundCues: Map<string, string[][]>;
  contrast: WordSet;
}

const newNode = (): TrieNode => ({ exact: new Map(), wild: [], terminals: [] });

function sameSpec(a: WordSpec, b: WordSpec): boolean {
  return a.kind === b.kind && a.value === b.value;
}

/** Cue phrases indexed by their first word. */
function compileCues(cues: readonly string[], where: string): Map<string, string[][]> {
  const byFirst = new Map<string, string[][]>();
  for (const cue of cues) {
    for (const words of compilePattern(cue, `${where} "${cue}"`)) {
      const seq = words.map((w) => {
        if (w.kind !== 'exact') throw new Error(`${where} "${cue}" may not use wildcards`);
        return w.value;
      });
      const list = byFirst.get(seq[0]!) ?? [];
      list.push(seq);
      byFirst.set(seq[0]!, list);
    }
  }
  return byFirst;
}

function compileTaxonomy(taxonomy: Taxonomy): Compiled {
  const scoring: ScoringOptions = { ...DEFAULT_SCORING, ...taxonomy.scoring };
  const contexts = taxonomy.contexts ?? {};
  const root = newNode();
  const groups: CompiledGroup[] = [];

  taxonomy.topics.forEach((topic, topicIndex) => {
    topic.terms.forEach((group, groupIndex) => {
      const where = `taxonomy: topic "${topic.slug}": terms[${groupIndex}]`;
      const id = groups.length;
      groups.push({
        topic: topicIndex,
        weight: group.weight,
        unless: group.unless ? compileWordSet(group.unless, contexts, `${where}.unless`) : null,
        requires: group.requires ? compileWordSet(group.requires, contexts, `${where}.requires`) : null,
        window: group.window ?? scoring.window,
      });
      for (const pattern of group.match) {
        for (const words of compilePattern(pattern, `${where}: pattern "${pattern}"`)) {
          let node = root;
          for (const spec of words) {
            if (spec.kind === 'exact') {
              let next = node.exact.get(spec.value);
              if (!next) node.exact.set(spec.value, (next = newNode()));
              node = next;
            } else {
              let edge = node.wild.find((e) => sameSpec(e.spec, spec));
              if (!edge) node.wild.push((edge = { spec, node: newNode() }));
              node = edge.node;
            }
          }
          const acronyms = words.map((w) => (w.kind === 'exact' ? w.acronym : null));
          node.terminals.push({ group: id, acronyms: acronyms.some((a) => a !== null) ? acronyms : null });
        }
      }
    });
  });

  return {
    scoring,
    topics: taxonomy.topics.map((t) => ({ slug: t.slug, threshold: t.threshold ?? scoring.threshold })),
    groups,
    root,
    focusCues: compileCues(scoring.focus.cues, 'taxonomy: scoring.focus cue'),
    backgroundCues: compileCues(scoring.background.cues, 'taxonomy: scoring.background cue'),
    contrast: compileWordSet(scoring.contrast.cues, contexts, 'taxonomy: scoring.contrast.cues'),
  };
}

// ---------------------------------------------------------------------------------------------
// Tagging

/** What the tagger knows about a word form, computed once per distinct form. */
interface LexEntry {
  norm: string;
  /** Trie nodes reached from the root by this word alone (exact and wildcard edges). */
  roots: TrieNode[];
  isContrastCue: boolean;
  /** Whether a focus / background cue phrase starts with this word (checked in full only then). */
  startsFocusCue: boolean;
  startsBackgroundCue: boolean;
  /** The word as written, and the Lexicon's hash of it: what a look-up compares. */
  surface: string;
  hash: number;
}

/**
 * Memo of word forms, keyed by the form as written. Scientific vocabulary repeats heavily across
 * papers, so after a few thousand papers almost every token skips stemming and the root-level
 * wildcard scan. The tokenizer looks a word up by its position in the text, with a hash computed
 * while scanning it (span-table.ts): no substring is allocated and no string re-hashed for words
 * already seen, which was most of the tagging time. Started over rather than evicted when full:
 * simpler, and refilling is cheap.
 */
class Lexicon {
  static readonly MAX_ENTRIES = 1 << 18;
  private readonly table: SpanTable<LexEntry>;

  constructor(private readonly c: Compiled) {
    this.table = new SpanTable((surface, hash) => this.describe(surface, hash), Lexicon.MAX_ENTRIES);
  }

  /** The entry for `text.slice(start, end)`, whose hash (see `tokenizeInto`) is `hash`. */
  get(text: string, start: number, end: number, hash: number): LexEntry {
    return this.table.get(text, start, end, hash);
  }

  private describe(surface: string, hash: number): LexEntry {
    const { c } = this;
    const norm = stemWord(surface.toLowerCase());
    const roots: TrieNode[] = [];
    const exact = c.root.exact.get(norm);
    if (exact) roots.push(exact);
    for (const edge of c.root.wild) if (wildMatches(edge.spec, norm)) roots.push(edge.node);
    return {
      norm,
      roots,
      isContrastCue: inWordSet(c.contrast, norm),
      startsFocusCue: c.focusCues.has(norm),
      startsBackgroundCue: c.backgroundCues.has(norm),
      surface,
      hash,
    };
  }
}

interface Tokens {
  entries: LexEntry[];
  /** Whether token k may continue a phrase started before it (no comma, full stop, "(x) y" ...). */
  joins: boolean[];
  sentence: number[];
  start: number[];
  end: number[];
  /** Tokens [0, titleCount) come from the title, which is sentence 0. */
  titleCount: number;
  title: string;
  abstract: string;
}

/** ASCII letters and digits make words; accents are folded away before tokenizing. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 48; c < 123; c++) WORD_CHAR[c] = c <= 57 || (c >= 65 && c <= 90) || c >= 97 ? 1 : 0;

// Separator classes: what a gap between two words contains decides whether a phrase may span it.
const GAP_SPACE = 1;
const GAP_BRACKET = 2;
const GAP_STOP = 4;
const GAP_OTHER = 8;
const GAP_CLASS = new Uint8Array(128).fill(GAP_OTHER);
for (const c of [32, 9, 10, 13]) GAP_CLASS[c] = GAP_SPACE;
for (const c of '()[]') GAP_CLASS[c.charCodeAt(0)] = GAP_BRACKET;
for (const c of '.!?') GAP_CLASS[c.charCodeAt(0)] = GAP_STOP;
for (const c of "-/'") GAP_CLASS[c.charCodeAt(0)] = 0; // joiners: hyphen, slash, apostrophe

function gapClass(c: number): number {
  if (c < 128) return GAP_CLASS[c]!;
  // Unicode hyphens, en dash and right single quote join like their ASCII forms.
  return c === 0x2010 || c === 0x2011 || c === 0x2013 || c === 0x2019 ? 0 : c === 0xa0 ? GAP_SPACE : GAP_OTHER;
}

/**
 * Appends the tokens of one text. A phrase may run over spaces, hyphens, slashes and apostrophes,
 * and over a bracket glued to a word ("SE(3)"), but not over other punctuation or a bracket next to
 * a space: "(convolutional) neural network" is not the phrase "convolutional neural network".
 * A hand-written scanner rather than a global regex: it is several times faster per token.
 */
function tokenizeInto(out: Tokens, text: string, firstSentence: number, lexicon: Lexicon, folded: boolean): number {
  let sentence = firstSentence;
  let first = true;
  const n = text.length;
  let i = 0;
  // The loops never read past the end: charCodeAt(n) is NaN, and a NaN in `c` would make V8
  // treat every character code as a double, which more than doubled the scan time.
  while (i < n) {
    let gap = 0;
    const gapStart = i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 128 && WORD_CHAR[c]) break;
      if (!folded && mayFold(c)) return -1; // the caller folds the text and starts again
      gap |= gapClass(c);
    }
    if (i >= n) break;
    const start = i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128 || !WORD_CHAR[c]) break;
    }
    // A cheap hash from the length and the outer characters is enough for the lexicon's probing:
    // the word is compared in full anyway, and hashing every character doubled the scan cost.
    const len = i - start;
    const hash =
      len ^ (text.charCodeAt(start) << 4) ^ (text.charCodeAt(i - 1) << 11) ^
      (len > 2 ? (text.charCodeAt(start + 1) << 18) ^ (text.charCodeAt(i - 2) << 24) ^ (text.charCodeAt(start + (len >> 1)) << 7) : 0);
    // Possessive "'s" carries no meaning: "Student's t process" reads as "student t process".
    if (i - start === 1 && text.charCodeAt(start) === 115 && start - gapStart === 1 && !first) {
      const q = text.charCodeAt(gapStart);
      if (q === 39 || q === 0x2019) continue;
    }
    if (!first && gap & GAP_STOP && gap & GAP_SPACE) sentence++;
    out.entries.push(lexicon.get(text, start, i, hash));
    out.joins.push(!first && !(gap & (GAP_STOP | GAP_OTHER)) && (gap & (GAP_BRACKET | GAP_SPACE)) !== (GAP_BRACKET | GAP_SPACE));
    out.sentence.push(sentence);
    out.start.push(start);
    out.end.push(i);
    first = false;
  }
  return sentence;
}

/**
 * Tokenizes title then abstract. Folding accents costs a Unicode normalisation, so a text is only
 * folded when the scanner meets a character that needs it (most abstracts are plain ASCII).
 */
function tokenize(title: string, abstract: string, lexicon: Lexicon): Tokens {
  const t: Tokens = { entries: [], joins: [], sentence: [], start: [], end: [], titleCount: 0, title, abstract };
  const scan = (part: 'title' | 'abstract', firstSentence: number): number => {
    const mark = t.entries.length;
    const last = tokenizeInto(t, t[part], firstSentence, lexicon, false);
    if (last >= 0) return last;
    for (const list of [t.entries, t.joins, t.sentence, t.start, t.end]) list.length = mark;
    t[part] = foldAccents(t[part]);
    return tokenizeInto(t, t[part], firstSentence, lexicon, true);
  };
  const lastTitleSentence = scan('title', 0);
  t.titleCount = t.entries.length;
  scan('abstract', lastTitleSentence + 1);
  return t;
}

interface Match {
  group: number;
  start: number;
  end: number;
}

/**
 * Collects every pattern occurrence, per topic (sparse: only topics with a match have an entry),
 * ordered by start and, for equal starts, longest first.
 */
function findMatches(c: Compiled, tokens: Tokens): Match[][] {
  const perTopic: Match[][] = [];
  const n = tokens.entries.length;
  // Trie nodes alive after tokens i..j; swapped each step. Counters, not `length = 0`, which is a
  // surprisingly slow builtin on this hot path.
  let frontier: TrieNode[] = [];
  let next: TrieNode[] = [];
  let frontierSize = 0;
  const found: Match[] = [];
  let foundSize = 0;
  const collect = (node: TrieNode, start: number, end: number) => {
    for (const term of node.terminals) {
      if (term.acronyms && !acronymsAgree(term.acronyms, tokens, start)) continue;
      found[foundSize++] = { group: term.group, start, end };
    }
  };
  for (let i = 0; i < n; i++) {
    const roots = tokens.entries[i]!.roots;
    if (!roots.length) continue;
    foundSize = 0;
    frontierSize = 0;
    for (const node of roots) {
      frontier[frontierSize++] = node;
      collect(node, i, i + 1);
    }
    for (let j = i + 1; j < n && frontierSize && tokens.joins[j]; j++) {
      const token = tokens.entries[j]!.norm;
      let nextSize = 0;
      for (let f = 0; f < frontierSize; f++) {
        const node = frontier[f]!;
        const exact = node.exact.get(token);
        if (exact) next[nextSize++] = exact;
        for (const edge of node.wild) if (wildMatches(edge.spec, token)) next[nextSize++] = edge.node;
      }
      for (let f = 0; f < nextSize; f++) collect(next[f]!, i, j + 1);
      [frontier, next] = [next, frontier];
      frontierSize = nextSize;
    }
    for (let k = foundSize - 1; k >= 0; k--) {
      const match = found[k]!;
      (perTopic[c.groups[match.group]!.topic] ??= []).push(match);
    }
  }
  return perTopic;
}

/** The token as written (case preserved). */
function rawToken(tokens: Tokens, k: number): string {
  return (k < tokens.titleCount ? tokens.title : tokens.abstract).slice(tokens.start[k], tokens.end[k]);
}

function acronymsAgree(acronyms: (string | null)[], tokens: Tokens, start: number): boolean {
  for (let k = 0; k < acronyms.length; k++) {
    const a = acronyms[k];
    if (a !== null && acronymForm(rawToken(tokens, start + k)) !== a) return false;
  }
  return true;
}

function cueAt(cues: Map<string, string[][]>, tokens: Tokens, i: number): boolean {
  const candidates = cues.get(tokens.entries[i]!.norm);
  if (!candidates) return false;
  for (const cue of candidates) {
    let ok = i + cue.length <= tokens.entries.length;
    for (let k = 1; ok && k < cue.length; k++) ok = tokens.entries[i + k]!.norm === cue[k] && tokens.joins[i + k]!;
    if (ok) return true;
  }
  return false;
}

/**
 * Per-sentence multipliers: sentences containing a focus cue ("we propose") state the paper's own
 * subject; sentences opening with a background cue ("Unlike ...") describe other work.
 */
function sentenceFactors(c: Compiled, tokens: Tokens): Map<number, number> {
  const background = new Set<number>();
  const focused = new Set<number>();
  for (let i = tokens.titleCount; i < tokens.entries.length; i++) {
    const s = tokens.sentence[i]!;
    const entry = tokens.entries[i]!;
    const opensSentence = tokens.sentence[i - 1] !== s;
    if (opensSentence && entry.startsBackgroundCue && cueAt(c.backgroundCues, tokens, i)) background.add(s);
    if (entry.startsFocusCue && !focused.has(s) && cueAt(c.focusCues, tokens, i)) focused.add(s);
  }
  const factors = new Map<number, number>();
  for (const s of focused) factors.set(s, c.scoring.focus.factor);
  for (const s of background) factors.set(s, (factors.get(s) ?? 1) * c.scoring.background.factor);
  return factors;
}

/** Whether any token within `window` of [start, end), in the same part (title or abstract), is in `set`. */
function near(set: WordSet, tokens: Tokens, start: number, end: number, window: number): boolean {
  const inTitle = start < tokens.titleCount;
  const lo = Math.max(inTitle ? 0 : tokens.titleCount, start - window);
  const hi = Math.min(inTitle ? tokens.titleCount : tokens.entries.length, end + window);
  for (let k = lo; k < hi; k++) {
    if (k >= start && k < end) continue;
    if (inWordSet(set, tokens.entries[k]!.norm)) return true;
  }
  return false;
}

/** `contrast.factor` if a contrast cue precedes `start` within the window, without crossing punctuation. */
function contrastFactor(tokens: Tokens, start: number, contrast: ScoringOptions['contrast']): number {
  const lo = Math.max(tokens.titleCount, start - contrast.window);
  for (let k = start - 1; k >= lo; k--) {
    if (!tokens.joins[k + 1]) break;
    if (tokens.entries[k]!.isContrastCue) return contrast.factor;
  }
  return 1;
}

function surface(tokens: Tokens, start: number, end: number): string {
  const text = start < tokens.titleCount ? tokens.title : tokens.abstract;
  const span = text.slice(tokens.start[start], tokens.end[end - 1]).toLowerCase();
  return start + 1 === end ? span : span.replace(/\s+/g, ' ');
}

/** A topic's evidence in one paper, whether or not it reaches the threshold. */
export interface TopicEvidence {
  slug: string;
  evidence: number;
  threshold: number;
  /** Matched terms (as in the text, lower-cased) with the evidence each contributed, largest first. */
  terms: { term: string; evidence: number }[];
}

export type TopicExplainer = (paper: { title: string; abstract: string }) => TopicEvidence[];

interface ScoredOccurrence {
  value: number;
  start: number;
  end: number;
  sentence: number;
}

interface ScoredTopic {
  topic: number;
  evidence: number;
  occurrences: ScoredOccurrence[];
}

/**
 * Scores the topics found in a paper. With `prune`, topics that cannot reach their threshold even
 * if every match got the largest multiplier are skipped before any context or sentence analysis;
 * most topics in most papers are a single stray weak match, so this is where the time goes.
 */
function scorePaper(
  c: Compiled,
  lexicon: Lexicon,
  paper: { title: string; abstract: string },
  prune: boolean,
): { tokens: Tokens; topics: ScoredTopic[] } {
  const { titleWeight, repeatDecay, sentenceDecay, contrast, focus, background } = c.scoring;
  const maxMultiplier = Math.max(titleWeight, focus.factor * Math.max(1, background.factor) * Math.max(1, contrast.factor));
  const tokens = tokenize(paper.title ?? '', paper.abstract ?? '', lexicon);
  const perTopic = findMatches(c, tokens);
  let factors: Map<number, number> | null = null;
  const topics: ScoredTopic[] = [];

  perTopic.forEach((matches, topicIndex) => {
    if (prune) {
      let bound = 0;
      for (const m of matches) bound += c.groups[m.group]!.weight;
      if (bound * maxMultiplier < c.topics[topicIndex]!.threshold) return;
    }
    const byGroup = new Map<number, { weight: number; start: number; end: number }[]>();
    let lastEnd = -1;
    for (const m of matches) {
      const g = c.groups[m.group]!;
      if (g.unless && near(g.unless, tokens, m.start, m.end, g.window)) continue;
      if (g.requires && !near(g.requires, tokens, m.start, m.end, g.window)) continue;
      // Leftmost-longest: a phrase consumes its words, so "deep kernel learning" is not also
      // "kernel learning", and a weight-0 shadow phrase hides the shorter patterns inside it.
      if (m.start < lastEnd) continue;
      lastEnd = m.end;
      if (g.weight === 0) continue;
      let w: number;
      if (m.start < tokens.titleCount) {
        w = titleWeight;
      } else {
        factors ??= sentenceFactors(c, tokens);
        w = (factors.get(tokens.sentence[m.start]!) ?? 1) * contrastFactor(tokens, m.start, contrast);
      }
      const list = byGroup.get(m.group);
      if (list) list.push({ weight: w, start: m.start, end: m.end });
      else byGroup.set(m.group, [{ weight: w, start: m.start, end: m.end }]);
    }
    if (!byGroup.size) return;

    // Repeats of one concept decay: the strongest occurrence counts in full, the next at
    // `repeatDecay`, and so on, so a term used ten times cannot carry a topic on its own.
    const occurrences: ScoredOccurrence[] = [];
    for (const [group, list] of byGroup) {
      list.sort((a, b) => b.weight - a.weight || a.start - b.start);
      let factor = c.groups[group]!.weight;
      for (const o of list) {
        occurrences.push({ value: o.weight * factor, start: o.start, end: o.end, sentence: tokens.sentence[o.start]! });
        factor *= repeatDecay;
      }
    }
    // Then matches sharing a sentence decay in the same way (see `sentenceDecay`).
    if (sentenceDecay !== 1) {
      occurrences.sort((a, b) => a.sentence - b.sentence || b.value - a.value);
      let factor = 1;
      for (let k = 0; k < occurrences.length; k++) {
        factor = k > 0 && occurrences[k]!.sentence === occurrences[k - 1]!.sentence ? factor * sentenceDecay : 1;
        occurrences[k]!.value *= factor;
      }
    }
    let evidence = 0;
    for (const o of occurrences) evidence += o.value;
    topics.push({ topic: topicIndex, evidence, occurrences });
  });
  return { tokens, topics };
}

/** Evidence per distinct surface form, largest first. */
function termsOf(tokens: Tokens, occurrences: ScoredOccurrence[]): { term: string; evidence: number }[] {
  const byTerm = new Map<string, number>();
  for (const o of occurrences) {
    const term = surface(tokens, o.start, o.end);
    byTerm.set(term, (byTerm.get(term) ?? 0) + o.value);
  }
  return [...byTerm].map(([term, evidence]) => ({ term, evidence })).sort((a, b) => b.evidence - a.evidence);
}

/**
 * Scores every topic that has any evidence in the paper, including those below their threshold.
 * This is what to look at when a rule misfires; `createTopicTagger` keeps only the assignments.
 */
export function createTopicExplainer(taxonomy: Taxonomy): TopicExplainer {
  const c = compileTaxonomy(taxonomy);
  const lexicon = new Lexicon(c);
  return (paper) => {
    const { tokens, topics } = scorePaper(c, lexicon, paper, false);
    return topics
      .map(({ topic, evidence, occurrences }) => ({
        slug: c.topics[topic]!.slug,
        evidence,
        threshold: c.topics[topic]!.threshold,
        terms: termsOf(tokens, occurrences),
      }))
      .sort((a, b) => b.evidence / b.threshold - a.evidence / a.threshold || a.slug.localeCompare(b.slug));
  };
}

/** Builds the tagger: compiles every pattern once; each call is then a single pass over the paper's tokens. */
export function createTopicTagger(taxonomy: Taxonomy): TopicTagger {
  const c = compileTaxonomy(taxonomy);
  const lexicon = new Lexicon(c);
  return (paper) => {
    const { tokens, topics } = scorePaper(c, lexicon, paper, true);
    const assignments: TopicAssignment[] = [];
    for (const { topic, evidence, occurrences } of topics) {
      const { slug, threshold } = c.topics[topic]!;
      if (evidence < threshold) continue;
      assignments.push({
        slug,
        // Half-life scoring: 0.5 at the threshold, 0.75 at twice the threshold, never above 1.
        score: Math.round((1 - 0.5 ** (evidence / threshold)) * 1000) / 1000,
        evidence: termsOf(tokens, occurrences).slice(0, MAX_EVIDENCE).map((t) => t.term),
      });
    }
    return assignments.sort((a, b) => b.score - a.score || a.slug.localeCompare(b.slug));
  };
}
