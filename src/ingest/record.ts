/**
 * The one shape every import format is turned into before it reaches the database.
 * Parsers produce these; `writeRecords` (ingest/write.ts) stores them.
 */

/** Where a paper-to-repository link was found. Kept per link so provenance is never lost. */
export type LinkSource = 'abstract' | 'pwc' | 'hf' | 'jsonl';

export interface RepositoryLink {
  /** Repository URL as found; normalised by `parseRepositoryUrl` before storage. */
  url: string;
  source: LinkSource;
  /** Whether the authors publish this code themselves, when the source says so. */
  isOfficial?: boolean | null;
  /** Framework code as the source spells it (`pytorch`, `tf`, ...), when known. */
  framework?: string | null;
  /** Whether the paper itself mentions the repository (Papers with Code `mentioned_in_paper`). */
  mentionedInPaper?: boolean | null;
  /** Star count, when the source reports it (Hugging Face `githubStars`). */
  stars?: number | null;
}

/** A label a source gives a paper: a Papers with Code task or an arXiv category. */
export interface SourceTopic {
  kind: 'TASK' | 'CATEGORY';
  /** As the source spells it: "Object Detection", "cs.LG". */
  name: string;
}

/** Where a record came from, for error messages: a file and a line or array index. */
export interface RecordPosition {
  file: string;
  /** 1-based line number for line-oriented formats. */
  line?: number;
  /** 0-based index for array formats. */
  index?: number;
}

export interface PaperRecord {
  title: string;
  abstract: string;
  /** arXiv id without version suffix (`2106.09685`, `hep-ex/0307015`). */
  arxivId?: string | null;
  url?: string | null;
  pdfUrl?: string | null;
  /** ISO date `YYYY-MM-DD`. */
  publishedAt?: string | null;
  /** Author names in byline order. */
  authors?: string[];
  repositories?: RepositoryLink[];
  /** Topic slugs the source assigns, added to the inferred ones. */
  topics?: string[];
  /** Tasks or categories the source assigns; they become topics of that kind. */
  sourceTopics?: SourceTopic[];
  /** Key phrases the source assigns (Hugging Face `ai_keywords`), added to the extracted ones. */
  keywords?: string[];
  position: RecordPosition;
}

/**
 * Code links for a paper the input does not otherwise describe (a Papers with Code links row whose
 * paper is not in the papers file): applied to the stored paper with that arXiv id or title.
 */
export interface LinkRecord {
  kind: 'links';
  arxivId: string | null;
  title: string | null;
  links: RepositoryLink[];
  position: RecordPosition;
}

export type ImportItem = PaperRecord | LinkRecord | RecordError;

export const isLinkRecord = (item: ImportItem): item is LinkRecord => !(item instanceof RecordError) && 'kind' in item && item.kind === 'links';

/** A record that could not be read, with where and why. */
export class RecordError extends Error {
  constructor(
    readonly position: RecordPosition,
    readonly reason: string,
  ) {
    super(`${formatPosition(position)}: ${reason}`);
    this.name = 'RecordError';
  }
}

export function formatPosition({ file, line, index }: RecordPosition): string {
  if (line !== undefined) return `${file}:${line}`;
  if (index !== undefined) return `${file}[${index}]`;
  return file;
}
