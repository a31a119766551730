import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Prisma, type PrismaClient } from '../../src/generated/prisma/client.js'
import { agreementFilter } from '../../src/db/agreement-filter.js'
import { assetFilter } from '../../src/db/asset-filter.js'
import { companyFilter } from '../../src/db/company-filter.js'
import { dealFilter } from '../../src/db/deal-filter.js'
import { partialDateColumns } from '../../src/db/partial-date-columns.js'
import { parsePartialDate } from '../../src/domain/partial-date.js'
import { loadDataset, loadShippedData } from '../../seed/load.js'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { bothWays } from '../helpers/both-ways.js'
import { buildSyntheticGraph } from '../helpers/synthetic-graph.js'
import { termsDeal } from '../helpers/terms-deal.js'

// The root connections (agreements, companies, deals, assets, cloudProviders, expiring) and
// Company.deals, answered by one planned statement exactly as the resolvers answer them: every
// filter key, pages forwards and backwards with cursors, first/last, totalCount, cursors of rows
// elsewhere or of none, empty pages; on the shipped data and a synthetic graph, with rows that tie
// on the order (so the tie-breaks count) and names holding LIKE's wildcards.

let api: TestApi

/** Rows that tie on each order, an agreement never announced, and names with %, _ and \. */
async function addTiesAndWildcards(prisma: PrismaClient) {
  const operator = await prisma.company.create({ data: { slug: 'tie-operator', name: 'Tie Co', kinds: ['CLOUD'], aliases: ['Tie Alias'] } })
  for (const [i, name] of ['Tie Co', 'Tie Co', '50% Lab', '50 Lab', 'a_b Labs', 'axb Labs', 'Back\\slash AI', 'Backslash AI'].entries()) {
    await prisma.company.create({ data: { slug: `tie-company-${i}`, name, kinds: i % 2 ? ['AI_LAB'] : ['INVESTOR'] } })
  }
  for (const i of [1, 2, 3]) {
    await prisma.cloudProvider.create({ data: { slug: `tie-cloud-${i}`, name: 'Tie Cloud', operatorId: operator.id } })
    await prisma.asset.create({
      data: { slug: `tie-asset-${i}`, name: i === 3 ? 'Tie_Model 100%' : 'Tie Model', kind: 'MODEL', developerId: operator.id },
    })
  }
  for (const slug of ['tie-unannounced-a', 'tie-unannounced-b']) {
    await prisma.agreement.create({
      data: { slug, title: slug, kinds: ['COMMERCIAL'], status: 'ANNOUNCED', parties: { create: [{ companyId: operator.id, role: 'PARTNER' }] } },
    })
  }
  await prisma.agreement.create({
    data: {
      slug: 'tie-announced',
      title: 'tie announced',
      kinds: ['INVESTMENT'],
      status: 'ACTIVE',
      ...partialDateColumns('announced', parsePartialDate('2024-03-15')),
      parties: { create: [{ companyId: operator.id, role: 'INVESTOR' }] },
    },
  })
}

beforeAll(async () => {
  api = await startTestApi(async (prisma) => {
    await loadShippedData(prisma)
    await loadDataset(prisma, termsDeal())
    await buildSyntheticGraph(prisma, 12)
    await addTiesAndWildcards(prisma)
  })
}, 120_000)
afterAll(() => api?.close())

const PAGE_ARGS = 'first: $first, last: $last, after: $after, before: $before'
const PAGE_VARS = '$first: Int, $last: Int, $after: String, $before: String'
const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }'

interface Connection {
  /** The query, its connection at `data[path[0]][path[1]]…`. */
  query: string
  path: string[]
}

const connection = (name: string, vars: string, args: string, node: string): Connection => ({
  query: `query(${PAGE_VARS}${vars ? `, ${vars}` : ''}) {
    ${name}(${PAGE_ARGS}${args ? `, ${args}` : ''}) { __typename totalCount edges { cursor node { __typename id ${node} } } ${PAGE_INFO} nodes { id } } }`,
  path: [name],
})

