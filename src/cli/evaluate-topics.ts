/**
 * `npm run topics:eval [-- --verbose] [--taxonomy FILE] [--labels FILE]`
 *
 * Measures the topic tagger against the hand-labelled set in test/fixtures/topic-labels.json:
 * per-topic precision, recall and support for the bundled sample and for the "unseen" papers,
 * plus tagging speed. `--verbose` lists every wrong or missing assignment with its evidence,
 * which is what to read before changing a rule.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseHfListing } from '../ingest/formats/hf-listing.ts';
import {
  createTopicExplainer,
  createTopicTagger,
  DEFAULT_TAXONOMY_PATH,
  loadTaxonomy,
  type TopicExplainer,
  type TopicTagger,
} from '../ingest/topic-tagger.ts';

export const DEFAULT_LABELS_PATH = fileURLToPath(new URL('../../test/fixtures/topic-labels.json', import.meta.url));
export const SAMPLE_LISTING_PATH = fileURLToPath(new URL('../../seed/hf-papers-listing.txt', import.meta.url));

export interface LabelledPaper {
  title: string;
  abstract: string;
  topics: string[];
  note?: string;
}

export interface LabelledSet {
  sample: LabelledPaper[];
  unseen: LabelledPaper[];
}

interface LabelEntry {
  title: string;
  abstract?: string;
  topics: string[];
  note?: string;
}

/**
 * Reads the labels and joins the sample entries to their abstracts in the bundled listing by
 * title. Every sample paper must be labelled exactly once, so a changed listing cannot silently
 * shrink the evaluation.
 */
export function loadLabelledSet(labelsPath = DEFAULT_LABELS_PATH, listingPath = SAMPLE_LISTING_PATH): LabelledSet {
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as { sample: LabelEntry[]; unseen: LabelEntry[] };
  const papers = parseHfListing(readFileSync(listingPath, 'utf8'), listingPath);
  const byTitle = new Map(labels.sample.map((l) => [l.title, l]));
  if (byTitle.size !== labels.sample.length) throw new Error(`${labelsPath}: a sample title is labelled twice`);
  const sample = papers.map((p) => {
    const label = byTitle.get(p.title);
    if (!label) throw new Error(`${labelsPath}: sample paper "${p.title}" has no label`);
    byTitle.delete(p.title);
    return { title: p.title, abstract: p.abstract, topics: label.topics, ...(label.note && { note: label.note }) };
  });
  if (byTitle.size) throw new Error(`${labelsPath}: labelled titles not in the sample: ${[...byTitle.keys()].join('; ')}`);
  const unseen = labels.unseen.map((l, i) => {
    if (!l.abstract) throw new Error(`${labelsPath}: unseen[${i}] "${l.title}" has no abstract`);
    return { title: l.title, abstract: l.abstract, topics: l.topics, ...(l.note && { note: l.note }) };
  });
  return { sample, unseen };
}

export interface TopicStats {
  slug: string;
  /** Papers labelled with the topic. */
  support: number;
  predicted: number;
  truePositives: number;
  /** 1 when nothing was predicted: no prediction was wrong. */
  precision: number;
  /** 1 when nothing is labelled: nothing was missed. */
  recall: number;
  falsePositives: string[];
  falseNegatives: string[];
}

export interface Evaluation {
  /** Topics with at least one labelled or predicted paper, by slug. */
  perTopic: TopicStats[];
  micro: { precision: number; recall: number; truePositives: number; predicted: number; support: number };
  errors: { title: string; missing: string[]; extra: { slug: string; evidence: string[] }[] }[];
}

