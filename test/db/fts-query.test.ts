import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, toFtsQuery } from '../../src/db/fts-query.ts';
import { createTestDb } from '../helpers.ts';
import { sql } from 'drizzle-orm';

describe('toFtsQuery', () => {
  it.each([
    ['kernel methods', '("kernel" AND "methods")'],
    ['"neural tangent kernel"', '"neural tangent kernel"'],
    ['transform*', '"transform"*'],
    ['kernel -convolution', '("kernel" NOT "convolution")'],
    ['kernel NOT convolution', '("kernel" NOT "convolution")'],
    ['kernel -"large kernel"', '("kernel" NOT "large kernel")'],
    ['lora OR adapter', '"lora" OR "adapter"'],
    ['a b OR c', '("a" AND "b") OR "c"'],
    ['state-space models', '("state space" AND "models")'],
    ['kernel AND gaussian', '("kernel" AND "gaussian")'],
  ])('%j → %s', (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected);
  });

  it.each(['', '   ', '***', '-only', 'NOT this', '"" OR ""', '()'])('%j matches nothing', (input) => {
    expect(toFtsQuery(input)).toBeNull();
  });

  it('reads an unbalanced quote as words', () => {
    expect(toFtsQuery('"attention (')).toBe('"attention"');
    expect(toFtsQuery('low "rank adaptation')).toBe('("low" AND "rank" AND "adaptation")');
  });

  it('caps the number of terms', () => {
    const query = toFtsQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '))!;
    expect(query.match(/"/g)!.length / 2).toBeLessThanOrEqual(MAX_QUERY_TERMS);
  });

  it.each([
    '"unbalanced',
    'NEAR(',
    'NEAR(a b, 2)',
    '*',
    'AND',
    'OR OR OR',
    "'; DROP TABLE papers; --",
    'title:kernel',
    '^start',
    'a + b - c',
    '{x} [y] (z)',
    'ünïcödé 中文 العربية',
    '\u0000\u0002',
    'a'.repeat(10_000),
  ])('gives SQLite a valid query for %j', (input) => {
    const { db } = createTestDb();
    const fts = toFtsQuery(input);
    if (fts !== null) {
      expect(() => db.all(sql`select rowid from papers_fts where papers_fts match ${fts}`)).not.toThrow();
    }
  });
});
