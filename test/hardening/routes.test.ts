import { randomBytes } from 'node:crypto'
import { createServer as createHttpServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RateLimitOptions } from '../../src/server/rate-limit.js'
import { withOriginForm } from '../../src/server/request-target.js'
import { CSRF_HEADER, createServer } from '../../src/yoga.js'
import { type HardeningApi, type Served, startHardeningApi } from './helpers.js'

// One table of routes (src/server/routes.ts) decides what is GraphQL and what the rate limit
// counts. The attack: once /graphql answered 429, `POST /health?x=/graphql` was still served
// (Yoga serves any URL ending in "/graphql") and never counted.

const REDIS_URL = 'redis://127.0.0.1:6379'
const QUERY = JSON.stringify({ query: '{ companies { totalCount } }' })

let api: HardeningApi
beforeAll(async () => {
  api = await startHardeningApi()
})
afterAll(() => api?.close())

const limits = (overrides: Partial<RateLimitOptions> = {}): RateLimitOptions => ({
  windowSeconds: 60,
  perIp: 2,
  perKey: 5,
  redisPrefix: `test:${randomBytes(6).toString('hex')}`,
  trustProxyHops: 0,
  ...overrides,
})

/** Paths a client might try instead of /graphql: query strings, slashes, encodings, prefixes, case. */
const OTHER_PATHS = [
  '/health?x=/graphql',
  '/health?/graphql',
  '/health#/graphql',
  '/graphql/',
  '/graphql//',
  '/graphql/?x=/graphql',
  '//graphql',
  '/api/graphql',
  '/x/graphql',
  '/health/graphql',
  '/GRAPHQL',
  '/Graphql',
  '/%67raphql',
  '/graphq%6C',
  '/graphql%2F',
  '/%2Fgraphql',
  '/graphql%00',
  '/graphql;x',
  '/graphql.json',
  '/graphiql',
] as const

const post = (served: Served, path: string, ip: string) =>
  served.send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY }, { ip })

/** A GraphQL answer that carries data: what a request the limit refused must never get. */
async function servedData(response: Response): Promise<boolean> {
  const text = await response.text()
  return response.status === 200 && /"data"\s*:\s*\{/.test(text)
}

describe.each([
  ['memory', {}],
  ['Redis', { redisUrl: REDIS_URL }],
] as const)('rate limit by route (%s)', (_, store) => {
  let redis: Redis | undefined
  let options: RateLimitOptions
  beforeAll(async () => {
    options = limits(store)
    if (options.redisUrl) {
      redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
      await redis.connect()
    }
  })
  afterAll(async () => {
    const keys = (await redis?.keys(`${options.redisPrefix}:*`)) ?? []
    if (keys.length > 0) await redis!.del(...keys)
    await redis?.quit()
  })

  it('no other path serves GraphQL once /graphql answers 429', async () => {
    const served = api.serve({ rateLimit: options })
    const ip = '198.51.100.60'
    expect((await post(served, '/graphql', ip)).status).toBe(200)
    expect((await post(served, '/graphql', ip)).status).toBe(200)
    expect((await post(served, '/graphql', ip)).status).toBe(429)
    for (const path of OTHER_PATHS) {
      const response = await post(served, path, ip)
      expect({ path, served: await servedData(response) }).toEqual({ path, served: false })
      expect({ path, status: response.status }).toEqual({ path, status: 404 })
    }
    // The explorer's page at / is no GraphQL either, and counts against the same limit.
    const explorerPage = await post(served, '/?x=/graphql', ip)
    expect({ served: await servedData(explorerPage), status: explorerPage.status }).toEqual({ served: false, status: 429 })
    // GraphiQL, too, only at the exact path.
    const page = await served.send('/health?x=/graphql', { headers: { accept: 'text/html' } }, { ip })
    expect(page.status).toBe(404)
    expect(api.statements).toEqual([])
  })

  it('counts every request that reaches GraphQL or an export, however its URL is written', async () => {
    const served = api.serve({ rateLimit: limits({ ...store, perIp: 5, redisPrefix: options.redisPrefix }) })
    const ip = '198.51.100.61'
    const get = { headers: { [CSRF_HEADER]: '1' } }
    const counted = [
      await post(served, '/graphql?x=/health', ip),
      await post(served, '/export/../graphql', ip),
      await served.send(`/graphql?query=${encodeURIComponent('{ companies { totalCount } }')}`, get, { ip }),
      await served.send('/export/nodes.csv?x=/healthz', {}, { ip }),
      await served.send('/export/no-such-file', {}, { ip }),
    ]
    expect(counted.map((response) => response.status)).toEqual([200, 200, 200, 200, 404])
    expect((await post(served, '/graphql', ip)).status).toBe(429)
    expect((await served.send('/export/graph.json', {}, { ip })).status).toBe(429)
    // Health checks are never counted, nor refused.
    expect((await served.send('/healthz', {}, { ip })).status).toBe(200)
    expect((await served.send('/readyz', {}, { ip })).status).toBe(200)
  })
})

describe('over a real socket', () => {
  let server: Server
  let port: number
  beforeAll(async () => {
    const yoga = createServer({ graphiql: false, rateLimit: limits({ perIp: 1 }) })
    server = createHttpServer(withOriginForm(yoga))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())))

  /** The request line as written, which fetch() would normalise. */
  function raw(target: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1')
      let received = ''
      socket.on('data', (chunk) => (received += chunk.toString()))
      socket.on('error', reject)
      socket.on('end', () => {
        const [head = '', body = ''] = received.split('\r\n\r\n')
        resolve({ status: Number(head.split(' ')[1]), body })
      })
      socket.write(
        `POST ${target} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(QUERY)}\r\nconnection: close\r\n\r\n${QUERY}`,
      )
    })
  }

  it('the request target as sent, absolute-form included, is routed by its exact path', async () => {
    expect((await raw('/graphql')).status).toBe(200)
    expect((await raw('/graphql')).status).toBe(429)
    for (const target of [
      '/health?x=/graphql',
      '//graphql',
      '/graphql/',
      '/./graphql/',
      `http://127.0.0.1:${port}/health?x=/graphql`,
      '/%67raphql',
    ]) {
      const { status, body } = await raw(target)
      expect({ target, status, data: /"data"/.test(body) }).toEqual({ target, status: 404, data: false })
    }
    for (const target of ['/./graphql', '/export/../graphql', `http://127.0.0.1:${port}/graphql`, `http://other.example/graphql?x=/health`]) {
      expect({ target, status: (await raw(target)).status }).toEqual({ target, status: 429 })
    }
    for (const target of ['*', 'graphql', 'ftp://127.0.0.1/graphql']) {
      const { status, body } = await raw(target)
      expect({ target, status, stack: /\bat /.test(body) }).toEqual({ target, status: 400, stack: false })
    }
  })
})