const CONNECTIONS = {
  agreements: connection(
    'agreements',
    '$filter: AgreementFilter',
    'filter: $filter',
    'slug announcedOn { text earliest } status kinds parties { role }',
  ),
  companies: connection('companies', '$filter: CompanyFilter', 'filter: $filter', 'slug name aliases kinds'),
  deals: connection('deals', '$filter: DealFilter', 'filter: $filter', 'slug title versions { slug }'),
  assets: connection('assets', '$filter: AssetFilter', 'filter: $filter', 'slug name kind developer { slug }'),
  cloudProviders: connection('cloudProviders', '', '', 'slug name operator { slug }'),
  expiring: connection(
    'expiring',
    '$from: Date!, $withinDays: Int!, $kind: ClauseKind, $exclusivity: Exclusivity',
    'from: $from, withinDays: $withinDays, kind: $kind, exclusivity: $exclusivity',
    'key kind exclusivity endsOn { latest } agreement { slug }',
  ),
  companyDeals: {
    query: `query(${PAGE_VARS}, $slug: String!) { company(slug: $slug) { slug
      deals(${PAGE_ARGS}) { totalCount edges { cursor node { slug latestVersion { slug } } } ${PAGE_INFO} nodes { slug } } } }`,
    path: ['company', 'deals'],
  },
} satisfies Record<string, Connection>

interface Page {
  totalCount: number
  edges: { cursor: string; node: { id?: string; slug?: string } }[]
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }
}

const at = (data: unknown, path: string[]) => path.reduce((value, key) => (value as Record<string, unknown> | null)?.[key], data) as Page

/** One page asked both ways: planned, in one statement, the resolvers' answer. */
async function page(c: Connection, variables: Record<string, unknown>): Promise<Page> {
  const { answer, bySql, statements } = await bothWays(api, c.query, variables)
  expect(answer.errors, JSON.stringify(variables)).toBeUndefined()
  expect(bySql, JSON.stringify(variables)).toBe(true)
  expect(statements).toBe(1)
  return at(answer.data, c.path)
}

/** Every cursor the connection gives, paged by the resolvers alone. */
async function everyCursor(c: Connection, variables: Record<string, unknown>): Promise<string[]> {
  const cursors: string[] = []
  let after: string | null = null
  for (;;) {
    const p: Page = at((await api.queryViaExecutor(c.query, { ...variables, first: 100, after })).data, c.path)
    cursors.push(...p.edges.map((e) => e.cursor))
    if (!p.pageInfo.hasNextPage) return cursors
    after = p.pageInfo.endCursor
  }
}

/** Pages of `size` through everything, forwards then backwards, each both ways; the cursors in order. */
async function pageThrough(c: Connection, variables: Record<string, unknown>, size: number) {
  const forwards: string[] = []
  let after: string | null = null
  let total = 0
  for (;;) {
    const p = await page(c, { ...variables, first: size, after })
    total = p.totalCount
    forwards.push(...p.edges.map((e) => e.cursor))
    expect(p.pageInfo.hasPreviousPage).toBe(after !== null)
    if (!p.pageInfo.hasNextPage) break
    after = p.pageInfo.endCursor
  }
  const backwards: string[] = []
  let before: string | null = null
  for (;;) {
    const p = await page(c, { ...variables, last: size, before })
    backwards.unshift(...p.edges.map((e) => e.cursor))
    expect(p.pageInfo.hasNextPage).toBe(before !== null)
    if (!p.pageInfo.hasPreviousPage) break
    before = p.pageInfo.startCursor
  }
  expect(backwards).toEqual(forwards)
  expect(forwards).toHaveLength(total)
  return forwards
}

const SYNTHETIC = 'syn-lab-003'

