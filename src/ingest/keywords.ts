/**
 * Key-phrase extraction: 5 to 10 key phrases per paper, from its title and abstract.
 *
 * Method, in the order `extract` runs it:
 * 1. Clean: URLs, e-mail addresses, DOIs and LaTeX fragments ("hat rho_h^{D}(x)=1{n h^d}") become
 *    phrase breaks, so they can never be part of a key phrase.
 * 2. Tokenise into words (hyphenated compounds such as "low-rank" stay one word) and classify each
 *    word once, with a cache (stopwords.ts has the lists): a stop word, number or citation key
 *    ends a phrase; a generic word ("model", "large") may sit inside a phrase but cannot make one;
 *    anything else is content. Suffix rules tell adjectives ("adaptive", "high-dimensional"),
 *    participles and adverbs from nouns, since English noun phrases end on a noun.
 * 3. Candidates are the 1–4-word windows of the runs between breaks, plus "X of Y" when it recurs
 *    ("bag of tricks"). A phrase needs a content word, ends on a noun, and is not a verb with its
 *    object ("(by) solving equations", "(which) maps input vectors"). A single word is a
 *    candidate only as a name: an acronym or CamelCase name ("LoRA", "ConvNeXt"), a word the
 *    abstract capitalises mid-sentence and never writes in lower case ("Mamba", "Hessian"), or a
 *    hyphenated noun ("self-distillation") — used as a noun, and more than once.
 * 4. Acronyms are joined to their expansions — "Low-Rank Adaptation (LoRA)" by the Schwartz–Hearst
 *    rule, a bare "LoRA" by strict initials — so the expanded phrase is kept and collects the
 *    acronym's occurrences.
 * 5. An occurrence of a phrase inside a recurring longer one ("tangent kernel" in "neural tangent
 *    kernel") counts for the longer one only (a simplified C-value).
 * 6. Score = saturated term frequency (a title occurrence counts `titleWeight` times) × inverse
 *    document frequency × a preference for longer phrases (generic words count half), with
 *    smaller factors against phrases that are probably fragments: never at the end of a noun
 *    phrase, seen once in one paper only, led by praise ("efficient …"), versioned names
 *    ("ResNet-50").
 * 7. Choose best first, skipping a phrase nested in or overlapping a chosen one unless the paper
 *    also uses it on its own; stop at `maxKeywords`, or below `minRelativeWeight` of the best once
 *    `minKeywords` are chosen. Weights are scores relative to the best.
 *
 * Document frequencies come from a `DocumentFrequencySource`: a table counted from the batch
 * being imported (`createKeywordExtractor(corpus)`), a table kept by the caller for a bulk import
 * (`DocumentFrequencyTable`, filled from a stream with `countDocumentFrequencies` or while
 * extracting, persisted with `entries()` and reloaded with `DocumentFrequencyTable.from`), or both
 * (`combineFrequencies`). Every table counts the same keys: the `normaliseTerm` keys of each
 * paper's candidates (`documentTerms`).
 *
 * Speed: about 0.12 ms per paper once warm, counting its document frequencies in the same pass
 * (20,000 generated abstracts, bench/README.md "What each paper costs"), on the 2-core Xeon this
 * was developed on; `npx tsx src/cli/show-keywords.ts` measures it on the bundled sample.
 */
import { BOILERPLATE_PHRASES, EVALUATIVE_MODIFIERS, GENERIC_MODIFIERS, GENERIC_WORDS, STOP_WORDS, WEAK_NOUNS } from './stopwords.ts';
import { SpanTable } from './span-table.ts';

export interface KeywordDocument {
  title: string;
  abstract: string;
}

export interface ExtractedKeyword {
  /** Display form: lower-case unless a word is an acronym or a name ("LoRA", "Gaussian"). */
  term: string;
  /** `normaliseTerm(term)`: the key the catalogue stores one keyword under. */
  key: string;
  /** Relative importance in (0, 1]; the paper's top keyword has 1. */
  weight: number;
}

export interface KeywordExtractor {
  /** 5..10 keywords when the text allows (fewer for a very short text), heaviest first. */
  extract(doc: KeywordDocument): ExtractedKeyword[];
}

export interface KeywordOptions {
  /** Fewest keywords to return when the text has that many candidates. Default 5. */
  minKeywords?: number;
  /** Most keywords to return. Default 10. */
  maxKeywords?: number;
  /** Beyond `minKeywords`, candidates scoring below this fraction of the best are dropped. Default 0.25. */
  minRelativeWeight?: number;
  /** How many abstract occurrences one title occurrence is worth. Default 2. */
  titleWeight?: number;
  /** Text beyond this many characters (title and abstract each) is ignored. Default 20,000. */
  maxTextLength?: number;
}

export interface ExtractorOptions extends KeywordOptions {
  /**
   * Document frequencies counted elsewhere (a previous import, a table in the database), added to
   * those of the corpus passed to `createKeywordExtractor`. It must not already count that corpus.
   */
  background?: DocumentFrequencySource;
}

// ---------------------------------------------------------------------------------------------
// Term normalisation

/** Plurals that do not end in a plain "s", and Latin/Greek plurals common in papers. */
const IRREGULAR_PLURALS = new Map<string, string>(
  Object.entries({
    matrices: 'matrix', vertices: 'vertex', indices: 'index', appendices: 'appendix',
    simplices: 'simplex', cortices: 'cortex', apices: 'apex', analyses: 'analysis',
    hypotheses: 'hypothesis', theses: 'thesis', syntheses: 'synthesis', diagnoses: 'diagnosis',
    prognoses: 'prognosis', bases: 'basis', axes: 'axis', crises: 'crisis', ellipses: 'ellipsis',
    parentheses: 'parenthesis', criteria: 'criterion', phenomena: 'phenomenon',
    automata: 'automaton', polyhedra: 'polyhedron', schemata: 'schema', stimuli: 'stimulus',
    radii: 'radius', nuclei: 'nucleus', foci: 'focus', loci: 'locus', fungi: 'fungus',
    formulae: 'formula', lemmata: 'lemma', corpora: 'corpus', genera: 'genus', optima: 'optimum',
    maxima: 'maximum', minima: 'minimum', extrema: 'extremum', spectra: 'spectrum',
    quanta: 'quantum', curricula: 'curriculum', strata: 'stratum', men: 'man', women: 'woman',
    children: 'child', mice: 'mouse', feet: 'foot', teeth: 'tooth', geese: 'goose',
    halves: 'half', selves: 'self', knives: 'knife', lives: 'life', wives: 'wife', wolves: 'wolf',
    shelves: 'shelf', leaves: 'leaf', thieves: 'thief', calves: 'calf', heroes: 'hero',
    potatoes: 'potato', tomatoes: 'tomato', echoes: 'echo', vetoes: 'veto', torpedoes: 'torpedo',
    volcanoes: 'volcano', embargoes: 'embargo', dominoes: 'domino',
  }),
);

/**
 * Words ending in "s" that are singular, including eponyms of terms ("naive Bayes", "Erdős–Rényi",
 * "Navier–Stokes", "Metropolis–Hastings", "Reynolds number").
 */
