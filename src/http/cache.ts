/**
 * HTTP caching for a read-mostly catalogue. A GET request's answer depends only on its URL (query,
 * variables, operation name) and on the catalogue's version, which every import that changes
 * something increases. So the ETag is derived from those two: a client or CDN revalidating with
 * `If-None-Match` gets 304 without the operation running, and the first request after an import
 * (even one by another process) gets fresh data.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Db } from '../db/client.ts';
import { getCatalogueVersion } from '../db/queries/catalogue.ts';

/** How long browsers and CDNs may reuse a GET response without asking. */
export const CACHE_MAX_AGE_SECONDS = 60;

/** A short, URL-safe digest of `text`, for ETags. */
export function shortDigest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** Whether a request's `If-None-Match` names `etag` (weak or strong) or `*`. */
export function matchesIfNoneMatch(request: Request, etag: string): boolean {
  const candidates = request.headers.get('if-none-match')?.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return Boolean(candidates?.includes(etag) || candidates?.includes('*'));
}

const versionsSeen = new WeakMap<Request, number>();

/**
 * The catalogue version a request sees, read once for it: its ETag and the response cache both
 * key on it.
 */
export function catalogueVersionFor(db: Db, request: Request): number {
  let version = versionsSeen.get(request);
  if (version === undefined) versionsSeen.set(request, (version = getCatalogueVersion(db)));
  return version;
}

function etagFor(db: Db, request: Request): string {
  return `"${catalogueVersionFor(db, request)}-${shortDigest(new URL(request.url).search)}"`;
}

const cacheControl = `public, max-age=${CACHE_MAX_AGE_SECONDS}`;

export function httpCaching(db: Db): Plugin {
  const etags = new WeakMap<Request, string>();
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || !url.searchParams.has('query')) return;
      const etag = etagFor(db, request);
      etags.set(request, etag);
      if (matchesIfNoneMatch(request, etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl } }));
      }
    },
    onResponse({ request, response }) {
      const etag = etags.get(request);
      if (etag && response.status === 200) {
        response.headers.set('etag', etag);
        response.headers.set('cache-control', cacheControl);
      } else if (!response.headers.has('cache-control')) {
        // POSTs, errors and GraphiQL: nothing for a shared cache to keep.
        response.headers.set('cache-control', 'no-store');
      }
    },
  };
}
