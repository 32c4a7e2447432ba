/**
 * The response cache: a repeated operation is answered without running it, until the catalogue
 * changes (an import through another connection, as from another process), the entry ages or
 * the size bound pushes it out. Answers with errors and reads inside a write transaction are never
 * kept or served.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { closeDb } from '../../src/db/client.ts';
import { parseJsonLines } from '../../src/ingest/formats/jsonl.ts';
import { importPapers } from '../../src/ingest/importer.ts';
import { FIXTURE_JSONL, importJsonl, taxonomy } from '../fixtures.ts';
import { createTestDb, sharedCatalogue } from '../helpers.ts';

const PAPERS = 'query ($n: Int!) { papers(first: $n) { totalCount nodes { title authors { name } keywords { term } } } }';

async function post(app: App, body: unknown): Promise<{ status: number; text: string }> {
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('the response cache', () => {
  it('answers a repeated operation with the same text, reading only the catalogue version', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const app = createApp(db);
    const first = await post(app, { query: PAPERS, variables: { n: 5 } });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text).extensions.cost.requestedQueryCost).toBeGreaterThan(0);
    expect(statements.length).toBeGreaterThan(2);

    statements.length = 0;
    const again = await post(app, { query: PAPERS, variables: { n: 5 } });
    expect(again).toEqual(first);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('catalogue_state');

    // Other variables, or another operation name over the same text, are other answers.
    statements.length = 0;
    const other = await post(app, { query: PAPERS, variables: { n: 2 } });
    expect(JSON.parse(other.text).data.papers.nodes).toHaveLength(2);
    expect(statements.length).toBeGreaterThan(1);
    const named = 'query Two { papers(first: 2) { nodes { title } } } query Three { papers(first: 3) { nodes { title } } }';
    const two = JSON.parse((await post(app, { query: named, operationName: 'Two' })).text);
    const three = JSON.parse((await post(app, { query: named, operationName: 'Three' })).text);
    expect(two.data.papers.nodes).toHaveLength(2);
    expect(three.data.papers.nodes).toHaveLength(3);
  });

  it('keeps no name and an empty operation name apart', async () => {
    const { db } = createTestDb({ sample: true });
    const app = createApp(db);
    const query = '{ papers(first: 1) { totalCount } }';
    expect((await post(app, { query })).status).toBe(200);
    // An empty name names no operation of the document, with or without the other answer kept.
    expect((await post(app, { query, operationName: '' })).status).toBe(400);
  });

  it('answers a repeated GET from the cache with its ETag and Cache-Control', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const app = createApp(db);
    const url = `http://localhost/graphql?query=${encodeURIComponent('{ topics(first: 3) { nodes { slug paperCount } } }')}`;
    const first = await app.fetch(url);
    const firstBody = await first.text();
    statements.length = 0;
    const again = await app.fetch(url);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(firstBody);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.headers.get('cache-control')).toBe('public, max-age=60');
    // Only the catalogue's version was read, once for the ETag and the cache, and nothing ran.
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('catalogue_state');
  });

  it('never keeps an answer with errors', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const app = createApp(db);
    // A partial answer: the list is read, the paper's id is refused.
    const bad = { query: 'query ($id: ID!) { papers(first: 2) { nodes { title } } paper(id: $id) { title } }', variables: { id: 'not-a-global-id' } };
    const first = await post(app, bad);
    expect(JSON.parse(first.text).data.papers.nodes).toHaveLength(2);
    expect(JSON.parse(first.text).errors[0].extensions.code).toBeDefined();
    statements.length = 0;
    expect(await post(app, bad)).toEqual(first);
    // Ran again: the version read and the operation's own statements.
    expect(statements.length).toBeGreaterThan(1);
  });

  describe('an import through another connection', () => {
    const { writer, reader, statements } = sharedCatalogue();
    afterAll(() => {
      closeDb(reader);
      closeDb(writer);
    });

    it('is seen by the next request', async () => {
      const app = createApp(reader);
      const count = async () => JSON.parse((await post(app, { query: '{ catalogue { paperCount version } }' })).text).data.catalogue;
      const before = await count();
      statements.length = 0;
      expect(await count()).toEqual(before);
      expect(statements).toHaveLength(1); // answered from the cache
      importJsonl(writer);
      const after = await count();
      expect(after.version).toBe(before.version + 1);
      expect(after.paperCount).toBeGreaterThan(before.paperCount);
    });
  });

  it('sees a topic renamed by an import that adds no paper (the version moves)', async () => {
    const { db } = createTestDb({ sample: true });
    importJsonl(db);
    const app = createApp(db);
    const slug = taxonomy.topics[0]!.slug;
    const ask = async () => JSON.parse((await post(app, { query: `{ catalogue { version } topic(slug: "${slug}") { name } }` })).text).data;
    const before = await ask();
    expect(await ask()).toEqual(before);
    const renamed = { ...taxonomy, topics: taxonomy.topics.map((t, i) => (i === 0 ? { ...t, name: `${t.name} (renamed)` } : t)) };
    // The same records again: no paper is new or changed, only the taxonomy.
    const summary = importPapers(db, parseJsonLines(readFileSync(FIXTURE_JSONL, 'utf8'), 'papers.jsonl'), { taxonomy: renamed });
    expect(summary.imported).toBe(0);
    const after = await ask();
    expect(after.topic.name).toBe(`${before.topic.name} (renamed)`);
    expect(after.catalogue.version).toBe(before.catalogue.version + 1);
    // And an import with the same taxonomy again changes nothing.
    importPapers(db, parseJsonLines(readFileSync(FIXTURE_JSONL, 'utf8'), 'papers.jsonl'), { taxonomy: renamed });
    expect((await ask()).catalogue.version).toBe(after.catalogue.version);
  });

  it('runs every operation afresh inside a write transaction', async () => {
    const { db, statements } = createTestDb({ sample: true });
    const app = createApp(db);
    const body = { query: '{ paper(slug: "uncommitted") { title } }' };
    expect(JSON.parse((await post(app, body)).text).data.paper).toBeNull();
    db.$client.exec('begin');
    try {
      db.$client.exec(`insert into papers (slug, title_key, title, abstract) values ('uncommitted', 'uncommitted', 'Uncommitted', '')`);
      statements.length = 0;
      expect(JSON.parse((await post(app, body)).text).data.paper).toEqual({ title: 'Uncommitted' });
      expect(statements.length).toBeGreaterThan(0);
    } finally {
      db.$client.exec('rollback');
    }
    expect(JSON.parse((await post(app, body)).text).data.paper).toBeNull();
  });

  it('keeps answers within its size and for its time', async () => {
    const { db, statements } = createTestDb({ sample: true });
    // Fifteen operations with answers of one size: five papers under another alias each.
    const ask = (app: App, i: number) => post(app, { query: `{ a${i}: papers(first: 5) { nodes { title authors { name } } } }` });
    const size = (await ask(createApp(db, { responseCache: false }), 10)).text.length;
    // What one entry counts: its answer, its key (about 120 characters here) and 400 for its keeping.
    const entry = size + 120 + 400;
    // Room for a dozen of them (and one may take at most a tenth of it); a bound that is not a whole
    // number of bytes is fine too.
    const app = createApp(db, { responseCache: { maxBytes: entry * 12 + 0.5, ttlMs: 60_000 } });
    for (let i = 10; i < 25; i++) await ask(app, i);
    statements.length = 0;
    await ask(app, 10);
    expect(statements.length).toBeGreaterThan(1); // pushed out by the later ones
    statements.length = 0;
    await ask(app, 24);
    expect(statements).toHaveLength(1);

    // The key counts toward the bound: a small answer to a request with large variables (unused
    // ones are allowed) is over the tenth one entry may take, so it is not kept.
    const padded = { query: '{ papers(first: 1) { nodes { title } } }', variables: { pad: 'x'.repeat(entry * 2) } };
    await post(app, padded);
    statements.length = 0;
    await post(app, padded);
    expect(statements.length).toBeGreaterThan(1);

    const brief = createApp(db, { responseCache: { maxBytes: 1_000_000, ttlMs: 30 } });
    await post(brief, { query: PAPERS, variables: { n: 1 } });
    statements.length = 0;
    await post(brief, { query: PAPERS, variables: { n: 1 } });
    expect(statements).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    statements.length = 0;
    await post(brief, { query: PAPERS, variables: { n: 1 } });
    expect(statements.length).toBeGreaterThan(1);
  });
});
