/**
 * A Bloom filter over strings: "certainly absent" or "maybe present". A bulk import asks it before
 * looking a paper up by arXiv id, title or slug: almost every paper of a bulk import is new, and a
 * "certainly absent" answer saves an index search in a B-tree that is much larger than the cache.
 * A "maybe" (a key that is there, or rarely a false positive) falls back to the database.
 *
 * Fixed size: 2^27 bits (16 MiB) hold three keys for each of a million papers with about one false
 * positive in three thousand look-ups. The three probes of a key fall in one cache line ("blocked"
 * Bloom filter): a look-up costs one cache miss instead of three, for a slightly higher false-positive
 * rate than probes spread over the whole array.
 */
export class KeyFilter {
  private readonly bits: Uint32Array;
  /** Blocks of 512 bits (16 words, one cache line): every probe of a key lands in one block. */
  private readonly blockMask: number;

  constructor(log2Bits = 27) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.blockMask = 2 ** (log2Bits - 9) - 1;
  }

  /** `kind` keeps equal strings of different kinds (an arXiv id, a slug) apart. */
  add(key: string, kind = 0): void {
    const [h1, h2] = hashes(key, kind);
    const base = (h1 & this.blockMask) << 4;
    for (let i = 0, h = h2; i < PROBES; i++, h >>>= 9) this.bits[base + ((h >>> 5) & 15)]! |= 1 << (h & 31);
  }

  mayHave(key: string, kind = 0): boolean {
    const [h1, h2] = hashes(key, kind);
    const base = (h1 & this.blockMask) << 4;
    for (let i = 0, h = h2; i < PROBES; i++, h >>>= 9) {
      if ((this.bits[base + ((h >>> 5) & 15)]! & (1 << (h & 31))) === 0) return false;
    }
    return true;
  }
}

const PROBES = 3;
const pair: [number, number] = [0, 0];

/**
 * Two independent 32-bit hashes of a string in one pass (FNV-1a and a multiplicative hash). The kind
 * seeds them, rather than a prefix glued to the key: hashing a concatenated string flattens it, a
 * copy per look-up.
 */
function hashes(key: string, kind: number): [number, number] {
  let a = Math.imul(0x811c9dc5 ^ kind, 0x01000193);
  let b = Math.imul(0x9747b28c ^ kind, 0x5bd1e995);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  pair[0] = a;
  pair[1] = b ^ (b >>> 13);
  return pair;
}
