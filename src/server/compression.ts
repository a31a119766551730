import { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import zlib from 'node:zlib'
import type { Plugin } from 'graphql-yoga'
import { addVary } from './vary.js'

// Response bodies compressed by Accept-Encoding, as they stream (exports are never buffered).

export type Encoding = 'br' | 'gzip'

/** Smaller bodies go as they are: compressing them saves less than it costs. */
export const MIN_COMPRESSED_BYTES = 1024

/** Text the server sends; event streams and multipart answers are left alone so each part flushes at once. */
const COMPRESSIBLE = /^(application\/(json|graphql-response\+json|graphml\+xml|xml|javascript)|text\/(csv|html|css|plain|javascript|xml))\b/i

/** The encoding Accept-Encoding prefers, br before gzip at equal weight; q=0 refuses one. */
export function negotiateEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null
  const weights = new Map<string, number>()
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const q = parameters.find((parameter) => parameter.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    weights.set(name, Number.isFinite(weight) ? weight : 0)
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0
  let best: Encoding | null = null
  for (const encoding of ['br', 'gzip'] as const) if (weightOf(encoding) > (best ? weightOf(best) : 0)) best = encoding
  return best
}

/** How this response will be encoded for this request; `size` is its length when known. */
export function encodingFor(request: Request, status: number, headers: Headers, size: number | null): Encoding | null {
  if (status < 200 || status === 204 || status === 206 || status === 304) return null
  if (headers.has('content-encoding') || !COMPRESSIBLE.test(headers.get('content-type') ?? '')) return null
  if (size !== null && size < MIN_COMPRESSED_BYTES) return null
  return negotiateEncoding(request.headers.get('accept-encoding'))
}

/** The body compressed as it is read; the client leaving or the source failing ends both. */
function compressed(body: ReadableStream<Uint8Array>, encoding: Encoding): Readable {
  const compressor =
    encoding === 'br'
      ? // Quality 4: close to gzip's speed with smaller output; the default (11) is for static files.
        zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
      : zlib.createGzip()
  pipeline(Readable.from(body as unknown as AsyncIterable<Uint8Array>), compressor, () => {
    // An error or an early end has already destroyed both streams; the response breaks off.
  })
  return compressor
}

export function compression(): Plugin {
  return {
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (!COMPRESSIBLE.test(response.headers.get('content-type') ?? '')) return
      addVary(response.headers, 'Accept-Encoding')
      const length = response.headers.get('content-length')
      const encoding = encodingFor(request, response.status, response.headers, length === null ? null : Number(length))
      // Reading `body` makes a stream of a body held as text: only for one to compress.
      if (!encoding || !response.body) return
      const headers = new fetchAPI.Headers(response.headers)
      headers.set('content-encoding', encoding)
      headers.delete('content-length')
      // fetchAPI's Response streams a node:stream body as it is.
      const body = compressed(response.body, encoding) as unknown as ReadableStream<Uint8Array>
      setResponse(new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers }))
    },
  }
}
