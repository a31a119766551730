import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../helpers/api.js'

// A query that runs past its time limit gets TIMEOUT, and its statement stops in PostgreSQL too
// (src/db/setup/statement-scope.ts) rather than running on until statement_timeout. The statement
// is held deterministically by a lock: another connection holds "Company" exclusively, so a read
// of companies waits in PostgreSQL for as long as the lock is held. The test's pool has no
// statement_timeout, so only the cancel can end it.

const QUERY = '{ companies { totalCount nodes { slug } } }'

let api: TestApi
let locker: pg.Client
let watcher: pg.Client
beforeAll(async () => {
  api = await startTestApi(undefined, { requestTimeoutMs: 1_000 })
  locker = new pg.Client({ connectionString: api.url })
  watcher = new pg.Client({ connectionString: api.url })
  await Promise.all([locker.connect(), watcher.connect()])
  // The first request of a process builds caches for longer than the time limit: not the case here.
  await api.query(QUERY)
})
afterAll(async () => {
  await locker?.end()
  await watcher?.end()
  await api?.close()
})

/**
 * Statements of the API's pool still running in the test's database (neither the locker's nor the
 * watcher's). One waiting for the lock in its Parse step shows as idle, waiting on Lock.
 */
async function apiStatements(): Promise<string[]> {
  const { rows } = await watcher.query<{ query: string }>(
    `SELECT query FROM pg_stat_activity
      WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), $1)
        AND NOT (state = 'idle' AND wait_event_type = 'Client')`,
    [(locker as unknown as { processID: number }).processID],
  )
  return rows.map((r) => r.query)
}

async function until(check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = performance.now()
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return performance.now() - started
}

describe('a timed-out query', () => {
  it('has its statement cancelled in PostgreSQL once the client has its answer', async () => {
    await locker.query('BEGIN')
    await locker.query('LOCK TABLE "Company" IN ACCESS EXCLUSIVE MODE')
    try {
      const answering = api.query(QUERY)
      // The statement reached PostgreSQL and waits there.
      await until(async () => (await apiStatements()).length > 0, 2_000)
      const answer = await answering
      expect(answer.errors![0]!.extensions).toMatchObject({ code: 'TIMEOUT' })
      // The lock is still held: only a cancel can have ended the statement.
      const waited = await until(async () => (await apiStatements()).length === 0, 2_000)
      expect(waited).toBeLessThan(2_000)
      expect(await apiStatements()).toEqual([])
    } finally {
      await locker.query('ROLLBACK')
    }
  })

  it('leaves the pool usable and other queries untouched', async () => {
    const answer = await api.query('{ companies { totalCount } }')
    expect(answer).toEqual({ data: { companies: { totalCount: 0 } } })
  })

  it('while the lock holds, the statement does wait (the check above can fail)', async () => {
    await locker.query('BEGIN')
    await locker.query('LOCK TABLE "Company" IN ACCESS EXCLUSIVE MODE')
    try {
      const other = new pg.Client({ connectionString: api.url })
      await other.connect()
      const waiting = other.query('SELECT count(*) FROM "Company"')
      await until(async () => (await apiStatements()).length > 0, 2_000)
      await locker.query('ROLLBACK')
      await waiting
      await other.end()
    } catch (error) {
      await locker.query('ROLLBACK')
      throw error
    }
  })
})