const SINGULAR_S = new Set(
  `series species news means bias alias gas atlas canvas pancreas whereas chaos cosmos ethos kudos
  logos pathos thermos mythos telos lens bayes erdos stokes hastings reynolds gibbs jones adams lucas
  james wells harris davis williams roberts edwards hughes collins morris hawkins hopkins jacobs
  andrews peters rogers owens nicholas dickens simons parsons thomas douglas pythagoras`.split(/\s+/),
);
/** Singulars in "s" whose plural adds "es": "biases", "viruses", "lenses". */
const ES_PLURAL_OF_S = new Set(
  `bias alias gas atlas canvas lens bus virus bonus campus census corpus status focus radius consensus
  nexus apparatus octopus fetus genius sinus thesaurus walrus abacus circus chorus surplus plexus
  syllabus prospectus`.split(/\s+/),
);
/** Singulars ending in "ie", whose plural "ies" must not become "y". */
const IE_SINGULARS = new Set('movie cookie zombie calorie pie tie lie die selfie rookie genie prairie brownie hippie pixie'.split(' '));
/** Singulars ending in "che"/"xe", whose plural drops only the "s" ("caches", not "cach"). */
const E_AFTER_SIBILANT = new Set(['cache', 'niche', 'ache', 'headache', 'avalanche', 'cliche', 'psyche', 'moustache', 'quiche', 'annexe']);
/** Fields whose names end in "ics" and are not plurals ("statistics", "genomics"). */
const ICS_FIELDS = [
  'physics', 'statistics', 'dynamics', 'mathematics', 'robotics', 'graphics', 'analytics', 'economics',
  'omics', 'linguistics', 'kinetics', 'optics', 'electronics', 'mechanics', 'semantics', 'ethics',
  'logistics', 'acoustics', 'informatics', 'pragmatics', 'phonetics', 'photonics', 'cybernetics',
  'ergonomics', 'forensics', 'athletics', 'aerobics', 'hydraulics', 'politics', 'diagnostics',
];

/** British spellings folded to American ones, so "generalisation error" and "generalization error" are one keyword. */
const SPELLING = new Map<string, string>(
  Object.entries({
    modelling: 'modeling', modelled: 'modeled', labelling: 'labeling', labelled: 'labeled',
    travelling: 'traveling', signalling: 'signaling', tunnelling: 'tunneling', cancelling: 'canceling',
    channelling: 'channeling', levelling: 'leveling', behaviour: 'behavior', neighbour: 'neighbor',
    neighbourhood: 'neighborhood', colour: 'color', favour: 'favor', centre: 'center', metre: 'meter',
    fibre: 'fiber', catalogue: 'catalog', programme: 'program', grey: 'gray', artefact: 'artifact',
    analyse: 'analyze', optimisation: 'optimization',
  }),
);
/** Stems whose British "-is-" forms (normalised, optimiser, tokenisation) are folded to "-iz-". */
const IS_TO_IZ = /^(general|normal|regular|random|optim|parameter|parametr|initial|standard|discret|vector|quant|character|special|local|minim|maxim|real|recogn|organ|synthes|visual|summar|categor|util|stabil|central|decentral|personal|custom|token|marginal|symmetr|linear|binar|modern|global|canonical|polar|tensor|memor|emphas|priorit|capital|motor|lemmat|steril|hospital|neutral|factor|generaliz)is(e|ed|es|ing|er|ers|ation|ations|able|ability)$/;

/** Singular of a lower-case word, with the plural rules English technical prose needs. */
function singular(word: string): string {
  if (word.length <= 3 || !word.endsWith('s')) return IRREGULAR_PLURALS.get(word) ?? word;
  const irregular = IRREGULAR_PLURALS.get(word);
  if (irregular) return irregular;
  if (SINGULAR_S.has(word) || /(ss|us|is|ias)$/.test(word)) return word;
  if (word.endsWith('es') && ES_PLURAL_OF_S.has(word.slice(0, -2))) return word.slice(0, -2);
  if (word.endsWith('ics') && ICS_FIELDS.some((f) => word.endsWith(f))) return word;
  if (word.endsWith('ies')) {
    const stem = word.slice(0, -3);
    return IE_SINGULARS.has(`${stem}ie`) || word.length <= 4 ? word.slice(0, -1) : `${stem}y`;
  }
  if (/(sses|xes|ches|shes|zzes)$/.test(word)) {
    // "caches", "user-caches": the exception is the whole word, so "approaches" is not "approache".
    return E_AFTER_SIBILANT.has(word.slice(0, -1)) ? word.slice(0, -1) : word.slice(0, -2);
  }
  return word.slice(0, -1);
}

/** American spelling of a lower-case singular word. */
function americanSpelling(word: string): string {
  const mapped = SPELLING.get(word);
  if (mapped) return mapped;
  if (word.endsWith('isation') || word.endsWith('isations')) return word.replace(/isation(s?)$/, 'ization$1');
  return IS_TO_IZ.test(word) ? word.replace(/is(e|ed|es|ing|er|ers|ation|ations|able|ability)$/, 'iz$1') : word;
}

const HAS_NON_ASCII = /[^\u0000-\u007f]/;
const COMBINING_MARKS = /\p{M}/gu;
/** An acronym plural: "SNNKs", "LLMs", "GPUs", "ViTs" — the capitals before the "s" make it one. */
const ACRONYM_PLURAL = /^(?:[A-Z0-9]*[A-Z][A-Z0-9]*[a-z]?[A-Z][A-Z0-9]*)s$/;

/** The key form of one word (no hyphens or spaces inside): folded case, accents, plural, spelling. */
function foldWord(part: string): string {
  let word = ACRONYM_PLURAL.test(part) ? part.slice(0, -1) : part;
  if (HAS_NON_ASCII.test(word)) word = word.normalize('NFKD').replace(COMBINING_MARKS, '');
  return americanSpelling(singular(word.toLowerCase()));
}

