/**
 * Reader for the text of a Hugging Face papers listing page (the bundled sample's format):
 * a few lines of page chrome, then alternating title and abstract paragraphs separated by
 * blank lines. Code links are not marked up; they are found later inside the abstracts.
 */
import { RecordError, type PaperRecord } from '../record.ts';

/** A title is one line, and no real title is longer than this. */
export const TITLE_MAX_CHARS = 250;
/** An abstract is prose; anything shorter is a stray line, not an abstract. */
export const ABSTRACT_MIN_WORDS = 12;

interface Paragraph {
  text: string;
  /** 1-based line of the paragraph's first line. */
  line: number;
  lineCount: number;
}

function splitParagraphs(text: string): Paragraph[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const paragraphs: Paragraph[] = [];
  let current: string[] = [];
  let start = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      if (current.length) paragraphs.push({ text: current.join(' '), line: start, lineCount: current.length });
      current = [];
      return;
    }
    if (!current.length) start = i + 1;
    current.push(line);
  });
  if (current.length) paragraphs.push({ text: current.join(' '), line: start, lineCount: current.length });
  return paragraphs;
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;
const isTitleLike = (p: Paragraph) => p.lineCount === 1 && p.text.length <= TITLE_MAX_CHARS;
const isAbstractLike = (p: Paragraph) => wordCount(p.text) >= ABSTRACT_MIN_WORDS;

/**
 * Parses a listing page. The page chrome ("Get trending papers…", "Subscribe", the date) is
 * recognised by shape rather than by its wording: it is the run of short lines before the first
 * title that is followed by an abstract. After that, paragraphs must alternate title, abstract;
 * anything else is an error naming the line, so a damaged file never half-imports.
 */
export function parseHfListing(text: string, file = '<input>'): PaperRecord[] {
  const paragraphs = splitParagraphs(text);
  let i = 0;
  while (i < paragraphs.length && !(isTitleLike(paragraphs[i]!) && paragraphs[i + 1] && isAbstractLike(paragraphs[i + 1]!))) {
    if (!isTitleLike(paragraphs[i]!)) {
      throw new RecordError({ file, line: paragraphs[i]!.line }, 'expected a title line before the first abstract');
    }
    i++;
  }
  if (i >= paragraphs.length) {
    throw new RecordError({ file, line: 1 }, 'no papers found: expected title and abstract paragraphs separated by blank lines');
  }

  const records: PaperRecord[] = [];
  for (; i < paragraphs.length; i += 2) {
    const title = paragraphs[i]!;
    const abstract = paragraphs[i + 1];
    if (!isTitleLike(title)) {
      throw new RecordError(
        { file, line: title.line },
        `expected a title (one line of at most ${TITLE_MAX_CHARS} characters), found a paragraph of ${title.lineCount} line(s) and ${title.text.length} characters`,
      );
    }
    if (!abstract) {
      throw new RecordError({ file, line: title.line }, `title "${title.text}" has no abstract after it`);
    }
    if (!isAbstractLike(abstract)) {
      throw new RecordError(
        { file, line: abstract.line },
        `expected the abstract of "${title.text}", found a line of ${wordCount(abstract.text)} word(s)`,
      );
    }
    records.push({ title: title.text, abstract: abstract.text, position: { file, line: title.line } });
  }
  return records;
}
