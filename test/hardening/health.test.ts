import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../bench/lib/processes.js'
import { createPrismaClient } from '../../src/db/setup/client.js'
import { usePrisma } from '../../src/db/setup/prisma.js'
import { migrationNames } from '../../src/db/setup/schema-engine.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { createServer } from '../../src/yoga.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'

// /healthz (the process) and /readyz (database reachable, every migration applied, not stopping).

let database: TestDatabase
let prisma: PrismaClient
beforeAll(async () => {
  database = await createTestDatabase()
  prisma = createPrismaClient(database.url)
  usePrisma(prisma)
})
afterAll(async () => {
  await prisma?.$disconnect()
  await database?.drop()
})

async function get(path: string, options: Parameters<typeof createServer>[0] = {}) {
  const response = await createServer({ graphiql: false, ...options }).fetch(`http://yoga${path}`)
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> }
}

describe('/healthz', () => {
  it('answers 200 with JSON, without the database', async () => {
    const health = await get('/healthz')
    expect(health).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', body: { status: 'ok' } })
  })
})

describe('/readyz', () => {
  it('is ready when the database answers and every migration is applied', async () => {
    const ready = await get('/readyz')
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', database: 'ok', pending: [] } })
  })

  it('is 503 while a migration is pending', async () => {
    const latest = migrationNames().at(-1)!
    const [row] = await prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "_prisma_migrations" WHERE migration_name = ${latest}`
    await prisma.$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = ${latest}`
    try {
      const pending = await get('/readyz')
      expect(pending).toMatchObject({ status: 503, body: { status: 'migrations pending', database: 'ok', pending: [latest] } })
    } finally {
      await prisma.$executeRaw`INSERT INTO "_prisma_migrations" SELECT * FROM json_populate_record(NULL::"_prisma_migrations", ${JSON.stringify(row)}::json)`
    }
    expect((await get('/readyz')).status).toBe(200)
  })

  it('is 503 while the database cannot be reached, and GraphQL answers SERVICE_UNAVAILABLE (masked)', async () => {
    const unreachable = createPrismaClient(`postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`, { pool: { acquireTimeoutMs: 1_000 } })
    usePrisma(unreachable)
    try {
      const ready = await get('/readyz')
      expect(ready).toMatchObject({ status: 503, body: { status: 'database unreachable', database: 'unreachable' } })
      expect((await get('/healthz')).status).toBe(200)

      const response = await createServer({ graphiql: false }).fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ company(slug: "openai") { name } }' }),
      })
      expect(response.status).toBe(503)
      expect(response.headers.get('retry-after')).toBe('5')
      const json = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] }
      expect(json.errors).toEqual([
        expect.objectContaining({
          message: 'The service is temporarily unavailable; retry in a few seconds.',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        }),
      ])
    } finally {
      usePrisma(prisma)
      await unreachable.$disconnect()
    }
  })

  /** A transaction on a connection of its own that runs `sql` and stays open until `end`. */
  async function holding(sql: string) {
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    await client.query('BEGIN')
    await client.query(sql)
    let open = true
    return async () => {
      if (!open) return
      open = false
      await client.query('ROLLBACK')
      await client.end()
    }
  }

  it('is ready while every pooled connection waits on a lock: the database answers', async () => {
    const busy = createPrismaClient(database.url, { pool: { max: 2, acquireTimeoutMs: 1_000, statementTimeoutMs: 10_000 } })
    await busy.company.create({ data: { slug: 'locked-co', name: 'Locked Co' } })
    const release = await holding(`UPDATE "Company" SET "name" = 'Held' WHERE "slug" = 'locked-co'`)
    usePrisma(busy)
    try {
      // Both connections of the pool now wait for the row the other transaction holds.
      const queued = [1, 2].map(() => busy.$executeRaw`UPDATE "Company" SET "name" = 'Queued' WHERE "slug" = 'locked-co'`.then((n) => n))
      await new Promise((r) => setTimeout(r, 300))
      const started = performance.now()
      const ready = await get('/readyz')
      expect(ready).toMatchObject({ status: 200, body: { status: 'ready', database: 'ok', pending: [] } })
      expect(performance.now() - started).toBeLessThan(1_500)
      await release()
      await Promise.all(queued)
    } finally {
      await release()
      usePrisma(prisma)
      await busy.$disconnect()
    }
  })

  it('is 503 "database slow", not "unreachable", when the database does not answer in time', async () => {
    const release = await holding('LOCK TABLE "_prisma_migrations" IN ACCESS EXCLUSIVE MODE')
    try {
      const slow = await get('/readyz')
      expect(slow).toMatchObject({ status: 503, body: { status: 'database slow', database: 'slow' } })
    } finally {
      await release()
    }
    expect((await get('/readyz')).status).toBe(200)
  })

  it('is 503 once shutdown has begun', async () => {
    const stopping = await get('/readyz', { isStopping: () => true })
    expect(stopping).toMatchObject({ status: 503, body: { status: 'stopping' } })
  })
})
