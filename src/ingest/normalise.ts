/**
 * Text keys that identify things across sources: slugs, title keys, name keys, arXiv ids.
 */

/** Lower-case ASCII with accents removed and every other run of characters collapsed. */
function foldToAscii(text: string): string {
  // ASCII text is its own decomposition and has no accents to drop; most titles and names are.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** A slug from a title: lower-case ASCII words joined by `-` ("LoRA: Low-Rank…" → "lora-low-rank-…"). */
export function slugify(title: string, maxLength = 80): string {
  const words = foldToAscii(title).split(/[^a-z0-9]+/).filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength && slug) break;
    slug = next.slice(0, maxLength);
  }
  return slug || 'paper';
}

/**
 * A paper's identity when it has no arXiv id: the title reduced to its letters and digits, so that
 * case, punctuation, accents and spacing differences between sources do not split one paper in two.
 */
export function titleKey(title: string): string {
  return foldToAscii(title).replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * What someone typed so far, folded like title keys so that it compares with them as a prefix.
 * Trailing space is kept: "graph " wants the word "graph", not "graphs".
 */
export function prefixKey(typed: string): string {
  return foldToAscii(typed).replace(/[^a-z0-9]+/g, ' ').trimStart();
}

/** One author row per key: case, accents and spacing do not make a different person. */
export function nameKey(name: string): string {
  return foldToAscii(name).replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * Collapses every run of white space (hard line wraps included) into one space and drops control
 * characters, which no title or abstract needs (search highlighting uses two of them as markers).
 */
export function collapseWhitespace(text: string): string {
  // Text that is already collapsed (the same text read twice: by a reader, then by the importer)
  // costs one scan and no copy; most of the rest has no control character to drop.
  if (!NEEDS_COLLAPSING.test(text)) return text;
  const kept = CONTROL.test(text) ? text.replace(CONTROL_G, '') : text;
  return kept.replace(WHITE_SPACE_TO_COLLAPSE, ' ').trim();
}

/**
 * The runs of white space that are not already a single space: each is matched whole, from its
 * first character. The same result as replacing every `\s+`, but the single spaces between words,
 * most of a text's runs, are not matched and rewritten (a Papers with Code abstract: 5.4 µs
 * instead of 15, on the main thread of every import, bench/README.md).
 */
const WHITE_SPACE_TO_COLLAPSE = /[^\S ]\s*| \s+/g;

const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/;
const CONTROL_G = new RegExp(CONTROL.source, 'g');
/** A control character, white space other than a plain space, two spaces, or space at either end. */
const NEEDS_COLLAPSING = /[\u0000-\u0008\u000e-\u001f\u007f]|[^\S ]|  |^ | $/;

// New-style ids (2106.09685, 0704.0001) and old-style ids (hep-ex/0307015, math.GT/0309136).
const ARXIV_ID = /^(?:(\d{4}\.\d{4,5})|([a-z-]+(?:\.[A-Za-z-]+)?\/\d{7}))(?:v\d+)?$/i;

/**
 * An arXiv id in canonical form (no version, no `arXiv:` prefix, no URL), or null if the text is not
 * one. Accepts `arXiv:2106.09685v2`, `https://arxiv.org/abs/2106.09685v2` and `hep-ex/0307015`.
 */
export function normaliseArxivId(input: string | null | undefined): string | null {
  if (!input) return null;
  const text = input
    .trim()
    .replace(/^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\//i, '')
    .replace(/\.pdf$/i, '')
    .replace(/^arxiv:/i, '');
  const match = ARXIV_ID.exec(text);
  if (!match) return null;
  // Old-style ids keep their case: the subject class is upper-case (math.GT/0309136).
  return match[1] ?? match[2]!;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD (no 2024-02-30, no month 13). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  // Date.UTC rolls an impossible day over into the next month; a real date survives unchanged.
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}