/** Each connection with the argument values that exercise every filter key (and none). */
function cases(alias: string): [keyof typeof CONNECTIONS, Record<string, unknown>][] {
  const filters = (name: 'agreements' | 'companies' | 'deals' | 'assets', list: object[]) =>
    [null, {}, ...list].map((filter) => [name, { filter }] as [keyof typeof CONNECTIONS, Record<string, unknown>])
  return [
    ...filters('agreements', [
      { party: 'microsoft' },
      { party: SYNTHETIC },
      { kind: 'LICENSE' },
      { kind: 'INVESTMENT' },
      { status: 'ACTIVE' },
      { status: 'SUPERSEDED' },
      { activeOn: '2025-06-30' },
      { activeOn: '2021-01-01' },
      { activeOn: '1900-01-01' },
      { inForceDuring: { from: '2023-01-01', to: '2024-12-31' } },
      { inForceDuring: {} },
      { inForceDuring: { to: '2020-06-01' } },
      { endedBetween: { from: '2020-01-01' } },
      { endedBetween: { from: '2024-01-01', to: '2024-12-31' } },
      { endedHow: ['REPLACED'] },
      { endedHow: ['EXPIRED', 'TERMINATED'] },
      { endedHow: [] },
      { party: 'openai', activeOn: '2025-06-30', kind: 'LICENSE', status: 'ACTIVE' },
      { party: SYNTHETIC, inForceDuring: { from: '2021-01-01' }, endedHow: ['REPLACED'] },
    ]),
    ...filters('companies', [
      { kind: 'AI_LAB' },
      { kind: 'CLOUD' },
      { kind: 'INVESTOR' },
      { name: 'micro' },
      { name: 'MICRO' },
      { name: alias },
      { name: alias.toUpperCase() },
      { name: 'Tie Alias' },
      { name: 'tie alias' },
      { name: '%' },
      { name: '50%' },
      { name: '_' },
      { name: 'a_b' },
      { name: '\\' },
      { name: 'back\\s' },
      { name: '' },
      { name: 'syn lab 00' },
      { name: 'no such name' },
      { kind: 'AI_LAB', name: 'lab' },
    ]),
    ...filters('deals', [
      { party: 'microsoft' },
      { party: SYNTHETIC },
      { party: 'tie-operator' },
      { activeOn: '2025-06-30' },
      { activeOn: '2021-01-01' },
      { activeOn: '1900-01-01' },
      { party: 'openai', activeOn: '2024-01-01' },
    ]),
    ...filters('assets', [
      { kind: 'MODEL' },
      { kind: 'CHIP' },
      { developer: 'openai' },
      { developer: SYNTHETIC },
      { name: 'gpt' },
      { name: 'tie model' },
      { name: '%' },
      { name: '100%' },
      { name: '_' },
      { name: 'e_m' },
      { name: 'model 00' },
      { kind: 'MODEL', developer: 'tie-operator', name: 'tie' },
    ]),
    ['cloudProviders', {}],
    ['expiring', { from: '2025-01-01', withinDays: 36_525 }],
    ['expiring', { from: '2025-01-01', withinDays: 3650, kind: 'LICENSE_GRANT' }],
    ['expiring', { from: '2021-06-01', withinDays: 36_525, kind: 'LICENSE_GRANT', exclusivity: 'EXCLUSIVE' }],
    ['expiring', { from: '2025-06-30', withinDays: 0 }],
    ['expiring', { from: '2032-12-31', withinDays: 0 }],
    ['expiring', { from: '2090-01-01', withinDays: 100 }],
    ['companyDeals', { slug: 'microsoft' }],
    ['companyDeals', { slug: 'openai' }],
    ['companyDeals', { slug: SYNTHETIC }],
    ['companyDeals', { slug: 'tie-operator' }],
    ['companyDeals', { slug: 'tie-company-1' }],
    ['companyDeals', { slug: 'no-such-company' }],
  ]
}

async function someAlias(): Promise<string> {
  const [row] = await api.prisma.$queryRaw<
    { alias: string }[]
  >`SELECT "aliases"[1] AS alias FROM "Company" WHERE cardinality("aliases") > 0 AND "slug" NOT LIKE 'tie-%' ORDER BY "slug" LIMIT 1`
  return row!.alias
}

