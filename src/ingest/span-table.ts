/**
 * A memo of words looked up by their span in the text being tokenised rather than by a string: a
 * `Map<string, …>` needs every token sliced out (an allocation) and hashed in full, which made the
 * look-up the costliest line of both the keyword extractor and the topic tagger. This table
 * compares the span in place; only a word seen for the first time is sliced and described.
 *
 * A look-up is bound by memory latency, not by computing, so a slot is the entry itself, holding
 * its word and hash: a hit reads the slot, the entry (which the caller reads next anyway) and the
 * word's characters, and nothing else. Open addressing with linear probing; the table doubles
 * when half full.
 */

/** What a span table keeps for a word: the word as written and the table's hash of it. */
export interface SpanEntry {
  readonly surface: string;
  hash: number;
}

const INITIAL_CAPACITY = 1 << 14;

export class SpanTable<E extends SpanEntry> {
  private slots: (E | undefined)[] = [];
  /** Fibonacci hashing keeps the top bits of the mixed hash: index = hash >>> shift. */
  private shift = 32;
  size = 0;

  /**
   * @param describe what to keep for a word seen for the first time, given its table hash
   * @param maxEntries past this the table starts over instead of growing (it refills with the
   *   live vocabulary); without it, the owner bounds the table by clearing it
   */
  constructor(
    private readonly describe: (surface: string, hash: number) => E,
    private readonly maxEntries = Infinity,
  ) {
    this.reset(INITIAL_CAPACITY);
  }

  clear(): void {
    this.reset(INITIAL_CAPACITY);
  }

  private reset(capacity: number): void {
    this.slots = new Array<E | undefined>(capacity);
    this.shift = 32 - Math.log2(capacity);
    this.size = 0;
  }

  /** The entry for `text.slice(start, end)`; `spanHash` is any cheap hash of the span. */
  get(text: string, start: number, end: number, spanHash: number): E {
    const len = end - start;
    // Spread the hash's bits before masking (Fibonacci hashing): a cheap span hash clusters.
    const hash = Math.imul(spanHash, 0x9e3779b1);
    const mask = this.slots.length - 1;
    let i = hash >>> this.shift;
    for (let entry = this.slots[i]; entry !== undefined; entry = this.slots[(i = (i + 1) & mask)]) {
      const key = entry.surface;
      if (entry.hash !== hash || key.length !== len) continue;
      let k = 0;
      while (k < len && key.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === len) return entry;
    }
    const entry = this.describe(text.slice(start, end), hash);
    if (this.size * 2 >= this.slots.length) {
      const old = this.slots;
      const grow = this.slots.length < this.maxEntries * 2;
      this.reset(grow ? this.slots.length * 2 : this.slots.length);
      if (grow) for (const e of old) if (e !== undefined) this.insert(e);
    }
    this.insert(entry);
    return entry;
  }

  private insert(entry: E): void {
    let i = entry.hash >>> this.shift;
    while (this.slots[i] !== undefined) i = (i + 1) & (this.slots.length - 1);
    this.slots[i] = entry;
    this.size++;
  }
}
