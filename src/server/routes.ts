import type { Plugin } from 'graphql-yoga'

// What the server answers, decided here once, by the exact path (query strings, trailing slashes,
// other spellings and prefixes are other paths). Yoga alone would serve GraphQL at any URL ending
// in "/graphql", query string included, so the rate limit and this table must not disagree.

export const GRAPHQL_PATH = '/graphql'
export const EXPORT_PREFIX = '/export/'
/** GraphiQL's files, each named by its content (src/server/graphiql-assets.ts answers the exact names). */
export const GRAPHIQL_ASSETS_PREFIX = '/graphiql/assets/'

export const METRICS_PATH = '/metrics'

/** The web explorer's page; its views are query strings of this one path (src/server/explorer.ts). */
export const EXPLORER_PATH = '/'
/** The explorer's scripts and styles, each named by its content. */
export const EXPLORER_ASSETS_PREFIX = '/explorer/assets/'

export type Route = 'graphql' | 'export' | 'graphiql-asset' | 'explorer' | 'explorer-asset' | 'liveness' | 'readiness' | 'metrics'

export function routeOf(url: URL): Route | null {
  const path = url.pathname
  if (path === GRAPHQL_PATH) return 'graphql'
  if (path === '/healthz') return 'liveness'
  if (path === '/readyz') return 'readiness'
  if (path === METRICS_PATH) return 'metrics'
  if (path.startsWith(EXPORT_PREFIX)) return 'export'
  if (path.startsWith(GRAPHIQL_ASSETS_PREFIX)) return 'graphiql-asset'
  if (path === EXPLORER_PATH) return 'explorer'
  if (path.startsWith(EXPLORER_ASSETS_PREFIX)) return 'explorer-asset'
  return null
}

/** Health checks and metrics scrapes are free; everything else the server answers counts against the rate limit. */
export function isRateLimited(request: Request, url: URL): boolean {
  const route = routeOf(url)
  return request.method !== 'OPTIONS' && route !== 'liveness' && route !== 'readiness' && route !== 'metrics'
}

/** The answer to a path the server does not serve (also /metrics where it is not offered). */
export function notFound(Response: typeof globalThis.Response, url: URL): Response {
  return new Response(
    `Nothing at ${url.pathname}: GraphQL is served at ${GRAPHQL_PATH}, exports under ${EXPORT_PREFIX}, the explorer at ${EXPLORER_PATH}.\n`,
    {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    },
  )
}

/** First of the plugins: a path the table above does not know is a 404, whatever its query string says. */
export function exactRoutes(): Plugin {
  return {
    onRequest({ url, fetchAPI, endResponse }) {
      if (routeOf(url) !== null) return
      endResponse(notFound(fetchAPI.Response, url))
    },
  }
}
