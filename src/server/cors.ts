import type { Plugin } from 'graphql-yoga'
import { env } from '../env.js'
import { addVary } from './vary.js'

// CORS: which browser pages on other origins may call the API. Never with credentials: the API
// reads no cookies, its key comes in the Authorization header, which a page sets itself.

/** Any origin, or these exact origins (none: only same-origin pages and non-browser clients). */
export type AllowedOrigins = '*' | readonly string[]

export interface CorsOptions {
  origins: AllowedOrigins
  /** The request headers the API reads, which a page may send. */
  allowHeaders: readonly string[]
}

/** How long a browser may reuse a preflight's answer (s). */
export const CORS_MAX_AGE_S = 600

/** Response headers a page may read: downloads' names, when to retry, validators, idempotent replays, rate limits. */
export const CORS_EXPOSED_HEADERS = [
  'content-disposition',
  'retry-after',
  'etag',
  'idempotent-replayed',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'x-request-id',
] as const

export const corsOriginsFromEnv = (): AllowedOrigins => env.CORS_ORIGINS

/** After the exact routes: a preflight to a path the server does not serve is a 404 as well. */
export function cors({ origins, allowHeaders }: CorsOptions): Plugin {
  const allowed = (origin: string | null): origin is string => origin !== null && (origins === '*' || origins.includes(origin))
  // With a list, the answer names the caller's origin, so it differs by Origin.
  const allowOrigin = (origin: string, headers: Headers) => {
    headers.set('access-control-allow-origin', origins === '*' ? '*' : origin)
    if (origins !== '*') addVary(headers, 'Origin')
  }
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'OPTIONS') return
      const origin = request.headers.get('origin')
      // Not a browser's preflight: say what the server answers.
      if (origin === null) {
        endResponse(new fetchAPI.Response(null, { status: 204, headers: { allow: 'GET, POST, OPTIONS', 'content-length': '0' } }))
        return
      }
      if (!allowed(origin)) {
        endResponse(
          new fetchAPI.Response(
            `Origin ${origin} may not call this API from a browser; the server's CORS_ORIGINS setting lists the origins that may.\n`,
            {
              status: 403,
              headers: { 'content-type': 'text/plain; charset=utf-8', ...(origins === '*' ? {} : { vary: 'Origin' }) },
            },
          ),
        )
        return
      }
      const headers = new fetchAPI.Headers({
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': allowHeaders.join(', '),
        'access-control-max-age': String(CORS_MAX_AGE_S),
        // Safari waits for a body on a 204 without it.
        'content-length': '0',
      })
      allowOrigin(origin, headers)
      endResponse(new fetchAPI.Response(null, { status: 204, headers }))
    },
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return
      const origin = request.headers.get('origin')
      if (origins !== '*') addVary(response.headers, 'Origin')
      if (!allowed(origin)) return
      allowOrigin(origin, response.headers)
      response.headers.set('access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', '))
    },
  }
}