export function evaluateTagger(tag: TopicTagger, papers: readonly LabelledPaper[]): Evaluation {
  const stats = new Map<string, TopicStats>();
  const get = (slug: string) => {
    let s = stats.get(slug);
    if (!s) {
      s = { slug, support: 0, predicted: 0, truePositives: 0, precision: 1, recall: 1, falsePositives: [], falseNegatives: [] };
      stats.set(slug, s);
    }
    return s;
  };
  const errors: Evaluation['errors'] = [];
  for (const paper of papers) {
    const predicted = tag(paper);
    const truth = new Set(paper.topics);
    const got = new Set(predicted.map((a) => a.slug));
    for (const slug of truth) {
      const s = get(slug);
      s.support++;
      if (got.has(slug)) s.truePositives++;
      else s.falseNegatives.push(paper.title);
    }
    for (const slug of got) {
      const s = get(slug);
      s.predicted++;
      if (!truth.has(slug)) s.falsePositives.push(paper.title);
    }
    const missing = [...truth].filter((s) => !got.has(s));
    const extra = predicted.filter((a) => !truth.has(a.slug)).map(({ slug, evidence }) => ({ slug, evidence }));
    if (missing.length || extra.length) errors.push({ title: paper.title, missing, extra });
  }
  let tp = 0;
  let predictedTotal = 0;
  let support = 0;
  for (const s of stats.values()) {
    s.precision = s.predicted ? s.truePositives / s.predicted : 1;
    s.recall = s.support ? s.truePositives / s.support : 1;
    tp += s.truePositives;
    predictedTotal += s.predicted;
    support += s.support;
  }
  return {
    perTopic: [...stats.values()].sort((a, b) => a.slug.localeCompare(b.slug)),
    micro: {
      precision: predictedTotal ? tp / predictedTotal : 1,
      recall: support ? tp / support : 1,
      truePositives: tp,
      predicted: predictedTotal,
      support,
    },
    errors,
  };
}

const pct = (x: number) => x.toFixed(2);

export function formatEvaluation(name: string, e: Evaluation): string {
  const width = Math.max(5, ...e.perTopic.map((s) => s.slug.length));
  const lines = [
    `${name}`,
    `${'topic'.padEnd(width)}  precision  recall  support  predicted`,
    ...e.perTopic.map(
      (s) => `${s.slug.padEnd(width)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${String(s.support).padStart(7)}  ${String(s.predicted).padStart(9)}`,
    ),
    `${'micro-average'.padEnd(width)}  ${pct(e.micro.precision).padStart(9)}  ${pct(e.micro.recall).padStart(6)}  ${String(e.micro.support).padStart(7)}  ${String(e.micro.predicted).padStart(9)}`,
  ];
  return lines.join('\n');
}

/** Every wrong or missing assignment; for a missing one, the evidence that fell short of the threshold. */
function formatErrors(e: Evaluation, papers: readonly LabelledPaper[], explain: TopicExplainer): string {
  return e.errors
    .map((err) => {
      const parts = [`  ${err.title}`];
      if (err.missing.length) {
        const explained = explain(papers.find((p) => p.title === err.title)!);
        for (const slug of err.missing) {
          const t = explained.find((x) => x.slug === slug);
          const terms = t ? t.terms.map((x) => `${x.term} ${x.evidence.toFixed(2)}`).join('; ') : '';
          parts.push(`    missing: ${slug} (evidence ${(t?.evidence ?? 0).toFixed(2)} of ${t?.threshold ?? '?'}) [${terms}]`);
        }
      }
      for (const x of err.extra) parts.push(`    extra:   ${x.slug} [${x.evidence.join('; ')}]`);
      return parts.join('\n');
    })
    .join('\n');
}

/** Mean tagging time per paper over `rounds` passes, after one warm-up pass. */
export function measureMicrosPerPaper(tag: TopicTagger, papers: readonly LabelledPaper[], rounds = 200): number {
  for (const p of papers) tag(p);
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const p of papers) tag(p);
  return Number(process.hrtime.bigint() - start) / 1000 / (rounds * papers.length);
}

function main(argv: string[]): void {
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const taxonomyPath = option('--taxonomy') ?? DEFAULT_TAXONOMY_PATH;
  const labelsPath = option('--labels') ?? DEFAULT_LABELS_PATH;
  const verbose = argv.includes('--verbose');

  const taxonomy = loadTaxonomy(taxonomyPath);
  const tag = createTopicTagger(taxonomy);
  const { sample, unseen } = loadLabelledSet(labelsPath);
  for (const [name, papers] of [['sample', sample], ['unseen', unseen]] as const) {
    const e = evaluateTagger(tag, papers);
    console.log(formatEvaluation(`${name} (${papers.length} papers)`, e));
    if (verbose && e.errors.length) console.log(`errors:\n${formatErrors(e, papers, createTopicExplainer(taxonomy))}`);
    console.log();
  }
  const micros = measureMicrosPerPaper(tag, [...sample, ...unseen]);
  console.log(`tagging speed: ${micros.toFixed(1)} µs per paper (mean over ${sample.length + unseen.length} papers x 200 rounds)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
