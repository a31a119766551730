import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GraphQLResponse, startTestApi, type TestApi } from '../helpers/api.js'
import { buildSyntheticGraph } from '../helpers/synthetic-graph.js'

// Filters and pagination over a known synthetic graph: 5 deals, each v1 (2020, exclusive) amended
// by v2 (2024, non-exclusive); each version has a licence (ends 2032), a revenue share (ends 2030)
// and a cloud-primacy clause (open-ended) naming the one cloud.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => buildSyntheticGraph(prisma, 5))
}, 60_000)
afterAll(() => api?.close())

const count = async (query: string) => {
  const result = await api.query(query)
  expect(result.errors).toBeUndefined()
  return (Object.values(result.data!)[0] as { totalCount: number }).totalCount
}

describe('licenses', () => {
  it.each([
    ['{ licenses { totalCount } }', 10],
    ['{ licenses(filter: { exclusivity: EXCLUSIVE }) { totalCount } }', 5],
    ['{ licenses(filter: { licensor: "syn-lab-001" }) { totalCount } }', 2],
    ['{ licenses(filter: { licensee: "syn-big-002", exclusivity: NON_EXCLUSIVE }) { totalCount } }', 1],
    ['{ licenses(filter: { subject: "syn-model-003" }) { totalCount } }', 2],
    ['{ licenses(filter: { subjectKind: MODEL }) { totalCount } }', 10],
    ['{ licenses(filter: { subjectKind: PRODUCT }) { totalCount } }', 0],
    ['{ licenses(filter: { activeOn: "2019-12-31" }) { totalCount } }', 0],
    ['{ licenses(filter: { activeOn: "2022-01-01" }) { totalCount } }', 5],
    ['{ licenses(filter: { activeOn: "2024-03-14", exclusivity: EXCLUSIVE }) { totalCount } }', 5],
    ['{ licenses(filter: { activeOn: "2024-03-15", exclusivity: EXCLUSIVE }) { totalCount } }', 0],
    ['{ licenses(filter: { activeOn: "2032-12-31" }) { totalCount } }', 5],
    ['{ licenses(filter: { activeOn: "2033-01-01" }) { totalCount } }', 0],
    ['{ licenses(filter: { endsAfter: "2031-12-31", endsBefore: "2033-01-01" }) { totalCount } }', 10],
    ['{ licenses(filter: { endsBefore: "2032-01-01" }) { totalCount } }', 0],
  ])('%s → %i', async (query, expected) => {
    expect(await count(query)).toBe(expected)
  })
})

describe('clauses', () => {
  it.each([
    ['{ clauses { totalCount } }', 30],
    ['{ clauses(filter: { kind: REVENUE_SHARE }) { totalCount } }', 10],
    ['{ clauses(filter: { grantor: "syn-big-001" }) { totalCount } }', 2],
    ['{ clauses(filter: { grantee: "syn-cloud-co" }) { totalCount } }', 10],
    ['{ clauses(filter: { cloudProvider: "syn-cloud" }) { totalCount } }', 10],
    ['{ clauses(filter: { kind: REVENUE_SHARE, endsAfter: "2029-12-31", endsBefore: "2031-01-01" }) { totalCount } }', 10],
    ['{ clauses(filter: { endsAfter: "2030-12-31" }) { totalCount } }', 10],
    ['{ clauses(filter: { activeOn: "2031-06-01" }) { totalCount } }', 10],
  ])('%s → %i', async (query, expected) => {
    expect(await count(query)).toBe(expected)
  })
})

describe('agreements and companies', () => {
  it.each([
    ['{ agreements { totalCount } }', 10],
    ['{ agreements(filter: { status: SUPERSEDED }) { totalCount } }', 5],
    ['{ agreements(filter: { kind: LICENSE, party: "syn-lab-004" }) { totalCount } }', 2],
    ['{ agreements(filter: { activeOn: "2023-01-01" }) { totalCount } }', 5],
    ['{ agreements(filter: { activeOn: "2019-01-01" }) { totalCount } }', 0],
    ['{ companies { totalCount } }', 11],
    ['{ companies(filter: { kind: AI_LAB }) { totalCount } }', 5],
    ['{ companies(filter: { name: "BIG 00" }) { totalCount } }', 5],
    ['{ assets(filter: { developer: "syn-lab-001" }) { totalCount } }', 1],
    ['{ cloudProviders { totalCount } }', 1],
  ])('%s → %i', async (query, expected) => {
    expect(await count(query)).toBe(expected)
  })
})

