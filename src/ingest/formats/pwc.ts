/**
 * Reader for the Papers with Code dumps: `papers-with-abstracts.json(.gz)` and, optionally,
 * `links-between-papers-and-code.json(.gz)` (formats in shared/design/IMPORT-FORMATS.md §2.1-2.2).
 *
 * Streaming readers
 * -----------------
 * Both dumps are top-level JSON arrays of hundreds of MB, read element by element with
 * `streamJsonArray` (json-array.ts, `@streamparser/json`): memory holds the link map below and one
 * chunk of the file, never the file. Records and record errors carry `{ file, index }`, the 0-based
 * position of the element in its file's array; an `InputError` stops the read when a file as a whole
 * is broken (missing, corrupt gzip, invalid or truncated JSON).
 *
 * Which file is which is decided by content, not by name: the first object of a links file has
 * `repo_url`, that of a papers file `paper_url`/`arxiv_id`/`abstract`/`url_abs`. Renamed dumps still work, and a
 * file that is neither is an `InputError` before anything is read.
 *
 * Joining links to papers: the links files are read FIRST, into a map keyed by `paper_url` holding
 * only what a `RepositoryLink` needs (repo URL, framework, two flags packed into a small integer,
 * framework strings interned): 300k links over 150k papers take about 70 MB, most of it the URL
 * strings themselves. The papers are then streamed and each gets its links as `repositories` with
 * `source: 'pwc'`.
 *
 * Orphan links (design): links whose `paper_url` matches no paper in the papers files are not
 * records, since there is no title or abstract to import. They are meant for papers that are already
 * in the catalogue, so they are handed to the caller through `onOrphanLinks`, one call per paper,
 * after the last paper record and before the generator finishes. Each carries what the links file
 * says about its paper (`paper_arxiv_id` and `paper_title`, raw) so that the importer can find the
 * paper in the database by arXiv id, else by title, and attach the links there, inside the same
 * transaction as the records. The callback is awaited, so it may be async and is given backpressure.
 * The map keeps only the fields above, so the arXiv id and title of orphans are read back in a second
 * pass over the links files, which stops once every orphan is found and is skipped when there is no
 * orphan. Without a callback, orphan links are dropped and that pass never runs. The callbacks happen
 * only if the generator is run to completion. A links file given alone is thus the way to add code
 * links to papers imported earlier: every one of its papers is an orphan.
 */
import { collapseWhitespace } from '../normalise.ts';
import { RecordError, type PaperRecord, type RecordPosition, type RepositoryLink } from '../record.ts';
import { InputError } from './input.ts';
import { JsonFields, describeJson, distinctStrings, isJsonObject, streamJsonArray } from './json-array.ts';

/** Links for a paper that is not in the papers files, for the importer to apply to a stored paper. */
export interface PwcOrphanLinks {
  /** The Papers with Code paper page, the join key of the dumps. */
  paperUrl: string;
  /** `paper_arxiv_id` as the links file spells it (may carry a version); null when absent. */
  arxivId: string | null;
  /** `paper_title` as the links file spells it; null when absent. */
  title: string | null;
  /** Every link of that paper across the links files, `source: 'pwc'`, duplicates removed. */
  links: RepositoryLink[];
  /** The first link row of that paper found in the second pass, for messages. */
  position: RecordPosition;
}

export interface ReadPwcOptions {
  /**
   * Called once per paper whose links have no paper in the papers files, after the last record.
   * Awaited. Without it, such links are dropped.
   */
  onOrphanLinks?: (orphan: PwcOrphanLinks) => void | Promise<void>;
}

export type PwcFileKind = 'papers' | 'links' | 'empty';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** How far into a file to look for an object to recognise it by; real dumps have one at index 0. */
const SNIFF_ELEMENTS = 1000;

// Tri-state booleans (true, false, unknown) packed two bits each, and the state of the paper's links
// (kept on its first link, so a paper costs no object of its own).
const OFFICIAL_KNOWN = 1;
const OFFICIAL = 2;
const MENTIONED_KNOWN = 4;
const MENTIONED = 8;
/** A paper record took the links. */
const ATTACHED = 16;
/** The links went to `onOrphanLinks`. */
const REPORTED = 32;

/** One link row kept in the map: a fixed-shape object of three fields, the smallest V8 will do. */
class PackedLink {
  constructor(
    readonly repoUrl: string,
    public flags: number,
    readonly framework: string | null,
  ) {}

