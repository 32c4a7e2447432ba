import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateTagger, formatEvaluation, loadLabelledSet, type LabelledSet } from '../../src/cli/evaluate-topics.ts';
import {
  createTopicExplainer,
  createTopicTagger,
  DEFAULT_TAXONOMY_PATH,
  loadTaxonomy,
  parseTaxonomy,
  stemWord,
  type Taxonomy,
  type TopicTagger,
} from '../../src/ingest/topic-tagger.ts';

/** The taxonomy of TOPICS.md: slug -> [name, parent]. The committed data must match it exactly. */
const TOPICS_MD: Record<string, [string, string | null]> = {
  'learning-theory': ['Learning Theory', null],
  'kernel-methods': ['Kernel Methods', null],
  'gaussian-processes': ['Gaussian Processes', 'kernel-methods'],
  'bayesian-methods': ['Bayesian Methods', null],
  optimization: ['Optimization', null],
  'parameter-efficient-fine-tuning': ['Parameter-Efficient Fine-Tuning', null],
  'model-compression': ['Model Compression', null],
  'large-language-models': ['Large Language Models', null],
  'continual-learning': ['Continual Learning', null],
  'state-space-models': ['State Space Models', null],
  'convolutional-networks': ['Convolutional Networks', null],
  'computer-vision': ['Computer Vision', null],
  'object-detection': ['Object Detection', 'computer-vision'],
  'neural-fields': ['Neural Fields', 'computer-vision'],
  'representation-learning': ['Representation Learning', null],
  'information-retrieval': ['Information Retrieval', null],
  'recommender-systems': ['Recommender Systems', 'information-retrieval'],
  'differential-privacy': ['Differential Privacy', null],
  'scientific-machine-learning': ['Scientific Machine Learning', null],
  systems: ['Systems & Hardware', null],
  'active-learning': ['Active Learning', null],
  'domain-adaptation': ['Domain Adaptation', null],
  'geometric-deep-learning': ['Geometric Deep Learning', null],
};

