/**
 * Reader for Hugging Face daily papers: a JSON array as `/api/daily_papers` returns it (wrapper items
 * `{ paper: {...}, publishedAt, title, summary, numComments, ... }`) or as `/api/papers/{id}` and
 * later `/api/papers/search` captures return it (bare paper objects). Both shapes are accepted, even
 * mixed in one array, the way huggingface_hub's `PaperInfo` reads them (IMPORT-FORMATS.md §2.4).
 *
 * Streaming readers
 * -----------------
 * Saved listings are concatenated into arrays of any size, so the array is streamed element by
 * element with `streamJsonArray` (json-array.ts, `@streamparser/json`). Records and record errors
 * carry `{ file, index }`, the 0-based position of the item in the array; a file that is broken as a
 * whole is an `InputError`.
 *
 * Mapping: `paper.id` → arxivId, `title`, `summary` → abstract (the wrapper's when the paper has
 * none), `authors[].name` → authors (every name: `hidden` is a display flag of the HF page, not a
 * statement about authorship), the paper's `publishedAt` (arXiv's date; the wrapper's is when HF
 * listed it) → its date part, `githubRepo` → a repository with source `hf` and `stars: githubStars`
 * when that is a number, `ai_keywords` → keywords. `projectPage` is not a code repository and is
 * ignored. Every field may be absent; only the title is required.
 */
import { collapseWhitespace } from '../normalise.ts';
import { RecordError, type PaperRecord, type RecordPosition } from '../record.ts';
import { JsonFields, describeJson, distinctStrings, isJsonObject, streamJsonArray } from './json-array.ts';

/** The date part of an ISO timestamp, as written (no time-zone shift: arXiv dates are arXiv's). */
const ISO_DATE_PART = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/;

/**
 * Reads Hugging Face daily-papers JSON arrays: one `PaperRecord` per item, or a `RecordError` for an
 * item that cannot be read. Throws `InputError` for a file that cannot be read or is not an array.
 */
export async function* readHfDaily(files: string[]): AsyncGenerator<PaperRecord | RecordError> {
  for (const file of files) {
    for await (const { value, index } of streamJsonArray(file)) {
      try {
        yield readHfItem(value, { file, index });
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        yield error;
      }
    }
  }
}

/** One daily-papers item (wrapped or bare) as a record; throws a RecordError saying what is wrong. */
export function readHfItem(value: unknown, at: RecordPosition): PaperRecord {
  if (!isJsonObject(value)) throw new RecordError(at, `expected a paper object, got ${describeJson(value)}`);
  const item = new JsonFields(value, at);
  // A wrapper has a `paper` object; a bare paper is its own paper.
  const wrapped = item.object('paper');
  const paper = wrapped ?? item;
  const wrapper = wrapped ? item : null;

  const title = collapseWhitespace(paper.string('title') ?? wrapper?.string('title') ?? '');
  const abstract = collapseWhitespace(paper.string('summary') ?? wrapper?.string('summary') ?? '');
  const arxivId = paper.string('id')?.trim() || null;
  const authors = readAuthors(paper);
  const published = paper.string('publishedAt');
  const publishedAt = published ? (ISO_DATE_PART.exec(published.trim())?.[1] ?? null) : null;
  const githubRepo = paper.string('githubRepo')?.trim() || null;
  const stars = paper.obj['githubStars'];
  const keywords = distinctStrings(paper.strings('ai_keywords'));
  if (!title) throw item.error('missing "title"');

  const record: PaperRecord = { title, abstract, arxivId, publishedAt, authors, position: at };
  if (githubRepo) {
    record.repositories = [
      { url: githubRepo, source: 'hf', stars: typeof stars === 'number' && Number.isFinite(stars) ? stars : null },
    ];
  }
  if (keywords.length) record.keywords = keywords;
  return record;
}

function readAuthors(paper: JsonFields): string[] {
  const names: string[] = [];
  paper.array('authors').forEach((author, i) => {
    if (!isJsonObject(author)) {
      throw paper.error(`${paper.name('authors')} must be an array of objects, but item ${i} is ${describeJson(author)}`);
    }
    const name = author['name'];
    if (name === undefined || name === null) return;
    if (typeof name !== 'string') {
      throw paper.error(`${paper.name(`authors[${i}].name`)} must be a string, got ${describeJson(name)}`);
    }
    if (name.trim()) names.push(name);
  });
  return names;
}
