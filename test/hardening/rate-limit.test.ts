import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../src/db/api-keys.js'
import { parseEnv } from '../../src/env.js'
import type { RateLimitOptions } from '../../src/server/rate-limit.js'
import { type HardeningApi, type Served, startHardeningApi } from './helpers.js'

// Rate limits: per client IP, per valid API key, with Retry-After; counters in memory by default
// and in Redis when one is configured (CI runs Redis on 127.0.0.1:6379: no skipping here).

const REDIS_URL = 'redis://127.0.0.1:6379'
const QUERY = { query: '{ companies { totalCount } }' }

let api: HardeningApi
let writeKey: string
let otherKey: string
beforeAll(async () => {
  api = await startHardeningApi()
  writeKey = (await createApiKey(api.prisma, 'rate test', ['WRITE'])).key
  otherKey = (await createApiKey(api.prisma, 'rate test 2', ['WRITE'])).key
})
afterAll(() => api?.close())

const limits = (overrides: Partial<RateLimitOptions> = {}): RateLimitOptions => ({
  windowSeconds: 60,
  perIp: 3,
  perKey: 5,
  redisPrefix: `test:${randomBytes(6).toString('hex')}`,
  trustProxyHops: 0,
  ...overrides,
})

const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
const madeUpKey = () => `kgk_${randomBytes(32).toString('base64url')}`

async function statuses(server: Served, n: number, headers: Record<string, string> = {}, ip = '198.51.100.1'): Promise<number[]> {
  const result: number[] = []
  for (let i = 0; i < n; i++) result.push((await server.post(QUERY, headers, { ip })).status)
  return result
}

describe('per client IP (memory)', () => {
  it('refuses the request over the limit with 429, Retry-After and RATE_LIMITED; other IPs go on', async () => {
    const server = api.serve({ rateLimit: limits() })
    expect(await statuses(server, 3, {}, '198.51.100.7')).toEqual([200, 200, 200])
    const refused = await server.post(QUERY, {}, { ip: '198.51.100.7' })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59)
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    expect(refused.json.errors![0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } })
    expect(refused.json.errors![0]!.message).toMatch(/^Too many requests: the limit is 3 per window; retry in \d+ s\.$/)
    expect(api.statements).toEqual([])
    expect(await statuses(server, 1, {}, '198.51.100.8')).toEqual([200])
  })

  it('counts export downloads, not health checks', async () => {
    const server = api.serve({ rateLimit: limits({ perIp: 2 }) })
    const ip = { ip: '198.51.100.9' }
    expect((await server.send('/export/nodes.csv', {}, ip)).status).toBe(200)
    expect((await server.send('/export/graph.json', {}, ip)).status).toBe(200)
    for (let i = 0; i < 5; i++) expect((await server.send('/healthz', {}, ip)).status).toBe(200)
    expect((await server.send('/export/nodes.csv', {}, ip)).status).toBe(429)
    expect((await server.post(QUERY, {}, ip)).status).toBe(429)
  })

  it('reads the client from X-Forwarded-For only behind trusted proxies', async () => {
    const behindProxy = api.serve({ rateLimit: limits({ perIp: 1, trustProxyHops: 1 }) })
    const viaProxy = (client: string) => behindProxy.post(QUERY, { 'x-forwarded-for': `203.0.113.99, ${client}` }, { ip: '10.0.0.1' })
    expect((await viaProxy('203.0.113.1')).status).toBe(200)
    expect((await viaProxy('203.0.113.2')).status).toBe(200)
    expect((await viaProxy('203.0.113.1')).status).toBe(429)

    // Without trusted proxies the header is the client's own word: ignored.
    const direct = api.serve({ rateLimit: limits({ perIp: 1 }) })
    expect((await direct.post(QUERY, { 'x-forwarded-for': '203.0.113.1' }, { ip: '10.0.0.2' })).status).toBe(200)
    expect((await direct.post(QUERY, { 'x-forwarded-for': '203.0.113.2' }, { ip: '10.0.0.2' })).status).toBe(429)
  })
})