const raw = () => JSON.parse(readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8')) as { topics: Record<string, unknown>[] } & Record<string, unknown>;

let taxonomy: Taxonomy;
let tag: TopicTagger;
let labelled: LabelledSet;
const slugs = (title: string, abstract: string) => tag({ title, abstract }).map((a) => a.slug);

beforeAll(() => {
  taxonomy = loadTaxonomy(DEFAULT_TAXONOMY_PATH);
  tag = createTopicTagger(taxonomy);
  labelled = loadLabelledSet();
});

describe('the committed taxonomy', () => {
  it('lives at an absolute path next to the seed data', () => {
    expect(isAbsolute(DEFAULT_TAXONOMY_PATH)).toBe(true);
    expect(DEFAULT_TAXONOMY_PATH.endsWith(join('seed', 'taxonomy.json'))).toBe(true);
    expect(existsSync(DEFAULT_TAXONOMY_PATH)).toBe(true);
  });

  it('has exactly the 23 topics, names and parents of TOPICS.md', () => {
    const actual = Object.fromEntries(taxonomy.topics.map((t) => [t.slug, [t.name, t.parent]]));
    expect(actual).toEqual(TOPICS_MD);
    expect(taxonomy.topics).toHaveLength(23);
  });

  it('gives every topic a description and rules', () => {
    for (const topic of taxonomy.topics) {
      expect(topic.description.length, topic.slug).toBeGreaterThan(20);
      expect(topic.terms.length, topic.slug).toBeGreaterThan(2);
    }
  });
});

describe('accuracy on the hand-labelled sample (test/fixtures/topic-labels.json)', () => {
  it('labels every sample paper, matched by title', () => {
    expect(labelled.sample).toHaveLength(47);
    const known = new Set(Object.keys(TOPICS_MD));
    for (const p of [...labelled.sample, ...labelled.unseen]) for (const s of p.topics) expect(known, `${p.title}: ${s}`).toContain(s);
  });

  it('reaches precision and recall >= 0.9 for every topic', () => {
    const e = evaluateTagger(tag, labelled.sample);
    console.log(formatEvaluation('sample', e));
    // Every topic of the taxonomy is exercised by the sample, so none can pass by being absent.
    expect(e.perTopic.map((s) => s.slug).sort()).toEqual(Object.keys(TOPICS_MD).sort());
    for (const s of e.perTopic) {
      expect.soft(s.precision, `${s.slug} precision; false positives: ${s.falsePositives.join(' | ')}`).toBeGreaterThanOrEqual(0.9);
      expect.soft(s.recall, `${s.slug} recall; missed: ${s.falseNegatives.join(' | ')}`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('generalises to the unseen papers (micro-averaged precision and recall >= 0.85)', () => {
    expect(labelled.unseen.length).toBeGreaterThanOrEqual(15);
    const e = evaluateTagger(tag, labelled.unseen);
    console.log(formatEvaluation('unseen', e));
    expect(e.micro.precision).toBeGreaterThanOrEqual(0.85);
    expect(e.micro.recall).toBeGreaterThanOrEqual(0.85);
  });
});

describe('traps named in TOPICS.md', () => {
  it.each([
    ['convolution kernels', 'Large Kernels for ConvNets', 'We scale convolution kernels to 31x31 and show that the kernel size, not depth, sets the effective receptive field of a CNN.'],
    ['GPU kernels', 'Fused Attention Kernels', 'We write fused CUDA kernels for attention. Each kernel keeps tiles in shared memory, and kernel launch overhead is amortised across heads on the GPU.'],
    ['blur kernels', 'Blind Deblurring', 'We estimate the blur kernel from a single blurry photo. The kernel is refined at every scale, and kernel errors are modelled explicitly.'],
    ['an operating-system kernel', 'Serving in the Kernel', 'We move request steering into the Linux kernel with eBPF, so that the kernel bypasses socket buffers for inference traffic.'],
  ])('%s are not kernel methods', (_, title, abstract) => {
    expect(slugs(title, abstract)).not.toContain('kernel-methods');
  });

  it('recognises actual kernel methods', () => {
    expect(slugs('Kernel SVMs at Scale', 'We train kernel support vector machines with Nystrom features; the RKHS norm bounds the approximation error of the kernel ridge regression solution.')).toContain('kernel-methods');
  });

  it('does not take Gaussian noise, mixtures or splats for Gaussian processes', () => {
    const noise = slugs('Denoising Under Gaussian Noise', 'Images are corrupted by additive white Gaussian noise. We estimate the noise level from a Gaussian distribution fitted to residuals and apply a Gaussian prior.');
    const mixture = slugs('Gaussian Mixtures for Anomaly Detection', 'We fit a Gaussian mixture model with Gaussian components to sensor windows.');
    const splats = slugs('Compact 3D Gaussian Splatting', 'We render radiance fields with 3D Gaussian splatting and prune Gaussians for novel view synthesis.');
    expect(noise).not.toContain('gaussian-processes');
    expect(mixture).not.toContain('gaussian-processes');
    expect(splats).not.toContain('gaussian-processes');
    expect(splats).toContain('neural-fields');
  });

  it('recognises Gaussian processes, including acronyms, but not GPS', () => {
    expect(slugs('Sparse GPs', 'We fit sparse GPs with inducing points; the GP posterior is updated online.')).toContain('gaussian-processes');
    expect(slugs('Navigation Without GPS', 'Robots lose GPS signal indoors. We fuse GPS fixes with odometry when GPS is available.')).not.toContain('gaussian-processes');
  });

  it('counts test-time adaptation as domain adaptation', () => {
    expect(slugs('Online Test-Time Adaptation', 'We propose a test-time adaptation method that updates normalisation layers on unlabelled test data under distribution shift.')).toContain('domain-adaptation');
  });

  it('does not count "dynamic adaptation" or "low-rank adaptation" as domain adaptation', () => {
    const dynamic = slugs('Dynamic Adaptation for Incremental Learning', 'We propose dynamic adaptation of projection parameters; the adaptation adapts to new classes while adaptive layers keep old ones.');
    const lora = slugs('Low-Rank Adaptation for Diffusion Models', 'We personalise diffusion models with low-rank adaptation (LoRA) of the attention layers and merge LoRAs at inference.');
    expect(dynamic).not.toContain('domain-adaptation');
    expect(lora).not.toContain('domain-adaptation');
    expect(lora).toContain('parameter-efficient-fine-tuning');
  });

  it('treats PAC-Bayes as learning theory, not Bayesian methods', () => {
    const got = slugs('PAC-Bayesian Generalization Bounds', 'We derive PAC-Bayes generalization bounds with data-dependent priors and prove that they are non-vacuous; the sample complexity matches known lower bounds.');
    expect(got).toContain('learning-theory');
    expect(got).not.toContain('bayesian-methods');
  });
});

describe('assignments and evidence', () => {
  const nngp = () => labelled.sample.find((p) => p.title.startsWith('Scale Mixtures of Neural Network Gaussian Processes'))!;

  it('returns direct assignments only: an NNGP paper is a GP paper, not a kernel-methods one', () => {
    const got = tag(nngp()).map((a) => a.slug);
    expect(got).toContain('gaussian-processes');
    expect(got).not.toContain('kernel-methods');
  });

  it('scores in (0, 1], sorted by score, with evidence as it appears in the text, strongest first', () => {
    const result = tag(nngp());
    for (const a of result) {
      expect(a.score).toBeGreaterThan(0);
      expect(a.score).toBeLessThanOrEqual(1);
      expect(a.evidence.length).toBeGreaterThan(0);
    }
    expect(result.map((a) => a.score)).toEqual([...result.map((a) => a.score)].sort((x, y) => y - x));
    const gp = result.find((a) => a.slug === 'gaussian-processes')!;
    // The title phrase counts double, so it leads the evidence.
    expect(gp.evidence[0]).toBe('neural network gaussian processes');
    expect(gp.evidence).toContain('nngps');
    expect(gp.evidence).toContain("student's t processes");
  });

  it('explains topics below the threshold too', () => {
    const explain = createTopicExplainer(taxonomy);
    const all = explain({ title: 'A note', abstract: 'We compare with kernel methods once.' });
    const km = all.find((t) => t.slug === 'kernel-methods')!;
    expect(km.evidence).toBeGreaterThan(0);
    expect(km.evidence).toBeLessThan(km.threshold);
    expect(km.terms[0]!.term).toBe('kernel methods');
    expect(slugs('A note', 'We compare with kernel methods once.')).toEqual([]);
  });

  it('returns nothing for a paper outside the taxonomy, and copes with empty text', () => {
    expect(tag({ title: '', abstract: '' })).toEqual([]);
    expect(slugs('Stellar Flares', 'We observe flares of blazars with the Fermi telescope and measure their light curves.')).toEqual([]);
  });

  it('keeps its word cache correct as it grows past its initial size', () => {
    const paper = labelled.sample[0]!;
    const before = tag(paper);
    const words = Array.from({ length: 40_000 }, (_, i) => `w${i.toString(36)}x`).join(' ');
    expect(slugs('Noise', `${words} We study neural tangent kernels and kernel regression. ${words}`)).toContain('kernel-methods');
    expect(tag(paper)).toEqual(before);
  });
});

/** A one-topic taxonomy for testing the rule language itself. */
function mini(terms: unknown[], scoring: Record<string, unknown> = {}, contexts?: Record<string, string[]>): TopicTagger {
  return createTopicTagger(
    parseTaxonomy({
      version: 1,
      scoring: { threshold: 1, titleWeight: 2, repeatDecay: 0.5, sentenceDecay: 1, ...scoring },
      ...(contexts && { contexts }),
      topics: [{ slug: 't', name: 'T', parent: null, description: '', terms }],
    }),
  );
}
const hits = (t: TopicTagger, title: string, abstract: string) => t({ title, abstract }).length === 1;

describe('the rule language', () => {
  it('normalises case, plurals, British spellings, accents and hyphenation', () => {
    const t = mini([{ weight: 1, match: ['gaussian process'] }, { weight: 1, match: ['fine-tuning'] }]);
    expect(hits(t, '', 'Gaussian Processes are used.')).toBe(true);
    expect(hits(t, '', 'Fine tuning matters.')).toBe(true);
    expect(hits(t, '', 'Finetuning matters.')).toBe(true);
    expect(stemWord('optimisation')).toBe(stemWord('optimization'));
    expect(stemWord('neighbours')).toBe(stemWord('neighbor'));
    expect(stemWord('modelling')).toBe(stemWord('modeling'));
    expect(stemWord('processes')).toBe('process');
    expect(stemWord('matrices')).toBe('matrix');
    const nystrom = mini([{ weight: 1, match: ['nystrom approximation'] }]);
    expect(hits(nystrom, '', 'A Nyström approximation.')).toBe(true);
  });

  it('matches acronyms case-sensitively and wildcards at word edges', () => {
    const t = mini([{ weight: 1, match: ['GP'] }]);
    expect(hits(t, '', 'We use GPs.')).toBe(true);
    expect(hits(t, '', 'We use gps.')).toBe(false);
    expect(hits(t, '', 'We use GPS.')).toBe(false);
    const w = mini([{ weight: 1, match: ['*lora', 'quantiz*'] }]);
    expect(hits(w, '', 'QLoRA works.')).toBe(true);
    expect(hits(w, '', 'Quantized weights.')).toBe(true);
    expect(hits(w, '', 'Flow rates.')).toBe(false);
  });

  it('does not let a phrase span punctuation or a parenthesised word', () => {
    const t = mini([{ weight: 1, match: ['convolutional neural network', 'SE(3)'] }]);
    expect(hits(t, '', 'Training (convolutional) neural network models.')).toBe(false);
    expect(hits(t, '', 'It is convolutional. Neural network models follow.')).toBe(false);
    expect(hits(t, '', 'A convolutional neural network.')).toBe(true);
    expect(hits(t, '', 'An SE(3)-equivariant model.')).toBe(true);
  });

  it('weighs titles, decays repeats and applies the threshold', () => {
    const t = mini([{ weight: 0.6, match: ['lora'] }]);
    expect(hits(t, '', 'LoRA.')).toBe(false); // 0.6
    expect(hits(t, '', 'LoRA. LoRA.')).toBe(false); // 0.6 + 0.3
    expect(hits(t, '', 'LoRA. LoRA. LoRA.')).toBe(true); // 0.6 + 0.3 + 0.15
    expect(hits(t, 'LoRA', '')).toBe(true); // 1.2
    const [a] = t({ title: 'LoRA', abstract: '' });
    expect(a!.score).toBeCloseTo(1 - 0.5 ** 1.2, 3);
  });

  it('lets the longest phrase win, and a weight-0 shadow phrase hide shorter ones', () => {
    const t = mini([{ weight: 1, match: ['kernel'] }, { weight: 0, match: ['blur kernel'] }]);
    expect(hits(t, '', 'A kernel.')).toBe(true);
    expect(hits(t, '', 'A blur kernel.')).toBe(false);
  });

  it('applies unless / requires context, including named contexts', () => {
    const t = mini([{ weight: 1, match: ['kernel'], unless: ['@conv'], window: 3 }], {}, { conv: ['convolution*'] });
    expect(hits(t, '', 'A convolution kernel.')).toBe(false);
    expect(hits(t, '', 'A kernel for the convolution.')).toBe(false);
    expect(hits(t, '', 'A kernel, which is far away from any convolution.')).toBe(true);
    const r = mini([{ weight: 1, match: ['kernel'], requires: ['gpu'] }]);
    expect(hits(r, '', 'A GPU kernel.')).toBe(true);
    expect(hits(r, '', 'A kernel.')).toBe(false);
  });

  it('discounts comparisons and background sentences, and boosts focus sentences', () => {
    const scoring = {
      focus: { cues: ['we propose'], factor: 1.5 },
      background: { cues: ['unlike'], factor: 0.3 },
      contrast: { cues: ['than'], factor: 0.3, window: 3 },
    };
    const t = mini([{ weight: 0.8, match: ['lora'] }], scoring);
    expect(hits(t, '', 'We propose LoRA.')).toBe(true); // 1.2
    expect(hits(t, '', 'It is LoRA.')).toBe(false); // 0.8
    expect(hits(t, '', 'We propose it. Unlike LoRA, it is fast. LoRA.')).toBe(false);
    expect(hits(t, '', 'We propose a method faster than LoRA.')).toBe(false); // 0.36
  });

  it('decays several matches within one sentence when sentenceDecay < 1', () => {
    const terms = [{ weight: 0.6, match: ['segmentation'] }, { weight: 0.6, match: ['recognition'] }];
    expect(hits(mini(terms), '', 'Used for segmentation and recognition.')).toBe(true); // 1.2
    expect(hits(mini(terms, { sentenceDecay: 0.5 }), '', 'Used for segmentation and recognition.')).toBe(false); // 0.9
    expect(hits(mini(terms, { sentenceDecay: 0.5 }), '', 'Used for segmentation. And recognition.')).toBe(true);
  });
});

describe('parseTaxonomy errors', () => {
  const withTopics = (mutate: (topics: Record<string, unknown>[]) => void) => {
    const json = raw();
    mutate(json.topics);
    return () => parseTaxonomy(json);
  };

  it.each<[string, (topics: Record<string, unknown>[]) => void, RegExp]>([
    ['unknown parent', (t) => void (t[2]!.parent = 'kernel-method'), /topic "gaussian-processes": parent "kernel-method" is not a topic slug/],
    ['duplicate slug', (t) => void t.push({ ...t[0]! }), /duplicate topic slug "learning-theory"/],
    ['parent cycle', (t) => void (t[1]!.parent = 'gaussian-processes'), /topic "(kernel-methods|gaussian-processes)": parent chain forms a cycle/],
    ['bad slug', (t) => void (t[0]!.slug = 'Learning Theory'), /topic "Learning Theory": slug must be lower-case words joined by hyphens/],
    ['missing name', (t) => void delete t[0]!.name, /topic "learning-theory": "name" must be a non-empty string/],
    ['misspelt field', (t) => void (t[0]!.term = []), /topic "learning-theory": unknown field "term"/],
    ['bad weight', (t) => void ((t[0]!.terms as { weight: unknown }[])[0]!.weight = 'high'), /topic "learning-theory": terms\[0\]\.weight must be a number/],
    ['wildcard inside a word', (t) => void ((t[1]!.terms as { match: string[] }[])[0]!.match = ['ker*nel']), /topic "kernel-methods": terms\[0\]: pattern "ker\*nel": "\*" may only start or end a word/],
    ['wildcard too short', (t) => void ((t[1]!.terms as { match: string[] }[])[0]!.match = ['k*']), /topic "kernel-methods".*wildcard "k\*" needs at least 3 letters/],
    ['empty pattern', (t) => void ((t[1]!.terms as { match: string[] }[])[0]!.match = ['   ']), /topic "kernel-methods": terms\[0\]\.match\[0\] must be a non-empty string/],
    ['pattern without words', (t) => void ((t[1]!.terms as { match: string[] }[])[0]!.match = ['--']), /topic "kernel-methods": terms\[0\]: pattern "--"/],
    ['unknown context', (t) => void ((t[1]!.terms as { unless?: string[] }[])[0]!.unless = ['@nope']), /topic "kernel-methods": terms\[0\]\.unless: unknown context "@nope"/],
    ['multi-word context entry', (t) => void ((t[1]!.terms as { unless?: string[] }[])[0]!.unless = ['blur kernel']), /topic "kernel-methods": terms\[0\]\.unless: "blur kernel" must be a single word/],
  ])('%s', (_, mutate, message) => {
    expect(withTopics(mutate)).toThrow(message);
  });

  it('rejects documents that are not taxonomies', () => {
    expect(() => parseTaxonomy(null)).toThrow(/expected a JSON object/);
    expect(() => parseTaxonomy({ version: 1, topics: [] })).toThrow(/"topics" must be a non-empty array/);
    expect(() => parseTaxonomy({ ...raw(), version: 0 })).toThrow(/"version" must be an integer/);
    expect(() => parseTaxonomy({ ...raw(), scoring: { threshold: -1 } })).toThrow(/scoring\.threshold must be a number/);
  });

  it('loadTaxonomy names the file in its errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxonomy-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ "version": 1, ');
    expect(() => loadTaxonomy(file)).toThrow(file);
    writeFileSync(file, JSON.stringify({ version: 1, topics: [{ slug: 'a', name: 'A', parent: 'b', description: '' }] }));
    expect(() => loadTaxonomy(file)).toThrow(`${file}: taxonomy: topic "a": parent "b" is not a topic slug`);
  });
});
