import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { negotiateEncoding, type Encoding } from './compression.js'
import { digestOf, etagOf, matchesIfNoneMatch, notModified } from './http-cache.js'

// Files the server ships whole (GraphiQL's, the explorer's): named by their content, so browsers
// keep them for good; compressed once each, at high quality, the first time a client asks.

export interface StaticFile {
  path: string
  contentType: string
  body: Buffer
  digest: string
  encoded: Map<Encoding, Promise<Buffer>>
}

export const IMMUTABLE = 'public, max-age=31536000, immutable'

export function staticFile(path: string, contentType: string, body: Buffer): StaticFile {
  return { path, contentType, body, digest: digestOf(body), encoded: new Map() }
}

/** `prefix` + name + the first 12 characters of the content's digest + extension. */
export function contentNamedFile(prefix: string, name: string, extension: string, contentType: string, body: Buffer): StaticFile {
  const digest = digestOf(body)
  return { path: `${prefix}${name}.${digest.slice(0, 12)}.${extension}`, contentType, body, digest, encoded: new Map() }
}

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** Compressed once, at high quality, off the event loop (zlib's thread pool). */
export function encodedBody(file: StaticFile, encoding: Encoding): Promise<Buffer> {
  let body = file.encoded.get(encoding)
  if (!body) {
    body =
      encoding === 'br'
        ? brotli(file.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: file.body.length } })
        : gzip(file.body, { level: 9 })
    file.encoded.set(encoding, body)
  }
  return body
}

type FetchAPI = { Response: typeof Response; Headers: typeof Headers }

/** A plain-text answer (404, 405) to a request for a file. */
export function textResponse(fetchAPI: FetchAPI, status: number, message: string, headers: Record<string, string> = {}): Response {
  return new fetchAPI.Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } })
}

/** GET or HEAD of one file: compressed as Accept-Encoding allows, with its ETag (304 when the client has it). */
export async function serveStaticFile(
  request: Request,
  file: StaticFile,
  fetchAPI: FetchAPI,
  extraHeaders: Record<string, string> = { 'cache-control': IMMUTABLE },
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return textResponse(fetchAPI, 405, `${new URL(request.url).pathname} answers GET only`, { allow: 'GET, HEAD' })
  const encoding = negotiateEncoding(request.headers.get('accept-encoding'))
  const body = encoding ? await encodedBody(file, encoding) : file.body
  const etag = etagOf(file.digest, encoding)
  const headers = new fetchAPI.Headers({ 'content-type': file.contentType, vary: 'Accept-Encoding', etag, ...extraHeaders })
  if (encoding) headers.set('content-encoding', encoding)
  headers.set('content-length', String(body.length))
  const response = new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers })
  return matchesIfNoneMatch(request, etag) ? notModified(response, etag, fetchAPI) : response
}
