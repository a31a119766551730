import { type GraphQLInputObjectType, isInputObjectType } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CLAUSE_FILTERS,
  type ClauseConditions,
  clauseFilterSql,
  clauseFilterWhere,
  countClauses,
  licenseConditions,
} from '../src/db/clause-filter.js'
import { Prisma } from '../src/generated/prisma/client.js'
import { AssetKind, ClauseKind, Exclusivity, InForceEnd } from '../src/generated/prisma/enums.js'
import { schema } from '../src/schema/index.js'
import { loadShippedData } from '../seed/load.js'
import { startTestApi, type TestApi } from './helpers/api.js'

// The clause filter is defined once (src/db/clause-filter.ts): every key, alone and combined,
// selects the same clauses over the shipped data in its SQL form (counts, the planner) and its
// Prisma form (the resolvers' pages); a key without a form is refused, never dropped.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => loadShippedData(prisma))
}, 60_000)
afterAll(() => api?.close())

const sorted = (ids: string[]) => [...ids].sort()

async function bothWays(filter: ClauseConditions): Promise<{ sql: string[]; prisma: string[]; count: number }> {
  const where = clauseFilterSql(filter)
  if (!where) throw new Error(`no SQL form for ${JSON.stringify(filter)}`)
  const sqlRows = await api.prisma.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT c."id"::text AS id FROM "Clause" c WHERE ${where}`)
  const prismaRows = await api.prisma.clause.findMany({ where: clauseFilterWhere(filter), select: { id: true } })
  return { sql: sorted(sqlRows.map((r) => r.id)), prisma: sorted(prismaRows.map((r) => r.id)), count: await countClauses(filter) }
}

/** Values of each key drawn from the data: present ones, boundary days ± 1, and one matching nothing. */
async function sampleValues(): Promise<{ [K in keyof ClauseConditions]-?: NonNullable<ClauseConditions[K]>[] }> {
  const slugs = async (sql: Prisma.Sql) => [...(await api.prisma.$queryRaw<{ slug: string }[]>(sql)).map((r) => r.slug), 'no-such-slug']
  const days = (
    await api.prisma.$queryRaw<{ day: string }[]>`
      SELECT DISTINCT to_char(d + shift, 'YYYY-MM-DD') AS day FROM (
        SELECT unnest(ARRAY["inForceFrom", "inForceUntil", "endsLatest", "endsEarliest"]) AS d FROM "Clause") x,
        unnest(ARRAY[-1, 0, 1]) shift
      WHERE d IS NOT NULL ORDER BY 1`
  ).map((r) => r.day)
  // Every seventh boundary day and the extremes: all kinds of boundary, in a test that stays quick.
  const someDays = [...new Set([days[0]!, ...days.filter((_, i) => i % 7 === 0), days.at(-1)!])]
  const ranges = someDays.flatMap((from, i) => [{ from }, { to: from }, { from, to: someDays[Math.min(i + 3, someDays.length - 1)] }])
  return {
    kind: Object.values(ClauseKind),
    grantor: await slugs(Prisma.sql`SELECT DISTINCT co."slug" FROM "Clause" c JOIN "Company" co ON co."id" = c."grantorId" ORDER BY 1 LIMIT 6`),
    grantee: await slugs(Prisma.sql`SELECT DISTINCT co."slug" FROM "Clause" c JOIN "Company" co ON co."id" = c."granteeId" ORDER BY 1 LIMIT 6`),
    subject: await slugs(Prisma.sql`SELECT DISTINCT s."slug" FROM "_AssetToClause" j JOIN "Asset" s ON s."id" = j."A" ORDER BY 1 LIMIT 6`),
    subjectKind: Object.values(AssetKind),
    cloudProvider: await slugs(
      Prisma.sql`SELECT DISTINCT p."slug" FROM "_ClauseToCloudProvider" j JOIN "CloudProvider" p ON p."id" = j."B" ORDER BY 1`,
    ),
    exclusivity: Object.values(Exclusivity),
    activeOn: someDays,
    endsAfter: someDays,
    endsBefore: someDays,
    inForceDuring: [{}, ...ranges],
    endedBetween: [{}, ...ranges],
    endsLatestWithin: [{}, ...ranges],
    endedHow: [...Object.values(InForceEnd).map((e) => [e]), ['EXPIRED', 'REPLACED'], []],
  }
}

describe('every clause filter key, SQL form against Prisma form', () => {
  it('selects the same clauses alone, and counts them exactly', async () => {
    const values = await sampleValues()
    const all = await api.prisma.clause.count()
    let narrowing = 0
    for (const [key, list] of Object.entries(values)) {
      for (const value of list) {
        const filter = { [key]: value } as ClauseConditions
        const got = await bothWays(filter)
        expect(got.sql, JSON.stringify(filter)).toEqual(got.prisma)
        expect(got.count, JSON.stringify(filter)).toBe(got.sql.length)
        if (got.count > 0 && got.count < all) narrowing += 1
      }
    }
    // The samples reach both sides of every kind of boundary, not only "all" or "none".
    expect(narrowing).toBeGreaterThan(50)
  }, 120_000)

  it('selects the same clauses for combinations of keys', async () => {
    const values = await sampleValues()
    const keys = Object.keys(values) as (keyof ClauseConditions)[]
    let nonEmpty = 0
    for (const [i, a] of keys.entries()) {
      for (const b of keys.slice(i + 1)) {
        // Pair each value of `a` with the value of `b` at the same place (cycling): every pair of keys, several values.
        const listA = values[a] as unknown[]
        const listB = values[b] as unknown[]
        for (let n = 0; n < Math.min(4, listA.length); n++) {
          const filter = { [a]: listA[n], [b]: listB[(n * 5) % listB.length] } as ClauseConditions
          const got = await bothWays(filter)
          expect(got.sql, JSON.stringify(filter)).toEqual(got.prisma)
          expect(got.count, JSON.stringify(filter)).toBe(got.sql.length)
          if (got.count > 0) nonEmpty += 1
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(20)
  }, 180_000)
})

describe('the filter inputs of the schema', () => {
  const input = (name: string) => {
    const type = schema.getType(name)
    if (!isInputObjectType(type)) throw new Error(`${name} is not an input type`)
    return type as GraphQLInputObjectType
  }

  it('ClauseFilter: every field is a key with both forms', () => {
    // endsLatestWithin is Query.expiring's, not a ClauseFilter field.
    const keys = Object.keys(CLAUSE_FILTERS).filter((key) => key !== 'endsLatestWithin')
    expect(Object.keys(input('ClauseFilter').getFields()).sort()).toEqual(keys.sort())
  })

  it('LicenseFilter: every field maps to a key with an SQL form', () => {
    for (const field of Object.keys(input('LicenseFilter').getFields())) {
      expect(clauseFilterSql(licenseConditions({ [field]: 'x' })), field).not.toBeNull()
    }
  })

  it('a key without a form is refused, not dropped', () => {
    expect(clauseFilterSql({ kind: 'LICENSE_GRANT', undefinedKey: 'x' })).toBeNull()
    expect(() => clauseFilterWhere({ undefinedKey: 'x' } as ClauseConditions)).toThrow(/no definition/)
  })
})
