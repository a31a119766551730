import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../seed/load.js'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { bothWays, startShippedDataApi } from '../helpers/both-ways.js'

// Root lookups (by slug, by global ID) answered by the planner (src/sql-execution/lookups.ts),
// exactly as the resolvers answer them: every row of the shipped data, unknown slugs and IDs.

let api: TestApi
beforeAll(async () => {
  api = await startShippedDataApi()
}, 60_000)
afterAll(() => api?.close())

const COMPANY = 'id slug name aliases kinds country website description version'
const AGREEMENT = `__typename id slug title description kinds status statusNote version
  announcedOn { text precision earliest latest } effectiveOn { text } endsOn { latest } terminatedOn { text }
  inForce(on: "2026-01-01") inForceFrom inForceUntil inForceEnd value { amount currency qualifier high period }
  parties { role company { slug name } } clauses { key kind grantor { slug } }
  amends { slug } amendedBy { slug } supplements { slug } supplementedBy { slug }`
const DEAL = '__typename id slug title description version'
const ASSET = `__typename id slug name kind description version releasedOn { text earliest } developer { ${COMPANY} }`
const CLOUD = `__typename id slug name description version operator { ${COMPANY} }`

const LOOKUPS = {
  company: `${COMPANY} parent { slug } subsidiaries { slug } cloudProviders { slug } assets { slug }`,
  agreement: AGREEMENT,
  deal: DEAL,
  asset: ASSET,
  cloudProvider: CLOUD,
} as const

const TABLES = { company: 'Company', agreement: 'Agreement', deal: 'Deal', asset: 'Asset', cloudProvider: 'CloudProvider' } as const

async function slugsOf(table: string): Promise<string[]> {
  const rows = await api.prisma.$queryRawUnsafe<{ slug: string }[]>(`SELECT "slug" FROM "${table}" ORDER BY "slug"`)
  return rows.map((r) => r.slug)
}

describe('lookups by slug', () => {
  it.each(Object.keys(LOOKUPS) as (keyof typeof LOOKUPS)[])(
    '%s(slug:) on every row and unknown slugs',
    async (field) => {
      const query = `query($slug: String!) { ${field}(slug: $slug) { ${LOOKUPS[field]} } }`
      const slugs = await slugsOf(TABLES[field])
      expect(slugs.length).toBeGreaterThan(3)
      for (const slug of [...slugs, 'no-such-slug', '', 'OPENAI']) {
        const { answer, bySql, statements } = await bothWays(api, query, { slug })
        expect(answer.errors).toBeUndefined()
        expect(bySql).toBe(true)
        expect(statements).toBe(1)
        expect(answer.data![field] === null).toBe(!slugs.includes(slug))
      }
    },
    120_000,
  )

  it('clause(key:) on every clause and unknown keys', async () => {
    const query = 'query($key: String!) { clause(key: $key) { __typename id key kind exclusivity agreement { slug } grantee { slug } } }'
    const keys = (await api.prisma.clause.findMany({ select: { key: true }, orderBy: { key: 'asc' } })).map((c) => c.key)
    expect(keys.length).toBeGreaterThan(100)
    for (const key of [...keys, 'no-such-key', '']) {
      const { answer, bySql, statements } = await bothWays(api, query, { key })
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
      expect(answer.data!.clause?.key ?? null).toBe(keys.includes(key) ? key : null)
    }
  }, 120_000)

  it('several lookups and a page in one statement, with aliases and fragments', async () => {
    const query = /* GraphQL */ `{
      a: company(slug: "microsoft") { ...c }
      b: company(slug: "openai") { ...c name }
      none: agreement(slug: "nope") { slug }
      licenses(first: 3) { nodes { key } }
    }
    fragment c on Company { slug ... on Node { id } }`
    const { answer, bySql, statements } = await bothWays(api, query)
    expect(bySql).toBe(true)
    expect(statements).toBe(1)
    expect(answer.data!.none).toBeNull()
  })
})

const NODE = `__typename id
  ... on Company { ${COMPANY} }
  ... on Agreement { slug title }
  ... on Clause { key kind grantor { slug } }
  ... on Deal { slug }
  ... on Asset { slug name }
  ... on CloudProvider { slug }
  ... on Source { url }`