const TERM_SEPARATORS = /[\s\-\u2010-\u2015_/]+/;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const POSSESSIVE = /['\u2019]s$/i;

/**
 * The lookup key of a keyword: lower case, accents removed, plurals folded ("kernels" → "kernel",
 * "SNNKs" → "snnk", "matrices" → "matrix"), British spellings made American, and hyphens, slashes
 * and runs of white space made single spaces ("Low-Rank  Adaptation" → "low rank adaptation").
 * Two terms with the same key are the same keyword.
 */
export function normaliseTerm(term: string): string {
  const parts: string[] = [];
  for (const raw of term.split(TERM_SEPARATORS)) {
    const part = raw.replace(POSSESSIVE, '').replace(EDGE_PUNCTUATION, '');
    if (part) parts.push(foldWord(part));
  }
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Word classification

const Kind = {
  /** Ends a phrase: stop word, number, citation key, symbol. */
  Break: 0,
  /** May sit inside a phrase, cannot make one ("model", "large"). */
  Generic: 1,
  Content: 2,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

interface WordInfo {
  /** The word as written (without a possessive "'s"). */
  surface: string;
  /** `normaliseTerm` of the word: hyphen parts folded and joined by spaces. */
  key: string;
  lower: string;
  kind: Kind;
  /** Adjective-like: a phrase cannot end on it, and it is no keyword alone. */
  adjective: boolean;
  /** A noun that ends no term without a content noun beside it ("performance", "data"). */
  weak: boolean;
  /** A modifier that praises rather than classifies ("efficient", "general"). */
  evaluative: boolean;
  /** Written as an acronym or CamelCase name: "LoRA", "SNNKs", "ConvNeXt", "A100". */
  structural: boolean;
  /** Initial capital and no other ("Mamba", "Kullback-Leibler"). */
  capitalised: boolean;
  /** Starts with a capital (title-cased text: "Maximum-likelihood"). */
  initialCapital: boolean;
  /** A past participle ("oriented", "learned"): no noun is followed by one inside a term. */
  participle: boolean;
  /** An "-ing" form: followed by a modifier it is a verb with its object ("storing local features"). */
  gerund: boolean;
  /** Ends in "s": after "which"/"that" it is a verb ("which maps input vectors"). */
  endsInS: boolean;
  /** Number of hyphen parts. */
  parts: number;
  /** The hyphen parts, as shared records, for the "never lower-cased" name test. */
  partRecords: readonly PartRecord[];
  /** The parts written in lower case. */
  lowerParts: readonly PartRecord[];
  /** "which", "that", an adverb …: a word after it ending in "s" is a verb. */
  verbCue: boolean;
  /** "by", "for", "without" …: an "-ing" word after it is a verb. */
  verbalPreposition: boolean;
  /** "a", "the", "their" …: an "-ing" word before it is a verb with its object. */
  determiner: boolean;
  /** The word cache's hash of `surface` (see span-table.ts). */
  hash: number;
}

/** Nouns in "-ly", which the adverb rule must not break on. */
const LY_NOUNS = new Set(
  'anomaly family assembly butterfly supply monopoly oligopoly reply ally rally tally jelly belly lily fly firefly dragonfly poly italy july homily folly bully gully dolly'.split(
    ' ',
  ),
);
/** Word prefixes that say nothing about whether a compound is generic ("multi-head", "non-convex"). */
const NEUTRAL_PREFIXES = new Set(
  'multi non semi pre post sub super self cross inter intra co re un de anti over under hyper meta mini micro macro ultra bi tri uni quasi pseudo mid'.split(
    ' ',
  ),
);
/** Adjectives that suffix rules miss. Names of people as adjectives ("Gaussian") are here too. */
const ADJECTIVES = new Set(
  `gaussian bayesian euclidean riemannian markovian newtonian cartesian darwinian lipschitz
  sparse dense convex concave smooth rigid binary arbitrary auxiliary stationary evolutionary
  primary secondary ordinary elementary preliminary complementary supplementary temporary unitary
  equivariant invariant covariant adjacent latent recurrent frequent persistent sufficient
  efficient independent dependent consistent significant dominant relevant convergent divergent relative
  coherent transparent intelligent robust free aware agnostic specific driven oriented centric
  friendly ready random uniform normal exact discrete finite infinite multivariate univariate
  bivariate inverse open-ended wide deep fast slow quick true false prone aligned`.split(/\s+/),
);
const NOT_ADJECTIVE = new Set(
  `signal interval potential manual proposal removal retrieval trial tutorial material terminal
  integral differential residual polynomial functional marginal survival crystal metal portal goal
  deal ideal dual total rival arrival approval denial disposal renewal reversal withdrawal
  referral journal animal hospital capital principal individual mammal festival medal pedal petal
  canal spiral radical mineral appraisal tribunal arsenal cereal fractal credential rational
  objective alternative derivative initiative directive incentive executive representative
  adhesive explosive narrative motive archive perspective detective additive primitive
  imperative operative locomotive olive hive drive dive five live give
  variable table cable vegetable syllable timetable constable parable fable deliverable observable
  embed hundred infrared kindred shred speed seed need feed breed weed bleed
  topic logic music magic clinic traffic graphic metric mechanic heuristic characteristic
  arithmetic rhetoric mosaic panic epic critic public fabric tactic republic attic cleric lyric
  garlic picnic plastic polemic mimic statistic diagnostic optic academic epidemic pandemic
  harmonic classic relic tunic tropic
  scalar radar lidar sonar calendar grammar seminar pillar dollar collar cellar sugar exemplar
  scholar pulsar quasar`.split(/\s+/),
);

/** Whether a lower-case word (one hyphen part) reads as an adjective or participle. */
function isAdjective(word: string): boolean {
  if (GENERIC_MODIFIERS.has(word) || ADJECTIVES.has(word)) return true;
  if (NOT_ADJECTIVE.has(word) || word.length < 5) return false;
  return (
    /(ous|ful|less|wise|like|ular|inear|ilar|olar|anar)$/.test(word) ||
    (/(ive|able|ible|ic|al)$/.test(word) && word.length >= 6) ||
    (word.endsWith('ed') && !word.endsWith('eed'))
  );
}

const isAdverb = (word: string): boolean => word.length > 4 && word.endsWith('ly') && !LY_NOUNS.has(word);
const UPPER = /\p{Lu}/u;
const UPPER_G = /\p{Lu}/gu;
const LOWER_ONLY = /^[\p{Ll}\p{N}'’]+$/u;

/** "LoRA", "SNNK", "ConvNeXt", "mAP", "A100": capitals beyond the first letter, or a capital with digits. */
function isStructural(part: string): boolean {
  const capitals = part.match(UPPER_G)?.length ?? 0;
  if (capitals >= 2) return true;
  if (capitals === 1 && !UPPER.test(part[0]!)) return true;
  return capitals === 1 && /\d/.test(part);
}

function classify(surface: string): WordInfo {
  const lower = surface.toLowerCase();
  const rawParts = surface.split('-');
  const parts = lower.split('-');
  const key = normaliseTerm(surface);
  const info: WordInfo = {
    surface,
    key,
    lower,
    kind: Kind.Content,
    adjective: false,
    structural: rawParts.some(isStructural),
    capitalised: rawParts.every((p) => UPPER.test(p[0]!) && !isStructural(p)),
    initialCapital: UPPER.test(surface[0]!),
    participle: /[^e]ed$/.test(lower) && lower.length >= 5,
    gerund: /ing$/.test(lower) && lower.length >= 6,
    endsInS: /[^s]s$/.test(surface),
    weak: WEAK_NOUNS.has(lower) || WEAK_NOUNS.has(key),
    evaluative: EVALUATIVE_MODIFIERS.has(lower),
    parts: parts.length,
    partRecords: rawParts.map((p) => partRecord(foldWord(p))),
    lowerParts: rawParts.filter((p) => LOWER_ONLY.test(p)).map((p) => partRecord(foldWord(p))),
    verbCue: RELATIVE.has(lower) || (parts.length === 1 && isAdverb(lower)),
    verbalPreposition: VERBAL_PREPOSITIONS.has(lower),
    determiner: DETERMINERS.has(lower),
    hash: 0,
  };
  const kind = classifyKind(surface, lower, parts, key, info.structural);
  info.kind = kind;
  info.adjective = kind !== Kind.Break && !info.structural && (isAdjective(parts[parts.length - 1]!) || isModifierCompound(parts));
  return info;
}

/** Second halves that turn any word into a modifier: "transformer-based", "task-specific". */
const MODIFIER_SUFFIXES = new Set(
  `based driven aware free specific level scale wise oriented agnostic dependent independent friendly
  efficient intensive like related centric guided conditioned enabled powered assisted inspired
  aided supported style type sized`.split(/\s+/),
);

/**
 * "low-rank", "two-stage", "long-context": a modifier or count before a noun makes an adjective.
 * Not before a gerund: "fine-tuning" is a noun.
 */
function isModifierCompound(parts: string[]): boolean {
  if (parts.length < 2 || parts[parts.length - 1]!.endsWith('ing')) return false;
  const head = parts[0]!;
  return GENERIC_MODIFIERS.has(head) || STOP_WORDS.has(head) || /^\p{N}/u.test(head);
}

function classifyKind(surface: string, lower: string, parts: string[], key: string, structural: boolean): Kind {
  // Numbers and measurements ("2.5-bit", "64K", "5x") end a phrase; "2D"/"3D" may modify one.
  if (/^\p{N}/u.test(surface)) return /^[1-4]d$/.test(lower) ? Kind.Generic : Kind.Break;
  // Abbreviations with dots ("e.g", "U.S") and lower-case words with digits: citation keys such
  // as "derakhshani2021kernel", variables such as "l2".
  if (lower.includes('.') || (/\p{N}/u.test(surface) && !structural)) return Kind.Break;
  if (surface.length === 1 || (surface.length === 2 && !structural && surface !== surface.toUpperCase())) return Kind.Break;
  if (surface.length === 2 && !/^\p{Lu}{2}$/u.test(surface)) return Kind.Break;
  if (STOP_WORDS.has(lower) || STOP_WORDS.has(key)) return Kind.Break;
  if (parts.length === 1) {
    if (isAdverb(lower)) return Kind.Break;
    return GENERIC_WORDS.has(lower) || GENERIC_WORDS.has(key) ? Kind.Generic : Kind.Content;
  }
  if (GENERIC_WORDS.has(lower) || GENERIC_WORDS.has(key)) return Kind.Generic;
  // "non-adaptively", "narrowly-defined", "computationally-cheap" read as adverbs.
  if (parts.some(isAdverb)) return Kind.Break;
  // "transformer-based", "uncertainty-aware", "task-specific": a suffix that makes any noun a
  // modifier; the phrase needs a content word elsewhere.
  if (MODIFIER_SUFFIXES.has(parts[parts.length - 1]!)) return Kind.Generic;
  // A compound of stop and generic words ("two-stage", "high-level") cannot carry a phrase.
  const content = parts.some((p) => {
    if (NEUTRAL_PREFIXES.has(p) || p.length < 2 || /^\p{N}/u.test(p)) return false;
    const folded = foldWord(p);
    return !STOP_WORDS.has(p) && !GENERIC_WORDS.has(p) && !GENERIC_WORDS.has(folded) && !STOP_WORDS.has(folded);
  });
  return content ? Kind.Content : Kind.Generic;
}

/**
 * One word key shared by every surface form that folds to it ("Kernels", "kernel"). Analyses
 * stamp it with their number instead of building sets of strings: `lowerSeen === epoch` means
 * "written in lower case somewhere in the paper being analysed".
 */
interface PartRecord {
  key: string;
  lowerSeen: number;
}

/** Word classification depends only on the surface form; cache it (bounded, for long imports). */
const WORD_CACHE_LIMIT = 200_000;
const partRecordCache = new Map<string, PartRecord>();
let epoch = 0;

function partRecord(key: string): PartRecord {
  let record = partRecordCache.get(key);
  if (!record) partRecordCache.set(key, (record = { key, lowerSeen: 0 }));
  return record;
}

/** A cheap hash of a span's length and a few of its characters: the span is compared in full anyway. */
function spanHash(text: string, start: number, end: number): number {
  const len = end - start;
  return (
    len ^ (text.charCodeAt(start) << 4) ^ (text.charCodeAt(end - 1) << 11) ^
    (len > 2 ? (text.charCodeAt(start + 1) << 18) ^ (text.charCodeAt(end - 2) << 24) ^ (text.charCodeAt(start + (len >> 1)) << 7) : 0)
  );
}

/** Words classified so far, looked up by their span (span-table.ts); cleared between papers when large. */
const wordCache = new SpanTable<WordInfo>((surface, hash) => {
  const info = classify(surface);
  info.hash = hash;
  return info;
});

/**
 * Starts the analysis of a paper: a new stamp for PartRecord.lowerSeen, and room in the caches,
 * which are emptied between papers only, so that one paper never sees two records for one word.
 */
function nextEpoch(): number {
  if (wordCache.size >= WORD_CACHE_LIMIT) {
    wordCache.clear();
    partRecordCache.clear();
  }
  return ++epoch;
}

// ---------------------------------------------------------------------------------------------
// Tokenisation

/**
 * Where a URL, bare domain, DOI, e-mail address or formula shows itself: LaTeX characters
 * (`rho_h^{D}(x)=1{n h^d}`), "://", "www.", "@", a top-level domain, a DOI prefix.
 */
const NON_PROSE = /[_^{}\\=<>|~$@]|:\/\/|www\.|\.(?:com|org|net|io|ai|edu|gov|dev|app|html?)\b|\b10\.\d{4,9}\//gi;
const DASHES = /[\u2010\u2011\u2013]/g;
const DASH_HINT = /[\u2010\u2011\u2013]/;
const isSpace = (ch: number) => ch <= 32 || ch === 160;
/**
 * Word characters: ASCII letters and digits, Latin letters with accents and combining marks,
 * Greek, Cyrillic, kana, CJK ideographs, Hangul. Tested by code point, because a hand-written scanner
 * is several times faster than a `\p{L}` regular expression on the hottest path.
 */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return (
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
    c === 0xb5 ||
    (c >= 0x300 && c <= 0x4ff) ||
    (c >= 0x1e00 && c <= 0x1eff) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af)
  );
}

/** Characters that join word characters into one word: "low-rank", "e.g", "Mamba's". */
const isJoiner = (c: number) => c === 45 || c === 46 || c === 39 || c === 0x2019;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * URLs and formulae become punctuation, so they break phrases and never join one; dashes become
 * hyphens. The whole chunk between spaces goes ("{https://github.com/x}.", "rho_h^{D}(x)=1{n"),
 * found from its tell-tale characters, which is several times faster than testing every chunk.
 */
function cleanText(text: string, maxLength: number): string {
  let clean = text.length > maxLength ? text.slice(0, maxLength) : text;
  NON_PROSE.lastIndex = 0;
  let match = NON_PROSE.exec(clean);
  if (match) {
    let out = '';
    let from = 0;
    while (match) {
      let start = match.index;
      while (start > from && !isSpace(clean.charCodeAt(start - 1))) start--;
      let end = match.index + match[0].length;
      while (end < clean.length && !isSpace(clean.charCodeAt(end))) end++;
      out += `${clean.slice(from, start)} ; `;
      from = NON_PROSE.lastIndex = end;
      match = NON_PROSE.exec(clean);
    }
    clean = out + clean.slice(from);
  }
  if (DASH_HINT.test(clean)) clean = clean.replace(DASHES, '-');
  return clean;
}

interface Token {
  info: WordInfo;
  surface: string;
  /** Punctuation (or the start of the text) separates it from the previous token. */
  breakBefore: boolean;
  /** First word of a sentence: its capital says nothing about being a name. */
  sentenceStart: boolean;
  openParenBefore: boolean;
  closeParenAfter: boolean;
  title: boolean;
  /** Directly after a relative pronoun or an adverb ("which", "comprehensively"): the verb's place. */
  afterRelative: boolean;
  /** Directly after "by", "for", "without" …: a gerund here is a verb ("by solving equations"). */
  afterVerbalPreposition: boolean;
  /** Directly before "a", "the" …: a gerund here is a verb with its object ("model solving a …"). */
  beforeDeterminer: boolean;
}

/** Prepositions after which an "-ing" word is a verb, not a noun. */
const VERBAL_PREPOSITIONS = new Set(['by', 'for', 'while', 'when', 'after', 'before', 'without', 'via', 'through', 'upon']);
const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'these', 'those', 'its', 'their', 'our', 'his', 'her', 'each', 'every']);

