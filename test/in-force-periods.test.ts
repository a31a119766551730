import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../src/db/setup/client.js'
import { partialDateColumns } from '../src/db/partial-date-columns.js'
import { parsePartialDate } from '../src/domain/partial-date.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { generateGraph } from '../synthetic/generate.js'
import { loadShippedData } from '../seed/load.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'
import { periodDrift } from './helpers/in-force-periods.js'

// The stored in-force periods of every version and clause (migration in_force_periods) equal the
// rule of src/domain/in-force.ts, whoever wrote the rows: the importer, COPY, plain SQL in any
// order; and writing them moves no optimistic-concurrency version.

const databases: TestDatabase[] = []
const clients: PrismaClient[] = []
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()))
  await Promise.all(databases.map((d) => d.drop()))
})

async function newDatabase(): Promise<{ url: string; prisma: PrismaClient }> {
  const database = await createTestDatabase()
  databases.push(database)
  const prisma = createPrismaClient(database.url)
  clients.push(prisma)
  return { url: database.url, prisma }
}

async function expectRule(prisma: PrismaClient): Promise<void> {
  const drift = await periodDrift(prisma)
  expect(drift.wrong).toEqual([])
}

describe('stored periods after the importer (the shipped data)', () => {
  let prisma: PrismaClient
  beforeAll(async () => {
    ;({ prisma } = await newDatabase())
    await loadShippedData(prisma)
  }, 60_000)

  it('equal the domain rule for every version and clause', async () => {
    const drift = await periodDrift(prisma)
    expect(drift.agreements).toBeGreaterThan(30)
    expect(drift.wrong).toEqual([])
  })

  it('end an amended version as REPLACED the day before its amendment starts', async () => {
    const rows = await prisma.$queryRaw<{ until: string; end: string; next: string }[]>`
      SELECT to_char(a."inForceUntil", 'YYYY-MM-DD') AS until, a."inForceEnd"::text AS end,
        to_char(min(COALESCE(m."effectiveEarliest", m."announcedEarliest")) - 1, 'YYYY-MM-DD') AS next
      FROM "Agreement" a JOIN "Agreement" m ON m."amendsId" = a."id"
      GROUP BY a."id" HAVING a."endsLatest" IS NULL AND a."terminatedLatest" IS NULL`
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(r).toEqual({ until: r.next, end: 'REPLACED', next: r.next })
  })
})

describe('stored periods after the generator (COPY)', () => {
  it('equal the domain rule', async () => {
    const { url, prisma } = await newDatabase()
    await generateGraph({ url, companies: 30, agreements: 200, seed: 5, batchDeals: 40 })
    const drift = await periodDrift(prisma)
    expect(drift.clauses).toBeGreaterThan(200)
    expect(drift.wrong).toEqual([])
  }, 120_000)
})

// ---- random graphs ----

const DATES = ['2019', '2020-Q2', '2020-06', '2020-06-15', '2020-06-30', '2021', '2021-01-01', '2022-03', '2023', '2023-12-31', '2024-Q4', '2026']
const date = fc.option(fc.constantFrom(...DATES), { nil: null })

interface VersionSpec {
  effective: string | null
  announced: string | null
  ends: string | null
  terminated: string | null
  /** Index of an earlier version: amended or supplemented. */
  parent: { of: number; amends: boolean } | null
  clauses: { starts: string | null; ends: string | null; withdrawn: boolean; supersedes: number | null; replaces: number[] }[]
}

const versionSpec = (i: number) =>
  fc.record({
    effective: date,
    announced: date,
    ends: date,
    terminated: fc.option(fc.constantFrom(...DATES), { nil: null, freq: 4 }),
    parent: i === 0 ? fc.constant(null) : fc.option(fc.record({ of: fc.nat(i - 1), amends: fc.boolean() }), { nil: null }),
    clauses: fc.array(
      fc.record({
        starts: fc.option(fc.constantFrom(...DATES), { nil: null, freq: 3 }),
        ends: fc.option(fc.constantFrom(...DATES), { nil: null, freq: 3 }),
        withdrawn: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
        supersedes: fc.option(fc.nat(5), { nil: null }),
        replaces: fc.array(fc.nat(20), { maxLength: 2 }),
      }),
      { maxLength: 3 },
    ),
  }) as fc.Arbitrary<VersionSpec>

