/**
 * The HTTP application: GraphQL over HTTP and GraphiQL at /graphql, and the explorer page (a
 * frontend of that same API) at /explore. Built apart from the listener so tests drive it
 * in-process with `yoga.fetch`.
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type GraphiQLOptions } from 'graphql-yoga';
import { createContext, type Context } from './context.ts';
import { isDatabaseReady, type Db } from './db/client.ts';
import { warmFacetIndex } from './db/facet-index.ts';
import { clearLoaders, stopLoaders } from './db/loaders.ts';
import { commitsSeen } from './db/queries/catalogue.ts';
import { compiledExecution } from './graphql/compiled-execution.ts';
import { consistentExecution } from './graphql/consistent-execution.ts';
import { operationCost } from './graphql/cost.ts';
import { schema } from './graphql/index.ts';
import { PLAYGROUND_TABS } from './graphql/playground.ts';
import { httpCaching } from './http/cache.ts';
import { explorerPage } from './http/explorer.ts';
import { bodyLimit, documentLimits, executionTimeout } from './http/limits.ts';
import { readinessCheck } from './http/readiness.ts';
import { RESPONSE_CACHE_DEFAULTS, responseCache, type ResponseCacheOptions } from './http/response-cache.ts';

/**
 * GraphiQL fills the open tab's editors from `query` and `variables`, not from its first default
 * tab: without them the first example opens with empty variables and fails when run. With both
 * given, a returning visitor's stored tabs are kept (the unedited first example matches its tab).
 * Yoga's type does not list the two, but its renderer passes every option through to GraphiQL.
 */
const graphiql: GraphiQLOptions & { query: string; variables?: string } = {
  title: 'Paper catalogue · GraphiQL',
  defaultTabs: PLAYGROUND_TABS,
  query: PLAYGROUND_TABS[0]!.query,
  ...(PLAYGROUND_TABS[0]!.variables ? { variables: PLAYGROUND_TABS[0]!.variables } : {}),
};

export interface AppOptions {
  /** Keep answers to repeated operations until the catalogue changes; `false` runs every one. */
  responseCache?: ResponseCacheOptions | false;
  /** Runs an operation has with graphql-js's interpreter before it is compiled (`Infinity`: never). */
  interpretedRuns?: number;
}

export function createApp(db: Db, { responseCache: cacheOptions = RESPONSE_CACHE_DEFAULTS, interpretedRuns }: AppOptions = {}) {
  // Facets of large result sets count in memory: start indexing now, not at the first request.
  warmFacetIndex(db);
  return createYoga({
    schema,
    context: () => createContext(db),
    graphqlEndpoint: '/graphql',
    // GraphiQL is a product feature; its assets are bundled so it works with no internet.
    renderGraphiQL,
    graphiql,
    landingPage: false,
    // A public, cookie-less API: any origin may call it, never with credentials.
    cors: { origin: '*', credentials: false, methods: ['GET', 'POST'] },
    // Form and multipart bodies are CSRF-capable "simple" requests and nothing here needs them.
    multipart: false,
    // `bodyLimit` below refuses a POST without a Content-Length or over the limit before it is
    // read, and Node's HTTP parser never reads past that length; Yoga's own limit would pipe
    // every body through a counting stream as well (an abort and a DOMException per request).
    maxRequestBodySize: false,
    // `/health` (built in) says the process is up; `/ready` that it can answer from the database.
    plugins: [
      explorerPage(),
      bodyLimit(),
      documentLimits(),
      executionTimeout(),
      // After the timeout, whose signal it races the compiled execution against.
      compiledExecution({ interpretedRuns, stop: (context, reason) => stopLoaders((context as Context).loaders, reason) }),
      // After both: it runs again whichever execution they chose, under the same signal.
      consistentExecution({ commitsSeen: () => commitsSeen(db), forget: (context) => clearLoaders((context as Context).loaders) }),
      operationCost(),
      httpCaching(db),
      ...(cacheOptions ? [responseCache(db, cacheOptions)] : []),
      readinessCheck(() => isDatabaseReady(db)),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