describe('lookups by global ID', () => {
  const idsOf = async (table: string) => {
    const rows = await api.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT "id"::text AS id FROM "${table}" ORDER BY "id" LIMIT 40`)
    return rows.map((r) => Buffer.from(`${table}:${r.id}`).toString('base64'))
  }
  const TYPES = ['Company', 'Agreement', 'Clause', 'Deal', 'Asset', 'CloudProvider', 'Source']

  it('node(id:) of rows of every type, of unknown and misplaced IDs', async () => {
    const query = `query($id: ID!) { node(id: $id) { ${NODE} } }`
    const companyId = (await api.prisma.company.findFirstOrThrow({ select: { id: true } })).id
    const encode = (text: string) => Buffer.from(text).toString('base64')
    const misses = [encode('Company:00000000-0000-4000-8000-000000000000'), encode(`Agreement:${companyId}`), encode('Company:not-a-uuid')]
    let found = 0
    for (const id of [...(await Promise.all(TYPES.map(idsOf))).flat(), ...misses]) {
      const { answer, bySql, statements } = await bothWays(api, query, { id })
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
      if (answer.data!.node) found++
    }
    expect(found).toBe((await Promise.all(TYPES.map(idsOf))).flat().length)
  }, 120_000)

  it('nodes(ids:) in the order asked, nulls where none is found', async () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ${NODE} } }`
    const ids = (await Promise.all(TYPES.map(idsOf))).map((list) => list[0]!)
    const unknown = Buffer.from('Deal:00000000-0000-4000-8000-000000000000').toString('base64')
    for (const list of [ids, [ids[2]!, unknown, ids[0]!, ids[2]!], []]) {
      const { answer, bySql } = await bothWays(api, query, { ids: list })
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(answer.data!.nodes).toHaveLength(list.length)
    }
  })

  it('refuses IDs the Relay plugin cannot read before anything runs', async () => {
    for (const id of ['%%%', Buffer.from('NoSuchType:1').toString('base64'), Buffer.from('PartialDate:1').toString('base64'), 'abc']) {
      const { answer, bySql, statements } = await bothWays(api, 'query($id: ID!) { node(id: $id) { id } }', { id })
      expect(bySql).toBe(false)
      expect(statements).toBe(0)
      expect(answer.data).toBeUndefined()
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' })
    }
  })
})

const SOURCE = '__typename id url title publisher publishedOn note kind'
const CITATIONS = `citations { __typename basis fields source { ${SOURCE} } }`

describe('sources(kinds:) and citations', () => {
  it('of every agreement and every clause, for lists of kinds', async () => {
    const query = `query($slug: String!, $kinds: [SourceKind!]) { agreement(slug: $slug) {
      slug sources(kinds: $kinds) { ${SOURCE} } all: sources { url } ${CITATIONS}
      clauses { key sources(kinds: $kinds) { ${SOURCE} } ${CITATIONS} official: sources(kinds: [OFFICIAL]) { url } }
    } }`
    const slugs = await slugsOf('Agreement')
    const kindsLists = [null, [], ['OFFICIAL'], ['NEWS_OUTLET', 'AGGREGATOR'], ['BLOG', 'OFFICIAL', 'NEWS_OUTLET', 'AGGREGATOR']]
    const seen = { sources: 0, filteredOut: 0, clauseSources: 0 }
    for (const [i, slug] of slugs.entries()) {
      for (const kinds of [kindsLists[i % kindsLists.length], null]) {
        const { answer, bySql, statements } = await bothWays(api, query, { slug, kinds })
        expect(answer.errors).toBeUndefined()
        expect(bySql).toBe(true)
        expect(statements).toBe(1)
        const agreement = answer.data!.agreement
        seen.sources += agreement.sources.length
        seen.filteredOut += agreement.all.length - agreement.sources.length
        for (const clause of agreement.clauses) seen.clauseSources += clause.sources.length
      }
    }
    // Sources came back, and kinds left some out.
    expect(Math.min(seen.sources, seen.filteredOut, seen.clauseSources)).toBeGreaterThan(50)
  }, 180_000)

  it('of the signature query, for each exclusivity and several days', async () => {
    const query = /* GraphQL */ `
      query($exclusivity: Exclusivity!, $activeOn: Date!) {
        licenses(first: 50, filter: { exclusivity: $exclusivity, activeOn: $activeOn }) {
          totalCount
          nodes { grantor { name } grantee { name } subjects { name } exclusivity endsOn { text latest } agreement { title } sources { url publisher } }
        }
      }`
    for (const exclusivity of ['EXCLUSIVE', 'NON_EXCLUSIVE', 'UNSPECIFIED']) {
      for (const activeOn of ['2023-03-01', '2026-01-01', '2026-11-27']) {
        const { answer, bySql } = await bothWays(api, query, { exclusivity, activeOn })
        expect(answer.errors).toBeUndefined()
        expect(bySql).toBe(true)
      }
    }
  })
})