const graphSpec = fc.integer({ min: 1, max: 7 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => versionSpec(i))))

const mutation = fc.oneof(
  fc.record({ op: fc.constant('effective' as const), at: fc.nat(6), value: date }),
  fc.record({ op: fc.constant('terminated' as const), at: fc.nat(6), value: date }),
  fc.record({ op: fc.constant('clauseStarts' as const), at: fc.nat(20), value: date }),
  fc.record({ op: fc.constant('withdraw' as const), at: fc.nat(20), value: fc.boolean() }),
  fc.record({ op: fc.constant('dropReplacement' as const), at: fc.nat(20) }),
  fc.record({ op: fc.constant('deleteLeaf' as const), at: fc.nat(6) }),
)

const pd = (text: string | null) => (text === null ? null : parsePartialDate(text))
const endsAfter = (ends: string | null, ...starts: (string | null)[]) => {
  const end = pd(ends)
  return end && starts.every((s) => s === null || pd(s)!.earliest <= end.latest) ? end : null
}

async function writeGraph(prisma: PrismaClient, specs: VersionSpec[], oneStatement: boolean): Promise<void> {
  const ids = specs.map(() => crypto.randomUUID())
  const rows = specs.map((s, i) => ({
    id: ids[i]!,
    slug: `v${i}`,
    title: `Version ${i}`,
    status: 'ACTIVE' as const,
    ...partialDateColumns('effective', pd(s.effective)),
    ...partialDateColumns('announced', pd(s.announced)),
    // The CHECK constraints: a version's end comes after its start.
    ...partialDateColumns('ends', endsAfter(s.ends, s.effective, s.announced)),
    ...partialDateColumns('terminated', pd(s.terminated)),
    amendsId: s.parent?.amends ? ids[s.parent.of]! : null,
    supplementsId: s.parent && !s.parent.amends ? ids[s.parent.of]! : null,
  }))
  if (oneStatement) await prisma.agreement.createMany({ data: rows })
  else for (const row of rows) await prisma.agreement.create({ data: row })

  const clauses: { id: string; agreement: number }[] = []
  for (const [i, s] of specs.entries()) {
    const amended = s.parent?.amends ? clauses.filter((c) => c.agreement === s.parent!.of) : []
    const data = s.clauses.map((c, position) => {
      const id = crypto.randomUUID()
      const supersedes = c.supersedes === null || amended.length === 0 ? null : amended[c.supersedes % amended.length]!.id
      return {
        id,
        key: `v${i}#${position + 1}`,
        position: position + 1,
        agreementId: ids[i]!,
        kind: 'OTHER' as const,
        summary: 'term',
        status: c.withdrawn ? ('WITHDRAWN' as const) : ('ACTIVE' as const),
        statusNote: c.withdrawn ? 'test' : null,
        statusChangedAt: c.withdrawn ? new Date() : null,
        ...partialDateColumns('starts', pd(c.starts)),
        ...partialDateColumns('ends', endsAfter(c.ends, c.starts)),
        supersedesId: supersedes,
      }
    })
    if (data.length > 0) await prisma.clause.createMany({ data })
    const earlier = clauses.filter((c) => c.agreement !== i)
    const replacements = s.clauses.flatMap((c, position) =>
      earlier.length === 0
        ? []
        : [...new Set(c.replaces.map((r) => earlier[r % earlier.length]!.id))].map((replacedId) => ({ clauseId: data[position]!.id, replacedId })),
    )
    if (replacements.length > 0) await prisma.clauseReplacement.createMany({ data: replacements })
    clauses.push(...data.map((d) => ({ id: d.id, agreement: i })))
  }
}

/** An edit that a CHECK constraint refuses (an end before the new start) is skipped. */
function refusedByCheck(error: unknown): void {
  if (!String((error as Error).message).includes('check constraint') && !JSON.stringify(error).includes('check constraint')) throw error
}

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never

