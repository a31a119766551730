import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { buildSyntheticGraph } from '../helpers/synthetic-graph.js'

// Every relation must load without N+1: the number of SQL statements of each nested contract query
// is the same for a page of 1 row and a page of 50 rows. The resolvers run without the execution
// budget's time slices: on a busy machine a page of 50 agreements works past one, waits for the
// event loop, and a batch of Pothos' loaders is split in two (test/hardening covers the slices).

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => buildSyntheticGraph(prisma, 60), { executionSliceMs: 60_000 })
}, 120_000)
afterAll(() => api?.close())

const clauseFields = /* GraphQL */ `
  id key kind summary exclusivity percentage capped condition
  startsOn { text } endsOn { text earliest latest precision }
  amount { amount currency } cap { amount currency }
  grantor { slug name parent { slug } } grantee { slug }
  subjects { slug developer { slug } } cloudProviders { slug operator { slug } }
  inForce(on: "2025-01-01")
  sources { url publisher } citations { basis source { url } }
  supersedes { key grantor { slug } } supersededBy { key }
  agreement {
    slug status announcedOn { text } inForce(on: "2025-01-01")
    parties { role company { slug } }
    amends { slug } amendedBy { slug }
    versions { slug clauses { key } }
    changes { type kind fields before { key sources { url } } after { key grantee { slug } } }
    sources { url }
  }`

const queries: Record<string, string> = {
  licenses: `query($first: Int) { licenses(first: $first, filter: { activeOn: "2025-01-01" }) { totalCount nodes { ${clauseFields} } } }`,
  // Newest first, so the single-row page is a second version whose `changes` have clauses too.
  clauses: `query($first: Int) { clauses(first: $first, orderBy: NEWEST_AGREEMENT) { totalCount edges { cursor node { ${clauseFields} } } pageInfo { hasNextPage endCursor } } }`,
  agreements: `query($first: Int) { agreements(first: $first) { totalCount nodes {
      slug title kinds status effectiveOn { text } value { amount }
      parties { role company { slug licensesGranted(first: 2) { totalCount nodes { key } } } }
      clauses { ${clauseFields} }
      versions { slug } changes { type fields after { key } }
  } } }`,
  companies: `query($first: Int) { companies(first: $first) { totalCount nodes {
      slug name kinds parent { slug } subsidiaries { slug } cloudProviders { slug } assets { slug }
      agreements(first: 3) { totalCount nodes { role agreement { slug clauses { key } } } }
      licensesGranted(first: 3, activeOn: "2025-01-01") { totalCount nodes { key subjects { slug } grantee { slug } } }
      licensesReceived(first: 3) { totalCount nodes { key grantor { slug } } }
      clausesGranted(first: 3) { totalCount nodes { key } }
      clausesReceived(first: 3) { totalCount nodes { key } }
  } } }`,
  assets: `query($first: Int) { assets(first: $first) { totalCount nodes {
      slug kind developer { slug } releasedOn { text }
      licenses(first: 5) { totalCount nodes { key grantee { slug } agreement { slug } } }
      clauses(first: 5, activeOn: "2025-01-01") { totalCount nodes { key } }
  } } }`,
  cloudProviders: `query($first: Int) { cloudProviders(first: $first) { totalCount nodes {
      slug operator { slug } clauses(first: 5) { totalCount nodes { key agreement { slug } } }
  } } }`,
}

describe('SQL statements per request do not grow with the page size', () => {
  for (const [name, query] of Object.entries(queries)) {
    it(name, async () => {
      const one = await api.query(query, { first: 1 })
      expect(one.errors).toBeUndefined()
      const forOne = api.statements.length

      const fifty = await api.query(query, { first: 50 })
      expect(fifty.errors).toBeUndefined()
      const forFifty = api.statements.length

      const page = Object.values(fifty.data!)[0] as { nodes?: unknown[]; edges?: unknown[] }
      const rows = (page.nodes ?? page.edges)!.length
      // The page really held many rows (cloud providers: the synthetic graph has only one).
      if (name !== 'cloudProviders') expect(rows).toBeGreaterThan(1)
      console.log(`${name}: ${forOne} statements for 1 row, ${forFifty} for ${rows} rows`)
      expect(forFifty).toBe(forOne)
    })
  }
})
