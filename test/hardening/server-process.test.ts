import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../../bench/lib/processes.js'
import { type EmbeddedServer, startEmbeddedPostgres } from '../../src/db/setup/embedded.js'
import { sleep, startServer } from '../helpers/server-process.js'

// The real server (src/main.ts) in a process of its own (test/helpers/server-process.ts): a
// PostgreSQL restart under a stream of requests, and SIGTERM with requests in flight.

interface Outcome {
  at: number
  status: number
  code?: string
  message?: string
}

async function ask(url: string, query: string): Promise<Outcome> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  })
  const json = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] }
  const error = json.errors?.[0]
  return { at: performance.now(), status: response.status, code: error?.extensions?.code, message: error?.message }
}

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

describe('a PostgreSQL restart during a stream of requests', () => {
  it('never crashes the server, answers SERVICE_UNAVAILABLE meanwhile and recovers on its own', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'partnerships-restart-pg-'))
    const pgPort = await freePort()
    let database: EmbeddedServer | undefined = await startEmbeddedPostgres({ dataDir, port: pgPort, ephemeral: true })
    cleanups.push(async () => {
      await database?.stop()
      rmSync(dataDir, { recursive: true, force: true })
    })
    // Production mode with its defaults, but a rate limit this stream cannot reach.
    const server = await startServer({
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      RATE_LIMIT_PER_IP: '1000000',
      DB_POOL_ACQUIRE_TIMEOUT_MS: '1000',
    })
    cleanups.push(() => void server.child.kill('SIGKILL'))

    const query = '{ company(slug: "openai") { name clausesGranted(first: 5) { totalCount } } }'
    expect((await ask(server.url, query)).status).toBe(200)

    const outcomes: Outcome[] = []
    let streaming = true
    const workers = Array.from({ length: 4 }, async () => {
      while (streaming) {
        outcomes.push(await ask(server.url, query))
        await sleep(10)
      }
    })

    await sleep(500)
    const downAt = performance.now()
    await database.stop()
    database = undefined
    await sleep(300)
    const whileDown = await fetch(`${server.url}/readyz`)
    expect(whileDown.status).toBe(503)
    expect(await whileDown.json()).toMatchObject({ status: 'database unreachable' })
    await sleep(1_200)
    const startingAt = performance.now()
    database = await startEmbeddedPostgres({ dataDir, port: pgPort, ephemeral: true })
    const upAt = performance.now()

    const deadline = upAt + 15_000
    while (performance.now() < deadline && !outcomes.some((o) => o.at > upAt && o.status === 200)) await sleep(20)
    await sleep(300)
    streaming = false
    await Promise.all(workers)

    const firstSuccess = outcomes.find((o) => o.at > upAt && o.status === 200)
    const failures = outcomes.filter((o) => o.status !== 200)
    const lastFailure = failures.at(-1)
    const recovery = firstSuccess ? (firstSuccess.at - upAt) / 1000 : Number.POSITIVE_INFINITY
    console.log(
      `PostgreSQL restart: ${outcomes.length} requests, ${failures.length} refused while it was away; ` +
        `PostgreSQL took ${((upAt - startingAt) / 1000).toFixed(2)} s to start again; ` +
        `first success ${recovery.toFixed(2)} s after it was back, ` +
        `last refusal ${lastFailure ? ((lastFailure.at - upAt) / 1000).toFixed(2) : '-'} s after; ` +
        `outage as clients saw it ${lastFailure ? ((lastFailure.at - downAt) / 1000).toFixed(2) : '-'} s`,
    )

    expect(server.child.exitCode, server.output.join('')).toBeNull()
    expect(failures.length).toBeGreaterThan(0)
    for (const failure of failures) {
      expect(failure).toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'The service is temporarily unavailable; retry in a few seconds.',
      })
    }
    expect(recovery).toBeLessThan(15)
    // Everything after recovery succeeds.
    expect(outcomes.filter((o) => o.at > firstSuccess!.at + 100).every((o) => o.status === 200)).toBe(true)
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
  })
})

describe('production defaults of the real server', () => {
  it('serves no GraphiQL and refuses introspection', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'partnerships-prod-pg-'))
    const server = await startServer({
      NODE_ENV: 'production',
      EMBEDDED_PG_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      SEED_ON_START: 'false',
    })
    cleanups.push(async () => {
      server.child.kill('SIGTERM')
      await server.exited
      rmSync(dataDir, { recursive: true, force: true })
    })
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } })
    expect(await page.text()).not.toMatch(/graphiql/i)
    const introspection = await ask(server.url, '{ __schema { queryType { name } } }')
    expect(introspection).toMatchObject({ status: 200, code: 'INTROSPECTION_DISABLED' })
    expect((await ask(server.url, '{ companies { totalCount } }')).status).toBe(200)
  })
})

describe('SIGTERM with requests in flight', () => {
  it('finishes them all, then stops the pool and the embedded PostgreSQL and exits 0', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'partnerships-sigterm-pg-'))
    const pgPort = await freePort()
    const server = await startServer({ EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) })
    cleanups.push(() => {
      if (server.child.exitCode === null) server.child.kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    })
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true)

    // Slow requests: a lock held on "Company" keeps every read of it waiting in PostgreSQL.
    const databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${pgPort}/partnerships`
    const locker = new pg.Client({ connectionString: databaseUrl })
    await locker.connect()
    await locker.query('BEGIN')
    await locker.query('LOCK TABLE "Company" IN ACCESS EXCLUSIVE MODE')
    const queries = [
      '{ companies { totalCount } }',
      '{ company(slug: "openai") { name } }',
      '{ company(slug: "microsoft") { name } }',
      '{ companies(first: 3) { nodes { slug } } }',
      '{ licenses(first: 2) { nodes { grantor { slug } } } }',
    ]
    const inFlight = queries.map((query) => ask(server.url, query))
    // Watched from a connection of its own: inside the locker's transaction the view would not change.
    const watcher = new pg.Client({ connectionString: databaseUrl })
    await watcher.connect()
    for (let waiting = 0; waiting < queries.length; await sleep(50)) {
      const { rows } = await watcher.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'partnerships' AND wait_event_type = 'Lock'",
      )
      waiting = rows[0]!.n
    }

    await watcher.end()
    const signalledAt = performance.now()
    server.child.kill('SIGTERM')
    await sleep(500)
    // Draining: no new connections, the requests in flight still running.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
    expect(server.child.exitCode).toBeNull()

    await locker.query('COMMIT')
    await locker.end()
    const answers = await Promise.all(inFlight)
    const code = await server.exited
    const seconds = (performance.now() - signalledAt) / 1000
    console.log(
      `SIGTERM: ${answers.filter((a) => a.status === 200).length}/${answers.length} requests in flight answered, exit code ${code}, stopped ${seconds.toFixed(2)} s after the signal`,
    )

    for (const answer of answers) expect(answer, server.output.join('')).toMatchObject({ status: 200, code: undefined })
    expect(code, server.output.join('')).toBe(0)
    const log = server.output.join('')
    expect(log).toContain(`SIGTERM: stopping; ${queries.length} request(s) in flight`)
    expect(log).toContain('Stopped.')
    // The embedded PostgreSQL is down and its data folder closed cleanly.
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false)
    await expect(new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 1_000 }).connect()).rejects.toThrow()
  })
})
