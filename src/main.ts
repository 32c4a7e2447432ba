/**
 * `npm start`: the server (src/server.ts) with `NODE_ENV=production` unless it is set already.
 * Libraries read it once, as they load: graphql-js then checks types with plain `instanceof`
 * instead of its development checks for copies from another module (about 6% of executing a list
 * of 50 topics), so it is set here, before anything else is imported.
 */
process.env.NODE_ENV ??= 'production';
await import('./server.ts');
