import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { bothWays } from '../helpers/both-ways.js'
import { buildKnownGraph } from '../helpers/known-graph.js'

// The stats roots count in one statement of src/db/stats.ts, then one planned statement reads the
// records the counts name (computed-rows.ts). On the hand-built graph, whose conflicts and counts
// stats.test.ts checks by hand, both ways must give the same JSON text.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => buildKnownGraph(prisma))
}, 60_000)
afterAll(() => api?.close())

const DAYS = [undefined, '2025-05-31', '2025-06-01', '2026-02-28', '2026-06-30', '2026-07-01']

async function planned(query: string, variables: Record<string, unknown>) {
  const { answer, bySql } = await bothWays(api, query, variables)
  expect(answer.errors).toBeUndefined()
  expect(bySql).toBe(true)
  return answer.data!
}

describe('stats roots, planned, exactly as the executor answers', () => {
  it('clauseCountsByKind on several days', async () => {
    let rows = 0
    for (const activeOn of DAYS) {
      const data = await planned('query($activeOn: Date) { clauseCountsByKind(activeOn: $activeOn) { __typename kind count } }', { activeOn })
      rows += data.clauseCountsByKind.length
    }
    expect(rows).toBeGreaterThan(6)
  })

  it('clauseCountsByCompany on every side, kind and page size', async () => {
    const query = `query($side: ClauseSide!, $activeOn: Date, $kind: ClauseKind, $first: Int) {
      clauseCountsByCompany(side: $side, activeOn: $activeOn, kind: $kind, first: $first) {
        count company { slug name kinds } n: count } }`
    let rows = 0
    for (const side of ['GRANTOR', 'GRANTEE', 'EITHER']) {
      for (const filter of [{}, { kind: 'LICENSE_GRANT' }, { first: 1 }, { activeOn: '2026-06-30' }, { first: 0 }]) {
        rows += (await planned(query, { side, ...filter })).clauseCountsByCompany.length
      }
    }
    expect(rows).toBeGreaterThan(10)
    // The default side.
    await planned('{ clauseCountsByCompany { company { slug } count } }', {})
  })

  it('clauseCountsByCloudProvider with and without filters', async () => {
    const query = `query($activeOn: Date, $kind: ClauseKind, $first: Int) {
      clauseCountsByCloudProvider(activeOn: $activeOn, kind: $kind, first: $first) { cloudProvider { slug operator { slug } } count } }`
    for (const filter of [{}, { kind: 'CLOUD_PRIMACY' }, { first: 1 }, { activeOn: '2026-06-30' }]) await planned(query, filter)
  })

  it('exclusivityConflicts with their assets, clauses and overlaps', async () => {
    const query = `query($activeOn: Date, $asset: String, $first: Int) {
      exclusivityConflicts(activeOn: $activeOn, asset: $asset, first: $first) {
        __typename asset { slug developer { slug } } clauses { key grantee { slug } agreement { slug } }
        overlap { __typename from until } o: overlap { until } } }`
    let conflicts = 0
    for (const activeOn of DAYS) {
      for (const filter of [{}, { asset: 'gpt-5' }, { first: 1 }]) {
        conflicts += (await planned(query, { activeOn, ...filter })).exclusivityConflicts.length
      }
    }
    expect(conflicts).toBeGreaterThan(5)
  })
})
