import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ApolloClient, gql, HttpLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client'
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../seed/load.js'
import { parseEnv } from '../../src/env.js'
import { MAX_PERSISTED_DOCUMENT_CHARS, type PersistedQueryOptions, readManifest } from '../../src/server/persisted-queries.js'
import { CSRF_HEADER, createServer } from '../../src/yoga.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// Persisted queries through HTTP: Apollo Client's PersistedQueryLink (a miss, the resend, then a
// hit, by POST and by GET), the store shared by two servers through Redis, and trusted documents.

const REDIS_URL = 'redis://127.0.0.1:6379'
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => loadShippedData(prisma))
}, 60_000)
afterAll(() => api?.close())

const inMemory = (options: Partial<PersistedQueryOptions> = {}): PersistedQueryOptions => ({
  redisPrefix: 'unused',
  ttlSeconds: 60,
  maxEntries: 100,
  only: false,
  ...options,
})
const serve = (persistedQueries: PersistedQueryOptions) => createServer({ graphiql: false, persistedQueries })
type Server = ReturnType<typeof serve>

interface Sent {
  method: string
  /** The document, when the request carried one. */
  query: string | undefined
  status: number
}

/** An Apollo Client 4 whose HttpLink calls `server`, recording each request it sends. */
function apolloClient(server: Server, useGETForHashedQueries: boolean) {
  const sent: Sent[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input))
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { query?: string }) : undefined
    const response = await server.fetch(new Request(url, init))
    sent.push({ method: init?.method ?? 'GET', query: body?.query ?? url.searchParams.get('query') ?? undefined, status: response.status })
    return response
  }
  const link = new PersistedQueryLink({ sha256, useGETForHashedQueries }).concat(
    // GETs carry the CSRF header, as any client outside a browser page may.
    new HttpLink({ uri: 'http://yoga/graphql', fetch, headers: { [CSRF_HEADER]: '1' } }),
  )
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), sent }
}

const COMPANY: TypedDocumentNode<{ company: { slug: string; name: string } | null }, { slug: string }> = gql`
  query Company($slug: String!) {
    company(slug: $slug) {
      slug
      name
    }
  }
`

describe("Apollo Client's PersistedQueryLink", () => {
  for (const useGET of [false, true]) {
    it(`registers a document on the first miss and sends only its hash after (${useGET ? 'GET' : 'POST'})`, async () => {
      const { client, sent } = apolloClient(serve(inMemory()), useGET)
      const first = await client.query({ query: COMPANY, variables: { slug: 'openai' }, fetchPolicy: 'network-only' })
      expect(first.data).toEqual({ company: { __typename: 'Company', slug: 'openai', name: 'OpenAI' } })
      // The hash alone, PersistedQueryNotFound; then the hash with the document (always a POST).
      expect(sent.map(({ method, query, status }) => [method, query !== undefined, status])).toEqual([
        [useGET ? 'GET' : 'POST', false, 404],
        ['POST', true, 200],
      ])

      const second = await client.query({ query: COMPANY, variables: { slug: 'microsoft' }, fetchPolicy: 'network-only' })
      expect(second.data?.company?.name).toBe('Microsoft')
      expect(sent.slice(2).map(({ method, query, status }) => [method, query !== undefined, status])).toEqual([[useGET ? 'GET' : 'POST', false, 200]])
    })
  }
})

async function post(server: Server, body: Record<string, unknown>) {
  const response = await server.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } }
}

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } })
const COUNT = '{ companies(first: 1) { totalCount } }'

