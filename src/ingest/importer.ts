/**
 * Turns parsed records into catalogue rows: validates each record, infers its topics, keywords and
 * code links, finds the paper it describes (arXiv id, else normalised title) and inserts or merges
 * it, all inside one transaction so a failed import leaves the database as it was.
 */
import type { Db } from '../db/client.ts';
import { createCatalogueWriter, type CatalogueWriter, type RepositoryFields } from '../db/catalogue-writer.ts';
import { findRepositoryUrls, parseRepositoryUrl } from './code-links.ts';
import { createKeywordExtractor, normaliseTerm, type KeywordExtractor } from './keywords.ts';
import { collapseWhitespace, nameKey, normaliseArxivId, slugify, titleKey } from './normalise.ts';
import { RecordError, type LinkSource, type PaperRecord } from './record.ts';
import { createTopicTagger, type Taxonomy, type TopicAssignment } from './topic-tagger.ts';

export interface ImportOptions {
  taxonomy: Taxonomy;
  /** Stop at the first bad record (and change nothing) instead of skipping it. */
  strict?: boolean;
}

export interface ImportSummary {
  /** Records read from the input. */
  read: number;
  /** New papers added. */
  imported: number;
  /** Existing papers that this import changed. */
  updated: number;
  /** Existing papers the import found already up to date. */
  unchanged: number;
  /** Bad records, reported in `errors` and not imported. */
  skipped: number;
  errors: RecordError[];
}

interface Link {
  repo: RepositoryFields;
  source: LinkSource;
  isOfficial: boolean | null;
  framework: string | null;
}

interface ValidPaper {
  title: string;
  abstract: string;
  arxivId: string | null;
  url: string | null;
  pdfUrl: string | null;
  publishedAt: string | null;
  authors: { name: string; nameKey: string }[];
  links: Link[];
  topics: string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().startsWith(value);
}

function toRepositoryFields(url: string): RepositoryFields | null {
  const ref = parseRepositoryUrl(url);
  return ref && { url: ref.url, urlKey: ref.key, host: ref.host, owner: ref.owner, name: ref.name };
}

/** Checks one record and brings it to canonical form; throws RecordError saying what is wrong. */
export function validateRecord(record: PaperRecord): ValidPaper {
  const fail = (reason: string): never => {
    throw new RecordError(record.position, reason);
  };
  const title = collapseWhitespace(record.title ?? '');
  const abstract = collapseWhitespace(record.abstract ?? '');
  if (!title) fail('missing title');
  if (!abstract) fail('missing abstract');

  let arxivId: string | null = null;
  if (record.arxivId) arxivId = normaliseArxivId(record.arxivId) ?? fail(`"${record.arxivId}" is not an arXiv id`);

  const publishedAt = record.publishedAt?.trim() || null;
  if (publishedAt && !isValidDate(publishedAt)) fail(`publishedAt "${publishedAt}" is not a date of the form YYYY-MM-DD`);

  const seenAuthors = new Set<string>();
  const authors: ValidPaper['authors'] = [];
  for (const raw of record.authors ?? []) {
    const name = collapseWhitespace(raw);
    const key = nameKey(name);
    if (key && !seenAuthors.has(key)) {
      seenAuthors.add(key);
      authors.push({ name, nameKey: key });
    }
  }

  const links: Link[] = [];
  for (const link of record.repositories ?? []) {
    const repo = toRepositoryFields(link.url) ?? fail(`"${link.url}" is not a code repository URL`);
    links.push({ repo, source: link.source, isOfficial: link.isOfficial ?? null, framework: link.framework ?? null });
  }
  // Every format gets the links written into the abstract, whatever else it says.
  for (const ref of findRepositoryUrls(abstract)) {
    links.push({
      repo: { url: ref.url, urlKey: ref.key, host: ref.host, owner: ref.owner, name: ref.name },
      source: 'abstract',
      isOfficial: null,
      framework: null,
    });
  }

  return {
    title,
    abstract,
    arxivId,
    url: record.url?.trim() || null,
    pdfUrl: record.pdfUrl?.trim() || null,
    publishedAt,
    authors,
    links,
    topics: [...new Set(record.topics ?? [])],
  };
}

type Outcome = 'imported' | 'updated' | 'unchanged';

class PaperIngester {
  constructor(
    private readonly writer: CatalogueWriter,
    private readonly topicIds: Map<string, number>,
    private readonly tagTopics: (paper: { title: string; abstract: string }) => TopicAssignment[],
    private readonly keywords: KeywordExtractor,
  ) {}

