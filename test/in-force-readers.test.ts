import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clauseFilterSql, clauseFilterWhere, countClauses } from '../src/db/clause-filter.js'
import { createPrismaClient } from '../src/db/setup/client.js'
import { linkFilter } from '../src/db/graph-queries.js'
import { agreementInForceSql } from '../src/db/in-force-sql.js'
import { agreementInForceWhere } from '../src/db/in-force-where.js'
import { usePrisma } from '../src/db/setup/prisma.js'
import { countByKind } from '../src/db/stats.js'
import { addDays } from '../src/domain/partial-date.js'
import { inInterval } from '../src/domain/in-force.js'
import { agreementsSql, clausesSql } from '../src/export/snapshot-sql.js'
import { Prisma, type PrismaClient } from '../src/generated/prisma/client.js'
import { generateGraph } from '../synthetic/generate.js'
import { loadShippedData } from '../seed/load.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'
import { type RulePeriods, rulePeriods } from './helpers/in-force-periods.js'

// One in-force rule: every reader of "in force on D" (the clause filter's SQL and Prisma forms, the
// count, the agreement filters, stats, the company links that paths and partners walk, the as-of
// export) selects exactly what the plain function of src/domain/in-force.ts says, on every day
// where some period starts or ends, the day before and the day after.

const databases: TestDatabase[] = []
const clients: PrismaClient[] = []
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()))
  await Promise.all(databases.map((d) => d.drop()))
})

async function newDatabase(fill: (url: string, prisma: PrismaClient) => Promise<unknown>): Promise<PrismaClient> {
  const database = await createTestDatabase()
  databases.push(database)
  const prisma = createPrismaClient(database.url)
  clients.push(prisma)
  await fill(database.url, prisma)
  return prisma
}

const sorted = (values: Iterable<string>) => [...values].sort()

/** Every day a period starts or ends, with the day before and after. */
function boundaryDays(rule: RulePeriods): string[] {
  const days = new Set<string>()
  for (const p of [...rule.agreements.values(), ...rule.clauses.values()]) {
    for (const day of [p.from, p.until]) if (day) for (const shift of [-1, 0, 1]) days.add(addDays(day, shift))
  }
  return sorted(days)
}

interface Names {
  clauseKeys: Map<string, string>
  agreementSlugs: Map<string, string>
  /** Agreements with rows in "CompanyLink" (two or more companies among their parties). */
  linked: Set<string>
}

async function names(prisma: PrismaClient): Promise<Names> {
  const clauses = await prisma.$queryRaw<{ id: string; key: string }[]>`SELECT "id"::text, "key" FROM "Clause"`
  const agreements = await prisma.$queryRaw<{ id: string; slug: string }[]>`SELECT "id"::text, "slug" FROM "Agreement"`
  const linked = await prisma.$queryRaw<{ id: string }[]>`SELECT DISTINCT "agreementId"::text AS id FROM "CompanyLink"`
  return {
    clauseKeys: new Map(clauses.map((c) => [c.id, c.key])),
    agreementSlugs: new Map(agreements.map((a) => [a.id, a.slug])),
    linked: new Set(linked.map((r) => r.id)),
  }
}

async function ids(prisma: PrismaClient, sql: Prisma.Sql): Promise<string[]> {
  return sorted((await prisma.$queryRaw<{ id: string }[]>(sql)).map((r) => r.id))
}

/** Checks every reader on `day`; returns how many clauses the rule puts in force. */
async function checkDay(prisma: PrismaClient, rule: RulePeriods, n: Names, day: string): Promise<number> {
  const clauses = sorted([...rule.clauses].filter(([, p]) => inInterval(p, day)).map(([id]) => id))
  const agreements = sorted([...rule.agreements].filter(([, p]) => inInterval(p, day)).map(([id]) => id))
  const at = `on ${day}`

  expect(await ids(prisma, Prisma.sql`SELECT c."id"::text AS id FROM "Clause" c WHERE ${clauseFilterSql({ activeOn: day })!}`), at).toEqual(clauses)
  const byPrisma = await prisma.clause.findMany({ where: clauseFilterWhere({ activeOn: day }), select: { id: true } })
  expect(sorted(byPrisma.map((c) => c.id)), at).toEqual(clauses)
  expect(await countClauses({ activeOn: day }), at).toBe(clauses.length)

  expect(await ids(prisma, Prisma.sql`SELECT a."id"::text AS id FROM "Agreement" a WHERE ${agreementInForceSql('a', day)}`), at).toEqual(agreements)
  const versions = await prisma.agreement.findMany({ where: agreementInForceWhere(day), select: { id: true } })
  expect(sorted(versions.map((a) => a.id)), at).toEqual(agreements)

  const kinds = new Map<string, number>()
  for (const id of clauses) {
    const kind = rule.clauses.get(id)!.kind
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
  }
  const stats = new Map((await countByKind(day)).map((r) => [r.kind as string, r.count]))
  expect(stats, at).toEqual(kinds)

  const links = await ids(prisma, Prisma.sql`SELECT DISTINCT link."agreementId"::text AS id FROM "CompanyLink" link WHERE ${linkFilter('link', day)}`)
  expect(links, at).toEqual(agreements.filter((id) => n.linked.has(id)))

  const exported = await prisma.$queryRaw<{ agreement: string; key: string }[]>(clausesSql(day))
  expect(sorted(exported.map((c) => c.key)), at).toEqual(sorted(clauses.map((id) => n.clauseKeys.get(id)!)))
  const exportedVersions = await prisma.$queryRaw<{ slug: string }[]>(agreementsSql(day))
  expect(sorted(exportedVersions.map((a) => a.slug)), at).toEqual(sorted(agreements.map((id) => n.agreementSlugs.get(id)!)))
  return clauses.length
}

async function checkEveryBoundary(prisma: PrismaClient): Promise<{ days: number; inForce: number }> {
  usePrisma(prisma)
  const rule = await rulePeriods(prisma)
  const n = await names(prisma)
  const days = boundaryDays(rule)
  let inForce = 0
  for (const day of days) if ((await checkDay(prisma, rule, n, day)) > 0) inForce++
  return { days: days.length, inForce }
}

describe('every reader of "in force on D" against the domain rule', () => {
  let shipped: PrismaClient
  let generated: PrismaClient
  beforeAll(async () => {
    shipped = await newDatabase((_url, prisma) => loadShippedData(prisma))
    generated = await newDatabase((url) => generateGraph({ url, companies: 20, agreements: 60, seed: 11, batchDeals: 20 }))
  }, 120_000)

  it('over the shipped data', async () => {
    const { days, inForce } = await checkEveryBoundary(shipped)
    expect(days).toBeGreaterThan(100)
    expect(inForce).toBeGreaterThan(days / 2)
  }, 300_000)

  it('over a generated graph', async () => {
    const { days, inForce } = await checkEveryBoundary(generated)
    expect(days).toBeGreaterThan(100)
    expect(inForce).toBeGreaterThan(days / 2)
  }, 300_000)
})
