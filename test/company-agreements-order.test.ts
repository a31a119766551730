import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bothWays } from './helpers/both-ways.js'
import { startWriteApi, type WriteApi } from './helpers/write-api.js'
import { AMENDED_CITATIONS, buildWorld, ok, SOURCE_A } from './helpers/write-fixtures.js'

// A company's agreements page newest first by their agreement's announced day, which triggers
// store on each party row with the agreement's in-force period (migrations party_announced,
// party_in_force) so an index can serve the page. Written through the API, moved by later writes
// of any writer, and answered the same both ways.

const PAGE = /* GraphQL */ `
  query Page($slug: String!, $activeOn: Date, $first: Int, $last: Int, $after: String, $before: String) {
    company(slug: $slug) {
      agreements(activeOn: $activeOn, first: $first, last: $last, after: $after, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { role agreement { slug announcedOn { earliest } } } }
      }
    }
  }
`

interface Page {
  totalCount: number
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }
  edges: { cursor: string; node: { agreement: { slug: string } } }[]
}

let api: WriteApi
let key: string

/** The page, answered by one planned statement and equal to the resolvers' answer. */
async function page(variables: Record<string, unknown>): Promise<Page> {
  const { answer, bySql } = await bothWays(api, PAGE, { slug: 'microsoft', ...variables })
  expect(answer.errors).toBeUndefined()
  expect(bySql).toBe(true)
  return answer.data!.company.agreements as Page
}

const slugs = async (variables: Record<string, unknown> = {}) => (await page({ first: 100, ...variables })).edges.map((e) => e.node.agreement.slug)

/** Party rows whose stored day or in-force period is not their agreement's. */
const drift = () =>
  api.prisma.$queryRaw<{ id: string }[]>`
    SELECT p."id" FROM "AgreementParty" p JOIN "Agreement" a ON a."id" = p."agreementId"
    WHERE (p."announcedEarliest", p."inForceFrom", p."inForceUntil") IS DISTINCT FROM (a."announcedEarliest", a."inForceFrom", a."inForceUntil")`

/** Sets (or clears) a version's announced day in plain SQL, as a writer that knows nothing of the parties' copy. */
const announce = (slug: string, day: string | null) =>
  day
    ? api.prisma.$executeRaw`UPDATE "Agreement" SET "announcedText" = ${day}, "announcedPrecision" = 'DAY',
        "announcedEarliest" = ${day}::date, "announcedLatest" = ${day}::date WHERE "slug" = ${slug}`
    : api.prisma.$executeRaw`UPDATE "Agreement" SET "announcedText" = NULL, "announcedPrecision" = NULL,
        "announcedEarliest" = NULL, "announcedLatest" = NULL WHERE "slug" = ${slug}`

const agreement = (slug: string, dates: Record<string, string>, partner = 'openai') => ({
  slug,
  title: slug,
  kinds: ['LICENSE'],
  ...dates,
  parties: [
    { company: 'microsoft', role: 'LICENSEE' },
    { company: partner, role: 'LICENSOR' },
  ],
  citations: [{ url: SOURCE_A, basis: 'OFFICIAL' }],
})

beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'])
  await buildWorld(api, key) // ms-oai-2019, announced 2019-07
  await ok(api, key, 'createAgreement', { input: agreement('ms-amazon-2020', { announcedOn: '2020' }, 'amazon') })
  await ok(api, key, 'createAgreement', { input: agreement('ms-oai-2021', { announcedOn: '2021-03' }) })
  await ok(api, key, 'createAgreement', { input: agreement('ms-oai-2023', { announcedOn: '2023-05-15' }) })
  // No announced day: first in a descending order, where PostgreSQL (and so Prisma) puts nulls.
  await ok(api, key, 'createAgreement', { input: agreement('ms-oai-undated', { effectiveOn: '2022-01-01' }) })
}, 60_000)
afterAll(() => api?.close())

describe("company.agreements: newest announced first, from the party rows' stored day", () => {
  it('orders the versions written through the API, undated first', async () => {
    expect(await slugs()).toEqual(['ms-oai-undated', 'ms-oai-2023', 'ms-oai-2021', 'ms-amazon-2020', 'ms-oai-2019'])
    expect(await drift()).toEqual([])
  })

  it('places an amendment by its own day', async () => {
    await ok(api, key, 'amendAgreement', {
      slug: 'ms-oai-2021',
      input: { slug: 'ms-oai-2021-amended', announcedOn: '2024-02', citations: AMENDED_CITATIONS },
    })
    expect(await slugs()).toEqual(['ms-oai-undated', 'ms-oai-2021-amended', 'ms-oai-2023', 'ms-oai-2021', 'ms-amazon-2020', 'ms-oai-2019'])
    expect(await drift()).toEqual([])
  })

  it("follows an agreement's day changed by a writer that knows nothing of the stored one", async () => {
    await announce('ms-oai-2023', '2018-06-01')
    await announce('ms-oai-undated', '2025-01-01')
    await announce('ms-oai-2019', null)
    expect(await drift()).toEqual([])
    expect(await slugs()).toEqual(['ms-oai-2019', 'ms-oai-undated', 'ms-oai-2021-amended', 'ms-oai-2021', 'ms-amazon-2020', 'ms-oai-2023'])
    // And back: the same versions in their first order.
    await announce('ms-oai-2023', '2023-05-15')
    expect(await drift()).toEqual([])
    expect((await slugs()).indexOf('ms-oai-2023')).toBe(3)
  })

  it('keeps the stored day its agreement’s whatever a writer sets, and on a party moved to another version', async () => {
    await api.prisma.$executeRaw`UPDATE "AgreementParty" SET "announcedEarliest" = '1999-01-01', "inForceFrom" = NULL`
    expect(await drift()).toEqual([])
    const [moved] = await api.prisma.$queryRaw<{ id: string }[]>`
      SELECT p."id" FROM "AgreementParty" p JOIN "Agreement" a ON a."id" = p."agreementId" JOIN "Company" c ON c."id" = p."companyId"
      WHERE a."slug" = 'ms-amazon-2020' AND c."slug" = 'amazon'`
    await api.prisma
      .$executeRaw`UPDATE "AgreementParty" SET "agreementId" = (SELECT "id" FROM "Agreement" WHERE "slug" = 'ms-oai-2023') WHERE "id" = ${moved!.id}::uuid`
    expect(await drift()).toEqual([])
  })

  it('pages through the same order with cursors both ways, with and without activeOn', async () => {
    for (const activeOn of [null, '2024-06-01']) {
      const all = await slugs({ activeOn })
      expect(all.length).toBeGreaterThan(activeOn ? 1 : 5)
      for (const size of [1, 2, 4]) {
        const forward: string[] = []
        let after: string | null = null
        do {
          const p: Page = await page({ activeOn, first: size, after })
          forward.push(...p.edges.map((e) => e.node.agreement.slug))
          expect(p.totalCount).toBe(all.length)
          after = p.pageInfo.hasNextPage ? p.pageInfo.endCursor : null
        } while (after)
        expect(forward).toEqual(all)

        const backward: string[] = []
        let before: string | null = null
        do {
          const p: Page = await page({ activeOn, last: size, before })
          backward.unshift(...p.edges.map((e) => e.node.agreement.slug))
          before = p.pageInfo.hasPreviousPage ? p.pageInfo.startCursor : null
        } while (before)
        expect(backward).toEqual(all)
      }
    }
  })
})