/** Words after which a word ending in "s" is a verb, not a plural noun. */
const RELATIVE = new Set(['which', 'that', 'who', 'it', 'also', 'then', 'and']);

function tokenise(text: string, title: boolean, maxLength: number, out: Token[]): void {
  const clean = cleanText(text, maxLength);
  const length = clean.length;
  let sentenceStart = true;
  let previous: Token | undefined;
  let possessiveBreak = true; // the start of the text breaks like punctuation
  let i = 0;
  while (i < length) {
    // What lies before the next word: punctuation, a sentence end, parentheses.
    let punctuation = false;
    let openParen = false;
    let c = clean.charCodeAt(i);
    while (i < length && !isWordChar(c)) {
      if (!isSpace(c)) {
        punctuation = true;
        if (c === 46 || c === 33 || c === 63 || c === 58) sentenceStart = true; // . ! ? :
        else if (c === 40) openParen = true;
        else if (c === 41 && previous) previous.closeParenAfter = true;
      }
      c = clean.charCodeAt(++i);
    }
    if (i >= length) break;
    const start = i;
    for (;;) {
      while (i < length && isWordChar(clean.charCodeAt(i))) i++;
      if (i + 1 < length && isJoiner(clean.charCodeAt(i)) && isWordChar(clean.charCodeAt(i + 1))) i++;
      else break;
    }
    const last = clean.charCodeAt(i - 1);
    const apostrophe = clean.charCodeAt(i - 2);
    const possessive = i - start > 2 && (last === 115 || last === 83) && (apostrophe === 39 || apostrophe === 0x2019); // 's
    const end = possessive ? i - 2 : i;
    const info = wordCache.get(clean, start, end, spanHash(clean, start, end));
    const letter = !isDigit(clean.charCodeAt(start));
    const token: Token = {
      info,
      surface: info.surface,
      breakBefore: punctuation || possessiveBreak,
      sentenceStart: sentenceStart && letter,
      openParenBefore: openParen,
      closeParenAfter: false,
      title,
      afterRelative: !punctuation && !possessiveBreak && previous !== undefined && previous.info.verbCue,
      afterVerbalPreposition: !punctuation && previous !== undefined && previous.info.verbalPreposition,
      beforeDeterminer: false,
    };
    if (previous && !punctuation && !possessiveBreak && token.info.determiner) previous.beforeDeterminer = true;
    if (letter) sentenceStart = false;
    possessiveBreak = possessive;
    out.push(token);
    previous = token;
  }
}

