import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPANY_SLUGS, CREATE_COMPANY, type Cluster, metric, post, startCluster } from './cluster.js'

// Two server processes on one PostgreSQL and one Redis, as replicas behind a load balancer: what
// one is told, the other knows at once (writes through the response cache, rate-limit allowances,
// persisted queries).

let cluster: Cluster
beforeAll(async () => {
  cluster = await startCluster(2, {
    RESPONSE_CACHE_TTL_MS: '60000',
    RATE_LIMIT: 'true',
    RATE_LIMIT_PER_IP: '5',
    RATE_LIMIT_PER_KEY: '100000',
  })
}, 60_000)
afterAll(() => cluster?.close())

const slugsOf = (answer: { json: { data?: { companies: { nodes: { slug: string }[] } } } }) =>
  answer.json.data!.companies.nodes.map((node) => node.slug)

describe('two replicas on one database and one Redis', () => {
  it('a write acknowledged by one is in the next answer of the other, their response caches included', { timeout: 30_000 }, async () => {
    const [a, b] = cluster.servers as [Cluster['servers'][0], Cluster['servers'][0]]
    // Both replicas hold the answer before the writes in their caches.
    for (const server of [a, b]) {
      expect(slugsOf(await post(server, { query: COMPANY_SLUGS }))).toEqual([])
      const hits = await metric(server, 'graphql_response_cache_total{result="hit"}')
      expect(slugsOf(await post(server, { query: COMPANY_SLUGS }))).toEqual([])
      expect(await metric(server, 'graphql_response_cache_total{result="hit"}')).toBe(hits + 1)
    }
    const written: string[] = []
    for (let i = 0; i < 8; i++) {
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a]
      const slug = `replica-write-${i}`
      const write = await post(
        writer,
        { query: CREATE_COMPANY, variables: { input: { slug, name: `Replica write ${i}` } } },
        { key: cluster.writeKey },
      )
      expect(write.json).toEqual({ data: { createCompany: { __typename: 'CreateCompanyPayload', company: { slug } } } })
      written.push(slug)
      // The very next read, on the other process, then on the writer: no answer from before the write.
      for (const server of [reader, writer]) {
        const read = await post(server, { query: COMPANY_SLUGS })
        expect(read.json.data!.companies.totalCount).toBe(written.length)
        expect(slugsOf(read).sort()).toEqual([...written].sort())
      }
    }
    // The fresh answer is cached again: asked twice more, the reader serves it from its cache.
    const hits = await metric(a, 'graphql_response_cache_total{result="hit"}')
    expect(slugsOf(await post(a, { query: COMPANY_SLUGS })).sort()).toEqual([...written].sort())
    expect(await metric(a, 'graphql_response_cache_total{result="hit"}')).toBe(hits + 1)
  })

  it('spends one rate-limit allowance across both', async () => {
    const [a, b] = cluster.servers as [Cluster['servers'][0], Cluster['servers'][0]]
    const ip = '198.51.100.77'
    const ask = (server: typeof a) => post(server, { query: '{ __typename }' }, { ip })
    const statuses: number[] = []
    for (const server of [a, b, a, b, a]) statuses.push((await ask(server)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200])
    for (const server of [b, a]) {
      const refused = await ask(server)
      expect(refused.status).toBe(429)
      expect(refused.json.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED')
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    }
    expect(Number(await cluster.redis.get(`${cluster.prefix}:rate:ip:${ip}`))).toBe(7)
  })

  it('knows on one a persisted query registered on the other', async () => {
    const [a, b] = cluster.servers as [Cluster['servers'][0], Cluster['servers'][0]]
    const query = '{ companies(first: 3) { totalCount } }'
    const sha256Hash = createHash('sha256').update(query).digest('hex')
    const extensions = { persistedQuery: { version: 1, sha256Hash } }
    const unknown = await post(b, { extensions })
    expect(unknown.status).toBe(404)
    expect(unknown.json.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND')
    expect((await post(a, { query, extensions })).status).toBe(200)
    const known = await post(b, { extensions })
    expect(known.status).toBe(200)
    expect(known.json).toEqual({ data: { companies: { totalCount: expect.any(Number) } } })
    expect(await cluster.redis.get(`${cluster.prefix}:apq:${sha256Hash}`)).toBe(query)
  })
})
