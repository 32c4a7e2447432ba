/**
 * The HTTP application: GraphQL over HTTP and GraphiQL at /graphql. Built apart from the listener
 * so tests drive it in-process with `yoga.fetch`.
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { createContext } from './context.ts';
import { isDatabaseReady, type Db } from './db/client.ts';
import { costExtension } from './graphql/cost.ts';
import { schema } from './graphql/index.ts';
import { PLAYGROUND_TABS } from './graphql/playground.ts';
import { httpCaching } from './http/cache.ts';
import { bodyLimit, documentLimits, executionTimeout } from './http/limits.ts';

export function createApp(db: Db) {
  return createYoga({
    schema,
    context: () => createContext(db),
    graphqlEndpoint: '/graphql',
    // GraphiQL is a product feature; its assets are bundled so it works with no internet.
    renderGraphiQL,
    graphiql: {
      title: 'Paper catalogue · GraphiQL',
      defaultQuery: PLAYGROUND_TABS[0]!.query,
      defaultTabs: PLAYGROUND_TABS,
    },
    landingPage: false,
    // A public, cookie-less API: any origin may call it, never with credentials.
    cors: { origin: '*', credentials: false, methods: ['GET', 'POST'] },
    // Form and multipart bodies are CSRF-capable "simple" requests and nothing here needs them.
    multipart: false,
    // `/health` (built in) says the process is up; `/ready` that it can answer from the database.
    plugins: [
      bodyLimit(),
      documentLimits(),
      executionTimeout(),
      costExtension(),
      httpCaching(db),
      useReadinessCheck({ endpoint: '/ready', check: () => isDatabaseReady(db) }),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
