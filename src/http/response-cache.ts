/**
 * A response cache for a read-mostly catalogue. An answer depends only on the operation (its
 * text, name and variables) and on the catalogue's version, which every import that changes
 * something increases; nothing is per user. So a repeated operation is answered with the JSON
 * text of its first answer, without parsing, validating or executing it again, until an import
 * changes the version (by any process: the version is read on every request) or the entry ages.
 *
 * Yoga's `@graphql-yoga/plugin-response-cache` tracks entities to invalidate on mutations, which
 * this API does not have: it rewrites every document and walks every result, and on this API a
 * request it does not find cached took 2.1 times as long as with no cache (bench/README.md, measured once). Here
 * a miss costs a key lookup: the answer is serialised once, for the response and the cache alike.
 *
 * Only complete answers are kept (no errors). Entries are bounded by their total size in bytes.
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import { catalogueVersionFor } from './cache.ts';

export interface ResponseCacheOptions {
  /** Total size of the kept answers (JSON text), in bytes. */
  maxBytes: number;
  /** How long an answer is kept, in milliseconds, even if the catalogue does not change. */
  ttlMs: number;
}

/** 32 MiB a server process; an answer of 100 papers with their lists is about 150 KB. */
export const RESPONSE_CACHE_DEFAULTS: ResponseCacheOptions = { maxBytes: 32 * 1024 * 1024, ttlMs: 60_000 };

/** Memory an entry takes besides its two strings (the cache's node, map slot, string headers). */
const ENTRY_OVERHEAD_BYTES = 400;

/** V8 stores a string one byte a character when it is all Latin-1, else two. */
const stringBytes = (text: string): number => (WIDE_CHARACTER.test(text) ? 2 : 1) * text.length;
const WIDE_CHARACTER = /[^\u0000-\u00ff]/;

/** A result Yoga writes with `stringify` instead of serialising it (see its result processors). */
type SerialisedResult = ExecutionResult & { stringify: () => string };

interface Pending {
  key: string;
  version: number;
}

export function responseCache(db: Db, { maxBytes, ttlMs }: ResponseCacheOptions = RESPONSE_CACHE_DEFAULTS): Plugin {
  const bound = Math.max(1, Math.floor(maxBytes));
  const answers = new LRUCache<string, string>({
    maxSize: bound,
    // What an entry holds in memory: its key (query text and variables) as well as its answer, so
    // that many small answers to long queries cannot outgrow the bound, each at the width V8 stores
    // it in, plus the entry's own bookkeeping. An answer larger than a tenth of the bound is not kept.
    sizeCalculation: (text, key) => stringBytes(text) + stringBytes(key) + ENTRY_OVERHEAD_BYTES,
    maxEntrySize: Math.max(1, Math.floor(bound / 10)),
    ttl: ttlMs,
  });
  let cachedVersion = -1;
  const pending = new WeakMap<Request, Pending>();

  return {
    onParams({ request, params, setResult }) {
      // A connection inside a write transaction sees rows its catalogue version does not count yet.
      if (!params.query || db.$client.inTransaction) return;
      const version = catalogueVersionFor(db, request);
      if (version !== cachedVersion) {
        // Everything kept was read from an older catalogue.
        answers.clear();
        cachedVersion = version;
      }
      // JSON keeps the three apart: no name and an empty name are different requests.
      const key = JSON.stringify([params.operationName ?? null, params.variables ?? null, params.query]);
      const text = answers.get(key);
      if (text !== undefined) {
        setResult({ stringify: () => text } as SerialisedResult);
        return;
      }
      pending.set(request, { key, version });
    },
    onExecutionResult({ request, result, setResult }) {
      const wanted = pending.get(request);
      if (!wanted || !result || Symbol.asyncIterator in result) return;
      pending.delete(request);
      // An import may have begun on this connection while the operation ran: what it read may not
      // be committed.
      if (result.errors?.length || result.extensions?.http || db.$client.inTransaction) return;
      // Kept only while the cache is still for the version this request read: once a later request
      // has seen a newer one, this answer may be older than the catalogue it would be served for.
      const text = JSON.stringify(result);
      setResult({ ...result, stringify: () => text } as SerialisedResult);
      if (wanted.version === cachedVersion) answers.set(wanted.key, text);
    },
  };
}