  toRepositoryLink(): RepositoryLink {
    const flag = (known: number, set: number) => ((this.flags & known) !== 0 ? (this.flags & set) !== 0 : null);
    return {
      url: this.repoUrl,
      source: 'pwc',
      isOfficial: flag(OFFICIAL_KNOWN, OFFICIAL),
      framework: this.framework,
      mentionedInPaper: flag(MENTIONED_KNOWN, MENTIONED),
    };
  }
}

/**
 * The links of every paper, keyed by `paper_url`. Most papers have one link, so a paper maps to its
 * link itself and only papers with several get an array (of exact size: `[]` then `push` would
 * reserve 17 slots). Measured on 300k generated links over 150k papers: about 70 MB, most of it the
 * URL strings themselves.
 */
class LinkMap {
  private readonly map = new Map<string, PackedLink | PackedLink[]>();
  /** A handful of framework codes repeat 300k times: one shared string for each. */
  private readonly frameworks = new Map<string, string>();

  add(paperUrl: string, repoUrl: string, flags: number, framework: string | null): void {
    let shared: string | null = null;
    if (framework !== null) {
      shared = this.frameworks.get(framework) ?? framework;
      this.frameworks.set(shared, shared);
    }
    const existing = this.map.get(paperUrl);
    if (existing === undefined) {
      this.map.set(paperUrl, new PackedLink(repoUrl, flags, shared));
      return;
    }
    const links = Array.isArray(existing) ? existing : [existing];
    // The dump has one row per (paper, repository); a repeated row adds nothing.
    if (links.some((link) => link.repoUrl === repoUrl)) return;
    if (links === existing) links.push(new PackedLink(repoUrl, flags, shared));
    else this.map.set(paperUrl, [existing as PackedLink, new PackedLink(repoUrl, flags, shared)]);
  }

  private first(entry: PackedLink | PackedLink[]): PackedLink {
    return Array.isArray(entry) ? entry[0]! : entry;
  }

  private links(entry: PackedLink | PackedLink[]): RepositoryLink[] {
    return Array.isArray(entry) ? entry.map((link) => link.toRepositoryLink()) : [entry.toRepositoryLink()];
  }

  /** The links of a paper that is in the papers files; they are no longer orphans. */
  claim(paperUrl: string): RepositoryLink[] | null {
    const entry = this.map.get(paperUrl);
    if (entry === undefined) return null;
    this.first(entry).flags |= ATTACHED;
    return this.links(entry);
  }

  /** The links of a paper no record claimed, once: null when claimed, already taken, or unknown. */
  takeOrphan(paperUrl: string): RepositoryLink[] | null {
    const entry = this.map.get(paperUrl);
    if (entry === undefined) return null;
    const first = this.first(entry);
    if ((first.flags & (ATTACHED | REPORTED)) !== 0) return null;
    first.flags |= REPORTED;
    return this.links(entry);
  }

  orphanCount(): number {
    let count = 0;
    for (const entry of this.map.values()) if ((this.first(entry).flags & (ATTACHED | REPORTED)) === 0) count++;
    return count;
  }
}

/**
 * Tells a Papers with Code file's kind from its first object: `links` (has `repo_url`), `papers` (has
 * `paper_url`, `arxiv_id`, `abstract` or `url_abs`), or `empty` (an empty array). Anything else is an
 * InputError.
 */
export async function detectPwcKind(file: string): Promise<PwcFileKind> {
  for await (const { value, index } of streamJsonArray(file)) {
    if (!isJsonObject(value)) {
      if (index + 1 >= SNIFF_ELEMENTS) break;
      continue;
    }
    if ('repo_url' in value) return 'links';
    // Not "title": Hugging Face items have one too, and must not pass for PwC papers.
    if ('paper_url' in value || 'arxiv_id' in value || 'abstract' in value || 'url_abs' in value) return 'papers';
    throw new InputError(
      file,
      `not a Papers with Code dump: element ${index} has none of the keys of papers-with-abstracts ` +
        `("paper_url", "arxiv_id", "abstract", "url_abs") or of links-between-papers-and-code ("repo_url")`,
      { index },
    );
  }
  // Leaving the loop early closes the file, so sniffing costs one chunk of reading.
  return 'empty';
}

/**
 * Reads Papers with Code dumps: every paper of the papers files as a `PaperRecord` (or a
 * `RecordError` for a bad one), with its links from the links files; bad link rows are
 * `RecordError`s too, yielded first. Orphan links go to `options.onOrphanLinks` (see the header).
 * Throws `InputError` for a file that cannot be read or is not a Papers with Code dump.
 */