// ---------------------------------------------------------------------------------------------
// Candidates

const MAX_TOKENS = 4;
/** Spans are encoded as start * SPAN + length in one number, for cheap sets. */
const SPAN = 8;

interface Candidate {
  key: string;
  tokens: number;
  /** Hyphen parts across the phrase: "low-rank adaptation" has 3. */
  words: number;
  /** Words for the length preference: generic words ("model", "large") count half. */
  specificity: number;
  starts: number[];
  titleCount: number;
  /** Occurrences that end a run: the phrase is (the end of) a noun phrase there. */
  headCount: number;
  single: boolean;
  /** "bag of tricks": accepted only if it recurs and ends a noun phrase. */
  bridged: boolean;
  /** Starts with a modifier like "efficient" or "general". */
  evaluative: boolean;
  /** Occurrences of a linked acronym merged into this phrase, [abstract, title]. */
  aliasCounts: [number, number];
  /** Document frequency, looked up once when scoring. */
  df: number;
}

interface Analysis {
  tokens: Token[];
  candidates: Map<string, Candidate>;
  /** Lower-case words written capitalised mid-sentence, with no lower-case occurrence. */
  names: Set<string>;
  /** acronym key → expansion key. */
  acronyms: Map<string, string>;
}

function analyse(doc: KeywordDocument, maxLength: number): Analysis {
  const stamp = nextEpoch();
  const tokens: Token[] = [];
  tokenise(doc.title ?? '', true, maxLength, tokens);
  const titleEnd = tokens.length;
  tokenise(doc.abstract ?? '', false, maxLength, tokens);
  if (titleEnd < tokens.length) tokens[titleEnd]!.breakBefore = true;

  const names = findNames(tokens, titleEnd, stamp);
  const candidates = new Map<string, Candidate>();
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= tokens.length; i++) {
    const t = tokens[i];
    const ends = !t || t.breakBefore || t.info.kind === Kind.Break;
    if (ends && start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
    if (t && t.info.kind !== Kind.Break && start < 0) start = i;
  }
  for (const [s, e] of runs) addRunCandidates(tokens, s, e, candidates);
  addBridgedCandidates(tokens, runs, candidates);
  return { tokens, candidates, names, acronyms: linkAcronyms(tokens, candidates, names) };
}

/**
 * Words the abstract treats as names: capitalised mid-sentence, not inside a Title-Cased phrase
 * ("Token Elimination" is a heading, not two names), and never written in lower case.
 */
function findNames(tokens: Token[], titleEnd: number, stamp: number): Set<string> {
  const capitalised: WordInfo[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.info.kind === Kind.Break) continue; // stop words are never names, nor evidence against one
    for (const p of t.info.lowerParts) p.lowerSeen = stamp;
    if (i < titleEnd || !t.info.capitalised || t.sentenceStart) continue;
    // Inside a Title-Cased phrase a capital proves nothing ("Neural Tangent Kernel (NTK)", "Token
    // Elimination,"), unless the phrase modifies a lower-case noun, as names do ("Monte Carlo
    // sampling"). An eponymous compound ("Erdos-Renyi", "Kullback-Leibler") is a name anyway.
    if (t.info.parts === 1 && (titleCasedNeighbour(tokens, i, -1) || titleCasedNeighbour(tokens, i, 1)) && !modifiesLowerCase(tokens, i)) continue;
    capitalised.push(t.info);
  }
  const names = new Set<string>();
  for (const info of capitalised) if (!info.partRecords.some((p) => p.lowerSeen === stamp)) names.add(info.lower);
  return names;
}

/** Whether the token before (-1) or after (+1) is a capitalised word of the same phrase. */
function titleCasedNeighbour(tokens: Token[], i: number, step: -1 | 1): boolean {
  const n = tokens[i + step];
  if (!n || (step < 0 ? tokens[i]!.breakBefore : n.breakBefore)) return false;
  return n.info.initialCapital && n.info.kind !== Kind.Break;
}

/** Whether the capitalised words from token i on are followed, in the same phrase, by a lower-case word. */
function modifiesLowerCase(tokens: Token[], i: number): boolean {
  let j = i + 1;
  while (j < tokens.length && !tokens[j]!.breakBefore && tokens[j]!.info.initialCapital && tokens[j]!.info.kind !== Kind.Break) j++;
  const n = tokens[j];
  return n !== undefined && !n.breakBefore && n.info.kind !== Kind.Break && !n.info.initialCapital && !n.info.structural;
}

function candidateFor(
  candidates: Map<string, Candidate>,
  key: string,
  first: Token,
  tokens: number,
  words: number,
  specificity: number,
  bridged: boolean,
): Candidate {
  let c = candidates.get(key);
  if (!c) {
    const single = tokens === 1;
    c = { key, tokens, words, specificity, starts: [], titleCount: 0, headCount: 0, single, bridged, evaluative: first.info.evaluative, aliasCounts: [0, 0], df: 0 };
    candidates.set(key, c);
  }
  return c;
}

/** Every 1–4-token window of a run that can be a key phrase. */
function addRunCandidates(tokens: Token[], s: number, e: number, candidates: Map<string, Candidate>): void {
  for (let i = s; i < e; i++) {
    const first = tokens[i]!;
    // "(which) maps input vectors", "(by) solving equations": a verb, not the start of a noun phrase.
    if (first.afterRelative && first.info.endsInS && !first.info.structural) continue;
    if (first.afterVerbalPreposition && first.info.gerund) continue;
    // The window's key is built only for windows that become candidates, most do not: every
    // concatenation made a string that the candidate look-up then had to flatten and hash.
    let key = '';
    let keyTokens = 0;
    let words = 0;
    let specificity = 0;
    let content = false;
    let noun = false;
    for (let n = 1; n <= MAX_TOKENS && i + n <= e; n++) {
      const t = tokens[i + n - 1]!;
      words += t.info.parts;
      specificity += t.info.kind === Kind.Generic ? t.info.parts / 2 : t.info.parts;
      content ||= t.info.kind === Kind.Content;
      noun ||= t.info.kind === Kind.Content && !t.info.adjective;
      // A phrase needs a content word, ends on a noun, and a weak noun ("ability", "data") needs
      // a content noun beside it: "generative model" passes, "non-parametric ability" does not.
      if (n > 1) {
        const previous = tokens[i + n - 2]!.info;
        // "storing local features" is a verb and its object; "method oriented R-CNN" joins two
        // phrases. Neither pattern occurs inside an English noun phrase, so longer windows fail too.
        if (n === 2 && previous.gerund && t.info.adjective) break;
        if (!previous.adjective && t.info.participle && !(t.info.initialCapital && previous.initialCapital)) break;
      }
      if (!content || t.info.adjective || (!noun && t.info.weak)) continue;
      if (n > 1 && t.info.gerund && t.beforeDeterminer) continue;
      // Only names and compounds can be single-word keywords; skip the rest early (speed).
      if (n === 1 && !t.info.structural && !t.info.capitalised && t.info.parts === 1) continue;
      for (; keyTokens < n; keyTokens++) key = keyTokens === 0 ? first.info.key : `${key} ${tokens[i + keyTokens]!.info.key}`;
      const c = candidateFor(candidates, key, first, n, words, specificity, false);
      // One key can be written with another number of tokens ("base-class" beside "base classes"):
      // such an occurrence counts, but has no span of `c.tokens` tokens to record.
      if (c.tokens !== n) {
        c.aliasCounts[t.title ? 1 : 0]++;
        continue;
      }
      c.starts.push(i);
      if (t.title) c.titleCount++;
      if (i + n === e) c.headCount++;
    }
  }
}

