/**
 * `/ready`: 200 while the API can answer from its database, 503 when it cannot (a load balancer
 * then stops sending it requests). Yoga's own readiness plugin also matched the path with a
 * URLPattern on every request, which Node 20 lacks and its polyfill runs slowly: about 1% of the
 * CPU of a cheap operation; the path compared as a string is all the check needs.
 */
import type { Plugin } from 'graphql-yoga';

export const READINESS_PATH = '/ready';

export function readinessCheck(isReady: () => boolean): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== READINESS_PATH) return;
      endResponse(new fetchAPI.Response(null, { status: isReady() ? 200 : 503 }));
    },
  };
}
