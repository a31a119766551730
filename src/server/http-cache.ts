import { createHash } from 'node:crypto'
import { isAsyncIterable, type Plugin } from 'graphql-yoga'
import { env } from '../env.js'
import { type Encoding, encodingFor } from './compression.js'
import { routeOf } from './routes.js'
import { addVary } from './vary.js'

// HTTP caching of GET /graphql: a public read (no Authorization, no errors) may be kept a short
// while by browsers and shared caches; every answer there has a strong ETag, and a client holding
// it gets 304 without a body.

export interface HttpCacheOptions {
  /** Cache-Control max-age of a public read (s); 0: revalidate every time. */
  maxAgeS: number
  /** stale-while-revalidate after that (s). */
  staleWhileRevalidateS: number
}

export const httpCacheFromEnv = (): HttpCacheOptions => ({ maxAgeS: env.HTTP_CACHE_MAX_AGE_S, staleWhileRevalidateS: env.HTTP_CACHE_SWR_S })

/** A digest of the bytes a validator stands for. */
export const digestOf = (body: string | Uint8Array): string => createHash('sha256').update(body).digest('base64url').slice(0, 32)

/**
 * The one ETag rule: strong, quoted, a digest of the uncompressed body, marked with the encoding
 * sent, since a br and a gzip body are other bytes (other representations) of the same answer.
 */
export const etagOf = (digest: string, encoding: Encoding | null): string => `"${digest}${encoding ? `-${encoding}` : ''}"`

/** If-None-Match's weak comparison (RFC 9110 13.1.2): W/ is ignored, * matches anything. */
export function matchesIfNoneMatch(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match')
  if (!header) return false
  return header.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag
  })
}

/** 304 for a client that holds this ETag: the response's headers without its body. */
export function notModified(response: Response, etag: string, fetchAPI: { Response: typeof Response; Headers: typeof Headers }): Response {
  const headers = new fetchAPI.Headers(response.headers)
  for (const name of ['content-type', 'content-length', 'content-encoding']) headers.delete(name)
  headers.set('etag', etag)
  return new fetchAPI.Response(null, { status: 304, headers })
}

export function httpCache(options: HttpCacheOptions = httpCacheFromEnv()): Plugin {
  const publicCacheControl =
    options.maxAgeS > 0 ? `public, max-age=${options.maxAgeS}, stale-while-revalidate=${options.staleWhileRevalidateS}` : 'public, no-cache'
  // GET requests whose GraphQL result had no errors; a GET mutation is refused by Yoga (405), an error.
  const answered = new WeakSet<Request>()
  return {
    onResultProcess({ request, result }) {
      if (request.method === 'GET' && !Array.isArray(result) && !isAsyncIterable(result) && !result.errors?.length) answered.add(request)
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (routeOf(new URL(request.url)) !== 'graphql') return
      // The response cache's validators (its key unquoted, the time it cached) give way to this rule.
      response.headers.delete('etag')
      response.headers.delete('last-modified')
      if (request.method !== 'GET') return
      // Accept picks JSON or GraphiQL's page; the answer to a key holder may differ from the public one.
      addVary(response.headers, 'Accept', 'Authorization')
      const page = (response.headers.get('content-type') ?? '').startsWith('text/html')
      const publicRead = answered.has(request) && !request.headers.has('authorization')
      if (response.status !== 200 || !(page || publicRead)) {
        response.headers.set('cache-control', 'no-store')
        return
      }
      // GraphiQL's page holds today's date: reloads revalidate it (its assets are immutable).
      response.headers.set('cache-control', page ? 'no-cache' : publicCacheControl)
      const body = await response.text()
      const headers = new fetchAPI.Headers(response.headers)
      const bytes = Buffer.byteLength(body)
      headers.set('content-length', String(bytes))
      const etag = etagOf(digestOf(body), encodingFor(request, response.status, headers, bytes))
      headers.set('etag', etag)
      const full = new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers })
      setResponse(matchesIfNoneMatch(request, etag) ? notModified(full, etag, fetchAPI) : full)
    },
  }
}
