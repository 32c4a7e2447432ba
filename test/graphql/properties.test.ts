/**
 * Property-based tests: whatever a client sends as search text, filters, cursors, ids or page
 * sizes, the answer is data or a coded client error, never an internal error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorish, filter, maybe, pageSize, text } from '../arbitraries.ts';
import { execute, sampleApp } from '../helpers.ts';

const { app } = sampleApp();

/** Codes a client may see for bad input; INTERNAL_SERVER_ERROR is never one of them. */
const CLIENT_CODES = new Set([
  'EXCESSIVE_PAGINATION',
  'INVALID_CURSOR',
  'INVALID_ID',
  'INVALID_ARGUMENTS',
  'UNKNOWN_TOPIC',
  'ARGUMENT_LIMIT',
  'BAD_USER_INPUT',
  'COMPLEXITY_LIMIT',
]);

async function expectNoInternalError(query: string, variables: Record<string, unknown>) {
  const result = await execute(app, query, variables);
  for (const error of result.errors ?? []) {
    expect(CLIENT_CODES, `${error.message} for ${JSON.stringify(variables)}`).toContain(error.extensions?.code);
  }
  expect(result.status).toBeLessThan(500);
  if (!result.errors) expect(result.data).toBeDefined();
}

const RUNS = { numRuns: 150 };

describe('never an internal error', () => {
  it('for search text, filters and paging', async () => {
    await fc.assert(
      fc.asyncProperty(text, maybe(filter), pageSize, maybe(cursorish), async (query, f, first, after) => {
        await expectNoInternalError(
          'query ($q: String!, $f: PaperFilter, $first: Int, $after: String) { search(query: $q, filter: $f, first: $first, after: $after) { totalCount edges { score snippet { title abstract } node { slug } } } }',
          { q: query, f, first, after },
        );
      }),
      RUNS,
    );
  });

  it('for paper lists with any filter, order, page size and cursor', async () => {
    await fc.assert(
      fc.asyncProperty(
        maybe(filter),
        maybe(fc.constantFrom('PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'TITLE_ASC')),
        pageSize,
        pageSize,
        maybe(cursorish),
        maybe(cursorish),
        async (f, orderBy, first, last, after, before) => {
          await expectNoInternalError(
            'query ($f: PaperFilter, $o: PaperOrder, $first: Int, $last: Int, $after: String, $before: String) { papers(filter: $f, orderBy: $o, first: $first, last: $last, after: $after, before: $before) { totalCount pageInfo { hasNextPage endCursor } nodes { slug topics { slug } } } }',
            { f, o: orderBy, first, last, after, before },
          );
        },
      ),
      RUNS,
    );
  });

  it('for ids, slugs, arXiv ids, terms and repository names', async () => {
    await fc.assert(
      fc.asyncProperty(cursorish, fc.string({ maxLength: 40 }), fc.array(cursorish, { maxLength: 110 }), async (id, any, ids) => {
        await expectNoInternalError('query ($id: ID!) { node(id: $id) { id } }', { id });
        await expectNoInternalError('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
        await expectNoInternalError('query ($s: String) { paper(slug: $s) { id } }', { s: any });
        await expectNoInternalError('query ($a: String) { paper(arxivId: $a) { id } }', { a: any });
        await expectNoInternalError('query ($t: String!) { keyword(term: $t) { term } topic(slug: $t) { slug } }', { t: any });
        await expectNoInternalError('query ($r: String) { repository(fullName: $r) { url } }', { r: any });
        await expectNoInternalError('query ($p: String) { keywords(prefix: $p) { totalCount } repositories(owner: $p) { totalCount } }', { p: any });
      }),
      { numRuns: 60 },
    );
  });
});
