import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clausePeriodRows } from '../../src/db/stats.js'
import { readPartialDate } from '../../src/db/partial-date-columns.js'
import { versionTimesOf, versionTimesSelect } from '../../src/db/version-times.js'
import { clauseInForce, inInterval } from '../../src/domain/in-force.js'
import { addDays } from '../../src/domain/partial-date.js'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { buildKnownGraph } from '../helpers/known-graph.js'

// Aggregates on the hand-built graph of test/helpers/known-graph.ts, whose comments give the days
// each clause (A1 … T1) is in force.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => buildKnownGraph(prisma))
}, 60_000)
afterAll(() => api?.close())

async function data(query: string, variables?: Record<string, unknown>) {
  const result = await api.query(query, variables)
  expect(result.errors).toBeUndefined()
  return result.data!
}

describe('the in-force period in SQL agrees with src/domain/in-force.ts', () => {
  it('on every boundary day of the graph, for every clause', async () => {
    const clauses = await api.prisma.clause.findMany({
      select: {
        id: true,
        key: true,
        startsText: true,
        startsPrecision: true,
        startsEarliest: true,
        startsLatest: true,
        endsText: true,
        endsPrecision: true,
        endsEarliest: true,
        endsLatest: true,
        agreement: { select: { ...versionTimesSelect, amendedBy: { select: versionTimesSelect } } },
      },
    })
    const periods = new Map((await clausePeriodRows()).map((p) => [p.id, p]))
    // Every day a start or an end falls on, with its neighbours.
    const days = new Set<string>()
    for (const c of clauses) {
      for (const d of [
        c.startsEarliest,
        c.endsLatest,
        c.agreement.effectiveEarliest,
        c.agreement.announcedEarliest,
        c.agreement.endsLatest,
        c.agreement.terminatedLatest,
      ]) {
        if (!d) continue
        const day = d.toISOString().slice(0, 10)
        for (const n of [-1, 0, 1]) days.add(addDays(day, n))
      }
    }
    expect(days.size).toBeGreaterThan(30)
    let inForce = 0
    for (const c of clauses) {
      const period = periods.get(c.id)!
      for (const day of days) {
        const expected = clauseInForce(
          { starts: readPartialDate(c, 'starts'), ends: readPartialDate(c, 'ends') },
          versionTimesOf(c.agreement),
          c.agreement.amendedBy.map(versionTimesOf),
          day,
        )
        if (expected) inForce++
        expect(inInterval(period, day), `${c.key} on ${day}`).toBe(expected)
      }
    }
    expect(inForce).toBeGreaterThan(100)
  })

  it.each(['2019-07-22', '2021-06-01', '2025-09-30', '2025-10-27', '2025-10-28', '2026-06-16', '2026-06-21'])(
    'counts by kind on %s add up to clauses(filter: { activeOn })',
    async (day) => {
      const d = await data(
        `query($day: Date) {
        clauseCountsByKind(activeOn: $day) { count }
        clauses(filter: { activeOn: $day }) { totalCount }
      }`,
        { day },
      )
      const sum = d.clauseCountsByKind.reduce((n: number, c: { count: number }) => n + c.count, 0)
      expect(sum).toBe(d.clauses.totalCount)
    },
  )
})

describe('clauseCountsByKind', () => {
  const byKind = async (activeOn?: string) =>
    (await data('query($on: Date) { clauseCountsByKind(activeOn: $on) { kind count } }', { on: activeOn })).clauseCountsByKind

  it('counts every clause, biggest first, then by kind name', async () => {
    expect(await byKind()).toEqual([
      { kind: 'LICENSE_GRANT', count: 12 },
      { kind: 'COMPUTE_COMMITMENT', count: 4 },
      { kind: 'CLOUD_PRIMACY', count: 2 },
      { kind: 'REVENUE_SHARE', count: 2 },
      { kind: 'OTHER', count: 1 },
    ])
  })

  it('activeOn counts what is in force that day', async () => {
    expect(await byKind('2026-06-16')).toEqual([
      { kind: 'LICENSE_GRANT', count: 8 },
      { kind: 'COMPUTE_COMMITMENT', count: 3 },
      { kind: 'CLOUD_PRIMACY', count: 1 },
      { kind: 'OTHER', count: 1 },
      { kind: 'REVENUE_SHARE', count: 1 },
    ])
    // The first version's first day; the amendment's day before.
    expect(await byKind('2019-07-22')).toEqual([
      { kind: 'CLOUD_PRIMACY', count: 1 },
      { kind: 'LICENSE_GRANT', count: 1 },
      { kind: 'REVENUE_SHARE', count: 1 },
    ])
    expect(await byKind('2019-07-21')).toEqual([])
  })
})