describe('pagination', () => {
  it('walks all pages with after, no row twice, totalCount stable', async () => {
    const seen: string[] = []
    let after: string | null = null
    for (let page = 0; page < 10; page++) {
      const result: GraphQLResponse = await api.query(
        'query($after: String) { clauses(first: 7, after: $after) { totalCount edges { cursor node { key } } pageInfo { hasNextPage endCursor } } }',
        { after },
      )
      expect(result.errors).toBeUndefined()
      const connection: { totalCount: number; edges: { node: { key: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        result.data!.clauses
      expect(connection.totalCount).toBe(30)
      seen.push(...connection.edges.map((e: { node: { key: string } }) => e.node.key))
      if (!connection.pageInfo.hasNextPage) break
      after = connection.pageInfo.endCursor
    }
    expect(seen).toHaveLength(30)
    expect(new Set(seen).size).toBe(30)
  })
})

describe('reverse directions', () => {
  it("a company's licences granted and received, its agreements with roles", async () => {
    const result = await api.query(`{
      lab: company(slug: "syn-lab-002") {
        licensesGranted { totalCount nodes { grantee { slug } } }
        licensesReceived { totalCount }
        now: licensesGranted(activeOn: "2026-01-01") { totalCount nodes { exclusivity } }
        agreements { totalCount nodes { role agreement { slug } } }
        assets { slug }
      }
      big: company(slug: "syn-big-002") { licensesReceived { totalCount } clausesGranted { totalCount nodes { kind } } }
    }`)
    expect(result.errors).toBeUndefined()
    const { lab, big } = result.data!
    expect(lab.licensesGranted.totalCount).toBe(2)
    expect(lab.licensesGranted.nodes.every((n: { grantee: { slug: string } }) => n.grantee.slug === 'syn-big-002')).toBe(true)
    expect(lab.licensesReceived.totalCount).toBe(0)
    expect(lab.now).toEqual({ totalCount: 1, nodes: [{ exclusivity: 'NON_EXCLUSIVE' }] })
    expect(lab.agreements.totalCount).toBe(2)
    expect(lab.agreements.nodes.every((n: { role: string }) => n.role === 'LICENSOR')).toBe(true)
    expect(lab.assets).toEqual([{ slug: 'syn-model-002' }])
    expect(big.licensesReceived.totalCount).toBe(2)
    expect(big.clausesGranted.nodes.every((n: { kind: string }) => n.kind === 'REVENUE_SHARE')).toBe(true)
  })

  it("an asset's licences and a cloud's clauses", async () => {
    const result = await api.query(`{
      asset(slug: "syn-model-001") { developer { slug } licenses { totalCount } current: licenses(activeOn: "2025-01-01") { nodes { agreement { slug } } } }
      cloudProvider(slug: "syn-cloud") { operator { slug } clauses { totalCount } current: clauses(activeOn: "2025-01-01") { totalCount } }
    }`)
    expect(result.errors).toBeUndefined()
    expect(result.data!.asset).toEqual({
      developer: { slug: 'syn-lab-001' },
      licenses: { totalCount: 2 },
      current: { nodes: [{ agreement: { slug: 'syn-deal-001-v2' } }] },
    })
    expect(result.data!.cloudProvider).toEqual({ operator: { slug: 'syn-cloud-co' }, clauses: { totalCount: 10 }, current: { totalCount: 5 } })
  })

  it('inForce(on:) on clauses and agreements agrees with the activeOn filter', async () => {
    for (const on of ['2019-06-01', '2020-03-15', '2024-03-14', '2024-03-15', '2030-12-31', '2031-01-01']) {
      const result = await api.query(
        `query($on: Date!) { all: clauses(first: 100) { nodes { key inForce(on: $on) } } active: clauses(first: 100, filter: { activeOn: $on }) { nodes { key } }
          agreements(first: 100) { nodes { slug inForce(on: $on) } } activeAgreements: agreements(first: 100, filter: { activeOn: $on }) { nodes { slug } } }`,
        { on },
      )
      expect(result.errors).toBeUndefined()
      const d = result.data!
      const inForce = d.all.nodes
        .filter((n: { inForce: boolean }) => n.inForce)
        .map((n: { key: string }) => n.key)
        .sort()
      expect(d.active.nodes.map((n: { key: string }) => n.key).sort(), on).toEqual(inForce)
      const agreementsInForce = d.agreements.nodes
        .filter((n: { inForce: boolean }) => n.inForce)
        .map((n: { slug: string }) => n.slug)
        .sort()
      expect(d.activeAgreements.nodes.map((n: { slug: string }) => n.slug).sort(), on).toEqual(agreementsInForce)
    }
  })
})
