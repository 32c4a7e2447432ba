import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collapseWhitespace, nameKey, normaliseArxivId, slugify, titleKey } from '../../src/ingest/normalise.ts';

describe('slugify', () => {
  it('joins lower-case ASCII words with hyphens', () => {
    expect(slugify('LoRA: Low-Rank Adaptation of Large Language Models')).toBe('lora-low-rank-adaptation-of-large-language-models');
    expect(slugify('Pattern and Origin for the Extreme $γ$-ray Flares of 3C 454.3')).toBe('pattern-and-origin-for-the-extreme-ray-flares-of-3c-454-3');
    expect(slugify('Déjà Vu: Éléments')).toBe('deja-vu-elements');
  });
  it('cuts long titles at a word boundary', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^word(-word)*$/);
  });
  it('never returns an empty slug', () => {
    expect(slugify('∑∫')).toBe('paper');
  });
});

describe('titleKey and nameKey', () => {
  it('ignore case, punctuation, accents and spacing', () => {
    expect(titleKey('Attention Is All You Need.')).toBe(titleKey('attention  is all-you need'));
    expect(nameKey('José  García')).toBe(nameKey('jose garcia'));
  });
});

describe('normaliseArxivId', () => {
  it.each([
    ['2106.09685', '2106.09685'],
    ['2106.09685v2', '2106.09685'],
    ['arXiv:2106.09685v3', '2106.09685'],
    ['http://arxiv.org/abs/1307.1058v2', '1307.1058'],
    ['https://arxiv.org/pdf/1307.1058v2.pdf', '1307.1058'],
    ['hep-ex/0307015', 'hep-ex/0307015'],
    ['http://arxiv.org/abs/hep-ex/0307015v1', 'hep-ex/0307015'],
    ['math.GT/0309136', 'math.GT/0309136'],
    ['0704.0001', '0704.0001'],
  ])('%s → %s', (input, id) => {
    expect(normaliseArxivId(input)).toBe(id);
  });
  it.each(['', 'hello', '2106.096', '12345.67890', 'DROP TABLE'])('rejects %j', (input) => {
    expect(normaliseArxivId(input)).toBeNull();
  });
});

describe('collapseWhitespace', () => {
  it('unwraps hard line breaks and drops control characters', () => {
    expect(collapseWhitespace('  a\n  b\tc\u0002d ')).toBe('a b cd');
  });

  it('turns every run of white space into one space, whatever the run is made of', () => {
    const piece = fc.oneof(fc.constantFrom(' ', '  ', '\n', '\r\n', '\t', '\u00a0', '\u2028', ' \n ', '\n\n'), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('').replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '');
        expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 2000 },
    );
  });
});
