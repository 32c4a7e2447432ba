/**
 * The explorer's files over HTTP: served by the app itself, each with a Content-Security-Policy
 * that allows only this origin, nothing loaded from another host, and /graphql's own headers
 * unchanged. (test/browser/explorer.test.ts uses the page in Chromium.)
 */
import { describe, expect, it } from 'vitest';
import { sampleApp } from '../helpers.ts';

const { app } = sampleApp();
const get = (path: string, headers: Record<string, string> = {}) => app.fetch(`http://localhost${path}`, { headers });

describe('the explorer page', () => {
  it.each([
    ['/explore', 'text/html'],
    ['/explore/', 'text/html'],
    ['/explore/explorer.js', 'text/javascript'],
    ['/explore/explorer.css', 'text/css'],
  ])('serves %s as %s with security headers', async (path, type) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
  });

  it('loads only its own script and stylesheet, and no inline script or style', async () => {
    const html = await (await get('/explore')).text();
    const loads = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(loads.sort()).toEqual(['/explore/explorer.css', '/explore/explorer.js']);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file
    expect(html).not.toMatch(/<style|\sstyle=/);
    const css = await (await get('/explore/explorer.css')).text();
    expect(css).not.toMatch(/@import|url\(/);
    const js = await (await get('/explore/explorer.js')).text();
    expect(js).not.toMatch(/\bimport\s*\(|\bimport\s.+\sfrom\s/); // no modules fetched from anywhere
    expect(js).toContain("const ENDPOINT = '/graphql'");
  });

  it('answers If-None-Match with 304 and HEAD without a body, and refuses other methods', async () => {
    const first = await get('/explore/explorer.js');
    const etag = first.headers.get('etag')!;
    const again = await get('/explore/explorer.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const head = await app.fetch('http://localhost/explore', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await app.fetch('http://localhost/explore', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('leaves /graphql as it was: CORS for any origin, no page policy, and other paths 404', async () => {
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' },
      body: JSON.stringify({ query: '{ papers(first: 1) { totalCount } }' }),
    });
    expect(response.status).toBe(200);
    // Yoga answers the `*` policy by echoing the caller's origin.
    expect(response.headers.get('access-control-allow-origin')).toBe('https://elsewhere.example');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await get('/explore/other.js')).status).toBe(404);
    expect((await get('/explorer')).status).toBe(404);
  });
});
