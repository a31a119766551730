import { Redis } from 'ioredis'
import { createApiKey } from '../../src/db/api-keys.js'
import { createPrismaClient } from '../../src/db/setup/client.js'
import { uniqueName } from '../helpers/admin.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { type ServerProcess, startServer } from '../helpers/server-process.js'

// Several real server processes (src/main.ts) on one PostgreSQL and one Redis, as replicas run
// behind a load balancer: a database of the file's own, a Redis key prefix of its own.

export const REDIS_URL = 'redis://127.0.0.1:6379'

/** Redis must answer: these tests prove what replicas share through it. One line when it does not. */
export async function requireRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: () => null })
  try {
    await redis.connect()
    await redis.ping()
    return redis
  } catch (error) {
    redis.disconnect()
    throw new Error(`The replica tests need Redis at ${REDIS_URL} (start one: redis-server --port 6379): ${(error as Error).message}`)
  }
}

export interface Cluster {
  database: TestDatabase
  redis: Redis
  /** Every Redis key of this cluster starts with it (rate limits, persisted queries). */
  prefix: string
  /** A key with the WRITE scope. */
  writeKey: string
  servers: ServerProcess[]
  close(): Promise<void>
}

/**
 * `count` servers in production mode on a fresh test database and a Redis prefix of their own,
 * with `settings` on top (RESPONSE_CACHE_TTL_MS, RATE_LIMIT_*, DATABASE_READ_URL, …).
 */
export async function startCluster(count: number, settings: Record<string, string> = {}, database?: TestDatabase): Promise<Cluster> {
  const redis = await requireRedis()
  const db = database ?? (await createTestDatabase())
  const prisma = createPrismaClient(db.url)
  const { key: writeKey } = await createApiKey(prisma, 'replicas test', ['WRITE'])
  await prisma.$disconnect()
  const prefix = uniqueName('replicas')
  const servers: ServerProcess[] = []
  const close = async () => {
    for (const server of servers) {
      server.child.kill('SIGKILL')
      await server.exited
    }
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
    if (!database) await db.drop()
  }
  try {
    const started = await Promise.all(
      Array.from({ length: count }, () =>
        startServer({
          NODE_ENV: 'production',
          DATABASE_URL: db.url,
          REDIS_URL,
          REDIS_PREFIX: prefix,
          SEED_ON_START: 'false',
          LOG_LEVEL: 'warn',
          RATE_LIMIT: 'false',
          TRUST_PROXY_HOPS: '1',
          METRICS_TOKEN,
          ...settings,
        }),
      ),
    )
    servers.push(...started)
  } catch (error) {
    await close()
    throw error
  }
  return { database: db, redis, prefix, writeKey, servers, close }
}

export interface Answer<T = any> {
  status: number
  headers: Headers
  json: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] }
}

let nextClient = 0

/**
 * A JSON POST to /graphql. Each call comes from an address of its own (X-Forwarded-For, read with
 * TRUST_PROXY_HOPS=1) unless `ip` is given, so only the rate-limit test spends one allowance.
 */
export async function post<T = any>(
  server: ServerProcess,
  body: unknown,
  options: { ip?: string; key?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  nextClient += 1
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-forwarded-for': options.ip ?? `10.${(nextClient >> 16) & 255}.${(nextClient >> 8) & 255}.${nextClient & 255}`,
    ...(options.key && { authorization: `Bearer ${options.key}` }),
    ...options.headers,
  }
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) })
  return { status: response.status, headers: response.headers, json: (await response.json()) as Answer<T>['json'] }
}

export const CREATE_COMPANY = `mutation Create($input: CreateCompanyInput!) {
  createCompany(input: $input) { __typename ... on CreateCompanyPayload { company { slug } } }
}`

export const COMPANY_SLUGS = '{ companies(first: 100) { totalCount nodes { slug } } }'

/** One sample's value from a server's /metrics (0 when the series is absent). */
export async function metric(server: ServerProcess, series: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line ? Number(line.slice(series.length + 1)) : 0
}

/** The token the cluster's servers guard /metrics with (production serves it only with one). */
export const METRICS_TOKEN = 'replicas-test-metrics-token'
