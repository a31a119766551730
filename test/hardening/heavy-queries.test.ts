import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { HEAVY_QUERY_COST } from '../../src/server/heavy-queries.js'
import { QUERY_LIMITS } from '../../src/server/limits.js'
import { type HardeningApi, startHardeningApi } from './helpers.js'

// Found after the fixes of issue 19: one large query is bounded (price, response cap, time
// slices), but eight 7 MB answers at once held /healthz of a production server for 3.9 s. Queries
// priced over HEAVY_QUERY_COST now run two at a time per process; sixteen more may wait, the next
// one is SERVER_BUSY at once.

let api: HardeningApi
beforeAll(async () => {
  api = await startHardeningApi()
})
afterAll(() => api?.close())

// 100 companies × 100 terms each: 10,100 objects at most, a heavy query whatever the data.
const HEAVY = '{ companies(first: 100) { nodes { slug clausesGranted(first: 100) { nodes { key } } } } }'
const LIGHT = '{ cloudProviders(first: 1) { totalCount } }'

it('heavy queries run a few at a time; one more than may wait is SERVER_BUSY, light ones go on', { timeout: 30_000 }, async () => {
  expect(HEAVY_QUERY_COST).toBeLessThan(100 + 100 * 100)
  const server = api.serve()
  // Every heavy query waits in PostgreSQL for this lock: the running ones hold their places.
  const locker = new pg.Client({ connectionString: api.url })
  await locker.connect()
  await locker.query('BEGIN')
  await locker.query('LOCK TABLE "Company" IN ACCESS EXCLUSIVE MODE')
  try {
    const admitted = QUERY_LIMITS.maxHeavyRunning + QUERY_LIMITS.maxHeavyWaiting
    const heavy = Array.from({ length: admitted }, () => server.post({ query: HEAVY }))
    // Two are running (waiting on the lock), sixteen wait for a place.
    const watcher = new pg.Client({ connectionString: api.url })
    await watcher.connect()
    for (let waiting = 0; waiting < QUERY_LIMITS.maxHeavyRunning; await new Promise((r) => setTimeout(r, 50))) {
      const { rows } = await watcher.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      )
      waiting = rows[0]!.n
    }
    await new Promise((r) => setTimeout(r, 200))
    const { rows } = await watcher.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
    expect(rows[0]!.n).toBe(QUERY_LIMITS.maxHeavyRunning)
    await watcher.end()

    const refused = await server.post({ query: HEAVY })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('2')
    expect(refused.json.errors).toMatchObject([{ extensions: { code: 'SERVER_BUSY' } }])
    expect((await server.post({ query: LIGHT })).json).toEqual({ data: { cloudProviders: { totalCount: 0 } } })

    await locker.query('COMMIT')
    const answers = await Promise.all(heavy)
    expect(answers.map((a) => a.status)).toEqual(Array(admitted).fill(200))
    expect(answers.every((a) => a.json.errors === undefined)).toBe(true)
  } finally {
    await locker.end()
  }
})
