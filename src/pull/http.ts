/**
 * GraphQL over HTTP for a pull: one POST per page, retried when the failure is the kind that
 * passes (rate limiting, an overloaded or restarting server, a dropped connection), and turned into
 * one clear error when it is not (a GraphQL error, a URL that is not a GraphQL endpoint).
 *
 * Retries: HTTP 429 and 503 (and 502/504, which a proxy in front of a restarting server answers),
 * and network errors, up to `maxAttempts` attempts in all. The wait is the server's `Retry-After`
 * (seconds or an HTTP date) when it sends one, else exponential back-off with jitter: attempt n
 * waits between half and all of `baseDelayMs · 2^(n-1)` (capped at `maxDelayMs`), so that many
 * clients turned away together do not all come back at the same instant.
 */
import { PullError } from './errors.ts';

/** What pull needs of `fetch`; the global one, or a Yoga app's `fetch` in tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response> | Response;

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** The back-off of the first retry (doubled each time), before jitter. */
  baseDelayMs: number;
  /** The longest back-off between two attempts. */
  maxDelayMs: number;
  /**
   * The longest `Retry-After` honoured: a server asking for more is asking us to come back later,
   * which is better done by running the pull again (with --resume) than by a silent hour-long wait.
   */
  maxRetryAfterMs: number;
  /** Time allowed for one request, body included. */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
  requestTimeoutMs: 60_000,
};

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

export interface RetryNotice {
  /** The attempt that failed (1-based), and how many are allowed. */
  attempt: number;
  maxAttempts: number;
  /** What went wrong, in words: "HTTP 429", "ECONNRESET". */
  reason: string;
  delayMs: number;
}

export interface Transport {
  fetch: FetchLike;
  /** Waits; resolves early (or rejects) when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
  retry: RetryPolicy;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  onRetry: (notice: RetryNotice) => void;
}

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** `Retry-After` as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

interface GraphQLErrorShape {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown };
}

/** The first GraphQL error as one line: message, code, path. */
function graphqlError(errors: readonly GraphQLErrorShape[]): PullError {
  const first = errors[0] ?? {};
  const message = typeof first.message === 'string' ? first.message : JSON.stringify(first);
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : undefined;
  const path = Array.isArray(first.path) && first.path.length ? ` at ${first.path.join('.')}` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  return new PullError(`GraphQL error${code ? ` ${code}` : ''}${path}: ${message}${more}`, { code });
}

/** Why a fetch failed, in a few words: the system error code (ECONNREFUSED) when there is one. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if ((error as Error).name === 'TimeoutError') return 'timed out';
  return typeof cause?.message === 'string' ? cause.message : (error as Error).message;
}

type Attempt = { ok: true; data: Record<string, unknown> } | { ok: false; reason: string; retryAfterMs?: number };

async function attempt(endpoint: string, request: GraphQLRequest, transport: Transport): Promise<Attempt> {
  const timeout = AbortSignal.timeout(transport.retry.requestTimeoutMs);
  const signal = transport.signal ? AbortSignal.any([transport.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await transport.fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...transport.headers,
      },
      body: JSON.stringify(request),
      signal,
    });
    // Read the body inside the try: a connection can drop half-way through it.
    text = await response.text();
  } catch (error) {
    if (transport.signal?.aborted) throw transport.signal.reason;
    return { ok: false, reason: networkReason(error) };
  }

  if (RETRY_STATUSES.has(response.status)) {
    return { ok: false, reason: `HTTP ${response.status}`, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), transport.now()) };
  }
  let body: { data?: unknown; errors?: unknown } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  // GraphQL errors come with 200 (execution) or 4xx (validation, bad input) and stop the pull:
  // asking again would get the same answer.
  if (body && Array.isArray(body.errors) && body.errors.length) throw graphqlError(body.errors as GraphQLErrorShape[]);
  if (!response.ok || !body || typeof body !== 'object') {
    const type = response.headers.get('content-type') ?? 'no content type';
    const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    throw new PullError(`${endpoint} answered HTTP ${response.status} with ${body ? 'JSON that is not a GraphQL response' : `${type}, not a GraphQL response`}${excerpt ? `: ${excerpt}` : ''}`);
  }
  if (!body.data || typeof body.data !== 'object') throw new PullError(`${endpoint} answered without data or errors: not a GraphQL response`);
  return { ok: true, data: body.data as Record<string, unknown> };
}

/** Sends one operation, retrying as the file comment says; returns its `data`. */
export async function postGraphQL(endpoint: string, request: GraphQLRequest, transport: Transport): Promise<Record<string, unknown>> {
  const { maxAttempts, maxRetryAfterMs } = transport.retry;
  for (let n = 1; ; n++) {
    const result = await attempt(endpoint, request, transport);
    if (result.ok) return result.data;
    if (result.retryAfterMs !== undefined && result.retryAfterMs > maxRetryAfterMs) {
      throw new PullError(`${endpoint} answered ${result.reason} and asks to wait ${Math.ceil(result.retryAfterMs / 1000)} s, longer than pull waits (${maxRetryAfterMs / 1000} s)`);
    }
    if (n >= maxAttempts) {
      const hint = result.reason.startsWith('HTTP') ? '' : ' (is the server running, and is the --endpoint right?)';
      throw new PullError(`gave up after ${maxAttempts} attempts: the last failed with ${result.reason} from ${endpoint}${hint}`);
    }
    const delayMs = result.retryAfterMs ?? backoffDelay(n, transport.retry, transport.random);
    transport.onRetry({ attempt: n, maxAttempts, reason: result.reason, delayMs });
    await transport.sleep(delayMs, transport.signal);
  }
}
