import { describe, expect, it } from 'vitest';
import { KeyFilter } from '../../src/db/key-filter.ts';

describe('the key filter of bulk imports', () => {
  it('never forgets a key and rarely claims one it was not given', () => {
    const filter = new KeyFilter(21); // 2 Mbit: 50,000 keys load it about as three million load the real size
    const added = Array.from({ length: 50_000 }, (_, i) => `t generated study number ${i} of sparse kernels`);
    for (const key of added) filter.add(key);
    expect(added.every((key) => filter.mayHave(key))).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 50_000; i++) if (filter.mayHave(`t another study number ${i} of sparse kernels`)) falsePositives++;
    expect(falsePositives / 50_000).toBeLessThan(0.01);
    expect(filter.mayHave('')).toBe(false);
  });
});
