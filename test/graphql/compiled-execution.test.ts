/**
 * Operations run by graphql-jit's compiled executor answer exactly as graphql-js's interpreter
 * does (status, the same bytes, the same ETag) and run the same SQL; the execution timeout still holds.
 */
import fc from 'fast-check';
import { getIntrospectionQuery } from 'graphql';
import { compileQuery } from 'graphql-jit';
import { createSchema, createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { createLoaders, stopLoaders } from '../../src/db/loaders.ts';
import { compiledExecution } from '../../src/graphql/compiled-execution.ts';
import { encodeGlobalId } from '../../src/graphql/global-id.ts';
import { PLAYGROUND_TABS } from '../../src/graphql/playground.ts';
import { executionTimeout } from '../../src/http/limits.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import { cursorish, filter, maybe, pageSize, text } from '../arbitraries.ts';
import { generatedRecords, taxonomy } from '../fixtures.ts';
import { createTestDb } from '../helpers.ts';

const { db, statements } = createTestDb({ sample: true });
// Every operation compiled from its first run, and never compiled: the same catalogue.
const compiled = createApp(db, { responseCache: false, interpretedRuns: 0 });
const interpreted = createApp(db, { responseCache: false, interpretedRuns: Infinity });

beforeAll(() => {
  importPapers(db, generatedRecords(60), { taxonomy });
});

interface Body {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

async function post(app: App, body: Body) {
  statements.length = 0;
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, etag: response.headers.get('etag'), body: await response.text(), statements: [...statements] };
}

const LISTS = 'authors { name } topics { slug name kind } topicAssignments { score evidence origin topic { slug } } keywords { term } repositories { url fullName } codeLinks { source isOfficial framework mentionedInPaper repository { url } }';

const OPERATIONS: Record<string, Body | (() => Body)> = {
  introspection: { query: getIntrospectionQuery() },
  typename: { query: '{ __typename }' },
  'papers with every list, by variable page size': {
    query: `query ($first: Int) { papers(first: $first) { totalCount pageInfo { hasNextPage endCursor } nodes { id slug arxivId title abstract publishedAt ${LISTS} } } }`,
    variables: { first: 25 },
  },
  'a topic, its children and papers by cursor': {
    query: `query ($slug: String!, $after: String) { topic(slug: $slug) { id name kind paperCount parent { slug } children { slug paperCount }
      papers(first: 3, after: $after) { totalCount edges { cursor node { title ${LISTS} } } pageInfo { hasNextPage endCursor } } } }`,
    variables: { slug: 'computer-vision', after: null },
  },
  'search with snippets and scores': {
    query: '{ search(query: "learning", first: 5) { totalCount edges { score snippet { title abstract } node { id title } } } }',
  },
  'nodes of several types, one unknown': () => ({
    query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Paper { title } ... on Topic { slug } } }',
    variables: { ids: [encodeGlobalId('Paper', 1), encodeGlobalId('Topic', 1), encodeGlobalId('Paper', 987654321), 'bm90IGFuIGlk'] },
  }),
  'fragments, aliases, @include and @skip by variable': {
    query: `query ($with: Boolean!) { first: papers(first: 2) { nodes { ...P } } second: papers(first: 2, orderBy: TITLE_ASC) { nodes { ...P } } }
      fragment P on Paper { title authors @include(if: $with) { name } keywords @skip(if: $with) { term } }`,
    variables: { with: true },
  },
  'the named operation of several': {
    query: 'query A { papers(first: 1) { nodes { title } } } query B { topics(first: 3) { totalCount nodes { slug } } }',
    operationName: 'B',
  },
  'a bad cursor (a field error with a code)': { query: '{ papers(first: 2, after: "not a cursor") { nodes { title } } }' },
  'a date that does not exist, as a variable (400)': {
    query: 'query ($d: Date) { papers(filter: { publishedAfter: $d }) { totalCount } }',
    variables: { d: '2024-02-30' },
  },
  'a variable of the wrong type (400)': { query: 'query ($n: Int) { papers(first: $n) { totalCount } }', variables: { n: 'x' } },
  // graphql-jit alone would take a list for an input object; graphql-js refuses it.
  'a list given for an input object (400)': { query: 'query ($f: PaperFilter) { papers(filter: $f) { totalCount } }', variables: { f: [] } },
  'a missing required variable (400)': { query: 'query ($slug: String!) { topic(slug: $slug) { name } }' },
  'a page over the limit': { query: '{ papers(first: 1000) { totalCount } }' },
  ...Object.fromEntries(
    PLAYGROUND_TABS.map((tab, i) => [`playground tab ${i + 1}`, { query: tab.query, ...(tab.variables ? { variables: JSON.parse(tab.variables) } : {}) }]),
  ),
};

