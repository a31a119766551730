import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../seed/load.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// Deals through GraphQL on the shipped data: the deal node, the deals connection and its filter,
// a version's deal, a company's deals and its partners counted in deals.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => loadShippedData(prisma))
}, 60_000)
afterAll(() => api?.close())

async function ok(query: string, variables?: Record<string, unknown>) {
  const result = await api.query(query, variables)
  expect(result.errors).toBeUndefined()
  return result.data!
}

describe('a deal', () => {
  it('the Microsoft–OpenAI deal: its chain oldest first, its supplements, its latest version and status', async () => {
    const { agreement } = await ok(`{ agreement(slug: "microsoft-openai-2019") { deal { slug } } }`)
    const data = await ok(
      `query($slug: String!) { deal(slug: $slug) {
      id slug title inForceFrom inForceUntil status
      firstVersion { slug } latestVersion { slug status }
      versions { slug inForceFrom } agreements { slug supplements { slug } amends { slug } }
      parties { company { slug } roles versions } } }`,
      { slug: agreement.deal.slug },
    )
    const deal = data.deal
    const chain = await api.prisma.agreement.findMany({
      where: { deal: { slug: deal.slug }, supplementsId: null },
      select: { slug: true, inForceFrom: true },
    })
    expect(deal.versions.map((v: { slug: string }) => v.slug).sort()).toEqual(chain.map((v) => v.slug).sort())
    const starts = deal.versions.map((v: { inForceFrom: string | null }) => v.inForceFrom)
    expect(starts).toEqual([...starts].sort())
    expect(deal.firstVersion.slug).toBe('microsoft-openai-2019')
    expect(deal.latestVersion.slug).toBe(deal.versions.at(-1).slug)
    expect(deal.status).toBe(deal.latestVersion.status)
    // Supplements (the GPT-3 licence of 2020, among others) belong to the deal, not to its chain.
    const all = deal.agreements.map((a: { slug: string }) => a.slug)
    expect(all).toContain('microsoft-openai-gpt3-license-2020')
    expect(deal.versions.map((v: { slug: string }) => v.slug)).not.toContain('microsoft-openai-gpt3-license-2020')
    expect(deal.inForceFrom).toBe(starts[0])
    // Both companies over its life, each in more than one agreement.
    const parties = Object.fromEntries(deal.parties.map((p: { company: { slug: string }; versions: number }) => [p.company.slug, p.versions]))
    expect(parties.microsoft).toBeGreaterThan(1)
    expect(parties.openai).toBeGreaterThan(1)
    // A node like any other.
    const { node } = await ok(`query($id: ID!) { node(id: $id) { ... on Deal { slug } } }`, { id: deal.id })
    expect(node).toEqual({ slug: deal.slug })
    const { nodes } = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Deal { slug } } }`, { ids: [deal.id] })
    expect(nodes).toEqual([{ slug: deal.slug }])
  })

  it('deals(filter:) counts and filters by party and activeOn', async () => {
    // Every page of a filter, as the slugs in order.
    const slugsOf = async (filter: string) => {
      const slugs: string[] = []
      let after: string | null = null as string | null
      do {
        const page = await ok(
          `query($after: String) { deals(first: 100, after: $after${filter}) { nodes { slug } pageInfo { hasNextPage endCursor } } }`,
          { after },
        )
        slugs.push(...page.deals.nodes.map((d: { slug: string }) => d.slug))
        after = page.deals.pageInfo.hasNextPage ? page.deals.pageInfo.endCursor : null
      } while (after !== null)
      return slugs
    }
    const all = await ok(`{ deals(first: 100) { totalCount nodes { slug } } }`)
    const stored = await api.prisma.deal.count()
    expect(all.deals.totalCount).toBe(stored)
    const withMicrosoft = await api.prisma.deal.findMany({
      where: { agreements: { some: { parties: { some: { company: { slug: 'microsoft' } } } } } },
      orderBy: { slug: 'asc' },
      select: { slug: true },
    })
    const filtered = await ok(`{ deals(first: 100, filter: { party: "microsoft" }) { totalCount nodes { slug } } }`)
    expect(await slugsOf(', filter: { party: "microsoft" }')).toEqual(withMicrosoft.map((d) => d.slug))
    expect(filtered.deals.totalCount).toBe(withMicrosoft.length)
    const active = await api.prisma.$queryRaw<{ slug: string }[]>`
      SELECT DISTINCT d."slug" FROM "Deal" d JOIN "Agreement" a ON a."dealId" = d."id"
      WHERE a."inForceFrom" <= '2026-06-01' AND (a."inForceUntil" IS NULL OR a."inForceUntil" >= '2026-06-01') ORDER BY 1`
    expect(await slugsOf(', filter: { activeOn: "2026-06-01" }')).toEqual(active.map((d) => d.slug))
  })
})

describe('a company’s deals and partners', () => {
  it('Microsoft’s partners by number of deals, in one query', async () => {
    const data = await ok(
      `{ company(slug: "microsoft") { deals(first: 50) { totalCount nodes { slug } } partners { company { slug } deals versions } } }`,
    )
    const expected = await api.prisma.$queryRaw<{ slug: string; deals: number; versions: number }[]>`
      SELECT partner."slug", count(DISTINCT a."dealId")::int AS deals, count(DISTINCT a."id")::int AS versions
      FROM "AgreementParty" me JOIN "Company" m ON m."id" = me."companyId" AND m."slug" = 'microsoft'
      JOIN "AgreementParty" other ON other."agreementId" = me."agreementId" AND other."companyId" <> me."companyId"
      JOIN "Company" partner ON partner."id" = other."companyId"
      JOIN "Agreement" a ON a."id" = me."agreementId"
      GROUP BY partner."slug", partner."name" ORDER BY deals DESC, versions DESC, partner."name"`
    expect(expected.length).toBeGreaterThan(1)
    expect(
      data.company.partners.map((p: { company: { slug: string }; deals: number; versions: number }) => ({
        slug: p.company.slug,
        deals: p.deals,
        versions: p.versions,
      })),
    ).toEqual(expected.slice(0, 20))
    expect(data.company.partners[0].company.slug).toBe('openai')
    expect(data.company.deals.totalCount).toBeGreaterThanOrEqual(expected.length > 0 ? 1 : 0)
  })

  it('partners(activeOn:) counts only versions in force that day', async () => {
    const data = await ok(`{ company(slug: "microsoft") { partners(activeOn: "2018-01-01") { company { slug } } } }`)
    expect(data.company.partners).toEqual([])
  })
})
