/**
 * Reader for JSON lines: one paper object per line. `title` and `abstract` are required; `arxivId`,
 * `url`, `pdfUrl`, `publishedAt` (YYYY-MM-DD), `authors` (names), `repositories` (URLs) and `topics`
 * (slugs) are optional; unknown keys are ignored. Blank lines are skipped.
 */
import { RecordError, type PaperRecord, type RecordPosition } from '../record.ts';

type Json = Record<string, unknown>;

function optionalString(obj: Json, key: string, at: RecordPosition): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new RecordError(at, `"${key}" must be a string, got ${describe(value)}`);
  return value;
}

function optionalStrings(obj: Json, key: string, at: RecordPosition): string[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new RecordError(at, `"${key}" must be an array of strings, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

/** Reads one line's object into a record, or throws a RecordError saying what is wrong. */
export function readJsonLine(line: string, position: RecordPosition): PaperRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new RecordError(position, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordError(position, `expected a JSON object, got ${describe(value)}`);
  }
  const obj = value as Json;
  const title = optionalString(obj, 'title', position);
  const abstract = optionalString(obj, 'abstract', position);
  if (!title?.trim()) throw new RecordError(position, 'missing "title"');
  if (!abstract?.trim()) throw new RecordError(position, 'missing "abstract"');
  return {
    title,
    abstract,
    arxivId: optionalString(obj, 'arxivId', position),
    url: optionalString(obj, 'url', position),
    pdfUrl: optionalString(obj, 'pdfUrl', position),
    publishedAt: optionalString(obj, 'publishedAt', position),
    authors: optionalStrings(obj, 'authors', position),
    repositories: optionalStrings(obj, 'repositories', position).map((url) => ({ url, source: 'jsonl' as const })),
    topics: optionalStrings(obj, 'topics', position),
    position,
  };
}

/** One line as a record, or as the RecordError that says what is wrong with it. */
export function jsonLineItem(line: string, position: RecordPosition): PaperRecord | RecordError {
  try {
    return readJsonLine(line, position);
  } catch (error) {
    if (error instanceof RecordError) return error;
    throw error;
  }
}

/** Every non-blank line of a text, as a record or as the error that line has. */
export function parseJsonLines(text: string, file = '<input>'): (PaperRecord | RecordError)[] {
  return text.split(/\r?\n/).flatMap((line, i) => (line.trim() ? [jsonLineItem(line, { file, line: i + 1 })] : []));
}