describe('per API key (memory)', () => {
  it('gives each valid key its own allowance, apart from its IP', async () => {
    const server = api.serve({ rateLimit: limits() })
    const ip = '198.51.100.20'
    // The first request of a key is counted on its IP while the key is checked; then on the key.
    expect(await statuses(server, 6, bearer(writeKey), ip)).toEqual([200, 200, 200, 200, 200, 200])
    expect(await statuses(server, 1, bearer(writeKey), ip)).toEqual([429])
    // The IP itself has 2 of 3 left, and another key from it has its own allowance.
    expect(await statuses(server, 2, {}, ip)).toEqual([200, 200])
    expect(await statuses(server, 1, {}, ip)).toEqual([429])
    // (Its first request is charged to the exhausted IP, so it starts from another one.)
    expect(await statuses(server, 6, bearer(otherKey), '198.51.100.21')).toEqual([200, 200, 200, 200, 200, 200])
  })

  it('charges made-up keys to the IP: new keys cannot mint new allowances', async () => {
    const server = api.serve({ rateLimit: limits() })
    const ip = '198.51.100.30'
    const results = [] as number[]
    for (let i = 0; i < 4; i++) results.push((await server.post(QUERY, bearer(madeUpKey()), { ip })).status)
    expect(results).toEqual([200, 200, 200, 429])
  })

  it('a refused request costs no SQL once the key is known', async () => {
    const server = api.serve({ rateLimit: limits({ perKey: 1 }) })
    await statuses(server, 2, bearer(writeKey), '198.51.100.40')
    const refused = await server.post(QUERY, bearer(writeKey), { ip: '198.51.100.40' })
    expect(refused.status).toBe(429)
    expect(api.statements).toEqual([])
  })
})

describe('counters in Redis', () => {
  let redis: Redis
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
    await redis.connect()
  })
  afterAll(() => redis?.quit())

  it('replicas share one count, kept under the configured prefix', async () => {
    expect(await redis.ping()).toBe('PONG')
    const options = limits({ redisUrl: REDIS_URL })
    const replicaA = api.serve({ rateLimit: options })
    const replicaB = api.serve({ rateLimit: options })
    const ip = '198.51.100.50'
    try {
      expect(await statuses(replicaA, 2, {}, ip)).toEqual([200, 200])
      expect(await statuses(replicaB, 1, {}, ip)).toEqual([200])
      const refused = await replicaB.post(QUERY, {}, { ip })
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await replicaA.post(QUERY, {}, { ip })).status).toBe(429)
      const keys = await redis.keys(`${options.redisPrefix}:*`)
      expect(keys).toEqual([`${options.redisPrefix}:ip:${ip}`])
      expect(await redis.get(keys[0]!)).toBe('5')
      expect(await redis.pttl(keys[0]!)).toBeGreaterThan(50_000)
    } finally {
      const keys = await redis.keys(`${options.redisPrefix}:*`)
      if (keys.length > 0) await redis.del(...keys)
    }
  })
})

describe('configuration', () => {
  it('production turns rate limiting on (in memory without REDIS_URL), GraphiQL and introspection off', () => {
    expect(parseEnv({ NODE_ENV: 'production' })).toMatchObject({
      RATE_LIMIT: true,
      GRAPHIQL: false,
      INTROSPECTION: false,
      RATE_LIMIT_PER_IP: 300,
      RATE_LIMIT_PER_KEY: 1200,
    })
    expect(parseEnv({ NODE_ENV: 'production' }).REDIS_URL).toBeUndefined()
    expect(parseEnv({})).toMatchObject({ NODE_ENV: 'development', RATE_LIMIT: true, GRAPHIQL: true, INTROSPECTION: true })
    expect(parseEnv({ NODE_ENV: 'test' })).toMatchObject({ RATE_LIMIT: false })
    expect(parseEnv({ NODE_ENV: 'production', GRAPHIQL: 'true', INTROSPECTION: 'true', RATE_LIMIT: 'false' })).toMatchObject({
      RATE_LIMIT: false,
      GRAPHIQL: true,
      INTROSPECTION: true,
    })
    expect(() => parseEnv({ RATE_LIMIT_PER_IP: '0' })).toThrow(/RATE_LIMIT_PER_IP/)
  })
})
