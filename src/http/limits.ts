/**
 * What a public, unauthenticated GraphQL API needs before a query reaches a resolver: bounds on
 * the size and shape of what anyone may send. Values and their reasons follow the limits table of
 * the project's GraphQL hardening research (GitHub's and Shopify's public APIs as the anchors).
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { setMaxListeners } from 'node:events';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const REQUEST_LIMITS = {
  /** Largest request body; 1,000 tokens of query plus variables fit in far less. */
  maxBodyBytes: 64 * 1024,
  /** Each Relay connection hop costs two levels (`edges`, `node`); 12 allows three nested connections. */
  maxDepth: 12,
  maxAliases: 15,
  /** Only @include / @skip exist here. */
  maxDirectives: 20,
  /** The full introspection query is under 200 tokens. */
  maxTokens: 1000,
  /** An operation still running after this is answered with 503 (GitHub allows 10 s). */
  executionTimeoutMs: 5000,
} as const;

// Armor's validation rules throw by default, which Yoga answers with HTTP 200; reporting the error
// into the validation context makes it a validation failure, answered with 400.
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(error)],
};

/** Depth, alias, directive and token limits (GraphQL Armor). */
export function documentLimits(): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: REQUEST_LIMITS.maxDepth, ...reportAsValidationError },
    maxAliases: { n: REQUEST_LIMITS.maxAliases, ...reportAsValidationError },
    maxDirectives: { n: REQUEST_LIMITS.maxDirectives, ...reportAsValidationError },
    // The parser rejects over-long documents itself, already with 400.
    maxTokens: { n: REQUEST_LIMITS.maxTokens },
    // Page sizes are checked by the connections (EXCESSIVE_PAGINATION); Armor's cost ignores variables.
    costLimit: { enabled: false },
    // Introspection is public, so hiding "did you mean" suggestions would hide nothing.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}

/** A request refused before GraphQL: a JSON error body with its code. */
function refusal(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/**
 * Rejects a request body over the limit with 413 before it is read. A POST must say how long its
 * body is: a chunked body could otherwise stream past any header check.
 */
export function bodyLimit(maxBytes: number = REQUEST_LIMITS.maxBodyBytes): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const length = request.headers.get('content-length');
      if (length === null) return endResponse(refusal(fetchAPI, 411, 'LENGTH_REQUIRED', 'A POST request needs a Content-Length header'));
      if (!/^\d+$/.test(length) || Number(length) > maxBytes) {
        return endResponse(refusal(fetchAPI, 413, 'REQUEST_TOO_LARGE', `The request body may be at most ${maxBytes} bytes`));
      }
    },
  };
}

/**
 * Stops an operation that runs longer than `ms` and answers 503 OPERATION_TIMEOUT. The interpreter
 * checks the signal between resolvers; a compiled operation is raced against it and its request's
 * loaders stopped (src/graphql/compiled-execution.ts). Each SQL statement is bounded on its own
 * (LIMIT, indexes), since SQLite cannot be interrupted from here. The abort reason must be a GraphQLError: Yoga
 * reads a plain timeout as a client that went away and would answer 200 with no errors.
 *
 * Operations that start within the same `windowMs` (at most 256 of them) share one signal,
 * aborted `ms + windowMs` after the window opened if any of them is still running: each has then
 * run at least `ms`, and none more than `ms + windowMs`. A controller and a timer of their own cost
 * a cheap request about a tenth of its time in the executor (bench/README.md); shared, they cost
 * one per window.
 *
 * The request's own signal (its client going away) is deliberately not joined in: reading it makes
 * the HTTP adapter create and then abort a signal for every request, a DOMException with its stack
 * each time, about 4% of a cheap request's CPU; while what it could stop early is only the gaps
 * between resolvers, since the statements themselves run to their end.
 */
/** Operations that share one timeout signal at most. */
const MAX_COHORT = 256;

export function executionTimeout(ms: number = REQUEST_LIMITS.executionTimeoutMs, windowMs = Math.max(1, Math.min(100, ms / 10))): Plugin {
  interface Cohort {
    controller: AbortController;
    closesAt: number;
    joined: number;
    running: number;
    timer?: ReturnType<typeof setTimeout>;
  }
  let open: Cohort | undefined;

  const join = (): Cohort => {
    const now = performance.now();
    // The executor leaves a listener on the signal for each execution until the cohort's timer is
    // done with, so a window also closes after a bounded number of operations.
    if (open && now < open.closesAt && open.joined < MAX_COHORT) return open;
    if (open?.running === 0 && open.timer) clearTimeout(open.timer);
    const cohort: Cohort = { controller: new AbortController(), closesAt: now + windowMs, joined: 0, running: 0 };
    // Every execution of the window listens to this one signal.
    setMaxListeners(0, cohort.controller.signal);
    cohort.timer = setTimeout(() => {
      cohort.timer = undefined;
      if (cohort.running === 0) return;
      cohort.controller.abort(
        createGraphQLError(`The operation took longer than ${ms} ms`, {
          extensions: { code: 'OPERATION_TIMEOUT', http: { status: 503 } },
        }),
      );
    }, ms + windowMs);
    // Only a running operation needs it, and that keeps its request's socket open anyway.
    cohort.timer.unref();
    return (open = cohort);
  };

  return {
    onExecute({ args }) {
      const cohort = join();
      cohort.joined++;
      cohort.running++;
      (args as typeof args & { signal?: AbortSignal }).signal = cohort.controller.signal;
      return {
        onExecuteDone() {
          // A closed window whose operations have all finished needs its timer no more; clearing it
          // also lets its executions' listeners go now rather than when it would have fired.
          if (--cohort.running === 0 && cohort !== open && cohort.timer) {
            clearTimeout(cohort.timer);
            cohort.timer = undefined;
          }
        },
      };
    },
  };
}
