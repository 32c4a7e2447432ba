/**
 * The explorer at /explore: a small search page (one HTML, one script, one stylesheet in
 * src/http/explorer/) that uses nothing but the public GraphQL API, as any third-party frontend
 * would. Served from memory with a Content-Security-Policy that allows only this origin: the page
 * loads nothing from the internet and runs no inline script.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'graphql-yoga';
import { matchesIfNoneMatch, shortDigest } from './cache.ts';

export const EXPLORER_PATH = '/explore';

export const EXPLORER_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

interface Asset {
  body: string;
  type: string;
  etag: string;
}

function asset(file: string, type: string): Asset {
  const body = readFileSync(new URL(`./explorer/${file}`, import.meta.url), 'utf8');
  return { body, type, etag: `"${shortDigest(body)}"` };
}

const page = asset('index.html', 'text/html; charset=utf-8');
const ASSETS = new Map<string, Asset>([
  [EXPLORER_PATH, page],
  [`${EXPLORER_PATH}/`, page],
  [`${EXPLORER_PATH}/explorer.js`, asset('explorer.js', 'text/javascript; charset=utf-8')],
  [`${EXPLORER_PATH}/explorer.css`, asset('explorer.css', 'text/css; charset=utf-8')],
]);

/** Answers GET and HEAD for the explorer's files; every other request goes on to GraphQL. */
export function explorerPage(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      const file = ASSETS.get(url.pathname);
      if (!file) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
      }
      const headers = {
        ...EXPLORER_SECURITY_HEADERS,
        'content-type': file.type,
        etag: file.etag,
        // Small files that change with a deploy: revalidate every time, a 304 costs nothing.
        'cache-control': 'no-cache',
      };
      if (matchesIfNoneMatch(request, file.etag)) return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : file.body, { status: 200, headers }));
    },
  };
}