describe('root connections and Company.deals, planned', () => {
  it('every filter key: every page forwards and backwards, with totalCount', async () => {
    let narrowing = 0
    let empty = 0
    for (const [name, variables] of cases(await someAlias())) {
      const c = CONNECTIONS[name]
      const missing = name === 'companyDeals' && variables.slug === 'no-such-company'
      if (missing) {
        expect((await bothWays(api, c.query, { ...variables, first: 5 })).bySql).toBe(true)
        continue
      }
      const all = await everyCursor(c, variables)
      const cursors = await pageThrough(c, variables, 5)
      expect(cursors, `${name} ${JSON.stringify(variables)}`).toEqual(all)
      if (all.length === 0) empty++
      else narrowing++
    }
    expect(narrowing).toBeGreaterThan(60)
    expect(empty).toBeGreaterThan(4)
  }, 600_000)

  it('small and large pages through everything, each connection', async () => {
    for (const [name, variables] of [
      ['agreements', {}],
      ['companies', {}],
      ['deals', {}],
      ['assets', {}],
      ['cloudProviders', {}],
      ['expiring', { from: '2025-01-01', withinDays: 36_525 }],
      ['companyDeals', { slug: 'microsoft' }],
    ] as const) {
      const all = await everyCursor(CONNECTIONS[name], variables)
      expect(all.length, name).toBeGreaterThan(4)
      for (const size of [1, 2, 100]) expect(await pageThrough(CONNECTIONS[name], variables, size)).toEqual(all)
    }
  }, 600_000)

  it('first and last with and without cursors, cursors of rows elsewhere or of none', async () => {
    const unknown = Buffer.from('GPC:S:00000000-0000-4000-8000-000000000000').toString('base64')
    for (const [name, variables, other] of [
      ['agreements', { filter: { party: SYNTHETIC } }, { filter: { party: 'microsoft' } }],
      ['companies', { filter: { kind: 'AI_LAB' } }, { filter: { kind: 'CLOUD' } }],
      ['deals', { filter: { activeOn: '2025-06-30' } }, { filter: { activeOn: '2021-01-01' } }],
      ['assets', { filter: { name: 'model' } }, { filter: { kind: 'CHIP' } }],
      ['cloudProviders', {}, {}],
      ['expiring', { from: '2025-01-01', withinDays: 36_525 }, { from: '2025-01-01', withinDays: 36_525, kind: 'REVENUE_SHARE' }],
      ['companyDeals', { slug: 'microsoft' }, { slug: SYNTHETIC }],
    ] as const) {
      const c = CONNECTIONS[name]
      const all = await everyCursor(c, variables)
      const elsewhere = (await everyCursor(c, other)).find((cursor) => !all.includes(cursor)) ?? unknown
      const cursor = (i: number) => all.at(i)!
      for (const args of [
        { first: 0 },
        { last: 0 },
        { first: 3 },
        { last: 3 },
        { first: 100 },
        { last: 100 },
        {},
        { after: cursor(1) },
        { before: cursor(-2) },
        { first: 0, after: cursor(0) },
        { last: 0, before: cursor(2) },
        { first: 2, after: cursor(-1) },
        { last: 2, before: cursor(0) },
        { first: 2, after: cursor(-3) },
        { last: 2, before: cursor(2) },
        { first: 3, after: elsewhere },
        { last: 3, before: elsewhere },
        { first: 3, after: unknown },
        { last: 3, before: unknown },
      ]) {
        const p = await page(c, { ...variables, ...args })
        if (args.after === unknown || args.before === unknown) expect(p.edges).toEqual([])
        // Prisma pages a root findMany ordered by non-null columns in SQL: past a cursor row the
        // filter leaves out it still skips one row; ordered by a nullable column, it finds none.
        if (args.after === elsewhere && name === 'companies') expect(p.edges.length).toBeGreaterThan(0)
        if (args.after === elsewhere && name === 'agreements') expect(p.edges).toEqual([])
      }
    }
  }, 300_000)

  it('root clause pages in every order, past a cursor row the filter leaves out', async () => {
    const query = `query($filter: ClauseFilter, $orderBy: ClauseOrder, ${PAGE_VARS}) {
      clauses(filter: $filter, orderBy: $orderBy, ${PAGE_ARGS}) { totalCount edges { cursor node { key } } ${PAGE_INFO} } }`
    const c = { query, path: ['clauses'] }
    const exclusive = await everyCursor(c, { filter: { exclusivity: 'EXCLUSIVE' }, orderBy: 'KEY' })
    let rows = 0
    for (const orderBy of ['KEY', 'NEWEST_AGREEMENT', 'ENDS_SOONEST']) {
      for (const cursor of exclusive.slice(0, 6)) {
        for (const args of [
          { first: 3, after: cursor },
          { last: 3, before: cursor },
        ]) {
          rows += (await page(c, { filter: { exclusivity: 'NON_EXCLUSIVE' }, orderBy, ...args })).edges.length
        }
      }
    }
    expect(rows).toBeGreaterThan(0)
  }, 120_000)

  it('a count alone, and one page in one statement whatever its size', async () => {
    for (const query of [
      '{ agreements(filter: { activeOn: "2025-06-30" }) { totalCount } }',
      '{ companies(filter: { name: "lab" }) { totalCount } }',
      '{ deals { totalCount } assets { totalCount } cloudProviders { totalCount } }',
      '{ expiring(from: "2025-01-01", withinDays: 36525) { totalCount } company(slug: "microsoft") { deals { totalCount } } }',
    ]) {
      const { answer, bySql, statements } = await bothWays(api, query)
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
    }
    for (const name of Object.keys(CONNECTIONS) as (keyof typeof CONNECTIONS)[]) {
      for (const first of [1, 20, 100]) await page(CONNECTIONS[name], { from: '2025-01-01', withinDays: 36_525, slug: 'microsoft', first })
    }
  }, 120_000)
})

