import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_MAX_EDGES } from '../../src/db/neighborhood-budget.js'
import { generateGraph } from '../../src/synthetic/generate.js'
import { SQL_EXECUTION_MARK } from '../../src/sql-execution/plugin.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'

// `neighborhood` built in SQL (src/sql-execution/neighborhood.ts) against the resolvers, to the
// byte, on a generated graph big enough for hubs whose neighbourhood is cut at 250 companies and
// at the edge budget.

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

describe('neighborhood on a generated graph', () => {
  it('the SQL-built graph is the resolvers’ graph, cut or not, latest and as of a day, at several budgets', async () => {
    let truncated = 0
    let mostEdges = 0
    for (const slug of centers) {
      for (const depth of [1, 2]) {
        for (const [on, maxEdges] of [[null, undefined], ['2022-06-30', undefined], [null, 5000], [null, 60]] as const) {
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