  ingest(record: PaperRecord): Outcome {
    const paper = validateRecord(record);
    const unknownTopic = paper.topics.find((slug) => !this.topicIds.has(slug));
    if (unknownTopic) throw new RecordError(record.position, `unknown topic "${unknownTopic}"`);

    const key = titleKey(paper.title);
    const existing = this.writer.findPaper(paper.arxivId, key);
    let outcome: Outcome;
    let paperId: number;
    let textChanged: boolean;

    if (!existing) {
      paperId = this.writer.insertPaper({ slug: this.uniqueSlug(paper.title), titleKey: key, ...pick(paper) });
      outcome = 'imported';
      textChanged = true;
    } else {
      paperId = existing.id;
      // A later import that lacks a field never erases what an earlier one stored.
      const merged = {
        titleKey: key,
        title: paper.title,
        abstract: paper.abstract,
        arxivId: paper.arxivId ?? existing.arxivId,
        url: paper.url ?? existing.url,
        pdfUrl: paper.pdfUrl ?? existing.pdfUrl,
        publishedAt: paper.publishedAt ?? existing.publishedAt,
      };
      textChanged = merged.title !== existing.title || merged.abstract !== existing.abstract;
      const fieldsChanged =
        textChanged ||
        merged.arxivId !== existing.arxivId ||
        merged.url !== existing.url ||
        merged.pdfUrl !== existing.pdfUrl ||
        merged.publishedAt !== existing.publishedAt;
      if (fieldsChanged) this.writer.updatePaper(paperId, merged);
      outcome = fieldsChanged ? 'updated' : 'unchanged';
    }

    if (paper.authors.length) {
      const stored = outcome === 'imported' ? [] : this.writer.authorNames(paperId);
      if (stored.join('\n') !== paper.authors.map((a) => a.name).join('\n')) {
        this.writer.replaceAuthors(paperId, paper.authors);
        if (outcome === 'unchanged') outcome = 'updated';
      }
    }

    if (textChanged) {
      this.writer.replaceInferredTopics(paperId, toTopicRows(this.tagTopics(paper), this.topicIds));
      const terms = this.keywords.extract(paper).map((k) => ({ term: k.term, termKey: k.key, weight: k.weight }));
      this.writer.replaceKeywords(paperId, dedupeBy(terms, (t) => t.termKey));
    }
    for (const slug of paper.topics) this.writer.assignTopic(paperId, this.topicIds.get(slug)!, 'jsonl');

    const knownLinks = outcome === 'imported' ? new Set<string>() : this.writer.linkKeys(paperId);
    for (const link of paper.links) {
      if (!knownLinks.has(`${link.repo.urlKey}|${link.source}`) && outcome === 'unchanged') outcome = 'updated';
      this.writer.linkRepository(paperId, link.repo, link);
    }
    return outcome;
  }

  private uniqueSlug(title: string): string {
    const base = slugify(title);
    let slug = base;
    for (let n = 2; this.writer.isSlugTaken(slug); n++) slug = `${base}-${n}`;
    return slug;
  }
}

/** The tagger's assignments as rows, for the topics the database has. */
function toTopicRows(assignments: TopicAssignment[], topicIds: Map<string, number>) {
  return assignments.flatMap((a) => {
    const topicId = topicIds.get(a.slug);
    return topicId === undefined ? [] : [{ topicId, score: a.score, evidence: a.evidence }];
  });
}

function pick(p: ValidPaper) {
  return {
    title: p.title,
    abstract: p.abstract,
    arxivId: p.arxivId,
    url: p.url,
    pdfUrl: p.pdfUrl,
    publishedAt: p.publishedAt,
  };
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Applies the taxonomy file to the topics table (THEME topics), returning every topic id by slug. */
export function syncTaxonomy(writer: CatalogueWriter, taxonomy: Taxonomy): Map<string, number> {
  writer.syncTopics(
    'THEME',
    taxonomy.topics.map((t) => ({ slug: t.slug, name: t.name, description: t.description, parentSlug: t.parent, kind: 'THEME' as const })),
  );
  return writer.topicIdsBySlug();
}

/**
 * Imports a batch of records in one transaction. Bad records (those a parser already rejected, and
 * those that fail validation here) are reported and skipped, or with `strict` abort the whole
 * import with nothing written. Counts are refreshed before commit.
 */
export function importPapers(db: Db, input: readonly (PaperRecord | RecordError)[], options: ImportOptions): ImportSummary {
  const summary: ImportSummary = { read: input.length, imported: 0, updated: 0, unchanged: 0, skipped: 0, errors: [] };
  const records = input.filter((r): r is PaperRecord => !(r instanceof RecordError));
  const keywords = createKeywordExtractor(records.map((r) => ({ title: r.title, abstract: r.abstract })));
  const tagTopics = createTopicTagger(options.taxonomy);

  db.transaction(() => {
    const writer = createCatalogueWriter(db);
    const ingester = new PaperIngester(writer, syncTaxonomy(writer, options.taxonomy), tagTopics, keywords);
    for (const item of input) {
      try {
        if (item instanceof RecordError) throw item;
        summary[ingester.ingest(item)]++;
      } catch (error) {
        if (!(error instanceof RecordError) || options.strict) throw error;
        summary.skipped++;
        summary.errors.push(error);
      }
    }
    writer.refreshCounts();
  });
  return summary;
}

/** Tags every stored paper again with the given taxonomy: the way to re-apply an edited file. */
export function reapplyTaxonomy(db: Db, taxonomy: Taxonomy): { papers: number } {
  const tagTopics = createTopicTagger(taxonomy);
  let count = 0;
  db.transaction(() => {
    const writer = createCatalogueWriter(db);
    const topicIds = syncTaxonomy(writer, taxonomy);
    for (const paper of writer.allPaperTexts()) {
      writer.replaceInferredTopics(paper.id, toTopicRows(tagTopics(paper), topicIds));
      count++;
    }
    writer.refreshCounts();
  });
  return { papers: count };
}