async function mutate(prisma: PrismaClient, m: Mutation): Promise<void> {
  const agreements = await prisma.agreement.findMany({ orderBy: { slug: 'asc' }, select: { id: true } })
  const clauses = await prisma.clause.findMany({ orderBy: { key: 'asc' }, select: { id: true } })
  if (m.op === 'effective' || m.op === 'terminated') {
    const target = agreements[m.at % Math.max(agreements.length, 1)]
    if (target) await prisma.agreement.update({ where: { id: target.id }, data: partialDateColumns(m.op, pd(m.value)) }).catch(refusedByCheck)
  } else if (m.op === 'clauseStarts' || m.op === 'withdraw') {
    const target = clauses[m.at % Math.max(clauses.length, 1)]
    if (!target) return
    const data =
      m.op === 'clauseStarts'
        ? partialDateColumns('starts', pd(m.value))
        : { status: m.value ? ('WITHDRAWN' as const) : ('ACTIVE' as const), statusNote: 'test', statusChangedAt: new Date() }
    await prisma.clause.update({ where: { id: target.id }, data }).catch(refusedByCheck)
  } else if (m.op === 'dropReplacement') {
    const rows = await prisma.clauseReplacement.findMany({ orderBy: [{ clauseId: 'asc' }, { replacedId: 'asc' }] })
    const target = rows[m.at % Math.max(rows.length, 1)]
    if (target) await prisma.clauseReplacement.delete({ where: { clauseId_replacedId: target } })
  } else {
    // A version nothing else points at: no amendment, supplement or superseding clause.
    const leaves = await prisma.agreement.findMany({
      where: { amendedBy: { none: {} }, supplementedBy: { none: {} }, clauses: { none: { supersededBy: { some: {} } } } },
      orderBy: { slug: 'asc' },
    })
    const target = leaves[m.at % Math.max(leaves.length, 1)]
    if (target) await prisma.agreement.delete({ where: { id: target.id } })
  }
}

describe('stored periods on random graphs', () => {
  let prisma: PrismaClient
  beforeAll(async () => {
    ;({ prisma } = await newDatabase())
  })

  it('equal the domain rule after inserts in any grouping and after later edits and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(graphSpec, fc.boolean(), fc.array(mutation, { maxLength: 4 }), async (specs, oneStatement, mutations) => {
        await prisma.$executeRawUnsafe('TRUNCATE "Agreement", "Deal" CASCADE')
        await writeGraph(prisma, specs, oneStatement)
        await expectRule(prisma)
        for (const m of mutations) {
          await mutate(prisma, m)
          await expectRule(prisma)
        }
      }),
      { numRuns: 40, seed: 20261207 },
    )
  }, 120_000)

  it('moves no version when only a derived period changes, and bumps it for an edit', async () => {
    await prisma.$executeRawUnsafe('TRUNCATE "Agreement", "Deal" CASCADE')
    await writeGraph(
      prisma,
      [
        {
          effective: '2020',
          announced: null,
          ends: null,
          terminated: null,
          parent: null,
          clauses: [{ starts: null, ends: null, withdrawn: false, supersedes: null, replaces: [] }],
        },
      ],
      true,
    )
    const before = await prisma.agreement.findFirstOrThrow({ include: { clauses: true } })
    expect(before.inForceEnd).toBeNull()
    // An amendment ends the old version and removes its clause: derived changes only.
    await prisma.agreement.create({
      data: { slug: 'v1', title: 'Amendment', status: 'ACTIVE', amendsId: before.id, ...partialDateColumns('effective', pd('2024')) },
    })
    const after = await prisma.agreement.findUniqueOrThrow({ where: { id: before.id }, include: { clauses: true } })
    expect(after).toMatchObject({ version: before.version, inForceUntil: new Date('2023-12-31T00:00:00Z'), inForceEnd: 'REPLACED' })
    expect(after.clauses[0]).toMatchObject({ version: before.clauses[0]!.version, inForceEnd: 'REMOVED' })
    // An edit still moves the version (and the period with it).
    await prisma.agreement.update({ where: { id: before.id }, data: partialDateColumns('terminated', pd('2022')) })
    const edited = await prisma.agreement.findUniqueOrThrow({ where: { id: before.id } })
    expect(edited).toMatchObject({ version: before.version + 1, inForceEnd: 'TERMINATED' })
  })
})
