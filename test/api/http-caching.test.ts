import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../seed/load.js'
import { MIN_COMPRESSED_BYTES, negotiateEncoding } from '../../src/server/compression.js'
import { CSRF_HEADER, createServer, type ServerOptions } from '../../src/yoga.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// GET queries: public reads carry Cache-Control and a strong ETag, a client holding it gets 304;
// everything else says no-store. Bodies are compressed by Accept-Encoding.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => loadShippedData(prisma))
}, 60_000)
afterAll(() => api?.close())

const CACHE = { maxAgeS: 30, staleWhileRevalidateS: 60 }
const serve = (options: ServerOptions = {}) => createServer({ graphiql: false, httpCache: CACHE, corsOrigins: '*', ...options })
const COMPANIES = '{ companies(first: 100) { totalCount nodes { slug name } } }'
const SMALL = '{ companies(first: 1) { totalCount } }'

function get(yoga: ReturnType<typeof serve>, query: string, headers: Record<string, string> = {}) {
  return yoga.fetch(`http://yoga/graphql?query=${encodeURIComponent(query)}`, { headers: { [CSRF_HEADER]: '1', ...headers } })
}

async function decoded(response: Response): Promise<string> {
  const body = Buffer.from(await response.arrayBuffer())
  const encoding = response.headers.get('content-encoding')
  return (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8')
}

describe('Cache-Control and ETag on GET queries', () => {
  it('a public read is cacheable, with a strong quoted ETag that a 304 answers without a body', async () => {
    const yoga = serve()
    const first = await get(yoga, COMPANIES)
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(first.headers.get('vary')).toMatch(/Accept\b.*Authorization/)
    const body = await first.text()
    expect(JSON.parse(body).data.companies.totalCount).toBeGreaterThan(10)

    // The same answer has the same ETag: it is the body's digest.
    const again = await get(yoga, COMPANIES)
    expect(again.headers.get('etag')).toBe(etag)
    expect(await again.text()).toBe(body)

    const revalidated = await get(yoga, COMPANIES, { 'if-none-match': etag })
    expect(revalidated.status).toBe(304)
    expect(await revalidated.text()).toBe('')
    expect(revalidated.headers.get('etag')).toBe(etag)
    expect(revalidated.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60')
    expect(revalidated.headers.get('content-type')).toBeNull()

    // Weak comparison, lists and * as RFC 9110 has them; another ETag gets the body.
    expect((await get(yoga, COMPANIES, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304)
    expect((await get(yoga, COMPANIES, { 'if-none-match': '*' })).status).toBe(304)
    const changed = await get(yoga, COMPANIES, { 'if-none-match': '"other"' })
    expect(changed.status).toBe(200)
    expect(await changed.text()).toBe(body)
  })

  it('another answer has another ETag', async () => {
    const yoga = serve()
    const [a, b] = await Promise.all([get(yoga, COMPANIES), get(yoga, SMALL)])
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'))
  })

  it('max-age and stale-while-revalidate come from the settings; 0 makes every use revalidate', async () => {
    expect((await get(serve({ httpCache: { maxAgeS: 5, staleWhileRevalidateS: 7 } }), SMALL)).headers.get('cache-control')).toBe(
      'public, max-age=5, stale-while-revalidate=7',
    )
    const revalidating = await get(serve({ httpCache: { maxAgeS: 0, staleWhileRevalidateS: 0 } }), SMALL)
    expect(revalidating.headers.get('cache-control')).toBe('public, no-cache')
    expect(revalidating.headers.get('etag')).toMatch(/^"/)
  })

  it('never for a request with an API key, an answer with errors, a mutation or a POST', async () => {
    const yoga = serve()
    const keyed = await get(yoga, SMALL, { authorization: 'Bearer pk_test_whatever' })
    expect(keyed.status).toBe(200)
    expect(keyed.headers.get('cache-control')).toBe('no-store')
    expect(keyed.headers.get('etag')).toBeNull()

    const failed = await get(yoga, '{ partnershipPath(from: "microsoft", to: "no-such-company") { hops } }', { accept: 'application/json' })
    expect((await failed.json()).errors[0].extensions.code).toBe('NOT_FOUND')
    expect(failed.headers.get('cache-control')).toBe('no-store')
    expect(failed.headers.get('etag')).toBeNull()

    const mutation = await get(yoga, 'mutation { createCompany(input: { slug: "x", name: "X", kinds: [OTHER] }) { company { slug } } }')
    expect(mutation.status).toBe(405)
    expect(mutation.headers.get('cache-control')).toBe('no-store')

    const posted = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SMALL }),
    })
    expect(posted.status).toBe(200)
    expect(posted.headers.get('cache-control')).toBeNull()
    expect(posted.headers.get('etag')).toBeNull()
  })

  it('with the response cache on, the ETag follows the same rule: quoted, the body digest, 304 on a match', async () => {
    const cached = serve({ responseCacheTtlMs: 60_000 })
    const first = await get(cached, COMPANIES)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(first.headers.get('last-modified')).toBeNull()
    const body = await first.text()
    api.statements.length = 0
    const hit = await get(cached, COMPANIES)
    // Served from the cache: only the data version was read.
    expect(api.statements).toHaveLength(1)
    expect(hit.headers.get('etag')).toBe(etag)
    expect(await hit.text()).toBe(body)
    expect((await get(cached, COMPANIES, { 'if-none-match': etag })).status).toBe(304)
    // A server without the cache sends PostgreSQL's JSON text as written (the cache serialises
    // what it stored): the same data in other bytes, so a strong ETag of its own.
    const uncached = await get(serve(), COMPANIES)
    expect(JSON.parse(await uncached.text())).toEqual(JSON.parse(body))
    expect(uncached.headers.get('etag')).toMatch(/^"[\w-]+"$/)
    // A POST answered from the cache carries no validator: POSTs are not cached by HTTP.
    const posted = await cached.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: COMPANIES }),
    })
    expect(posted.headers.get('etag')).toBeNull()
    expect(posted.headers.get('last-modified')).toBeNull()
  })
})