/** "X of Y" with one or two words each side ("bag of tricks", "mixture of experts"). */
function addBridgedCandidates(tokens: Token[], runs: Array<[number, number]>, candidates: Map<string, Candidate>): void {
  for (let r = 0; r + 1 < runs.length; r++) {
    const [ls, le] = runs[r]!;
    const [rs, re] = runs[r + 1]!;
    const of = tokens[le];
    if (rs !== le + 1 || !of || of.info.lower !== 'of' || of.breakBefore || tokens[rs]!.breakBefore) continue;
    // The left side is a whole run ("bag of tricks", not "mixture of NNGPs" out of "scale mixture of NNGPs").
    const a = le - ls;
    if (a > 2 || tokens[le - 1]!.info.adjective) continue;
    {
      const left = tokens.slice(ls, le);
      if (!left.some((t) => t.info.kind === Kind.Content)) continue;
      for (let b = 1; b <= 2 && a + b <= 3 && rs + b <= re; b++) {
        const right = tokens.slice(rs, rs + b);
        const last = right[b - 1]!;
        if (!right.some((t) => t.info.kind === Kind.Content) || last.info.adjective || (last.info.weak && b === 1)) continue;
        const all = [...left, of, ...right];
        const key = all.map((t) => t.info.key).join(' ');
        // "of" is not counted as a word: "bag of tricks" is as specific as "trick bag" would be.
        let words = 0;
        let specificity = 0;
        for (const t of [...left, ...right]) {
          words += t.info.parts;
          specificity += t.info.kind === Kind.Generic ? t.info.parts / 2 : t.info.parts;
        }
        const c = candidateFor(candidates, key, left[0]!, all.length, words, specificity, true);
        if (c.tokens !== all.length) {
          c.aliasCounts[of.title ? 1 : 0]++;
          continue;
        }
        c.starts.push(ls);
        if (of.title) c.titleCount++;
        if (rs + b === re) c.headCount++;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Acronyms

/** Letters of an acronym as a lower-case string, without a plural "s" ("SNNKs" → "snnk"). */
function acronymLetters(surface: string): string {
  const word = ACRONYM_PLURAL.test(surface) ? surface.slice(0, -1) : surface;
  return word.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Schwartz & Hearst (2003): match the short form's characters right to left in the long form, the
 * first one at the start of a word. Returns where the long form starts in `long`, or -1.
 */
function schwartzHearst(short: string, long: string): number {
  let l = long.length - 1;
  for (let s = short.length - 1; s >= 0; s--) {
    const c = short[s]!;
    while (l >= 0 && (long[l] !== c || (s === 0 && l > 0 && /[a-z0-9]/.test(long[l - 1]!)))) l--;
    if (l < 0) return -1;
    l--;
  }
  return long.lastIndexOf(' ', l) + 1;
}

/**
 * The initials a bare acronym spells, lower-case ("LoRA" → ["lo", "r", "a"]), or null if it is not
 * made of capitals each followed by at most one small letter ("AdaGrad" spells no initials).
 */
function acronymInitials(surface: string): string[] | null {
  const word = ACRONYM_PLURAL.test(surface) ? surface.slice(0, -1) : surface;
  const segments = word.match(/\p{Lu}\p{Ll}?/gu);
  return segments && segments.join('') === word ? segments.map((s) => s.toLowerCase()) : null;
}

/** Whether a phrase key starts its words with these initials: "low rank adaptation" ~ LoRA. */
function initialsMatch(initials: string[], key: string): boolean {
  let at = 0;
  for (let i = 0; i < initials.length; i++) {
    if (i > 0) {
      at = key.indexOf(' ', at) + 1;
      if (at === 0) return false;
    }
    if (!key.startsWith(initials[i]!, at)) return false;
  }
  return key.indexOf(' ', at) < 0;
}

function isAcronymToken(t: Token): boolean {
  return t.info.structural && t.info.parts === 1 && t.info.kind === Kind.Content && t.surface.length <= 10;
}

/**
 * acronym key → expansion key. Definitions "long form (ACRONYM)" (or "(or ACRONYM)") are found by
 * Schwartz–Hearst; acronyms used without a definition are matched by strict initials against the
 * paper's own multi-word candidates, the most frequent one winning.
 */
function linkAcronyms(tokens: Token[], candidates: Map<string, Candidate>, names: Set<string>): Map<string, string> {
  const links = new Map<string, string>();
  for (let j = 1; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (!isAcronymToken(t) || !t.closeParenAfter) continue;
    let end = j - 1; // last token of the long form
    if (!t.openParenBefore) {
      const or = tokens[j - 1]!;
      if (!or.openParenBefore || (or.info.lower !== 'or' && or.info.lower !== 'aka')) continue;
      end = j - 2;
    }
    if (end < 0 || links.has(t.info.key)) continue;
    let first = end;
    while (first > 0 && end - first + 1 < MAX_TOKENS && !tokens[first]!.breakBefore && tokens[first - 1]!.info.kind !== Kind.Break) first--;
    if (tokens[first]!.info.kind === Kind.Break) continue;
    // Long form as words; remember which token each character belongs to.
    let long = '';
    const owner: number[] = [];
    for (let k = first; k <= end; k++) {
      const part = tokens[k]!.info.lower.replace(/-/g, ' ');
      if (long) {
        long += ' ';
        owner.push(k);
      }
      long += part;
      for (let c = 0; c < part.length; c++) owner.push(k);
    }
    const at = schwartzHearst(acronymLetters(t.surface), long);
    if (at < 0) continue;
    const from = owner[at]!;
    const key = tokens
      .slice(from, end + 1)
      .map((x) => x.info.key)
      .join(' ');
    if (key !== t.info.key && candidates.has(key)) links.set(t.info.key, key);
  }
  for (const c of candidates.values()) {
    if (!c.single || links.has(c.key)) continue;
    const token = tokens[c.starts[0]!]!;
    if (!isAcronymToken(token) || names.has(c.key)) continue;
    const initials = acronymInitials(token.surface);
    if (!initials || initials.length < 2) continue;
    let best: Candidate | undefined;
    for (const other of candidates.values()) {
      if (other.words !== initials.length || other.single || other.bridged || !initialsMatch(initials, other.key)) continue;
      if (!best || other.starts.length > best.starts.length || (other.starts.length === best.starts.length && other.key < best.key)) best = other;
    }
    if (best) links.set(c.key, best.key);
  }
  return links;
}

// ---------------------------------------------------------------------------------------------
// Document frequencies

/** Anything that can say how many documents contain a key (a table in memory, a database). */
export interface DocumentFrequencySource {
  /** Number of documents counted. */
  readonly documentCount: number;
  /** Number of documents whose `documentTerms` include `key`; 0 if unknown. */
  documentFrequency(key: string): number;
}

/** Which candidates of an analysis are eligible keyword keys (before scoring). */
function isEligible(c: Candidate, a: Analysis): boolean {
  if (BOILERPLATE.has(c.key)) return false;
  if (c.bridged) return c.starts.length >= 2 && c.headCount > 0;
  if (!c.single) return true;
  // A single word is a keyword only as a name ("LoRA", "Mamba") or a noun compound
  // ("self-distillation"), used as a noun (not only as in "LoRA update") more than once.
  const t = a.tokens[c.starts[0]!]!;
  if (c.headCount === 0 || c.starts.length < 2) return false;
  return t.info.structural || a.names.has(t.info.lower) || t.info.parts > 1;
}

/**
 * The distinct keys a document contributes to document frequencies: every phrase that could be
 * one of its keywords. Counting these for every paper gives the table `KeywordModel` reads.
 */
export function documentTerms(doc: KeywordDocument, maxTextLength = DEFAULTS.maxTextLength): string[] {
  return termsOf(analyse(doc, maxTextLength));
}

function termsOf(a: Analysis): string[] {
  const keys: string[] = [];
  for (const c of a.candidates.values()) if (isEligible(c, a)) keys.push(c.key);
  return keys;
}

/**
 * Keys a bulk import's frequency table keeps at most (about 150 bytes each). Past it the rarest
 * are dropped; they are the ones whose exact count matters least (see below).
 */
export const MAX_FREQUENCY_ENTRIES = 250_000;

/**
 * Document frequencies of keyword keys, counted one document at a time. Memory is bounded by
 * `maxEntries`: when the table outgrows it, the rarest keys are dropped (lossy counting, Manku &
 * Motwani 2002), which only makes rare phrases look rare, what they are. `floor` records the
 * largest count so dropped, the error bound of any key's count.
 */
export class DocumentFrequencyTable implements DocumentFrequencySource {
  private readonly counts = new Map<string, number>();
  private readonly maxEntries: number;
  documentCount = 0;
  /** The largest count of a key dropped by pruning: the most any count may be short by. */
  floor = 0;

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = options.maxEntries ?? Infinity;
  }

  static from(entries: Iterable<readonly [string, number]>, documentCount: number, options: { maxEntries?: number } = {}): DocumentFrequencyTable {
    const table = new DocumentFrequencyTable(options);
    for (const [key, count] of entries) table.counts.set(key, (table.counts.get(key) ?? 0) + count);
    table.documentCount = documentCount;
    return table;
  }

  get size(): number {
    return this.counts.size;
  }

  documentFrequency(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Counts one document. */
  addDocument(doc: KeywordDocument): void {
    this.addTerms(documentTerms(doc));
  }

  /**
   * Counts one document given its distinct keys (from `documentTerms`, perhaps computed elsewhere).
   * The keys are not checked for repeats: this runs for every paper of a bulk import.
   */
  addTerms(keys: Iterable<string>): void {
    this.documentCount++;
    for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.counts.size > this.maxEntries) this.shrink();
  }

  /** Adds another table's counts (for example, one counted by a parallel worker). */
  merge(other: DocumentFrequencyTable): this {
    this.documentCount += other.documentCount;
    this.floor = Math.max(this.floor, other.floor);
    for (const [key, count] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    if (this.counts.size > this.maxEntries) this.shrink();
    return this;
  }

  /** Drops keys counted in fewer than `minCount` documents; returns how many were dropped. */
  prune(minCount: number): number {
    let dropped = 0;
    for (const [key, count] of this.counts) {
      if (count < minCount) {
        this.counts.delete(key);
        dropped++;
      }
    }
    this.floor = Math.max(this.floor, minCount - 1);
    return dropped;
  }

  /** Key and count pairs, for storing the table. */
  entries(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }

  private shrink(): void {
    let threshold = this.floor + 2;
    while (this.counts.size > this.maxEntries * 0.75) this.prune(threshold++);
  }
}

/**
 * Counts document frequencies over a stream of documents, such as a bulk import read in chunks.
 * Pass an existing table to continue counting into it.
 */
export async function countDocumentFrequencies(
  docs: Iterable<KeywordDocument> | AsyncIterable<KeywordDocument>,
  table: DocumentFrequencyTable = new DocumentFrequencyTable(),
): Promise<DocumentFrequencyTable> {
  for await (const doc of docs) table.addDocument(doc);
  return table;
}

/** Several sources read as one: documents and frequencies add up. They must not overlap. */
export function combineFrequencies(...sources: DocumentFrequencySource[]): DocumentFrequencySource {
  if (sources.length === 1) return sources[0]!;
  return {
    get documentCount() {
      return sources.reduce((n, s) => n + s.documentCount, 0);
    },
    documentFrequency(key: string) {
      let df = 0;
      for (const s of sources) df += s.documentFrequency(key);
      return df;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Scoring

const DEFAULTS = {
  minKeywords: 5,
  maxKeywords: 10,
  minRelativeWeight: 0.25,
  titleWeight: 2,
  maxTextLength: 20_000,
} satisfies Required<KeywordOptions>;

const BOILERPLATE: ReadonlySet<string> = new Set(BOILERPLATE_PHRASES.map(normaliseTerm));

/** BM25's term-frequency saturation: the 10th occurrence adds far less than the 2nd. */
const SATURATION = 1.5;
const saturate = (tf: number) => (tf * (SATURATION + 1)) / (tf + SATURATION);
/** Longer phrases are more specific: +25% per extra word, up to four. */
const lengthFactor = (words: number) => 1 + 0.25 * (Math.min(Math.max(words, 1), 4) - 1);
/** A phrase never at the end of a noun phrase is probably a modifier cut from a longer one. */
const NOT_HEAD_FACTOR = 0.6;
/** A phrase seen once, outside the title, and in no other document is probably accidental. */
const SINGLETON_FACTOR = 0.7;
/** "efficient global token mixers" ranks below "global token mixers". */
const EVALUATIVE_FACTOR = 0.8;
/** Versioned names ("ImageNet-1K", "LLaMA-2", "ResNet-50") are mostly benchmarks and baselines. */
const VERSIONED_NAME_FACTOR = 0.6;
/** A phrase inside a chosen one is kept only if used this often on its own. */
const MIN_OWN_USES = 2;

interface Scored {
  c: Candidate;
  score: number;
}

/**
 * Extracts keywords against a source of document frequencies. Build one per import and call
 * `extract` per paper; it keeps no state between papers.
 *
 * For a bulk import too large to hold in memory, either
 * - count first: `countDocumentFrequencies(stream)` (or `table.addDocument` per chunk, or a DF
 *   table kept in the database), then `new KeywordModel(table).extract(paper)` in a second pass; or
 * - count as you go, in one pass: `model.extract(paper, table)` where `table` is (one of) the
 *   model's sources. Each paper is then scored against the papers seen so far; the first few
 *   thousand see noisy frequencies, so seed the table from a sample or an earlier import if you can.
 */
export class KeywordModel implements KeywordExtractor {
  private readonly options: Required<KeywordOptions>;

  constructor(
    readonly frequencies: DocumentFrequencySource,
    options: KeywordOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...definedOnly(options) };
  }

  /**
   * The paper's keywords, heaviest first. With `count`, the paper's `documentTerms` are first added
   * to that table, sharing the work of reading the paper (single-pass bulk import, above).
   */
  extract(doc: KeywordDocument, count?: DocumentFrequencyTable): ExtractedKeyword[] {
    const { minKeywords, maxKeywords, minRelativeWeight } = this.options;
    const a = analyse(doc, this.options.maxTextLength);
    if (count) count.addTerms(termsOf(a));
    const scored = this.score(a);

    // Only candidates near the best can be chosen unless too few are: sort those first, and the
    // rest only when needed (sorting every candidate was a third of the time per paper).
    let best = 0;
    for (const s of scored) if (s.score > best) best = s.score;
    const cut = best * minRelativeWeight;
    const near = scored.filter((s) => s.score >= cut).sort(byScore);
    let far: Scored[] | undefined;

    let chosen: Scored[] = [];
    for (let i = 0; chosen.length < maxKeywords; i++) {
      if (i >= near.length && chosen.length >= minKeywords) break;
      const s = i < near.length ? near[i] : (far ??= scored.filter((x) => x.score < cut).sort(byScore))[i - near.length];
      if (!s) break;
      // Nested phrases: "tangent kernel" adds nothing next to "neural tangent kernel", unless the
      // paper also uses it on its own; and "continual learning benchmarks" adds nothing next to
      // "continual learning". A longer phrase replaces a chosen shorter one never used on its own.
      if (chosen.some((x) => contains(x.c, s.c) && ownUses(s.c, x.c) < MIN_OWN_USES)) continue;
      const inside = chosen.filter((x) => contains(s.c, x.c));
      if (inside.some((x) => ownUses(x.c, s.c) > 0)) continue;
      // Overlapping windows of one long run ("adaptive two-stage cloud resource", "two-stage cloud
      // resource scaling"): the second adds nothing unless it also occurs elsewhere.
      if (chosen.some((x) => !inside.includes(x) && !contains(x.c, s.c) && ownUses(s.c, x.c) === 0)) continue;
      if (inside.length) chosen = chosen.filter((x) => !inside.includes(x));
      chosen.push(s);
    }
    chosen.sort((x, y) => y.score - x.score);
    const top = chosen[0]?.score ?? 1;
    return chosen.map(({ c, score }) => ({
      term: displayForm(c, a),
      key: c.key,
      weight: Math.max(0.001, Math.round((score / top) * 1000) / 1000),
    }));
  }

  private score(a: Analysis): Scored[] {
    const { titleWeight } = this.options;
    const N = Math.max(this.frequencies.documentCount, 1);

    // Acronym occurrences count for their expansion; the acronym is no separate keyword.
    for (const [acronym, expansion] of a.acronyms) {
      const from = a.candidates.get(acronym);
      const to = a.candidates.get(expansion);
      if (!from || !to || !isEligible(to, a)) continue;
      to.aliasCounts[0] += from.starts.length - from.titleCount + from.aliasCounts[0];
      to.aliasCounts[1] += from.titleCount + from.aliasCounts[1];
      a.candidates.delete(acronym);
    }

    const eligible: Candidate[] = [];
    for (const c of a.candidates.values()) {
      if (!isEligible(c, a)) continue;
      c.df = this.frequencies.documentFrequency(c.key);
      eligible.push(c);
    }
    const occurrences = (c: Candidate) => c.starts.length + c.aliasCounts[0] + c.aliasCounts[1];
    const recurs = (c: Candidate) => occurrences(c) >= 2 || c.df >= 2;

    // Occurrences inside a recurring longer phrase belong to that phrase. ("X of Y" phrases are
    // too loose to claim their parts: "limits of low-rank adaptation" leaves "low-rank adaptation".)
    const bound = boundSpans(a.tokens.length);
    const stamp = bound.stamp;
    for (const c of eligible) {
      if (c.tokens < 2 || c.bridged || !recurs(c)) continue;
      for (const s of c.starts) {
        for (let len = 1; len < c.tokens; len++) for (let off = 0; off + len <= c.tokens; off++) bound.spans[(s + off) * SPAN + len] = stamp;
      }
    }

    const scored: Scored[] = [];
    for (const c of eligible) {
      let abstract = c.aliasCounts[0];
      let title = c.aliasCounts[1];
      for (const s of c.starts) {
        if (bound.spans[s * SPAN + c.tokens] === stamp) continue;
        if (a.tokens[s]!.title) title++;
        else abstract++;
      }
      const tf = abstract + titleWeight * title;
      if (tf <= 0) continue;
      const idf = Math.log(1 + N / Math.max(c.df, 1));
      let score = saturate(tf) * idf * lengthFactor(c.specificity);
      if (c.headCount === 0) score *= NOT_HEAD_FACTOR;
      if (!c.single && title === 0 && occurrences(c) < 2 && c.df < 2) {
        // Seen once, and more so when it starts with an "-ing" word: probably a verb and its
        // object ("preserving proficiency"), not a term ("learning rate" recurs).
        score *= c.tokens === 2 && a.tokens[c.starts[0]!]!.info.gerund ? SINGLETON_FACTOR * SINGLETON_FACTOR : SINGLETON_FACTOR;
      }
      // "scalable neural network kernels" is the defined name, so its "scalable" stays unpunished.
      if (c.evaluative && !c.single && c.aliasCounts[0] + c.aliasCounts[1] === 0) score *= EVALUATIVE_FACTOR;
      if (c.single && /\d/.test(c.key)) score *= VERSIONED_NAME_FACTOR;
      scored.push({ c, score });
    }
    return scored;
  }
}

/**
 * The spans of one paper that a recurring longer phrase claims, marked with a stamp new for each
 * paper in an array kept between papers: a Set of span numbers, filled anew for every paper, cost
 * more than the rest of scoring.
 */
const boundMarks = { spans: new Int32Array(1 << 14), stamp: 0 };

function boundSpans(tokens: number): typeof boundMarks {
  if (boundMarks.spans.length < tokens * SPAN) boundMarks.spans = new Int32Array(2 * tokens * SPAN);
  if (boundMarks.stamp === 0x7fffffff) {
    boundMarks.spans.fill(0);
    boundMarks.stamp = 0;
  }
  boundMarks.stamp++;
  return boundMarks;
}

/** Best first; ties in key order, so that output never depends on the order of the text. */
function byScore(x: Scored, y: Scored): number {
  return y.score - x.score || (x.c.key < y.c.key ? -1 : x.c.key > y.c.key ? 1 : 0);
}

/** Whether phrase `outer` contains phrase `inner` as whole words. */
function contains(outer: Candidate, inner: Candidate): boolean {
  const o = outer.key;
  const i = inner.key;
  if (o.length <= i.length) return false;
  for (let at = o.indexOf(i); at >= 0; at = o.indexOf(i, at + 1)) {
    const end = at + i.length;
    if ((at === 0 || o.charCodeAt(at - 1) === 32) && (end === o.length || o.charCodeAt(end) === 32)) return true;
  }
  return false;
}

/**
 * Occurrences of `inner` (acronym uses included) that share no word with an occurrence of
 * `outer`: the uses of `inner` on its own.
 */
function ownUses(inner: Candidate, outer: Candidate): number {
  let n = inner.aliasCounts[0] + inner.aliasCounts[1];
  for (const s of inner.starts) {
    if (!outer.starts.some((o) => o < s + inner.tokens && s < o + outer.tokens)) n++;
  }
  return n;
}

/** The keyword as the paper writes it most often (abstract before title), in display case. */
function displayForm(c: Candidate, a: Analysis): string {
  const forms = new Map<string, number>();
  let best = '';
  let bestCount = 0;
  for (const preferTitle of [false, true]) {
    for (const s of c.starts) {
      if (a.tokens[s]!.title !== preferTitle) continue;
      const words: string[] = [];
      for (let i = s; i < s + c.tokens; i++) words.push(displayWord(a.tokens[i]!, a.names));
      const form = words.join(' ');
      const n = (forms.get(form) ?? 0) + 1;
      forms.set(form, n);
      if (n > bestCount) {
        best = form;
        bestCount = n;
      }
    }
    if (bestCount) break;
  }
  return best;
}

/** Lower case, except acronyms and names: "LoRA", "Gaussian", "Kronecker-structured", "non-Gaussian". */
function displayWord(t: Token, names: Set<string>): string {
  const s = t.surface;
  if (t.info.structural || names.has(t.info.lower)) return s;
  if (t.info.parts === 1) return t.info.lower;
  return s
    .split('-')
    .map((p) => (isStructural(p) || names.has(p.toLowerCase()) ? p : p.toLowerCase()))
    .join('-');
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A keyword extractor whose document frequencies are counted from `corpus` (the batch being
 * imported), plus `options.background` if given (frequencies kept from earlier imports).
 */
export function createKeywordExtractor(corpus: Iterable<KeywordDocument>, options: ExtractorOptions = {}): KeywordModel {
  const table = new DocumentFrequencyTable();
  for (const doc of corpus) table.addTerms(documentTerms(doc, options.maxTextLength ?? DEFAULTS.maxTextLength));
  const { background, ...rest } = options;
  return new KeywordModel(background ? combineFrequencies(table, background) : table, rest);
}