export async function* readPwc(files: string[], options: ReadPwcOptions = {}): AsyncGenerator<PaperRecord | RecordError> {
  // All files are recognised before anything is read, so a wrong file fails the import up front.
  const kinds: { file: string; kind: PwcFileKind }[] = [];
  for (const file of files) kinds.push({ file, kind: await detectPwcKind(file) });
  const linkFiles = kinds.filter((k) => k.kind === 'links').map((k) => k.file);
  const paperFiles = kinds.filter((k) => k.kind === 'papers').map((k) => k.file);

  const map = new LinkMap();
  for (const file of linkFiles) {
    for await (const { value, index } of streamJsonArray(file)) {
      try {
        addLink(map, value, { file, index });
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        yield error;
      }
    }
  }

  for (const file of paperFiles) {
    for await (const { value, index } of streamJsonArray(file)) {
      try {
        yield readPaper(value, { file, index }, map);
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        yield error;
      }
    }
  }

  if (options.onOrphanLinks) await reportOrphans(linkFiles, map, options.onOrphanLinks);
}

function addLink(map: LinkMap, value: unknown, at: RecordPosition): void {
  if (!isJsonObject(value)) throw new RecordError(at, `expected a link object, got ${describeJson(value)}`);
  const row = new JsonFields(value, at);
  const paperUrl = row.string('paper_url')?.trim();
  const repoUrl = row.string('repo_url')?.trim();
  const isOfficial = row.boolean('is_official');
  const mentioned = row.boolean('mentioned_in_paper');
  const framework = row.string('framework')?.trim() || null;
  // Not kept, but checked now so that the orphan pass can trust them and errors come out once.
  row.string('paper_arxiv_id');
  row.string('paper_title');
  if (!repoUrl) throw row.error('missing "repo_url"');
  if (!paperUrl) throw row.error('missing "paper_url": the link cannot be matched to a paper');

  let flags = 0;
  if (isOfficial !== null) flags |= OFFICIAL_KNOWN | (isOfficial ? OFFICIAL : 0);
  if (mentioned !== null) flags |= MENTIONED_KNOWN | (mentioned ? MENTIONED : 0);
  map.add(paperUrl, repoUrl, flags, framework);
}

function readPaper(value: unknown, at: RecordPosition, map: LinkMap): PaperRecord {
  if (!isJsonObject(value)) throw new RecordError(at, `expected a paper object, got ${describeJson(value)}`);
  const paper = new JsonFields(value, at);
  const title = collapseWhitespace(paper.string('title') ?? '');
  // Hard line wraps inside paragraphs become spaces; paragraph breaks carry no meaning downstream.
  const abstract = collapseWhitespace(paper.string('abstract') ?? '');
  const paperUrl = paper.string('paper_url')?.trim();
  const arxivId = paper.string('arxiv_id')?.trim() || null;
  const url = paper.string('url_abs')?.trim() || null;
  const pdfUrl = paper.string('url_pdf')?.trim() || null;
  const authors = paper.strings('authors');
  const tasks = paper.strings('tasks');
  // Derived dumps store the date as a float after a pandas round trip: only a real date is a date.
  const rawDate = value['date'];
  const publishedAt = typeof rawDate === 'string' && DATE.test(rawDate.trim()) ? rawDate.trim() : null;
  if (!title) throw paper.error('missing "title"');

  const record: PaperRecord = { title, abstract, arxivId, url, pdfUrl, publishedAt, authors, position: at };
  const topics = distinctStrings(tasks);
  if (topics.length) record.sourceTopics = topics.map((name) => ({ kind: 'TASK', name }));
  const links = paperUrl ? map.claim(paperUrl) : null;
  if (links) record.repositories = links;
  return record;
}

/**
 * Second pass over the links files: the first row of each unclaimed paper supplies its arXiv id and
 * title; the links themselves come from the map. Stops as soon as every orphan has been reported.
 */
async function reportOrphans(
  linkFiles: string[],
  map: LinkMap,
  onOrphanLinks: NonNullable<ReadPwcOptions['onOrphanLinks']>,
): Promise<void> {
  let remaining = map.orphanCount();
  for (const file of linkFiles) {
    if (remaining === 0) return;
    for await (const { value, index } of streamJsonArray(file)) {
      if (!isJsonObject(value)) continue;
      const paperUrl = typeof value['paper_url'] === 'string' ? value['paper_url'].trim() : '';
      const links = map.takeOrphan(paperUrl);
      if (!links) continue;
      remaining--;
      const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string).trim() || null : null);
      await onOrphanLinks({
        paperUrl,
        arxivId: text('paper_arxiv_id'),
        title: text('paper_title'),
        links,
        position: { file, index },
      });
      if (remaining === 0) return;
    }
  }
}
