import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../../bench/lib/processes.js'
import { createApiKey } from '../../src/db/api-keys.js'
import { createPrismaClient } from '../../src/db/setup/client.js'
import { type EmbeddedServer, startEmbeddedPostgres } from '../../src/db/setup/embedded.js'
import { sleep, startServer } from '../helpers/server-process.js'

// The fault of issue 19 #8 on the real server: PostgreSQL stops after a write committed and before
// its answer was built. The client is told 503 "retry"; the retry must get the write it made, not
// a ConflictError against itself.

interface Answer {
  status: number
  replayed: string | null
  json: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }
}

async function write(url: string, apiKey: string, idempotencyKey: string | null, query: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }
  if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) })
  return { status: response.status, replayed: response.headers.get('idempotent-replayed'), json: (await response.json()) as Answer['json'] }
}

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

describe('PostgreSQL stops after a write committed, before its answer', () => {
  it('answers 503; the retry with the same Idempotency-Key gets the committed write, not a ConflictError', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'partnerships-idempotent-pg-'))
    const pgPort = await freePort()
    let database: EmbeddedServer | undefined = await startEmbeddedPostgres({ dataDir, port: pgPort, ephemeral: true })
    cleanups.push(async () => {
      await database?.stop()
      rmSync(dataDir, { recursive: true, force: true })
    })
    const server = await startServer({
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      SEED_ON_START: 'false',
      RATE_LIMIT: 'false',
      DB_POOL_ACQUIRE_TIMEOUT_MS: '1000',
    })
    cleanups.push(() => void server.child.kill('SIGKILL'))
    const prisma = createPrismaClient(database.url)
    const { key: apiKey } = await createApiKey(prisma, 'retrying client', ['WRITE'])
    await prisma.$disconnect()

    // Pricing reads the data's list bounds once (src/server/data-bounds.ts), CloudProvider among
    // them: a first read loads them before the lock below is taken.
    const warmUp = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ company(slug: "none") { cloudProviders { slug } } }' }),
    })
    expect(await warmUp.json()).toEqual({ data: { company: null } })

    // The answer reads the company's clouds after the write's transaction; a lock on "CloudProvider"
    // (a table the write does not touch) holds the answer there, with the write committed.
    const locker = new pg.Client({ connectionString: database.url })
    locker.on('error', () => {}) // ended by the stop below
    await locker.connect()
    await locker.query('BEGIN')
    await locker.query('LOCK TABLE "CloudProvider" IN ACCESS EXCLUSIVE MODE')

    const mutation = `mutation {
      createCompany(input: { slug: "acme-ai", name: "Acme AI", kinds: [AI_LAB] }) {
        __typename
        ... on CreateCompanyPayload { company { slug name cloudProviders { slug } } }
        ... on Error { message }
      }
    }`
    const idempotencyKey = '3f0c2a9e-6a1b-4c55-9d0e-2b7f1c8a4e10'
    const first = write(server.url, apiKey, idempotencyKey, mutation)

    const watcher = new pg.Client({ connectionString: database.url })
    await watcher.connect()
    let answering: number | undefined
    while (answering === undefined) {
      const { rows } = await watcher.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
         WHERE datname = 'partnerships' AND wait_event_type = 'Lock' AND query LIKE '%CloudProvider%'`,
      )
      answering = rows[0]?.pid
      if (answering === undefined) await sleep(25)
    }
    const committed = await watcher.query('SELECT id FROM "Company" WHERE slug = $1', ['acme-ai'])
    expect(committed.rowCount).toBe(1)
    // PostgreSQL stops while the answer is being built: the session building it ends first (a fast
    // shutdown ends every session at once, and the lock's could go first and let the answer through).
    await watcher.query('SELECT pg_terminate_backend($1)', [answering])
    await watcher.end()
    await database.stop()
    database = undefined
    const failed = await first
    expect(failed.status, JSON.stringify(failed.json)).toBe(503)
    expect(failed.json.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    // The 503 of a write says how to retry it safely.
    expect(failed.json.errors?.[0]?.extensions?.retry).toMatch(/same Idempotency-Key/)
    // Without a key the advice is to read first, and to send a key next time.
    const unkeyed = await write(server.url, apiKey, null, mutation)
    expect(unkeyed.status).toBe(503)
    expect(unkeyed.json.errors?.[0]?.extensions?.retry).toMatch(/read before retrying.*Idempotency-Key header/)

    database = await startEmbeddedPostgres({ dataDir, port: pgPort, ephemeral: true })
    let retried = await write(server.url, apiKey, idempotencyKey, mutation)
    for (const deadline = Date.now() + 15_000; retried.status === 503 && Date.now() < deadline; await sleep(200)) {
      retried = await write(server.url, apiKey, idempotencyKey, mutation)
    }
    expect(retried.json).toEqual({
      data: { createCompany: { __typename: 'CreateCompanyPayload', company: { slug: 'acme-ai', name: 'Acme AI', cloudProviders: [] } } },
    })
    expect(retried.status).toBe(200)
    expect(retried.replayed).toBe('true')

    // One company, written once.
    const check = new pg.Client({ connectionString: database.url })
    await check.connect()
    const history = await check.query(`SELECT h.action FROM "WriteHistory" h JOIN "Company" c ON c.id = h."entityId" WHERE c.slug = 'acme-ai'`)
    await check.end()
    expect(history.rows).toEqual([{ action: 'CREATE' }])
    expect(server.child.exitCode, server.output.join('')).toBeNull()
  })
})
