import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient, type PoolSettings } from '../../src/db/setup/client.js'
import { usePrisma } from '../../src/db/setup/prisma.js'
import { createServer } from '../../src/yoga.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'

// Time limits, made deterministic with a lock: another connection holds an exclusive lock on
// "Company", so any read of companies waits in PostgreSQL until a limit (or the lock) ends it.

let database: TestDatabase
let locker: pg.Client
beforeAll(async () => {
  database = await createTestDatabase()
  locker = new pg.Client({ connectionString: database.url })
  await locker.connect()
})
afterAll(async () => {
  await locker?.end()
  await database?.drop()
})

async function withLock<T>(run: () => Promise<T>): Promise<T> {
  await locker.query('BEGIN')
  await locker.query('LOCK TABLE "Company" IN ACCESS EXCLUSIVE MODE')
  try {
    return await run()
  } finally {
    await locker.query('ROLLBACK')
  }
}

function serve(pool: PoolSettings, requestTimeoutMs = 10_000) {
  const prisma = createPrismaClient(database.url, { pool })
  usePrisma(prisma)
  const yoga = createServer({ graphiql: false, requestTimeoutMs })
  return {
    async query(query = '{ companies { totalCount } }') {
      const started = performance.now()
      const response = await yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      })
      const json = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }
      return { status: response.status, json, ms: performance.now() - started }
    },
    close: () => prisma.$disconnect(),
  }
}

const NOTHING_INTERNAL = /prisma|postgres|statement_timeout|SQL|pool|57014|canceling/i

describe('statement_timeout', () => {
  it('ends a slow statement with TIMEOUT (504) and leaves the connection usable', async () => {
    const server = serve({ max: 2, statementTimeoutMs: 300 })
    try {
      const slow = await withLock(() => server.query())
      expect(slow.status).toBe(504)
      expect(slow.json.errors![0]!.extensions).toMatchObject({ code: 'TIMEOUT' })
      expect(slow.json.errors![0]!.message).not.toMatch(NOTHING_INTERNAL)
      expect(slow.ms).toBeGreaterThanOrEqual(250)
      expect(slow.ms).toBeLessThan(5_000)
      const after = await server.query()
      expect(after.json).toEqual({ data: { companies: { totalCount: 0 } } })
    } finally {
      await server.close()
    }
  })
})

describe('request timeout', () => {
  it('answers TIMEOUT when a query runs past its time, without waiting for the statement', async () => {
    const server = serve({ max: 2 }, 300)
    try {
      const slow = await withLock(() => server.query())
      expect(slow.status).toBe(504)
      expect(slow.json.errors![0]!.extensions).toMatchObject({ code: 'TIMEOUT' })
      expect(slow.json.errors![0]!.message).toContain('The query took too long')
      expect(slow.ms).toBeLessThan(3_000)
      // The statement ended when the lock went; the pool has its connection back.
      expect((await server.query()).json).toEqual({ data: { companies: { totalCount: 0 } } })
    } finally {
      await server.close()
    }
  })

  it('leaves fast queries alone', async () => {
    const server = serve({ max: 2 }, 300)
    try {
      expect((await server.query('{ companies { totalCount } agreements { totalCount } }')).json.errors).toBeUndefined()
    } finally {
      await server.close()
    }
  })
})

describe('pool acquire timeout', () => {
  it('refuses with SERVICE_UNAVAILABLE (503) when no connection frees up in time', async () => {
    const server = serve({ max: 1, acquireTimeoutMs: 300 })
    try {
      const [holding, waiting] = await withLock(async () => {
        const first = server.query()
        await new Promise((resolve) => setTimeout(resolve, 100))
        const second = await server.query('{ agreements { totalCount } }')
        return [first, second] as const
      })
      expect(waiting.status).toBe(503)
      expect(waiting.json.errors![0]!.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
      expect(waiting.json.errors![0]!.message).not.toMatch(NOTHING_INTERNAL)
      expect(waiting.ms).toBeLessThan(3_000)
      // The first one got its answer once the lock went.
      expect((await holding).json).toEqual({ data: { companies: { totalCount: 0 } } })
    } finally {
      await server.close()
    }
  })
})
