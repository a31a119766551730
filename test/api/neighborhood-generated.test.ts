import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linksBetween } from '../../src/db/graph-queries.js'
import { clauseInForceWhere } from '../../src/db/in-force-where.js'
import { DEFAULT_MAX_EDGES } from '../../src/features/neighborhood/budget.js'
import { graphEdgeId } from '../../src/features/neighborhood/graph-sql.js'
import { neighborhoodMembers } from '../../src/features/neighborhood/members.js'
import { type EdgeUnit, unitsWithinBudget } from '../../src/features/neighborhood/budget-rule.js'
import { generateGraph } from '../../synthetic/generate.js'
import { SQL_EXECUTION_MARK } from '../../src/sql-execution/plugin.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'

// `neighborhood` built in SQL (src/features/neighborhood/graph-sql.ts) against the resolvers, to the
// byte, and the edges it keeps against the budget's specification (src/features/neighborhood/budget-rule.ts),
// on a generated graph big enough for hubs whose neighborhood is cut at 250 companies and at the
// edge budget.

let api: WriteApi
let centers: string[]
beforeAll(async () => {
  api = await startWriteApi()
  await generateGraph({ url: api.url, companies: 400, agreements: 3000, seed: 9 })
  const hubs = await api.prisma.$queryRaw<{ slug: string }[]>`
    SELECT c."slug" FROM "Company" c JOIN "AgreementParty" p ON p."companyId" = c."id"
    GROUP BY c."id" ORDER BY count(*) DESC, c."slug" LIMIT 2`
  const others = await api.prisma.company.findMany({ select: { slug: true }, orderBy: { slug: 'asc' }, take: 3 })
  centers = [...hubs, ...others].map((c) => c.slug)
}, 120_000)
afterAll(() => api?.close())

const NEIGHBORHOOD = /* GraphQL */ `
  query($slug: String!, $depth: Int, $on: Date, $maxEdges: Int) {
    neighborhood(slug: $slug, depth: $depth, activeOn: $on, maxEdges: $maxEdges) {
      truncated
      nodes { id type slug label depth company { slug } asset { slug } cloudProvider { slug } }
      edges { id source target relation kind exclusivity clause { key } agreement { slug } }
    }
  }`

/**
 * The GRANTS and PARTNERS edges the budget's specification keeps, by edge ID, and whether anything
 * is cut: every term between the members (a unit of 1 + its assets + its clouds edges), every
 * agreement linking two members with no term between them (a unit of one edge).
 */
async function keptBySpecification(slug: string, depth: number, on: string | null, maxEdges: number) {
  const center = await api.prisma.company.findUniqueOrThrow({ where: { slug } })
  const { depthById, truncated } = await neighborhoodMembers(center.id, depth, on)
  const ids = [...depthById.keys()]
  const terms = await api.prisma.clause.findMany({
    where: { grantorId: { in: ids }, granteeId: { in: ids }, ...(on ? clauseInForceWhere(on) : { agreement: { amendedBy: { none: {} } } }) },
    select: { id: true, agreementId: true, grantorId: true, granteeId: true, _count: { select: { subjects: true, cloudProviders: true } } },
    orderBy: [{ agreementId: 'asc' }, { position: 'asc' }],
  })
  const pair = (agreementId: string, a: string, b: string) => `${agreementId}:${[a, b].sort().join(':')}`
  const joined = new Set(terms.map((t) => pair(t.agreementId, t.grantorId!, t.granteeId!)))
  const links = (await linksBetween(ids, ids, on)).filter((l) => l.from < l.to && !joined.has(pair(l.agreementId, l.from, l.to)))
  const depths = (a: string, b: string): [number, number] => [depthById.get(a)!, depthById.get(b)!]
  const units: (EdgeUnit & { id: string })[] = [
    ...terms.map((t, rank) => ({
      group: 0 as const,
      rank,
      depths: depths(t.grantorId!, t.granteeId!),
      edges: 1 + t._count.subjects + t._count.cloudProviders,
      id: graphEdgeId('GRANTS', [t.id]),
    })),
    ...links.map((l, rank) => ({
      group: 1 as const,
      rank,
      depths: depths(l.from, l.to),
      edges: 1,
      id: graphEdgeId('PARTNERS', [l.agreementId, l.from, l.to]),
    })),
  ]
  const kept = unitsWithinBudget(units, maxEdges)
  return { ids: [...kept].map((u) => u.id).sort(), truncated: truncated || kept.size < units.length }
}

describe('neighborhood on a generated graph', () => {
  it('keeps the edges the budget’s specification keeps, and says when it cut', async () => {
    for (const slug of centers) {
      for (const [depth, on, maxEdges] of [
        [1, null, 60],
        [2, null, 500],
        [2, '2022-06-30', 200],
        [1, null, 5000],
      ] as const) {
        const answer = await api.query(NEIGHBORHOOD, { slug, depth, on, maxEdges })
        const graph = answer.data!.neighborhood as { truncated: boolean; edges: { id: string; relation: string }[] }
        const expected = await keptBySpecification(slug, depth, on, maxEdges)
        const kept = graph.edges
          .filter((e) => e.relation === 'GRANTS' || e.relation === 'PARTNERS')
          .map((e) => e.id)
          .sort()
        expect(kept, `${slug} depth ${depth} on ${on} maxEdges ${maxEdges}`).toEqual(expected.ids)
        expect(graph.truncated).toBe(expected.truncated)
      }
    }
  }, 180_000)

  it('the SQL-built graph is the resolvers’ graph, cut or not, latest and as of a day, at several budgets', async () => {
    let truncated = 0
    let mostEdges = 0
    for (const slug of centers) {
      for (const depth of [1, 2]) {
        for (const [on, maxEdges] of [
          [null, undefined],
          ['2022-06-30', undefined],
          [null, 5000],
          [null, 60],
        ] as const) {
          const variables = { slug, depth, on, maxEdges }
          const answer = await api.query(NEIGHBORHOOD, variables)
          expect(answer.errors).toBeUndefined()
          expect(api.statements.at(-1)).toContain(SQL_EXECUTION_MARK)
          expect(JSON.stringify(answer)).toBe(JSON.stringify(await api.queryViaExecutor(NEIGHBORHOOD, variables)))
          if (answer.data!.neighborhood.truncated) truncated++
          const edges = answer.data!.neighborhood.edges.length
          expect(edges).toBeLessThanOrEqual(maxEdges ?? DEFAULT_MAX_EDGES)
          mostEdges = Math.max(mostEdges, edges)
        }
      }
    }
    expect(truncated).toBeGreaterThan(1)
    // Some hub's graph is bigger than the default budget: the default cut it.
    expect(mostEdges).toBeGreaterThan(DEFAULT_MAX_EDGES)
  }, 180_000)
})