describe('an agreement’s versions and deal', () => {
  it('of every agreement', async () => {
    const query = `query($slug: String!) { agreement(slug: $slug) {
      slug versions { slug effectiveOn { text earliest } announcedOn { earliest } versions { slug } deal { slug } }
      deal { ${DEAL} }
    } }`
    let chains = 0
    for (const slug of await slugsOf('Agreement')) {
      const { answer, bySql, statements } = await bothWays(api, query, { slug })
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
      if (answer.data!.agreement.versions.length > 1) chains++
    }
    expect(chains).toBeGreaterThan(10)
  }, 120_000)
})

describe('a company’s partners', () => {
  it('of every company, latest and as of several days, several page sizes', async () => {
    const query = `query($slug: String!, $on: Date, $first: Int) { company(slug: $slug) {
      slug partners(activeOn: $on, first: $first) { __typename deals versions company { ${COMPANY} parent { slug } } }
      latest: partners { deals company { slug } }
    } }`
    let withPartners = 0
    for (const [i, slug] of (await slugsOf('Company')).entries()) {
      const on = [null, '2019-08-01', '2023-03-01', '2026-11-27'][i % 4]
      const first = [undefined, null, 0, 3, 100][i % 5]
      const { answer, bySql, statements } = await bothWays(api, query, { slug, on, first })
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
      if (answer.data!.company.latest.length > 0) withPartners++
    }
    expect(withPartners).toBeGreaterThan(50)
  }, 120_000)

  it('leaves a page size out of bounds to the resolver’s error', async () => {
    for (const first of [-1, 101]) {
      const { answer, bySql } = await bothWays(api, 'query($first: Int) { company(slug: "microsoft") { partners(first: $first) { deals } } }', {
        first,
      })
      expect(bySql).toBe(false)
      expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' })
    }
  })
})

describe('a deal’s fields', () => {
  it('of every deal', async () => {
    const query = `query($slug: String!) { deal(slug: $slug) {
      ${DEAL} status inForceFrom inForceUntil
      agreements { slug inForceFrom } versions { slug inForceFrom supplements { slug } }
      firstVersion { slug announcedOn { text } } latestVersion { slug status amendedBy { slug } }
    } }`
    const seen = { chains: 0, supplements: 0, open: 0, closed: 0 }
    for (const slug of await slugsOf('Deal')) {
      const { answer, bySql, statements } = await bothWays(api, query, { slug })
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
      const deal = answer.data!.deal
      if (deal.versions.length > 1) seen.chains++
      if (deal.agreements.length > deal.versions.length) seen.supplements++
      if (deal.inForceFrom && !deal.inForceUntil) seen.open++
      if (deal.inForceUntil) seen.closed++
    }
    expect(Math.min(seen.chains, seen.supplements, seen.open, seen.closed)).toBeGreaterThan(0)
  }, 120_000)
})

describe('versions that start on the same day, or on none', () => {
  let own: TestApi
  beforeAll(async () => {
    own = await startTestApi(loadShippedData)
  }, 60_000)
  afterAll(() => own?.close())

  it('keep the resolver’s order: no start first, then as loaded (createdAt, id)', async () => {
    // The longest amendment chain: its versions made to start together, one of them with no date.
    const [chain] = await own.prisma.$queryRawUnsafe<{ root: string }[]>(
      `SELECT "chainRootId"::text AS root FROM "Agreement" GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    )
    const versions = await own.prisma.agreement.findMany({
      where: { chainRootId: chain!.root },
      orderBy: { slug: 'desc' },
      select: { id: true, slug: true },
    })
    expect(versions.length).toBeGreaterThan(2)
    await own.prisma.$executeRawUnsafe(
      `UPDATE "Agreement" SET "effectiveText" = '2024', "effectivePrecision" = 'YEAR', "effectiveEarliest" = '2024-01-01', "effectiveLatest" = '2024-12-31'
       WHERE "chainRootId" = $1::uuid`,
      chain!.root,
    )
    await own.prisma.$executeRawUnsafe(
      `UPDATE "Agreement" SET "effectiveText" = NULL, "effectivePrecision" = NULL, "effectiveEarliest" = NULL, "effectiveLatest" = NULL,
         "announcedText" = '' WHERE "id" = $1::uuid`,
      versions.at(-1)!.id,
    )
    const query = 'query($slug: String!) { agreement(slug: $slug) { versions { slug effectiveOn { text } announcedOn { text } } } }'
    for (const { slug } of versions) {
      const { answer, bySql } = await bothWays(own, query, { slug })
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(answer.data!.agreement.versions[0].slug).toBe(versions.at(-1)!.slug)
    }
  })
})