describe('left to the resolvers', () => {
  it('a date range running backwards: the resolvers’ typed error', async () => {
    for (const filter of [{ inForceDuring: { from: '2025-01-01', to: '2024-01-01' } }, { endedBetween: { from: '2025-01-01', to: '2024-01-01' } }]) {
      const { answer, bySql } = await bothWays(api, CONNECTIONS.agreements.query, { filter, first: 2 })
      expect(bySql).toBe(false)
      expect(answer.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT')
    }
  })

  it('withinDays out of bounds: the resolvers’ typed error', async () => {
    for (const withinDays of [-1, 36_526]) {
      const { answer, bySql } = await bothWays(api, CONNECTIONS.expiring.query, { from: '2025-01-01', withinDays, first: 2 })
      expect(bySql).toBe(false)
      expect(answer.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT')
    }
  })

  it('a cursor the planner cannot read: the resolvers’ error', async () => {
    for (const name of Object.keys(CONNECTIONS) as (keyof typeof CONNECTIONS)[]) {
      const variables = { filter: null, from: '2025-01-01', withinDays: 100, slug: 'microsoft', first: 2, after: 'not a cursor' }
      const { answer, bySql } = await bothWays(api, CONNECTIONS[name].query, variables)
      expect(bySql, name).toBe(false)
      expect(answer.errors![0]!.extensions, name).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' })
    }
  })
})

describe('each filter is defined once, and fails closed', () => {
  const FILTERS = { agreementFilter, companyFilter, dealFilter, assetFilter }

  it.each(Object.keys(FILTERS) as (keyof typeof FILTERS)[])('%s: a key it does not know has no SQL form and no where', (name) => {
    const filter = FILTERS[name]
    expect(filter.sql(Prisma.raw('x'), { undefinedKey: 'x' })).toBeNull()
    expect(() => filter.where({ undefinedKey: 'x' } as never)).toThrow(/no definition/)
    expect(filter.sql(Prisma.raw('x'), null)).not.toBeNull()
  })
})