describe('compiled execution', () => {
  it.each(Object.keys(OPERATIONS))('answers "%s" as the interpreter does, with the same statements', async (name) => {
    const entry = OPERATIONS[name]!;
    const body = typeof entry === 'function' ? entry() : entry;
    const expected = await post(interpreted, body);
    // Twice: the first run compiles, the second runs what was kept.
    for (let run = 0; run < 2; run++) {
      const actual = await post(compiled, body);
      expect(actual.status).toBe(expected.status);
      expect(actual.body).toBe(expected.body);
      expect(actual.etag).toBe(expected.etag);
      expect(actual.statements).toEqual(expected.statements);
    }
  });

  it('answers as the interpreter does for any variables: search, listings, ids', async () => {
    // Now and then a value of any JSON type, for variables that do not fit.
    const orAnything = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.jsonValue() });
    const documents = {
      search: 'query ($q: String!, $f: PaperFilter, $first: Int, $after: String) { search(query: $q, filter: $f, first: $first, after: $after) { totalCount edges { cursor score snippet { title abstract } node { slug authors { name } } } } }',
      papers: 'query ($f: PaperFilter, $o: PaperOrder, $first: Int, $last: Int, $after: String, $before: String) { papers(filter: $f, orderBy: $o, first: $first, last: $last, after: $after, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { slug publishedAt topics { slug } repositories { fullName } } } }',
      nodes: 'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Paper { title } ... on Topic { name paperCount } } }',
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ query: fc.constant(documents.search), variables: fc.record({ q: orAnything(text), f: maybe(orAnything(filter)), first: pageSize, after: maybe(cursorish) }) }),
          fc.record({
            query: fc.constant(documents.papers),
            variables: fc.record({
              f: maybe(orAnything(filter)),
              o: maybe(orAnything(fc.constantFrom('PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'TITLE_ASC'))),
              first: pageSize,
              last: pageSize,
              after: maybe(cursorish),
              before: maybe(cursorish),
            }),
          }),
          fc.record({ query: fc.constant(documents.nodes), variables: fc.record({ ids: orAnything(fc.array(cursorish, { maxLength: 8 })) }) }),
        ),
        async (body) => {
          const expected = await post(interpreted, body);
          const actual = await post(compiled, body);
          expect(actual.status).toBe(expected.status);
          expect(actual.body).toBe(expected.body);
          expect(actual.statements).toEqual(expected.statements);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('compiles an operation on its second run, once, and each operation of a document apart', async () => {
    const compilations: (string | undefined)[] = [];
    const counting: typeof compileQuery = (schema, document, operationName, options) => {
      compilations.push(operationName);
      return compileQuery(schema, document, operationName, options);
    };
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { one: Int two: Int }', resolvers: { Query: { one: () => 1, two: () => 2 } } }),
      plugins: [compiledExecution({ compile: counting })],
    });
    const run = async (operationName: string) => {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query A { one } query B { two }', operationName }),
      });
      return response.json();
    };
    expect(await run('A')).toEqual({ data: { one: 1 } });
    expect(compilations).toEqual([]);
    expect(await run('A')).toEqual({ data: { one: 1 } });
    expect(await run('A')).toEqual({ data: { one: 1 } });
    expect(compilations).toEqual(['A']);
    expect(await run('B')).toEqual({ data: { two: 2 } });
    expect(await run('B')).toEqual({ data: { two: 2 } });
    expect(compilations).toEqual(['A', 'B']);
  });

  it('answers a compiled operation that runs too long with 503 OPERATION_TIMEOUT, and stops it', async () => {
    const stopped: unknown[] = [];
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { slow: Slow } type Slow { value: Int }',
        resolvers: {
          Query: { slow: () => new Promise((resolve) => setTimeout(() => resolve({}), 300)) },
          Slow: { value: () => 1 },
        },
      }),
      plugins: [executionTimeout(50), compiledExecution({ interpretedRuns: 0, stop: (_, reason) => stopped.push(reason) })],
    });
    const started = performance.now();
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ slow { value } }' }),
    });
    // Answered at the timeout, not when the slow field would have finished.
    expect(performance.now() - started).toBeLessThan(250);
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.errors[0].extensions.code).toBe('OPERATION_TIMEOUT');
    expect(body.data).toBeUndefined();
    expect(stopped).toHaveLength(1);
    expect((stopped[0] as Error).message).toBe(body.errors[0].message);
  });

  it('a stopped request reads nothing more: each later batch fails with the reason', async () => {
    const loaders = createLoaders(db);
    expect(await loaders.topicById.load(1)).not.toBeNull();
    const reason = new Error('timed out');
    stopLoaders(loaders, reason);
    statements.length = 0;
    await expect(loaders.topicById.load(2)).rejects.toBe(reason);
    await expect(loaders.authorsByPaperId.load(1)).rejects.toBe(reason);
    expect(statements).toEqual([]);
    // The first reason stays: a second stop does not replace it.
    stopLoaders(loaders, new Error('later'));
    await expect(loaders.keywordsByPaperId.load(1)).rejects.toBe(reason);
  });
});
