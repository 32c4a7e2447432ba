/**
 * What clients may send, for property-based tests (fast-check): search text, page sizes,
 * cursors, dates and paper filters, from the plausible to the hostile.
 */
import fc from 'fast-check';

// Text a person might type, or paste, or an attacker might send.
export const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.array(fc.constantFrom('"', '*', '-', 'OR', 'AND', 'NOT', 'NEAR(', ')', '(', ':', '^', "'", ';', '--', 'kernel', 'lora', ' '), {
    maxLength: 12,
  }).map((parts) => parts.join(' ')),
);
export const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
export const pageSize = fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constant(undefined));
export const cursorish = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.base64String({ maxLength: 40 }),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc.tuple(fc.constantFrom('PUBLISHED_AT_DESC', 'TITLE_ASC', 'relevance', 'NAME_ASC'), fc.jsonValue(), fc.jsonValue()).map((t) =>
    Buffer.from(JSON.stringify(t)).toString('base64url'),
  ),
);
const date = fc.oneof(fc.string({ maxLength: 12 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
export const filter = fc.record(
  {
    topic: maybe(fc.oneof(fc.constantFrom('kernel-methods', 'computer-vision', 'task:object-detection'), fc.string({ maxLength: 20 }))),
    keyword: maybe(text),
    repository: maybe(fc.oneof(fc.constantFrom('AILab-CVC/UniRepLKNet', 'https://github.com/RAIVNLab/MRL'), fc.string({ maxLength: 30 }))),
    hasCode: maybe(fc.boolean()),
    author: maybe(fc.string({ maxLength: 20 })),
    publishedAfter: maybe(date),
    publishedBefore: maybe(date),
  },
  { requiredKeys: [] },
);
