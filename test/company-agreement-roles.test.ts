import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bothWays } from './helpers/both-ways.js'
import { startWriteApi, type WriteApi } from './helpers/write-api.js'
import { AMENDED_CITATIONS, buildWorld, ok, SOURCE_A } from './helpers/write-fixtures.js'

// A company's agreements page lists each version once with every role the company holds in it
// (party rows stay one per role; a trigger keeps each row's `roles` and marks the first: migration
// party_roles). Written through the API, changed by any writer, and answered the same both ways.

const PAGE = /* GraphQL */ `
  query Page($slug: String!, $first: Int) {
    company(slug: $slug) {
      agreements(first: $first) {
        totalCount
        edges { node { role roles agreement { slug } } }
      }
    }
  }
`

interface Row {
  role: string
  roles: string[]
  agreement: { slug: string }
}

let api: WriteApi
let key: string

/** The page as [slug, roles, role] rows, answered by one planned statement and equal to the resolvers' answer. */
async function page(slug = 'microsoft') {
  const { answer, bySql } = await bothWays(api, PAGE, { slug, first: 100 })
  expect(answer.errors).toBeUndefined()
  expect(bySql).toBe(true)
  const agreements = answer.data!.company.agreements as { totalCount: number; edges: { node: Row }[] }
  expect(agreements.totalCount).toBe(agreements.edges.length)
  return agreements.edges.map(({ node }) => [node.agreement.slug, node.roles, node.role])
}

/** Party rows whose roles or first-role mark disagree with their pair's rows. */
const drift = () =>
  api.prisma.$queryRaw<{ id: string }[]>`
    SELECT p."id" FROM "AgreementParty" p
    JOIN (SELECT "agreementId", "companyId", array_agg("role" ORDER BY "role"::text) AS "roles"
          FROM "AgreementParty" GROUP BY 1, 2) r USING ("agreementId", "companyId")
    WHERE p."roles" IS DISTINCT FROM r."roles" OR p."isFirstRole" IS DISTINCT FROM (p."role" = r."roles"[1])`

const parties = (...pairs: [string, string][]) => pairs.map(([company, role]) => ({ company, role }))

beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'])
  await buildWorld(api, key) // ms-oai-2019: microsoft LICENSEE, openai LICENSOR, announced 2019-07
  await ok(api, key, 'createAgreement', {
    input: {
      slug: 'ms-oai-2023',
      title: 'Investment and licence',
      kinds: ['LICENSE', 'INVESTMENT'],
      announcedOn: '2023-01-23',
      parties: parties(['microsoft', 'LICENSEE'], ['openai', 'LICENSOR'], ['microsoft', 'INVESTOR'], ['openai', 'INVESTEE']),
      citations: [{ url: SOURCE_A, basis: 'OFFICIAL' }],
    },
  })
}, 60_000)
afterAll(() => api?.close())

describe('company.agreements: one row per version, with its roles', () => {
  it('lists a version where the company holds two roles once, with both', async () => {
    expect(await page()).toEqual([
      ['ms-oai-2023', ['INVESTOR', 'LICENSEE'], 'INVESTOR'],
      ['ms-oai-2019', ['LICENSEE'], 'LICENSEE'],
    ])
    expect(await page('openai')).toEqual([
      ['ms-oai-2023', ['INVESTEE', 'LICENSOR'], 'INVESTEE'],
      ['ms-oai-2019', ['LICENSOR'], 'LICENSOR'],
    ])
    expect(await drift()).toEqual([])
  })

  it("keeps the agreement's own parties one per role, each with the company's roles", async () => {
    const { answer } = await bothWays(api, '{ agreement(slug: "ms-oai-2023") { parties { company { slug } role roles } } }')
    expect(answer.data!.agreement.parties).toEqual([
      { company: { slug: 'microsoft' }, role: 'LICENSEE', roles: ['INVESTOR', 'LICENSEE'] },
      { company: { slug: 'microsoft' }, role: 'INVESTOR', roles: ['INVESTOR', 'LICENSEE'] },
      { company: { slug: 'openai' }, role: 'LICENSOR', roles: ['INVESTEE', 'LICENSOR'] },
      { company: { slug: 'openai' }, role: 'INVESTEE', roles: ['INVESTEE', 'LICENSOR'] },
    ])
  })

  it('follows an amendment that replaces the parties', async () => {
    await ok(api, key, 'amendAgreement', {
      slug: 'ms-oai-2023',
      input: {
        slug: 'ms-oai-2024',
        announcedOn: '2024-03',
        citations: AMENDED_CITATIONS,
        parties: parties(['microsoft', 'PROVIDER'], ['microsoft', 'LICENSEE'], ['microsoft', 'INVESTOR'], ['openai', 'CUSTOMER']),
      },
    })
    expect(await page()).toEqual([
      ['ms-oai-2024', ['INVESTOR', 'LICENSEE', 'PROVIDER'], 'INVESTOR'],
      ['ms-oai-2023', ['INVESTOR', 'LICENSEE'], 'INVESTOR'],
      ['ms-oai-2019', ['LICENSEE'], 'LICENSEE'],
    ])
    expect(await drift()).toEqual([])
  })

  it('follows writers that know nothing of the roles: a role removed, changed, added, moved', async () => {
    const version = (slug: string) => api.prisma.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Agreement" WHERE "slug" = ${slug}`
    const [v2024] = await version('ms-oai-2024')
    const [v2019] = await version('ms-oai-2019')
    const [microsoft] = await api.prisma.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Company" WHERE "slug" = 'microsoft'`

    // The first role goes: the next one is listed.
    await api.prisma.$executeRaw`DELETE FROM "AgreementParty" WHERE "agreementId" = ${v2024!.id}::uuid AND "role" = 'INVESTOR'`
    expect((await page())[0]).toEqual(['ms-oai-2024', ['LICENSEE', 'PROVIDER'], 'LICENSEE'])
    // A role renamed, one added, in plain SQL.
    await api.prisma.$executeRaw`UPDATE "AgreementParty" SET "role" = 'BUYER' WHERE "agreementId" = ${v2024!.id}::uuid AND "role" = 'PROVIDER'`
    await api.prisma.$executeRaw`INSERT INTO "AgreementParty" ("id", "agreementId", "companyId", "role")
      VALUES (gen_random_uuid(), ${v2019!.id}::uuid, ${microsoft!.id}::uuid, 'CUSTOMER')`
    expect(await page()).toEqual([
      ['ms-oai-2024', ['BUYER', 'LICENSEE'], 'BUYER'],
      ['ms-oai-2023', ['INVESTOR', 'LICENSEE'], 'INVESTOR'],
      ['ms-oai-2019', ['CUSTOMER', 'LICENSEE'], 'CUSTOMER'],
    ])
    // A row moved to another version takes its role there and out of its old pair.
    await api.prisma.$executeRaw`UPDATE "AgreementParty" SET "agreementId" = ${v2019!.id}::uuid
      WHERE "agreementId" = ${v2024!.id}::uuid AND "role" = 'BUYER'`
    expect(await page()).toEqual([
      ['ms-oai-2024', ['LICENSEE'], 'LICENSEE'],
      ['ms-oai-2023', ['INVESTOR', 'LICENSEE'], 'INVESTOR'],
      ['ms-oai-2019', ['BUYER', 'CUSTOMER', 'LICENSEE'], 'BUYER'],
    ])
    expect(await drift()).toEqual([])
  })
})
