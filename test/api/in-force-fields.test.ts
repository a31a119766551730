import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../seed/load.js'
import { SQL_EXECUTION_MARK } from '../../src/sql-execution/plugin.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// The stored in-force period through GraphQL: the fields on versions and clauses, and the filters
// inForceDuring, endedBetween and endedHow on clauses, licences and agreements, each checked
// against the stored columns read with plain SQL, on the shipped data.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => loadShippedData(prisma))
}, 60_000)
afterAll(() => api?.close())

type Row = { key: string; from: string | null; until: string | null; end: string | null; exclusivity: string; kind: string }

async function storedClauses(): Promise<Row[]> {
  return api.prisma.$queryRaw<Row[]>`
    SELECT "key", to_char("inForceFrom", 'YYYY-MM-DD') AS "from", to_char("inForceUntil", 'YYYY-MM-DD') AS "until",
      "inForceEnd"::text AS "end", "exclusivity"::text AS exclusivity, "kind"::text AS kind
    FROM "Clause" ORDER BY "key"`
}

const overlaps = (r: Row, from: string, to: string) => r.from !== null && r.from <= to && (r.until === null || (r.until >= r.from && r.until >= from))

async function clauseKeys(filter: Record<string, unknown>, root = 'clauses'): Promise<string[]> {
  const result = await api.query(
    `query($filter: ${root === 'clauses' ? 'ClauseFilter' : 'LicenseFilter'}) {
    ${root}(filter: $filter, first: 100, orderBy: KEY) { totalCount nodes { key inForceFrom inForceUntil inForceEnd } } }`,
    { filter },
  )
  expect(result.errors).toBeUndefined()
  const page = result.data![root] as { totalCount: number; nodes: { key: string }[] }
  expect(page.totalCount).toBe(page.nodes.length)
  return page.nodes.map((n) => n.key)
}

describe('the stored period as fields', () => {
  it('the Microsoft–OpenAI chain: each version replaced the day before the next starts', async () => {
    const result = await api.query(`{ agreement(slug: "microsoft-openai-2019") {
      inForceFrom inForceUntil inForceEnd versions { slug inForceFrom inForceUntil inForceEnd } } }`)
    expect(result.errors).toBeUndefined()
    const versions = result.data!.agreement.versions as {
      slug: string
      inForceFrom: string
      inForceUntil: string | null
      inForceEnd: string | null
    }[]
    expect(versions.length).toBeGreaterThan(1)
    for (let i = 0; i + 1 < versions.length; i++) {
      const [v, next] = [versions[i]!, versions[i + 1]!]
      if (v.inForceEnd === 'REPLACED')
        expect(new Date(`${v.inForceUntil}T00:00:00Z`).getTime() + 86_400_000).toBe(new Date(`${next.inForceFrom}T00:00:00Z`).getTime())
    }
    expect(versions.at(-1)!.inForceEnd).toBeNull()
  })

  it('every clause’s fields are its stored columns, the same through SQL and through resolvers', async () => {
    const query = `{ clauses(first: 100, orderBy: KEY) { nodes { key inForceFrom inForceUntil inForceEnd agreement { inForceFrom inForceUntil inForceEnd } } } }`
    const answer = await api.query(query)
    expect(api.statements.some((s) => s.includes(SQL_EXECUTION_MARK))).toBe(true)
    expect(JSON.stringify(answer)).toBe(JSON.stringify(await api.queryViaExecutor(query)))
    const stored = new Map((await storedClauses()).map((r) => [r.key, r]))
    for (const n of answer.data!.clauses.nodes as {
      key: string
      inForceFrom: string | null
      inForceUntil: string | null
      inForceEnd: string | null
    }[]) {
      const r = stored.get(n.key)!
      expect([n.inForceFrom, n.inForceUntil, n.inForceEnd]).toEqual([r.from, r.until, r.end])
    }
  })
})

describe('the period filters', () => {
  it('inForceDuring: the clauses whose period overlaps the range', async () => {
    const rows = await storedClauses()
    const expected = rows.filter((r) => r.exclusivity === 'EXCLUSIVE' && overlaps(r, '2025-01-01', '2025-12-31')).map((r) => r.key)
    expect(expected.length).toBeGreaterThan(0)
    expect(await clauseKeys({ exclusivity: 'EXCLUSIVE', inForceDuring: { from: '2025-01-01', to: '2025-12-31' } })).toEqual(expected)
  })

  it('which exclusive terms ended in 2025–2026, and how: one query', async () => {
    const rows = await storedClauses()
    const expected = rows.filter((r) => r.exclusivity === 'EXCLUSIVE' && r.until !== null && r.until >= '2025-01-01' && r.until <= '2026-12-31')
    expect(expected.length).toBeGreaterThan(0)
    const result =
      await api.query(`{ clauses(first: 100, orderBy: KEY, filter: { exclusivity: EXCLUSIVE, endedBetween: { from: "2025-01-01", to: "2026-12-31" } }) {
      totalCount nodes { key inForceUntil inForceEnd } } }`)
    expect(result.errors).toBeUndefined()
    expect(result.data!.clauses.nodes).toEqual(expected.map((r) => ({ key: r.key, inForceUntil: r.until, inForceEnd: r.end })))
  })

  it('endedHow: only the periods that ended that way', async () => {
    const rows = await storedClauses()
    for (const how of [['REPLACED'], ['REMOVED', 'EXPIRED']]) {
      const expected = rows.filter((r) => r.end !== null && how.includes(r.end)).map((r) => r.key)
      expect(await clauseKeys({ endedHow: how })).toEqual(expected.slice(0, 100))
    }
  })

  it('on licences and agreements too', async () => {
    const rows = await storedClauses()
    const licences = rows.filter((r) => r.kind === 'LICENSE_GRANT' && r.until !== null && r.until >= '2020-01-01').map((r) => r.key)
    expect(await clauseKeys({ endedBetween: { from: '2020-01-01' } }, 'licenses')).toEqual(licences)

    const versions = await api.prisma.$queryRaw<{ slug: string }[]>`
      SELECT "slug" FROM "Agreement" WHERE "inForceEnd" = 'REPLACED' AND "inForceUntil" BETWEEN '2019-01-01' AND '2026-12-31' ORDER BY "slug"`
    expect(versions.length).toBeGreaterThan(0)
    const result =
      await api.query(`{ agreements(first: 100, filter: { endedHow: [REPLACED], endedBetween: { from: "2019-01-01", to: "2026-12-31" } }) {
      totalCount nodes { slug } } }`)
    expect(result.errors).toBeUndefined()
    expect((result.data!.agreements.nodes as { slug: string }[]).map((n) => n.slug).sort()).toEqual(versions.map((v) => v.slug))
  })

  it('refuses a range that runs backwards, naming it', async () => {
    const result = await api.query(`{ clauses(filter: { inForceDuring: { from: "2026-01-01", to: "2025-01-01" } }) { totalCount } }`)
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'filter.inForceDuring' } })
  })
})