describe('automatic persisted queries by raw requests', () => {
  it('an unknown hash is PersistedQueryNotFound; a hash that is not the document is refused', async () => {
    const server = serve(inMemory())
    const unknown = await post(server, { extensions: persisted(sha256('{ unknown }')) })
    expect(unknown.status).toBe(404)
    expect(unknown.body.errors).toEqual([{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }])

    const mismatch = await post(server, { query: COUNT, extensions: persisted(sha256('{ other }')) })
    expect(mismatch.status).toBe(400)
    expect(mismatch.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_MISMATCH')
  })

  it('keeps no document over the size cap: it runs, and is sent whole each time', async () => {
    const server = serve(inMemory())
    const query = `${COUNT} # ${'x'.repeat(MAX_PERSISTED_DOCUMENT_CHARS)}`
    const sent = await post(server, { query, extensions: persisted(sha256(query)) })
    expect(sent.status).toBe(200)
    expect(sent.body.data.companies.totalCount).toBeGreaterThan(10)
    expect((await post(server, { extensions: persisted(sha256(query)) })).status).toBe(404)
  })

  it('a hash answered by GET is a public read HTTP caches may keep; a miss is not', async () => {
    const server = serve(inMemory())
    await post(server, { query: COUNT, extensions: persisted(sha256(COUNT)) })
    const byHash = (hash: string) =>
      server.fetch(`http://yoga/graphql?extensions=${encodeURIComponent(JSON.stringify(persisted(hash)))}`, { headers: { [CSRF_HEADER]: '1' } })
    const hit = await byHash(sha256(COUNT))
    expect(hit.status).toBe(200)
    expect(hit.headers.get('cache-control')).toMatch(/^public, max-age=\d+/)
    const miss = await byHash(sha256('{ nothing }'))
    expect(miss.status).toBe(404)
    expect(miss.headers.get('cache-control')).not.toMatch(/public/)
  })

  it('keeps at most maxEntries documents in memory, the least recently used dropped', async () => {
    const server = serve(inMemory({ maxEntries: 2 }))
    const documents = [
      '{ a: companies(first: 1) { totalCount } }',
      '{ b: companies(first: 1) { totalCount } }',
      '{ c: companies(first: 1) { totalCount } }',
    ]
    for (const query of documents) expect((await post(server, { query, extensions: persisted(sha256(query)) })).status).toBe(200)
    const statuses = []
    for (const query of documents) statuses.push((await post(server, { extensions: persisted(sha256(query)) })).status)
    expect(statuses).toEqual([404, 200, 200])
  })
})

describe('the store shared through Redis', () => {
  let redis: Redis
  const prefix = `test:${randomBytes(6).toString('hex')}:apq`
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
    await redis.connect()
  })
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length > 0) await redis.del(...keys)
    await redis.quit()
  })

  it('an unreachable Redis is a miss: the client sends the document, which runs', async () => {
    const server = serve(inMemory({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: prefix }))
    try {
      const { client, sent } = apolloClient(server, true)
      const { data } = await client.query({ query: COMPANY, variables: { slug: 'openai' } })
      expect(data?.company?.name).toBe('OpenAI')
      expect(sent.map((request) => request.status)).toEqual([404, 200])
    } finally {
      await server.dispose()
    }
  })

  it('a hash registered through one server is known to another, for the TTL', async () => {
    const options = inMemory({ redisUrl: REDIS_URL, redisPrefix: prefix, ttlSeconds: 120 })
    const [one, other] = [serve(options), serve(options)]
    try {
      const query = `{ companies(first: 2) { totalCount } } # ${prefix}`
      const hash = sha256(query)
      expect((await post(other, { extensions: persisted(hash) })).status).toBe(404)
      expect((await post(one, { query, extensions: persisted(hash) })).status).toBe(200)
      const known = await post(other, { extensions: persisted(hash) })
      expect(known.status).toBe(200)
      expect(known.body.data.companies.totalCount).toBeGreaterThan(10)
      expect(await redis.get(`${prefix}:${hash}`)).toBe(query)
      const ttl = await redis.ttl(`${prefix}:${hash}`)
      expect(ttl).toBeGreaterThan(100)
      expect(ttl).toBeLessThanOrEqual(120)
    } finally {
      await Promise.all([one.dispose(), other.dispose()])
    }
  })
})

describe('trusted documents', () => {
  const TRUSTED = '{ companies(first: 3) { totalCount } }'
  const manifest = new Map([[sha256(TRUSTED), TRUSTED]])

  it('only mode runs a manifest document by its hash and refuses anything else with a typed 400', async () => {
    const server = serve(inMemory({ manifest, only: true }))
    const trusted = await post(server, { extensions: persisted(sha256(TRUSTED)) })
    expect(trusted.status).toBe(200)
    expect(trusted.body.data.companies.totalCount).toBeGreaterThan(10)

    const refusals = [
      { query: COUNT },
      { extensions: persisted(sha256(COUNT)) },
      // Not registered either: APQ is off when only the manifest runs.
      { query: COUNT, extensions: persisted(sha256(COUNT)) },
    ]
    for (const body of refusals) {
      const refused = await post(server, body)
      expect(refused.status).toBe(400)
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED')
      expect(refused.body.errors?.[0]?.message).toMatch(/only runs trusted documents/)
    }
    // By GET too, and a manifest hash runs the manifest's text whatever text comes with it.
    const viaGet = await server.fetch(`http://yoga/graphql?extensions=${encodeURIComponent(JSON.stringify(persisted(sha256(TRUSTED))))}`, {
      headers: { [CSRF_HEADER]: '1' },
    })
    expect(viaGet.status).toBe(200)
    expect(((await viaGet.json()) as any).data.companies.totalCount).toBeGreaterThan(10)
    const swapped = await post(server, { query: '{ __typename }', extensions: persisted(sha256(TRUSTED)) })
    expect(swapped.body.data).toEqual({ companies: { totalCount: trusted.body.data.companies.totalCount } })
  })

  it('without only mode the manifest is known from the start and other documents still run', async () => {
    const server = serve(inMemory({ manifest }))
    const trusted = await post(server, { extensions: persisted(sha256(TRUSTED)) })
    expect(trusted.status).toBe(200)
    const { client, sent } = apolloClient(server, false)
    const other = await client.query({ query: COMPANY, variables: { slug: 'openai' } })
    expect(other.data?.company?.slug).toBe('openai')
    expect(sent.map((request) => request.status)).toEqual([404, 200])
  })

  it('the manifest file codegen writes is read, and a malformed one fails at start-up', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'manifest-'))
    const good = path.join(folder, 'persisted-documents.json')
    writeFileSync(good, JSON.stringify({ [sha256(TRUSTED)]: TRUSTED }))
    expect(readManifest(good)).toEqual(manifest)
    const bad = path.join(folder, 'bad.json')
    writeFileSync(bad, JSON.stringify({ abc: 1 }))
    expect(() => readManifest(bad)).toThrow(/the entry abc in .* is not a document/)
    writeFileSync(bad, '[')
    expect(() => readManifest(bad)).toThrow(/cannot read .* as JSON/)
  })

  it('only mode needs a manifest', () => {
    expect(() => parseEnv({ PERSISTED_DOCUMENTS_ONLY: 'true' })).toThrow(/PERSISTED_DOCUMENTS_ONLY=true needs PERSISTED_DOCUMENTS/)
    expect(parseEnv({ PERSISTED_DOCUMENTS_ONLY: 'true', PERSISTED_DOCUMENTS: 'm.json' }).PERSISTED_DOCUMENTS_ONLY).toBe(true)
  })
})