describe('clauseCountsByCloudProvider', () => {
  const byCloud = async (args = '') =>
    (await data(`{ clauseCountsByCloudProvider${args} { cloudProvider { slug operator { slug } } count } }`)).clauseCountsByCloudProvider.map(
      (c: { cloudProvider: { slug: string }; count: number }) => [c.cloudProvider.slug, c.count],
    )

  it('counts clauses naming each cloud; clouds without any are left out', async () => {
    expect(await byCloud()).toEqual([
      ['azure', 3],
      ['aws', 2],
      ['google-cloud', 2],
    ])
  })

  it('activeOn and kind', async () => {
    expect(await byCloud('(activeOn: "2026-06-16")')).toEqual([
      ['aws', 2],
      ['azure', 2],
      ['google-cloud', 1],
    ])
    // D2's launch window ended the day before.
    expect(await byCloud('(activeOn: "2026-06-21")')).toEqual([
      ['aws', 2],
      ['google-cloud', 1],
      ['azure', 1],
    ])
    expect(await byCloud('(kind: COMPUTE_COMMITMENT)')).toEqual([
      ['aws', 2],
      ['google-cloud', 2],
    ])
    expect(await byCloud('(first: 1)')).toEqual([['azure', 3]])
  })

  it('loads the nested entities', async () => {
    const d = await data('{ clauseCountsByCloudProvider(first: 1) { cloudProvider { name operator { name } } } }')
    expect(d.clauseCountsByCloudProvider[0].cloudProvider).toEqual({ name: 'Microsoft Azure', operator: { name: 'Microsoft' } })
  })
})

describe('clauseCountsByCompany', () => {
  const byCompany = async (args = '') =>
    (await data(`{ clauseCountsByCompany${args} { company { slug } count } }`)).clauseCountsByCompany.map(
      (c: { company: { slug: string }; count: number }) => [c.company.slug, c.count],
    )

  it('as grantor, grantee, or either (the default); companies without clauses are left out', async () => {
    expect(await byCompany('(side: GRANTOR)')).toEqual([
      ['openai', 14],
      ['amazon', 2],
      ['anthropic', 2],
      ['google', 2],
      ['microsoft', 1],
    ])
    expect(await byCompany('(side: GRANTEE)')).toEqual([
      ['microsoft', 9],
      ['amazon', 4],
      ['google', 3],
      ['openai', 3],
      ['anthropic', 2],
    ])
    const either = [
      ['openai', 17],
      ['microsoft', 10],
      ['amazon', 6],
      ['google', 5],
      ['anthropic', 4],
    ]
    expect(await byCompany('(side: EITHER)')).toEqual(either)
    expect(await byCompany()).toEqual(either)
  })

  it('activeOn, kind and first', async () => {
    expect(await byCompany('(activeOn: "2026-06-16")')).toEqual([
      ['openai', 10],
      ['amazon', 6],
      ['microsoft', 5],
      ['anthropic', 4],
      ['google', 3],
    ])
    expect(await byCompany('(side: GRANTEE, kind: LICENSE_GRANT, activeOn: "2026-06-16")')).toEqual([
      ['amazon', 4],
      ['google', 2],
      ['microsoft', 2],
    ])
    expect(await byCompany('(first: 2)')).toEqual([
      ['openai', 17],
      ['microsoft', 10],
    ])
    expect(await byCompany('(activeOn: "2000-01-01")')).toEqual([])
  })

  it('page sizes are checked like connections', async () => {
    const result = await api.query('{ clauseCountsByCompany(first: 101) { count } }')
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' })
  })
})

