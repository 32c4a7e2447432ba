/**
 * Reads whatever a person types into a search box as an FTS5 query, leniently: every word is
 * quoted so that nothing they type is parsed as FTS5 syntax (cf. Datasette's escape_fts), with a
 * small documented syntax on top:
 *
 *   "quoted phrase"   the words in this order
 *   prefix*           words starting with "prefix"
 *   -word, -"phrase"  papers without it (also `NOT word`)
 *   a OR b            either side (upper-case OR; binds looser than the implicit AND)
 *
 * Anything else (unbalanced quotes, parentheses, `NEAR(`, `:`, `^`, SQL) is just words. A query
 * with no positive word matches nothing and returns null.
 */

/** More terms than this are ignored: they add cost, not precision. */
export const MAX_QUERY_TERMS = 32;

const WORD = /[\p{L}\p{N}_]+/gu;

interface Term {
  /** Quoted FTS5 string or phrase, with a `*` suffix for prefixes. */
  fts: string;
  negated: boolean;
}

function quote(words: string[]): string {
  return `"${words.join(' ')}"`;
}

/** Splits on white space but keeps a "quoted phrase" (closed or not) as one piece. */
function splitPieces(input: string): string[] {
  const pieces: string[] = [];
  const re = /(-?)"([^"]*)("?)|(\S+)/g;
  for (const m of input.matchAll(re)) {
    if (m[4] !== undefined) pieces.push(m[4]);
    else if (m[3]) pieces.push(`${m[1]}"${m[2]}"`); // closed phrase
    else pieces.push(...`${m[1]}${m[2]}`.split(/\s+/)); // an unbalanced quote is just words
  }
  return pieces.filter(Boolean);
}

export function toFtsQuery(input: string): string | null {
  const groups: Term[][] = [[]];
  let negateNext = false;
  let termCount = 0;

  for (const piece of splitPieces(input.normalize('NFKC'))) {
    if (piece === 'OR') {
      if (groups.at(-1)!.length) groups.push([]);
      continue;
    }
    if (piece === 'AND') continue; // AND is what juxtaposition means anyway
    if (piece === 'NOT') {
      negateNext = true;
      continue;
    }
    const negated = negateNext || (piece.startsWith('-') && piece.length > 1);
    negateNext = false;
    const body = piece.replace(/^-+/, '');
    const words = body.match(WORD);
    if (!words || termCount >= MAX_QUERY_TERMS) continue;
    termCount += words.length;
    const isPhrase = body.startsWith('"');
    const isPrefix = !isPhrase && /\*$/.test(body) && words.length === 1;
    // Punctuation inside a token ("state-space", "3D-aware") means adjacent words: a phrase.
    groups.at(-1)!.push({ fts: `${quote(words)}${isPrefix ? '*' : ''}`, negated });
  }

  const alternatives = groups
    .map((terms) => {
      const positive = terms.filter((t) => !t.negated).map((t) => t.fts);
      const negative = terms.filter((t) => t.negated).map((t) => t.fts);
      if (!positive.length) return null;
      const base = positive.length > 1 ? `(${positive.join(' AND ')})` : positive[0]!;
      return negative.reduce((expr, neg) => `(${expr} NOT ${neg})`, base);
    })
    .filter((expr): expr is string => expr !== null);

  return alternatives.length ? alternatives.join(' OR ') : null;
}
