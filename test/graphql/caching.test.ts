import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importJsonl } from '../fixtures.ts';
import { createTestDb } from '../helpers.ts';

describe('HTTP caching', () => {
  const { db, statements } = createTestDb({ sample: true });
  const app = createApp(db);
  const url = `http://localhost/graphql?query=${encodeURIComponent('{ papers { totalCount } }')}`;

  it('tags GET responses, answers a matching If-None-Match with 304 without running the operation', async () => {
    const first = await app.fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"\d+-[\w-]+"$/);

    statements.length = 0;
    const again = await app.fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(statements).toHaveLength(1); // the catalogue version, nothing else

    const other = await app.fetch(`${url}&operationName=`, { headers: { 'if-none-match': etag } });
    expect(other.status).toBe(200);
  });

  it('gives fresh data and a new ETag once an import changes the catalogue', async () => {
    const before = await app.fetch(url);
    const etag = before.headers.get('etag')!;
    expect((await before.json()).data.papers.totalCount).toBe(47);
    importJsonl(db);
    const after = await app.fetch(url, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await after.json()).data.papers.totalCount).toBe(53);
  });

  it('marks POST responses and errors as not for shared caches', async () => {
    const post = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ papers { totalCount } }' }),
    });
    expect(post.headers.get('cache-control')).toBe('no-store');
    expect(post.headers.get('etag')).toBeNull();
    const bad = await app.fetch(`http://localhost/graphql?query=${encodeURIComponent('{ papers(first: 500) { totalCount } }')}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('cache-control')).toBe('no-store');
  });
});
