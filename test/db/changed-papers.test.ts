/**
 * The tracker behind what an import redoes at its end (topic_papers rows, counts): paper by paper
 * up to its cap, then everything.
 */
import { describe, expect, it } from 'vitest';
import { ChangedPapers } from '../../src/db/catalogue-writer.ts';

describe('ChangedPapers', () => {
  const tracker = (max: number) => new ChangedPapers<string[]>(max, () => []);

  it('notes each paper once, with what its first change needs redone', () => {
    const changed = tracker(3);
    changed.note(7, (d) => d.push('seven'));
    changed.note(7, (d) => d.push('seven again'));
    changed.note(9, (d) => d.push('nine'))!.push('added later');
    expect(changed.take()).toEqual({ papers: new Set([7, 9]), details: ['seven', 'nine', 'added later'] });
    // Taking starts afresh.
    expect(changed.take()).toEqual({ papers: new Set(), details: [] });
  });

  it('turns to everything past its cap, and stays there until taken', () => {
    const changed = tracker(2);
    expect(changed.note(1)).not.toBeNull();
    expect(changed.note(2)).not.toBeNull();
    // A paper noted before costs nothing more, even at the cap.
    expect(changed.note(1)).not.toBeNull();
    let called = false;
    expect(changed.note(3, () => (called = true))).toBeNull();
    expect(called).toBe(false);
    expect(changed.note(1)).toBeNull();
    expect(changed.take()).toBeNull();
    // Then a fresh start, paper by paper.
    expect(changed.note(4)).toEqual([]);
    expect(changed.take()).toEqual({ papers: new Set([4]), details: [] });
  });

  it('turns to everything when asked (a bulk import, a changed topic tree)', () => {
    const changed = tracker(100);
    changed.note(1, (d) => d.push('one'));
    changed.all();
    expect(changed.note(2)).toBeNull();
    expect(changed.take()).toBeNull();
  });
});
