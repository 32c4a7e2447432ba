/**
 * `suggest`: what a search box offers while someone types, on the sample and on a generated
 * Papers with Code corpus; both ranking strategies of db/queries/suggest.ts give the same answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { getSuggestScope, rangeReadCap, suggestKeywords, suggestRepositories } from '../../src/db/queries/suggest.ts';
import { importGeneratedPwc } from '../fixtures.ts';
import { createTestDb, errorCode, query, sampleApp, UNCACHED } from '../helpers.ts';

const SUGGEST = `query ($prefix: String!, $first: Int, $kinds: [SuggestionKind!]) {
  suggest(prefix: $prefix, first: $first, kinds: $kinds) {
    kind text
    node { id __typename ... on Topic { slug paperCount } ... on Keyword { paperCount } ... on Repository { fullName paperCount } ... on Paper { title } }
  }
}`;

interface Suggestion {
  kind: string;
  text: string;
  node: { id: string; __typename: string; slug?: string; paperCount?: number; fullName?: string; title?: string };
}

describe('suggest on the sample', () => {
  const { app } = sampleApp();
  const suggest = async (prefix: string, extra: Record<string, unknown> = {}) =>
    (await query(app, SUGGEST, { prefix, ...extra })).suggest as Suggestion[];

  it('offers topics, keywords, repositories and papers, grouped in that order', async () => {
    const found = await suggest('uni');
    const kinds = found.map((s) => s.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => ['TOPIC', 'KEYWORD', 'REPOSITORY', 'PAPER'].indexOf(a) - ['TOPIC', 'KEYWORD', 'REPOSITORY', 'PAPER'].indexOf(b)));
    expect(found).toContainEqual(expect.objectContaining({ kind: 'REPOSITORY', text: 'AILab-CVC/UniRepLKNet' }));
    const paper = found.find((s) => s.kind === 'PAPER');
    expect(paper?.text).toMatch(/^UniRepLKNet/);
    expect(paper?.node).toMatchObject({ __typename: 'Paper', title: paper?.text });
    // The node is the object itself: refetchable by its id.
    const { node } = await query(app, 'query ($id: ID!) { node(id: $id) { ... on Paper { title } } }', { id: paper!.node.id });
    expect(node.title).toBe(paper!.text);
  });

  it('matches any word of a topic name, ignoring case and accents, most papers first', async () => {
    const kernel = await suggest('KÉRNEL m', { kinds: ['TOPIC'] });
    expect(kernel[0]).toMatchObject({ kind: 'TOPIC', text: 'Kernel Methods', node: { slug: 'kernel-methods' } });
    const learning = await suggest('learn', { kinds: ['TOPIC'], first: 20 });
    expect(learning.length).toBeGreaterThan(2);
    expect(learning.every((s) => /(^|\s)learn/i.test(s.text))).toBe(true);
    const counts = learning.map((s) => s.node.paperCount!);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('ranks keywords by their papers, as the keywords listing does', async () => {
    for (const prefix of ['lo', 'a', 'la', 'kernel']) {
      const found = await suggest(prefix, { kinds: ['KEYWORD'], first: 5 });
      const { keywords } = await query(app, 'query ($p: String) { keywords(prefix: $p, first: 5) { nodes { term } } }', { p: prefix });
      expect(found.map((s) => s.text), prefix).toEqual(keywords.nodes.map((k: { term: string }) => k.term));
    }
  });

  it('finds repositories by owner, by name, and by owner/name prefix', async () => {
    expect((await suggest('ailab', { kinds: ['REPOSITORY'] })).map((s) => s.text)).toContain('AILab-CVC/UniRepLKNet');
    expect((await suggest('unirep', { kinds: ['REPOSITORY'] })).map((s) => s.text)).toContain('AILab-CVC/UniRepLKNet');
    expect((await suggest('ailab-cvc/uni', { kinds: ['REPOSITORY'] })).map((s) => s.text)).toContain('AILab-CVC/UniRepLKNet');
    expect(await suggest('ailab-cvc/zzz', { kinds: ['REPOSITORY'] })).toEqual([]);
  });

  it('gives at most `first` of each kind', async () => {
    const found = await suggest('a', { first: 2 });
    for (const kind of ['TOPIC', 'KEYWORD', 'REPOSITORY', 'PAPER']) expect(found.filter((s) => s.kind === kind).length).toBeLessThanOrEqual(2);
    expect(found.length).toBeGreaterThan(4);
  });

  it('reads wildcards and punctuation as text, and offers nothing for no letters', async () => {
    for (const prefix of ['%', '_', '  ', '--', '\\']) expect(await suggest(prefix), JSON.stringify(prefix)).toEqual([]);
    // Names and titles are compared folded; repository names keep their punctuation.
    const folded = { kinds: ['TOPIC', 'KEYWORD', 'PAPER'] };
    expect(await suggest('%a', folded)).toEqual(await suggest('a', folded));
    expect(await suggest('%a', { kinds: ['REPOSITORY'] })).toEqual([]);
    expect(await suggest('x'.repeat(5000))).toEqual([]);
  });

  it('refuses more than 20 of a kind, and negative sizes', async () => {
    expect(await errorCode(app, '{ suggest(prefix: "a", first: 21) { text } }')).toBe('EXCESSIVE_PAGINATION');
    expect(await errorCode(app, '{ suggest(prefix: "a", first: -1) { text } }')).toBe('INVALID_ARGUMENTS');
  });
});

describe('suggest on a generated Papers with Code corpus', () => {
  const { db, statements } = createTestDb();
  const app = createApp(db, UNCACHED);

  beforeAll(() => importGeneratedPwc(db, 400));

  const PREFIXES = [...'abcdefghijklmnopqrstuvwxyz', 'co', 'de', 're', 'gr', 'tra', 'lea', 'zz'];

  it('ranks keywords the same whether it reads the whole range or walks the paper counts', () => {
    for (const prefix of PREFIXES) {
      const byRange = suggestKeywords(db, getSuggestScope(db), prefix, 5, 100_000).map((k) => k.id);
      const byWalk = suggestKeywords(db, getSuggestScope(db), prefix, 5, 0).map((k) => k.id);
      expect(byWalk, prefix).toEqual(byRange);
    }
    expect(suggestKeywords(db, getSuggestScope(db), 'a', 5, 100_000).length).toBe(5);
  });

  it('ranks repositories the same either way', () => {
    for (const prefix of PREFIXES) {
      const byRange = suggestRepositories(db, getSuggestScope(db), prefix, 5, 100_000).map((r) => r.id);
      const byWalk = suggestRepositories(db, getSuggestScope(db), prefix, 5, 0).map((r) => r.id);
      expect(byWalk, prefix).toEqual(byRange);
    }
  });

  it('takes six statements for all four kinds', async () => {
    // A prefix that every kind has suggestions for.
    let prefix = '';
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      const { suggest } = await query(app, SUGGEST, { prefix: letter });
      if (new Set(suggest.map((s: Suggestion) => s.kind)).size === 4) prefix = letter;
    }
    expect(prefix).not.toBe('');
    statements.length = 0;
    await query(app, SUGGEST, { prefix, first: 5 });
    // The catalogue's version and sizes; keywords and repositories: the size of their range, then
    // the range ranked or the paper-count walk; papers: one. Topics are matched in memory, from a
    // list read once per catalogue version.
    expect(statements.length).toBe(6);
  });

  it('sizes the range it ranks to the catalogue, between a fixed floor and the square root of limit × keys', () => {
    expect(rangeReadCap(5, 100)).toBe(400);
    expect(rangeReadCap(5, 800_000)).toBe(2000);
    expect(rangeReadCap(20, 800_000)).toBe(4000);
  });
});

describe('topic suggestions after the catalogue changes', () => {
  const { db } = createTestDb();
  const app = createApp(db);

  /** What the rule says, straight from the table: a word of the name or the slug starts with the prefix. */
  const expected = (prefix: string) =>
    db.$client
      .prepare(
        `select slug from topics where paper_count > 0
           and (lower(name) like @p || '%' or lower(name) like '% ' || @p || '%' or slug like @p || '%')
         order by paper_count desc, id limit 5`,
      )
      .pluck()
      .all({ p: prefix });
  const suggested = async (prefix: string) =>
    ((await query(app, SUGGEST, { prefix, kinds: ['TOPIC'] })).suggest as Suggestion[]).map((s) => s.node.slug);

  it('follows the counts and topics of each import, not the list it read before', async () => {
    await importGeneratedPwc(db, 60);
    const before = new Map<string, unknown[]>();
    for (const prefix of [...'abcdeilmnoprst']) {
      before.set(prefix, await suggested(prefix));
      expect(before.get(prefix), prefix).toEqual(expected(prefix));
    }
    await importGeneratedPwc(db, 400);
    let changed = 0;
    for (const prefix of [...'abcdeilmnoprst']) {
      const after = await suggested(prefix);
      expect(after, prefix).toEqual(expected(prefix));
      if (JSON.stringify(after) !== JSON.stringify(before.get(prefix))) changed++;
    }
    // The second import changed the ranking somewhere: the comparison above was not vacuous.
    expect(changed).toBeGreaterThan(0);
  });
});
