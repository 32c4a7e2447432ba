/**
 * The pure half of importing a record: validate it, bring it to canonical form and infer what
 * the catalogue derives from its text (topics, keywords, code links). No database access, so it
 * can run in worker threads while the main thread writes.
 */
import { findRepositoryUrls, parseRepositoryUrl } from './code-links.ts';
import { normaliseTerm, type DocumentFrequencyTable, type KeywordModel } from './keywords.ts';
import { collapseWhitespace, isIsoDate, nameKey, normaliseArxivId, titleKey } from './normalise.ts';
import { RecordError, type LinkSource, type PaperRecord, type RecordPosition, type RepositoryLink, type SourceTopic } from './record.ts';
import type { TopicAssignment, TopicTagger } from './topic-tagger.ts';

export interface PreparedLink {
  url: string;
  urlKey: string;
  host: string;
  owner: string;
  name: string;
  source: LinkSource;
  isOfficial: boolean | null;
  framework: string | null;
  mentionedInPaper: boolean | null;
  stars: number | null;
}

/** A record ready to be stored: every field checked and canonical, every inference done. */
export interface PreparedPaper {
  title: string;
  titleKey: string;
  abstract: string;
  arxivId: string | null;
  url: string | null;
  pdfUrl: string | null;
  publishedAt: string | null;
  authors: { name: string; nameKey: string }[];
  links: PreparedLink[];
  /** Taxonomy slugs a source assigned (jsonl `topics`). */
  topicSlugs: string[];
  sourceTopics: SourceTopic[];
  /** Inferred taxonomy topics. */
  topics: TopicAssignment[];
  /** Extracted and source-given keywords, one per key. */
  keywords: { term: string; termKey: string; weight: number }[];
  position: PaperRecord['position'];
}

export interface Inference {
  /**
   * Null when the caller tags the paper's topics itself (the importer's main thread takes some
   * batches' tagging off a busy worker: see importer.ts); the prepared paper's `topics` are then
   * empty. Tagging reads only `paperText`, so either way gives the same topics.
   */
  tagTopics: TopicTagger | null;
  keywords: KeywordModel;
  /** When given, each paper's terms are counted into it as it is read (single-pass bulk import). */
  countInto?: DocumentFrequencyTable;
}

/** Keywords a source gives count as much as the best extracted one. */
const SOURCE_KEYWORD_WEIGHT = 1;

/** Checks one record, brings it to canonical form and runs inference; throws RecordError saying what is wrong. */
export function preparePaper(record: PaperRecord, inference: Inference): PreparedPaper {
  const fail = (reason: string): never => {
    throw new RecordError(record.position, reason);
  };
  const text = paperText(record);
  const { title, abstract } = text;
  if (!title) fail('missing title');
  if (!abstract) fail('missing abstract');

  let arxivId: string | null = null;
  if (record.arxivId) arxivId = normaliseArxivId(record.arxivId) ?? fail(`"${record.arxivId}" is not an arXiv id`);

  const publishedAt = record.publishedAt?.trim() || null;
  if (publishedAt && !isIsoDate(publishedAt)) fail(`publishedAt "${publishedAt}" is not a date of the form YYYY-MM-DD`);

  const authors: PreparedPaper['authors'] = [];
  const seenAuthors = new Set<string>();
  for (const raw of record.authors ?? []) {
    const name = collapseWhitespace(raw);
    const key = nameKey(name);
    if (key && !seenAuthors.has(key)) {
      seenAuthors.add(key);
      authors.push({ name, nameKey: key });
    }
  }

  const links = prepareLinks(record.repositories ?? [], record.position);
  // Every format gets the links written into the abstract, whatever else it says.
  for (const ref of findRepositoryUrls(abstract)) {
    links.push({ ...ref, urlKey: ref.key, source: 'abstract', isOfficial: null, framework: null, mentionedInPaper: null, stars: null });
  }

  const extracted = inference.keywords.extract(text, inference.countInto);
  const keywords = new Map<string, { term: string; termKey: string; weight: number }>();
  for (const raw of record.keywords ?? []) {
    const term = collapseWhitespace(raw);
    const termKey = normaliseTerm(term);
    if (termKey && !keywords.has(termKey)) keywords.set(termKey, { term, termKey, weight: SOURCE_KEYWORD_WEIGHT });
  }
  for (const k of extracted) if (!keywords.has(k.key)) keywords.set(k.key, { term: k.term, termKey: k.key, weight: k.weight });

  return {
    title,
    titleKey: titleKey(title),
    abstract,
    arxivId,
    url: record.url?.trim() || null,
    pdfUrl: record.pdfUrl?.trim() || null,
    publishedAt,
    authors,
    links,
    topicSlugs: [...new Set(record.topics ?? [])],
    sourceTopics: dedupeSourceTopics(record.sourceTopics ?? []),
    topics: inference.tagTopics?.(text) ?? [],
    keywords: [...keywords.values()],
    position: record.position,
  };
}

/** A record's title and abstract as they are stored, and as topics and keywords are inferred from. */
export function paperText(record: PaperRecord): { title: string; abstract: string } {
  return {
    title: collapseWhitespace(typeof record.title === 'string' ? record.title : ''),
    abstract: collapseWhitespace(typeof record.abstract === 'string' ? record.abstract : ''),
  };
}

/** Checks and canonicalises repository links; a URL that names no repository is a RecordError. */
export function prepareLinks(links: readonly RepositoryLink[], position: RecordPosition): PreparedLink[] {
  return links.map((link) => {
    const ref = parseRepositoryUrl(link.url);
    if (!ref) throw new RecordError(position, `"${link.url}" is not a code repository URL`);
    return {
      ...ref,
      urlKey: ref.key,
      source: link.source,
      isOfficial: link.isOfficial ?? null,
      framework: link.framework?.trim() || null,
      mentionedInPaper: link.mentionedInPaper ?? null,
      stars: typeof link.stars === 'number' && Number.isFinite(link.stars) ? Math.max(0, Math.round(link.stars)) : null,
    };
  });
}

function dedupeSourceTopics(topics: SourceTopic[]): SourceTopic[] {
  const seen = new Set<string>();
  const out: SourceTopic[] = [];
  for (const t of topics) {
    const name = collapseWhitespace(t.name);
    const key = `${t.kind}|${name.toLowerCase()}`;
    if (name && !seen.has(key)) {
      seen.add(key);
      out.push({ kind: t.kind, name });
    }
  }
  return out;
}
