import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateGraph } from '../../src/synthetic/generate.js'
import { SQL_EXECUTION_MARK } from '../../src/sql-execution/plugin.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'

// `neighborhood` built in SQL (src/sql-execution/neighborhood.ts) against the resolvers, to the
// byte, on a generated graph big enough for hubs whose neighbourhood is cut at 250 companies.

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
  query($slug: String!, $depth: Int, $on: Date) {
    neighborhood(slug: $slug, depth: $depth, activeOn: $on) {
      truncated
      nodes { id type slug label depth company { slug } asset { slug } cloudProvider { slug } }
      edges { id source target relation kind exclusivity clause { key } agreement { slug } }
    }
  }`

describe('neighborhood on a generated graph', () => {
  it('the SQL-built graph is the resolvers’ graph, cut or not, latest and as of a day', async () => {
    let truncated = 0
    for (const slug of centers) {
      for (const depth of [1, 2]) {
        for (const on of [null, '2022-06-30']) {
          const answer = await api.query(NEIGHBORHOOD, { slug, depth, on })
          expect(answer.errors).toBeUndefined()
          expect(api.statements.at(-1)).toContain(SQL_EXECUTION_MARK)
          expect(JSON.stringify(answer)).toBe(JSON.stringify(await api.queryViaExecutor(NEIGHBORHOOD, { slug, depth, on })))
          if (answer.data!.neighborhood.truncated) truncated++
        }
      }
    }
    expect(truncated).toBeGreaterThan(1)
  }, 180_000)
})