describe('compression', () => {
  it('picks br over gzip, honours q-values, and sends neither when refused', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br')
    expect(negotiateEncoding('gzip')).toBe('gzip')
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip')
    expect(negotiateEncoding('br;q=0, gzip;q=0')).toBeNull()
    expect(negotiateEncoding('*')).toBe('br')
    expect(negotiateEncoding('identity')).toBeNull()
    expect(negotiateEncoding(null)).toBeNull()
  })

  it.each(['br', 'gzip'] as const)('JSON answers are sent %s when asked, with an ETag of their own', async (encoding) => {
    const yoga = serve()
    const plain = await get(yoga, COMPANIES)
    const plainBody = await plain.text()
    expect(plainBody.length).toBeGreaterThan(MIN_COMPRESSED_BYTES)
    expect(plain.headers.get('content-encoding')).toBeNull()

    const response = await get(yoga, COMPANIES, { 'accept-encoding': encoding })
    expect(response.headers.get('content-encoding')).toBe(encoding)
    expect(response.headers.get('vary')).toMatch(/Accept-Encoding/)
    const etag = response.headers.get('etag')!
    expect(etag).toBe(plain.headers.get('etag')!.replace(/"$/, `-${encoding}"`))
    const compressedBytes = Number((await response.clone().arrayBuffer()).byteLength)
    expect(compressedBytes).toBeLessThan(plainBody.length / 2)
    expect(await decoded(response)).toBe(plainBody)

    const revalidated = await get(yoga, COMPANIES, { 'accept-encoding': encoding, 'if-none-match': etag })
    expect(revalidated.status).toBe(304)
    expect(revalidated.headers.get('content-encoding')).toBeNull()
    // The identity ETag does not stand for the compressed bytes.
    expect((await get(yoga, COMPANIES, { 'accept-encoding': encoding, 'if-none-match': plain.headers.get('etag')! })).status).toBe(200)
  })

  it('POST answers are compressed too; small bodies are not', async () => {
    const yoga = serve()
    const post = (query: string) =>
      yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip, br' },
        body: JSON.stringify({ query }),
      })
    const large = await post(COMPANIES)
    expect(large.headers.get('content-encoding')).toBe('br')
    expect(JSON.parse(await decoded(large)).data.companies.nodes.length).toBeGreaterThan(10)
    const small = await post(SMALL)
    expect(small.headers.get('content-encoding')).toBeNull()
    expect((await small.json()).data.companies.totalCount).toBeGreaterThan(10)
  })

  it.each(['nodes.csv', 'graph.graphml', 'graph.json'])('the export %s is compressed as it streams', async (file) => {
    const yoga = serve()
    const plain = await (await yoga.fetch(`http://yoga/export/${file}`)).text()
    const response = await yoga.fetch(`http://yoga/export/${file}`, { headers: { 'accept-encoding': 'br' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-encoding')).toBe('br')
    expect(response.headers.get('content-length')).toBeNull()
    expect(response.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(await decoded(response)).toBe(plain)
  })
})
