import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../seed/load.js'
import { generateGraph } from '../synthetic/generate.js'
import { startTestApi, type TestApi } from './helpers/api.js'
import { bothWays } from './helpers/both-ways.js'

// ENDS_SOONEST pages read "endsLatestOrOpen" (endsLatest, open terms as 9999-12-31), which a
// trigger keeps right whoever writes (migration clause_ends_or_open), and a page filtered to a day
// starts its walk at that day. Its order must stay endsLatest ascending with open terms last, and
// the walk must lose no licence in force on the day.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi(loadShippedData)
  await generateGraph({ url: api.url, companies: 30, agreements: 300, seed: 5 })
}, 120_000)
afterAll(() => api?.close())

/** Clauses whose order column is not their latest end (or 9999-12-31 without one). */
const drift = () =>
  api.prisma.$queryRaw<{ key: string }[]>`
    SELECT "key" FROM "Clause" WHERE "endsLatestOrOpen" IS DISTINCT FROM coalesce("endsLatest", DATE '9999-12-31')`

const PAGE = /* GraphQL */ `
  query ($on: Date!, $exclusivity: Exclusivity) {
    licenses(first: 100, filter: { activeOn: $on, exclusivity: $exclusivity }) { totalCount nodes { key } }
  }
`

/** The licences in force on `on`, in endsLatest order with open ones last, without the walk's start. */
const expected = async (on: string, exclusivity: string | null) =>
  (
    await api.prisma.$queryRawUnsafe<{ key: string }[]>(
      `SELECT "key" FROM "Clause" c WHERE c."kind" = 'LICENSE_GRANT' AND ($2::text IS NULL OR c."exclusivity"::text = $2)
        AND "in_force_days"(c."inForceFrom", c."inForceUntil") @> $1::date
       ORDER BY c."endsLatest" ASC NULLS LAST, c."key" ASC`,
      on,
      exclusivity,
    )
  ).map((row) => row.key)

describe('ENDS_SOONEST from a stored order column', () => {
  it('holds every clause’s latest end, or 9999-12-31, after a load', async () => {
    expect(await drift()).toEqual([])
  })

  it('lists the licences in force on a day in endsLatest order, none lost by starting at the day', async () => {
    for (const on of ['2019-06-01', '2023-01-01', '2025-06-30', '2026-12-31', '2031-01-01']) {
      for (const exclusivity of [null, 'EXCLUSIVE', 'NON_EXCLUSIVE']) {
        const { answer, bySql } = await bothWays(api, PAGE, { on, exclusivity })
        expect(bySql).toBe(true)
        const all = await expected(on, exclusivity)
        expect(answer.data!.licenses.totalCount).toBe(all.length)
        expect(answer.data!.licenses.nodes.map((n: { key: string }) => n.key)).toEqual(all.slice(0, 100))
      }
    }
  })

  it('follows the latest end whoever writes it, and is not a writer’s to set', async () => {
    const [open] = await api.prisma.$queryRaw<{ key: string }[]>`SELECT "key" FROM "Clause" WHERE "endsLatest" IS NULL ORDER BY "key" LIMIT 1`
    const [ending] = await api.prisma.$queryRaw<{ key: string }[]>`SELECT "key" FROM "Clause" WHERE "endsLatest" IS NOT NULL ORDER BY "key" LIMIT 1`
    await api.prisma.$executeRaw`UPDATE "Clause" SET "endsText" = '2027', "endsPrecision" = 'YEAR', "endsEarliest" = '2027-01-01',
      "endsLatest" = '2027-12-31' WHERE "key" = ${open!.key}`
    await api.prisma.$executeRaw`UPDATE "Clause" SET "endsText" = NULL, "endsPrecision" = NULL, "endsEarliest" = NULL,
      "endsLatest" = NULL WHERE "key" = ${ending!.key}`
    await api.prisma.$executeRaw`UPDATE "Clause" SET "endsLatestOrOpen" = '2000-01-01'`
    expect(await drift()).toEqual([])
    const [moved] = await api.prisma.$queryRaw<{ day: string }[]>`SELECT "endsLatestOrOpen"::text AS "day" FROM "Clause" WHERE "key" = ${open!.key}`
    expect(moved!.day).toBe('2027-12-31')
  })
})