describe('expiring', () => {
  const expiring = async (args: string) => {
    const d = await data(`{ expiring(${args}) { totalCount nodes { key endsOn { latest } } } }`)
    return { total: d.expiring.totalCount, keys: d.expiring.nodes.map((n: { key: string }) => n.key) }
  }

  it('includes the last day of the window and not the day after', async () => {
    // C2 ends 2026-06-30, 29 days after 2026-06-01.
    expect(await expiring('from: "2026-06-01", withinDays: 29')).toEqual({ total: 1, keys: ['C2'] })
    expect(await expiring('from: "2026-06-01", withinDays: 28')).toEqual({ total: 0, keys: [] })
    // D2 ends 2026-06-20, five days after it starts.
    expect(await expiring('from: "2026-06-15", withinDays: 5')).toEqual({ total: 1, keys: ['D2'] })
    expect(await expiring('from: "2026-06-15", withinDays: 4')).toEqual({ total: 0, keys: [] })
    // A clause ending on `from` itself expires within 0 days.
    expect(await expiring('from: "2026-06-30", withinDays: 0')).toEqual({ total: 1, keys: ['C2'] })
  })

  it('only clauses in force on `from`, soonest end first', async () => {
    // D2 (2026-06-15 .. 06-20) ends inside the window but has not started on 2026-06-01.
    expect(await expiring('from: "2026-06-01", withinDays: 213')).toEqual({ total: 2, keys: ['C2', 'D1'] })
    // The clause's own end counts: A3 ends in 2030 (even though the amendment replaces it first).
    expect(await expiring('from: "2025-01-01", withinDays: 3000, kind: REVENUE_SHARE')).toEqual({ total: 1, keys: ['A3'] })
    // B3 ends 2030-12-31, 1825 days after 2026-01-01.
    expect(await expiring('from: "2026-01-01", withinDays: 1825, kind: REVENUE_SHARE')).toEqual({ total: 1, keys: ['B3'] })
    expect(await expiring('from: "2026-01-01", withinDays: 1824, kind: REVENUE_SHARE')).toEqual({ total: 0, keys: [] })
  })

  it('licences and exclusive grants', async () => {
    expect(await expiring('from: "2021-12-01", withinDays: 30, kind: LICENSE_GRANT')).toEqual({ total: 1, keys: ['G1'] })
    expect(await expiring('from: "2026-06-16", withinDays: 365, exclusivity: EXCLUSIVE')).toEqual({ total: 2, keys: ['C2', 'D1'] })
    expect(await expiring('from: "2026-06-16", withinDays: 365, exclusivity: NON_EXCLUSIVE')).toEqual({ total: 0, keys: [] })
    expect(await expiring('from: "2026-06-16", withinDays: 3000, exclusivity: NON_EXCLUSIVE')).toEqual({ total: 1, keys: ['B1'] })
  })

  it('pages with first/after', async () => {
    const page1 = await data(
      '{ expiring(from: "2026-06-16", withinDays: 3000, first: 2) { totalCount edges { cursor node { key } } pageInfo { hasNextPage endCursor } } }',
    )
    expect(page1.expiring.totalCount).toBe(5)
    expect(page1.expiring.edges.map((e: { node: { key: string } }) => e.node.key)).toEqual(['D2', 'C2'])
    const page2 = await data('query($after: String) { expiring(from: "2026-06-16", withinDays: 3000, first: 10, after: $after) { nodes { key } } }', {
      after: page1.expiring.pageInfo.endCursor,
    })
    expect(page2.expiring.nodes.map((n: { key: string }) => n.key)).toEqual(['D1', 'B3', 'B1'])
  })

  it('refuses bad windows and page sizes', async () => {
    for (const [args, argument] of [
      ['withinDays: -1', 'withinDays'],
      ['withinDays: 40000', 'withinDays'],
      ['withinDays: 10, first: 101', 'first'],
    ] as const) {
      const result = await api.query(`{ expiring(from: "2026-01-01", ${args}) { totalCount } }`)
      expect(result.errors?.[0]?.extensions, args).toMatchObject({ code: 'BAD_USER_INPUT', argument })
    }
  })
})

describe('exclusivityConflicts', () => {
  const conflicts = async (args = '') =>
    (
      await data(`{ exclusivityConflicts${args} {
      asset { slug }
      clauses { key grantee { slug } }
      overlap { from until }
    } }`)
    ).exclusivityConflicts.map((c: { asset: { slug: string }; clauses: { key: string }[]; overlap: object }) => ({
      asset: c.asset.slug,
      clauses: c.clauses.map((x) => x.key),
      overlap: c.overlap,
    }))

  it('finds overlapping exclusive grants to different grantees, with the overlap', async () => {
    expect(await conflicts()).toEqual([
      { asset: 'claude', clauses: ['K1', 'K3'], overlap: { from: '2025-06-01', until: null } },
      { asset: 'gpt-5', clauses: ['C2', 'D1'], overlap: { from: '2026-03-01', until: '2026-06-30' } },
    ])
  })

  it('leaves out the same grantee, periods that only touch, non-exclusive grants and versions never in force', async () => {
    // gpt-4: G1 and G2 overlap but both go to Microsoft; G3 (Amazon) starts the day after G2
    // ends; G4 is non-exclusive. openai-models: A1 ends the day before H1 starts (the
    // amendment's first day); B1 is non-exclusive. gpt-5: R1's deal has no date.
    expect(await conflicts('(asset: "gpt-4")')).toEqual([])
    expect(await conflicts('(asset: "openai-models")')).toEqual([])
    expect((await conflicts('(asset: "gpt-5")')).map((c: { clauses: string[] }) => c.clauses)).toEqual([['C2', 'D1']])
  })

  it('activeOn keeps the conflicts in force that day', async () => {
    expect((await conflicts('(activeOn: "2026-06-30")')).map((c: { asset: string }) => c.asset)).toEqual(['claude', 'gpt-5'])
    expect((await conflicts('(activeOn: "2026-07-01")')).map((c: { asset: string }) => c.asset)).toEqual(['claude'])
    expect((await conflicts('(activeOn: "2026-02-28")')).map((c: { asset: string }) => c.asset)).toEqual(['claude'])
    expect(await conflicts('(activeOn: "2025-05-31")')).toEqual([])
    expect(await conflicts('(first: 1)')).toHaveLength(1)
  })

  it('loads assets and clauses in a constant number of statements', async () => {
    const query = `{ exclusivityConflicts { asset { name developer { slug } } clauses { key grantor { slug } subjects { slug } agreement { slug } } } }`
    await data(query)
    const all = api.statements.length
    await data(query.replace('exclusivityConflicts', 'exclusivityConflicts(first: 1)'))
    expect(api.statements.length).toBe(all)
  })
})
