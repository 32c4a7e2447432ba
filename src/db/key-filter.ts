/**
 * A Bloom filter over strings: "certainly absent" or "maybe present". A bulk import asks it before
 * looking a paper up by arXiv id, title or slug: almost every paper of a bulk import is new, and a
 * "certainly absent" answer saves an index search in a B-tree that is much larger than the cache.
 * A "maybe" (a key that is there, or rarely a false positive) falls back to the database.
 *
 * Fixed size: 2^27 bits (16 MiB) hold three keys for each of a million papers with about one false
 * positive in four thousand look-ups (three probes, double hashing).
 */
export class KeyFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(log2Bits = 27) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  add(key: string): void {
    const [h1, h2] = hashes(key);
    for (let i = 0, h = h1; i < PROBES; i++, h = (h + h2) | 0) {
      const bit = h & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mayHave(key: string): boolean {
    const [h1, h2] = hashes(key);
    for (let i = 0, h = h1; i < PROBES; i++, h = (h + h2) | 0) {
      const bit = h & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

const PROBES = 3;
const pair: [number, number] = [0, 0];

/** Two independent 32-bit hashes of a string in one pass (FNV-1a and a multiplicative hash). */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
  }
  pair[0] = a;
  // An odd step visits distinct bits for every probe.
  pair[1] = (b ^ (b >>> 13)) | 1;
  return pair;
}
