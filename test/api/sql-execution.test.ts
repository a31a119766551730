import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { print } from 'graphql'
import { schema } from '../../src/schema/index.js'
import { compileOperation } from '../../src/sql-execution/plugin.js'
import { clientQueries } from '../helpers/client-queries.js'
import type { TestApi } from '../helpers/api.js'
import { bothWays as bothWaysOn, startShippedDataApi } from '../helpers/both-ways.js'
import { ClauseKind } from '../../src/generated/prisma/enums.js'

// Queries SQL can answer whole (src/sql-execution/) must get exactly the executor's answer: same
// values, same key order, same nulls. Each query runs both ways on the shipped data and the two
// JSON texts are compared; the SQL way must have ended with one marked statement (after a path's
// walk), everything else must have gone to the executor.

let api: TestApi
beforeAll(async () => {
  // The shipped data, and a deal with every term of issue 20 (qualified amounts, tranches, …).
  api = await startShippedDataApi()
}, 60_000)
afterAll(() => api?.close())

const bothWays = (query: string, variables?: Record<string, unknown>) => bothWaysOn(api, query, variables)

const everyClauseField = /* GraphQL */ `
  __typename id key kind summary exclusivity percentage capped condition note status statusNote version
  startsOn { text precision earliest latest } endsOn { __typename text precision earliest latest }
  amount { amount currency qualifier high period } cap { currency amount qualifier high period }
  grantor { ...company parent { slug } subsidiaries { slug } assets { slug releasedOn { text } } cloudProviders { slug } }
  grantee { ...company }
  subjects { __typename id slug name kind description version releasedOn { text earliest } developer { ...company } }
  cloudProviders { id slug name description version operator { slug name } }
  supersedes { key grantor { slug } } supersededBy { key } replaces { key } replacedBy { key }
  inForce(on: "2025-06-30") later: inForce(on: "2026-05-01") inForceFrom inForceUntil inForceEnd
  quantity { value unit qualifier high } strike { amount currency qualifier } cloudScope
  tranches { amount { amount currency qualifier high period } quantity { value unit } on { text precision } condition }
  agreement {
    __typename id slug title description kinds status statusNote version
    announcedOn { text precision earliest latest } effectiveOn { text } endsOn { latest } terminatedOn { text }
    inForce(on: "2026-01-01") inForceFrom inForceUntil
    value { amount currency qualifier high period }
    parties { __typename role company { slug name } agreement { slug } }
    clauses { key kind }
    amends { slug } amendedBy { slug } supplements { slug } supplementedBy { slug }
  }`

// Every kind the schema knows, so that the shipped clauses of the newer kinds are covered too.
const CLAUSE_KINDS = Object.values(ClauseKind)

const EXCLUSIVITIES = ['EXCLUSIVE', 'NON_EXCLUSIVE', 'UNSPECIFIED']

const COMPANY_FRAGMENT = /* GraphQL */ `
  fragment company on Company { __typename id slug name aliases kinds country website description version }`

describe('answered by one SQL statement, exactly as the executor answers', () => {
  it('every query of the README, GraphiQL and the bench that the planner plans', async () => {
    const variables = { slug: 'openai', from: 'microsoft', to: 'amazon', exclusivity: 'NON_EXCLUSIVE', activeOn: '2026-06-01', first: 50 }
    let planned = 0
    for (const query of clientQueries('2026-12-07')) {
      if ('refusal' in compileOperation(schema, query.document, null, variables)) continue
      const { answer, bySql } = await bothWays(print(query.document), variables)
      expect(answer.errors, query.name).toBeUndefined()
      expect(bySql, query.name).toBe(true)
      planned++
    }
    expect(planned).toBeGreaterThanOrEqual(4)
  })

  it('every clause field and the objects around it, on every clause', async () => {
    // One page per kind and exclusivity covers every shipped clause; pages of 100 stay under the cost limit.
    const query = `query($kind: ClauseKind, $exclusivity: Exclusivity) {
      clauses(first: 100, orderBy: KEY, filter: { kind: $kind, exclusivity: $exclusivity }) { totalCount nodes { ${everyClauseField} } } } ${COMPANY_FRAGMENT}`
    const all = await api.query('{ clauses { totalCount } }')
    let covered = 0
    for (const [kind, exclusivity] of CLAUSE_KINDS.flatMap((k) => EXCLUSIVITIES.map((e) => [k, e]))) {
      const { answer, bySql, statements } = await bothWays(query, { kind, exclusivity })
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
      expect(answer.data!.clauses.totalCount).toBeLessThanOrEqual(100)
      covered += answer.data!.clauses.nodes.length
    }
    expect(covered).toBe(all.data!.clauses.totalCount)
  })

  it('the signature query, for each exclusivity and several days', async () => {
    const query = /* GraphQL */ `
      query Signature($exclusivity: Exclusivity!, $activeOn: Date!, $first: Int!) {
        licenses(first: $first, filter: { exclusivity: $exclusivity, activeOn: $activeOn }) {
          nodes {
            id key exclusivity endsOn { text latest }
            grantor { slug name } grantee { slug name }
            subjects { slug name kind developer { slug name } }
            agreement { slug title parties { role company { slug name } } }
          }
        }
      }`
    let nonEmpty = 0
    for (const exclusivity of EXCLUSIVITIES) {
      for (const activeOn of ['2019-08-01', '2023-03-01', '2025-06-30', '2026-11-27', '2040-01-01']) {
        const { answer, bySql } = await bothWays(query, { exclusivity, activeOn, first: 50 })
        expect(bySql).toBe(true)
        if (answer.data!.licenses.nodes.length > 0) nonEmpty++
      }
    }
    expect(nonEmpty).toBeGreaterThan(5)
  })

  it('each filter, each order, and page sizes', async () => {
    const filters = [
      '{}',
      '{ kind: REVENUE_SHARE }',
      '{ grantor: "openai" }',
      '{ grantee: "microsoft" }',
      '{ subject: "gpt-4o" }',
      '{ cloudProvider: "azure" }',
      '{ cloudProvider: "azure", activeOn: "1900-01-01" }',
      '{ exclusivity: EXCLUSIVE }',
      '{ activeOn: "2024-01-01" }',
      '{ endsAfter: "2027-01-01" }',
      '{ endsBefore: "2030-01-01" }',
      '{ grantor: "microsoft", activeOn: "2026-01-01", endsAfter: "2026-06-01" }',
    ]
    let matched = 0
    for (const filter of filters) {
      for (const orderBy of ['ENDS_SOONEST', 'NEWEST_AGREEMENT', 'KEY']) {
        const query = `{ clauses(first: 30, filter: ${filter}, orderBy: ${orderBy}) { totalCount nodes { key endsOn { latest } agreement { slug } } } }`
        const { answer, bySql } = await bothWays(query)
        expect(bySql).toBe(true)
        if (answer.data!.clauses.totalCount > 0) matched++
      }
    }
    expect(matched).toBeGreaterThan(25)
    for (const first of [0, 1, 100]) expect((await bothWays(`{ licenses(first: ${first}) { nodes { key } } }`)).bySql).toBe(true)
    const byDefault = await bothWays('{ clauses { totalCount nodes { key } } }')
    expect(byDefault.bySql).toBe(true)
    expect(byDefault.answer.data!.clauses.nodes).toHaveLength(20)
  })

  it('aliases, fragments, @include/@skip and two root fields', async () => {
    const query = /* GraphQL */ `
      query Two($withGrantee: Boolean!, $skipKind: Boolean!) {
        __typename
        recent: licenses(first: 5, orderBy: NEWEST_AGREEMENT) {
          __typename
          count: totalCount
          items: nodes { ...terms licensor: grantor { name } }
        }
        exclusive: clauses(first: 5, filter: { exclusivity: EXCLUSIVE }) {
          nodes { ... on Clause { key kind @skip(if: $skipKind) } ... on Node { id } }
        }
      }
      fragment terms on Clause {
        key
        grantee @include(if: $withGrantee) { slug }
        ends: endsOn { when: text }
      }`
    for (const withGrantee of [true, false]) {
      const { answer, bySql } = await bothWays(query, { withGrantee, skipKind: !withGrantee })
      expect(bySql).toBe(true)
      expect(answer.data!.recent.items).toHaveLength(5)
    }
  })
})

const everyStepField = /* GraphQL */ `
  __typename agreementCount clauseKinds direction
  from { ...company } to { slug }
  agreement { __typename id slug title kinds status announcedOn { text earliest } value { amount currency } parties { role company { slug } } clauses { key } }
  agreements { slug announcedOn { earliest } amends { slug } }
  clauses { ${everyClauseField} }`

const PATH = /* GraphQL */ `
  query Path($from: String!, $to: String!, $maxHops: Int, $on: Date) {
    partnershipPath(from: $from, to: $to, maxHops: $maxHops, activeOn: $on) {
      __typename hops from { ...company } to { slug name }
      chains { __typename steps { ${everyStepField} } }
    }
  } ${COMPANY_FRAGMENT}`

describe('partnershipPath: the walk, then one statement, exactly as the executor answers', () => {
  it('from every company to three others, latest and as of several days', async () => {
    const slugs = (await api.prisma.company.findMany({ select: { slug: true }, orderBy: { slug: 'asc' } })).map((c) => c.slug)
    const seen = { paths: 0, multiHop: 0, manyChains: 0, none: 0 }
    for (const to of ['microsoft', 'amazon', 'nvidia']) {
      for (const [i, from] of slugs.entries()) {
        const on = [null, '2019-08-01', '2023-03-01', '2026-11-27'][i % 4]
        const { answer, bySql, statements } = await bothWays(PATH, { from, to, maxHops: 6, on })
        expect(answer.errors).toBeUndefined()
        expect(bySql).toBe(true)
        // The search (ends, direct link, walk), then the answer.
        expect(statements).toBe(2)
        const path = answer.data!.partnershipPath as { hops: number; chains: unknown[] } | null
        if (!path) seen.none++
        else {
          seen.paths++
          if (path.hops > 1) seen.multiHop++
          if (path.chains.length > 1) seen.manyChains++
        }
      }
    }
    // The shipped graph gives paths of every kind here: direct, multi-hop, several chains, none.
    expect(seen.paths).toBeGreaterThan(30)
    expect(seen.multiHop).toBeGreaterThan(20)
    expect(seen.manyChains).toBeGreaterThan(10)
    expect(seen.none).toBeGreaterThan(0)
  }, 120_000)

  it('the same company at both ends, a path beyond maxHops, aliases and fragments', async () => {
    const same = await bothWays(PATH, { from: 'openai', to: 'openai' })
    expect(same.bySql).toBe(true)
    expect(same.answer.data!.partnershipPath).toMatchObject({ hops: 0, chains: [{ steps: [] }] })
    const tooFar = await bothWays(PATH, { from: 'openai', to: 'nvidia', maxHops: 1, on: '2010-01-01' })
    expect(tooFar.bySql).toBe(true)
    expect(tooFar.answer.data!.partnershipPath).toBeNull()
    const aliased = /* GraphQL */ `
      query { __typename
        p: partnershipPath(from: "openai", to: "amazon") { n: hops chains { ...chain again: steps { kinds: clauseKinds } } }
        licenses(first: 2) { nodes { key } }
      }
      fragment chain on PartnershipChain { steps { way: direction from { slug } ... on PartnershipStep { to { name } } } }`
    const both = await bothWays(aliased)
    expect(both.bySql).toBe(true)
    expect(both.answer.data!.p.n).toBeGreaterThan(0)
  })

  it('is left to the executor for bad arguments and fields SQL does not answer', async () => {
    for (const [variables, code] of [
      [{ from: 'openai', to: 'no-such-company' }, 'NOT_FOUND'],
      [{ from: 'openai', to: 'amazon', maxHops: 7 }, 'BAD_USER_INPUT'],
    ] as const) {
      const { answer, bySql } = await bothWays(PATH, variables)
      expect(bySql).toBe(false)
      expect(answer.errors![0]!.extensions).toMatchObject({ code })
    }
    // A value computed in TypeScript on the path's clauses: still the walk, then one statement.
    const { answer, bySql } = await bothWays(
      '{ partnershipPath(from: "openai", to: "amazon") { chains { steps { agreement { clauses { alternatives { field value } } } } } } }',
    )
    expect(bySql).toBe(true)
    expect(answer.errors).toBeUndefined()
  })
})

const NEIGHBORHOOD = /* GraphQL */ `
  query Around($slug: String!, $depth: Int, $on: Date, $maxEdges: Int) {
    neighborhood(slug: $slug, depth: $depth, activeOn: $on, maxEdges: $maxEdges) {
      __typename truncated
      nodes {
        __typename id type slug label depth
        company { ...company } asset { slug name kind developer { slug } } cloudProvider { slug name operator { slug } }
      }
      edges {
        __typename id source target relation kind exclusivity
        clause { key summary exclusivity endsOn { text } grantor { slug } subjects { slug } }
        agreement { slug title announcedOn { text } parties { role company { slug } } }
      }
    }
  } ${COMPANY_FRAGMENT}`

describe('neighborhood: the companies in reach, then one statement, exactly as the executor answers', () => {
  it('around every company, at every depth, latest and as of several days', async () => {
    const slugs = (await api.prisma.company.findMany({ select: { slug: true }, orderBy: { slug: 'asc' } })).map((c) => c.slug)
    const seen = { edges: new Set<string>(), partners: 0, concerns: 0, namesCloud: 0 }
    for (const [i, slug] of slugs.entries()) {
      for (const depth of [1, 2, 3]) {
        const on = [null, '2019-08-01', '2023-03-01', '2026-11-27'][(i + depth) % 4]
        // The default budget (unsaid or null), and budgets that cut most neighborhoods somewhere.
        const maxEdges = [undefined, 1, 7, 40, null][(i + depth) % 5]
        const { answer, bySql, statements } = await bothWays(NEIGHBORHOOD, { slug, depth, on, maxEdges })
        expect(answer.errors).toBeUndefined()
        expect(bySql).toBe(true)
        // The centre, the companies in reach, the graph.
        expect(statements).toBe(3)
        for (const edge of answer.data!.neighborhood.edges as { relation: string; id: string }[]) {
          seen.edges.add(edge.id)
          if (edge.relation === 'PARTNERS') seen.partners++
          if (edge.relation === 'CONCERNS') seen.concerns++
          if (edge.relation === 'NAMES_CLOUD') seen.namesCloud++
        }
      }
    }
    // Every kind of edge came up, many times.
    expect(seen.edges.size).toBeGreaterThan(100)
    expect(Math.min(seen.partners, seen.concerns, seen.namesCloud)).toBeGreaterThan(10)
  }, 180_000)

  it('is left to the executor for bad arguments and fields SQL does not answer', async () => {
    for (const [variables, code] of [
      [{ slug: 'no-such-company' }, 'NOT_FOUND'],
      [{ slug: 'openai', depth: 4 }, 'BAD_USER_INPUT'],
      [{ slug: 'openai', maxEdges: 0 }, 'BAD_USER_INPUT'],
      [{ slug: 'openai', maxEdges: 5001 }, 'BAD_USER_INPUT'],
    ] as const) {
      const { answer, bySql } = await bothWays(NEIGHBORHOOD, variables)
      expect(bySql).toBe(false)
      expect(answer.errors![0]!.extensions).toMatchObject({ code })
    }
    const { answer, bySql } = await bothWays('{ neighborhood(slug: "openai") { edges { clause { key alternatives { field value } } } } }')
    expect(bySql).toBe(true)
    expect(answer.errors).toBeUndefined()
  })
})

// Random selections over every field SQL answers (aliases, repeats, __typename, nesting), random
// filters and orders: each must get the executor's answer.
const OBJECT_FIELDS: Record<string, { scalars: string[]; objects: Record<string, string> }> = {
  Clause: {
    scalars: ['id', 'key', 'kind', 'summary', 'exclusivity', 'percentage', 'capped', 'condition', 'note', 'status', 'version'],
    objects: {
      grantor: 'Company',
      grantee: 'Company',
      subjects: 'Asset',
      cloudProviders: 'CloudProvider',
      agreement: 'Agreement',
      supersedes: 'Clause',
      startsOn: 'PartialDate',
      endsOn: 'PartialDate',
      amount: 'Money',
      cap: 'Money',
    },
  },
  Company: {
    scalars: ['id', 'slug', 'name', 'aliases', 'kinds', 'country', 'website', 'description', 'version'],
    objects: { parent: 'Company', subsidiaries: 'Company', cloudProviders: 'CloudProvider', assets: 'Asset' },
  },
  Asset: { scalars: ['id', 'slug', 'name', 'kind', 'description', 'version'], objects: { developer: 'Company', releasedOn: 'PartialDate' } },
  CloudProvider: { scalars: ['id', 'slug', 'name', 'description', 'version'], objects: { operator: 'Company' } },
  Agreement: {
    scalars: ['id', 'slug', 'title', 'description', 'kinds', 'status', 'statusNote', 'version'],
    objects: {
      announcedOn: 'PartialDate',
      effectiveOn: 'PartialDate',
      endsOn: 'PartialDate',
      terminatedOn: 'PartialDate',
      value: 'Money',
      parties: 'AgreementParty',
      clauses: 'Clause',
      amends: 'Agreement',
      amendedBy: 'Agreement',
      supplements: 'Agreement',
      supplementedBy: 'Agreement',
    },
  },
  AgreementParty: { scalars: ['role'], objects: { company: 'Company', agreement: 'Agreement' } },
  PartialDate: { scalars: ['text', 'precision', 'earliest', 'latest'], objects: {} },
  Money: { scalars: ['amount', 'currency'], objects: {} },
}

function selectionOf(type: string, depth: number): fc.Arbitrary<string> {
  const { scalars, objects } = OBJECT_FIELDS[type]!
  const names = [...scalars, '__typename', ...(depth > 0 ? Object.keys(objects) : [])]
  const entry = (name: string): fc.Arbitrary<string> => {
    // An alias now and then: the query may have at most 10.
    const aliased = fc.constantFrom('', '', '', '', '', '', '', '', 'a', 'b').map((alias) => (alias ? `${alias}_${name}: ` : ''))
    const inner = objects[name] ? selectionOf(objects[name]!, depth - 1).map((s) => ` { ${s} }`) : fc.constant('')
    return fc.tuple(aliased, inner).map(([alias, sub]) => `${alias}${name}${sub}`)
  }
  return fc
    .subarray(names, { minLength: 1, maxLength: Math.min(6, names.length) })
    .chain((picked) => fc.tuple(...picked.map(entry)))
    .map((entries) => entries.join(' '))
}

const FILTER_PARTS = [
  'kind: LICENSE_GRANT',
  'kind: COMPUTE_COMMITMENT',
  'grantor: "microsoft"',
  'grantee: "openai"',
  'subject: "gpt-4"',
  'cloudProvider: "azure"',
  'exclusivity: EXCLUSIVE',
  'exclusivity: NON_EXCLUSIVE',
  'activeOn: "2023-06-01"',
  'activeOn: "2026-01-01"',
  'endsAfter: "2026-01-01"',
  'endsBefore: "2031-01-01"',
]

const randomQuery = fc
  .record({
    filter: fc.subarray(FILTER_PARTS, { maxLength: 3 }),
    orderBy: fc.constantFrom('ENDS_SOONEST', 'NEWEST_AGREEMENT', 'KEY'),
    first: fc.integer({ min: 0, max: 12 }),
    nodes: selectionOf('Clause', 3),
    totalCount: fc.boolean(),
  })
  .map(
    ({ filter, orderBy, first, nodes, totalCount }) =>
      `{ clauses(first: ${first}, orderBy: ${orderBy}, filter: { ${filter.join(', ')} }) { ${totalCount ? 'totalCount ' : ''}nodes { ${nodes} } } }`,
  )

describe('random selections', () => {
  it('get the executor’s answer', async () => {
    let bySqlCount = 0
    let runs = 0
    await fc.assert(
      fc.asyncProperty(randomQuery, async (query) => {
        runs++
        const { answer, bySql } = await bothWays(query)
        if (!answer.errors) expect(bySql).toBe(true)
        if (bySql) bySqlCount++
      }),
      { numRuns: 150, seed: 20261127, endOnFailure: true },
    )
    // Most random selections stay within the limits and are answered by SQL.
    expect(bySqlCount).toBeGreaterThan(runs * 0.8)
  }, 180_000)
})

const PAGE = /* GraphQL */ `
  query Page($filter: ClauseFilter, $orderBy: ClauseOrder, $first: Int, $last: Int, $after: String, $before: String) {
    clauses(filter: $filter, orderBy: $orderBy, first: $first, last: $last, after: $after, before: $before) {
      __typename totalCount
      edges { __typename cursor node { key endsOn { latest } agreement { slug announcedOn { earliest } } } }
      pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
      nodes { key }
    }
  }`

interface Page {
  edges: { cursor: string; node: { key: string } }[]
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }
}

describe('Relay connections: cursors both ways, exactly as the executor answers', () => {
  const FILTERS = [
    { kind: 'REVENUE_SHARE' },
    { kind: 'LICENSE_GRANT' },
    { grantor: 'microsoft' },
    { activeOn: '2025-06-30' },
    { exclusivity: 'EXCLUSIVE' },
    { endsAfter: '2027-01-01' },
  ]
  const ORDERS = ['ENDS_SOONEST', 'NEWEST_AGREEMENT', 'KEY']

  /** Every key the filter matches, in the order, paged through by the resolvers alone. */
  async function everyKey(filter: object, orderBy: string): Promise<string[]> {
    const keys: string[] = []
    let after: string | null = null
    for (;;) {
      const p = (await api.queryViaExecutor(PAGE, { filter, orderBy, first: 100, after })).data!.clauses as Page
      keys.push(...p.edges.map((e) => e.node.key))
      if (!p.pageInfo.hasNextPage) return keys
      after = p.pageInfo.endCursor
    }
  }

  /** One page asked both ways; it must be planned and answered as the resolvers answer it. */
  async function page(variables: Record<string, unknown>): Promise<Page> {
    const { answer, bySql, statements } = await bothWays(PAGE, variables)
    expect(answer.errors).toBeUndefined()
    expect(bySql).toBe(true)
    expect(statements).toBe(1)
    return answer.data!.clauses as Page
  }

  it('every page of each filter, in every order, forwards and backwards', async () => {
    let pages = 0
    for (const filter of FILTERS) {
      for (const orderBy of ORDERS) {
        const all = await everyKey(filter, orderBy)
        for (const size of [2, 9]) {
          const forwards: string[] = []
          let after: string | null = null
          for (;;) {
            const p = await page({ filter, orderBy, first: size, after })
            pages++
            forwards.push(...p.edges.map((e) => e.node.key))
            expect(p.pageInfo.hasPreviousPage).toBe(after !== null)
            if (!p.pageInfo.hasNextPage) break
            after = p.pageInfo.endCursor
          }
          expect(forwards).toEqual(all)
          const backwards: string[] = []
          let before: string | null = null
          for (;;) {
            const p = await page({ filter, orderBy, last: size, before })
            pages++
            backwards.unshift(...p.edges.map((e) => e.node.key))
            expect(p.pageInfo.hasNextPage).toBe(before !== null)
            if (!p.pageInfo.hasPreviousPage) break
            before = p.pageInfo.startCursor
          }
          expect(backwards).toEqual(all)
        }
      }
    }
    expect(pages).toBeGreaterThan(200)
  }, 240_000)

  it('first and last with and without cursors, empty pages and both ends', async () => {
    const filter = { kind: 'LICENSE_GRANT' }
    const all = (await page({ filter, orderBy: 'ENDS_SOONEST', first: 100 })).edges
    expect(all.length).toBeGreaterThan(10)
    expect(all.length).toBeLessThan(100)
    const cursor = (i: number) => all.at(i)!.cursor
    const variants: Record<string, unknown>[] = [
      { first: 0 },
      { last: 0 },
      { last: 5 },
      { first: 2, last: 3 },
      {},
      { after: cursor(3) },
      { before: cursor(-3) },
      { first: 0, after: cursor(0) },
      { last: 0, before: cursor(5) },
      { first: 5, after: cursor(-1) },
      { last: 5, before: cursor(0) },
      { first: 5, after: cursor(-6) },
      { last: 5, before: cursor(5) },
      { first: 100, after: cursor(0) },
      { last: 100, before: cursor(-1) },
    ]
    for (const orderBy of ORDERS) for (const v of variants) await page({ filter, orderBy, ...v })
    // A filter nothing matches; a cursor of a row the filter leaves out; a cursor of no row.
    const none = await page({ filter: { grantor: 'openai', activeOn: '1900-01-01' }, first: 5 })
    expect(none.edges).toEqual([])
    expect(none.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false, startCursor: null })
    const exclusive = await page({ filter: { exclusivity: 'EXCLUSIVE' }, first: 1 })
    const elsewhere = await page({ filter: { exclusivity: 'NON_EXCLUSIVE' }, first: 5, after: exclusive.edges[0]!.cursor })
    expect(elsewhere.edges).toEqual([])
    const noRow = Buffer.from('GPC:S:00000000-0000-4000-8000-000000000000').toString('base64')
    for (const args of [
      { first: 3, after: noRow },
      { last: 3, before: noRow },
    ])
      expect((await page(args)).edges).toEqual([])
    // Both ends: the first page has nothing before it, the last nothing after it.
    expect((await page({ filter, first: 3 })).pageInfo.hasPreviousPage).toBe(false)
    expect((await page({ filter, first: 3, after: cursor(-2) })).pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
    expect((await page({ filter, last: 3, before: cursor(1) })).pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false })
  }, 60_000)

  it('leaves arguments Pothos refuses, and cursors it cannot read, to the resolvers’ error', async () => {
    const all = (await page({ first: 2 })).edges
    const base64 = (text: string) => Buffer.from(text).toString('base64')
    const refused: Record<string, unknown>[] = [
      { after: 'not a cursor' },
      { before: 'xyz' },
      { after: base64('GPC:N:5') },
      { after: base64(`GPX:S:${all[0]!.cursor}`) },
      { after: all[0]!.cursor, before: all[1]!.cursor },
      { first: 2, before: all[1]!.cursor },
      { last: 2, after: all[0]!.cursor },
    ]
    for (const variables of refused) {
      const { answer, bySql } = await bothWays(PAGE, variables)
      expect(bySql).toBe(false)
      expect(answer.errors?.[0]?.message).toBeTruthy()
    }
    const { answer } = await bothWays(PAGE, { after: 'not a cursor' })
    expect(answer.errors![0]!.message).toMatch(/"after" is not a cursor/)
  })

  it('a count alone, of some rows or of none', async () => {
    for (const query of [
      '{ clauses { totalCount } }',
      '{ licenses(first: 3, filter: { licensor: "openai", activeOn: "1900-01-01" }) { __typename totalCount } }',
      '{ licenses(last: 0) { totalCount pageInfo { hasPreviousPage } } }',
    ]) {
      const { answer, bySql, statements } = await bothWays(query)
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
    }
  })

  it('Q2, a Relay page of licences with totalCount, in one statement whatever its size', async () => {
    const Q2 = /* GraphQL */ `
      query Q2($first: Int, $after: String) {
        licenses(first: $first, after: $after, filter: { activeOn: "2025-06-30" }) {
          totalCount
          edges { cursor node { id key exclusivity endsOn { text latest } grantor { slug name } grantee { slug name } subjects { slug name } } }
          pageInfo { hasNextPage endCursor }
        }
      }`
    for (const first of [1, 5, 20, 100]) {
      const { answer, bySql, statements } = await bothWays(Q2, { first })
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
      const next = await bothWays(Q2, { first, after: answer.data!.licenses.pageInfo.endCursor })
      expect(next.bySql).toBe(true)
      expect(next.statements).toBe(1)
    }
  })
})

const AGREEMENTS_PAGE = /* GraphQL */ `
  query Agreements($slug: String!, $on: Date, $first: Int, $last: Int, $after: String, $before: String) {
    clauses(first: 1, orderBy: KEY, filter: { grantee: $slug }) {
      nodes {
        grantee {
          slug
          agreements(activeOn: $on, first: $first, last: $last, after: $after, before: $before) {
            __typename totalCount
            edges { cursor node { __typename role agreement { slug announcedOn { text earliest } } } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
      }
    }
  }`

describe('relation connections: a page of related rows, exactly as the executor answers', () => {
  /** A company's agreements page, asked both ways through the clause connection it is grantee in. */
  async function agreementsPage(variables: Record<string, unknown>) {
    const { answer, bySql, statements } = await bothWays(AGREEMENTS_PAGE, variables)
    expect(answer.errors).toBeUndefined()
    expect(bySql).toBe(true)
    expect(statements).toBe(1)
    return answer.data!.clauses.nodes[0]?.grantee.agreements as (Page & { totalCount: number }) | undefined
  }

  it('a company’s agreements, every page forwards and backwards, latest and on a day', async () => {
    let companies = 0
    for (const slug of ['openai', 'microsoft', 'anthropic', 'nvidia', 'google', 'amazon', 'oracle']) {
      for (const on of [null, '2025-06-30']) {
        const size = 4
        const forwards: string[] = []
        let after: string | null = null
        let total = 0
        for (;;) {
          const p: (Page & { totalCount: number }) | undefined = await agreementsPage({ slug, on, first: size, after })
          if (!p) break
          total = p.totalCount
          forwards.push(...p.edges.map((e) => e.cursor))
          if (!p.pageInfo.hasNextPage) break
          after = p.pageInfo.endCursor
        }
        if (forwards.length === 0) continue
        companies++
        expect(forwards).toHaveLength(total)
        const backwards: string[] = []
        let before: string | null = null
        for (;;) {
          const p: Page = (await agreementsPage({ slug, on, last: size, before }))!
          backwards.unshift(...p.edges.map((e) => e.cursor))
          if (!p.pageInfo.hasPreviousPage) break
          before = p.pageInfo.startCursor
        }
        expect(backwards).toEqual(forwards)
      }
    }
    expect(companies).toBeGreaterThan(5)
  }, 120_000)

  it('every clause connection of companies, assets and clouds, with cursors and activeOn', async () => {
    const page =
      'totalCount edges { cursor node { key endsOn { text } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { key }'
    const query = (args: string) => /* GraphQL */ `{
      clauses(first: 40, orderBy: KEY) { nodes { key
        grantor { licensesGranted(${args}) { ${page} } clausesGranted(${args}) { ${page} } }
        grantee { licensesReceived(${args}) { ${page} } clausesReceived(${args}) { ${page} } }
        subjects { licenses(${args}) { ${page} } clauses(${args}) { ${page} } }
        cloudProviders { clauses(${args}) { ${page} } } } } }`
    for (const args of ['first: 2', 'last: 3', 'first: 0', 'first: 1, activeOn: "2025-06-30"', 'last: 2, activeOn: "2023-03-01"', 'activeOn: null']) {
      const { answer, bySql, statements } = await bothWays(query(args))
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
    }
    // A cursor taken from one company's page, used on every connection of the same kind.
    const first = await bothWays(query('first: 2'))
    const cursor = first.answer.data!.clauses.nodes.find((n: { grantor: unknown }) => n.grantor).grantor.clausesGranted.edges[0].cursor
    for (const args of [`first: 3, after: "${cursor}"`, `last: 3, before: "${cursor}"`]) {
      const { answer, bySql } = await bothWays(query(args))
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
    }
    // A cursor it cannot read is the resolvers' error to give.
    const bad = await bothWays(query('first: 2, after: "nope"'))
    expect(bad.bySql).toBe(false)
    expect(bad.answer.errors![0]!.message).toMatch(/"after" is not a cursor/)
  })

  it('Q3’s agreements connection, in one statement whatever its size', async () => {
    const Q3 = /* GraphQL */ `
      query Q3($first: Int) {
        clauses(first: 1, orderBy: KEY, filter: { grantee: "openai" }) { nodes { grantee {
          agreements(first: $first) { edges { node { role roles agreement { slug title announcedOn { text }
            clauses { key kind exclusivity grantee { slug } endsOn { text } } } } } }
        } } }
      }`
    // OpenAI is a party to 61 shipped agreement versions.
    for (const first of [1, 20, 60]) {
      const { answer, bySql, statements } = await bothWays(Q3, { first })
      expect(answer.errors).toBeUndefined()
      expect(bySql).toBe(true)
      expect(statements).toBe(1)
      expect(answer.data!.clauses.nodes[0].grantee.agreements.edges.length).toBe(first)
    }
  })
})

describe('fields computed in TypeScript, planned', () => {
  it.each([
    ['value alternatives with their text', '{ licenses(first: 100) { nodes { key alternatives { field value note } } } }'],
    [
      'quantities, tranches, alternatives, replacements, cited fields, status times',
      `{ clauses(first: 50, orderBy: KEY) { nodes { key quantity { value unit text } valuation { basis text } strike { amount } cloudScope
        tranches { amount { text } quantity { text } on { text } condition } alternatives { field value note citations { basis source { url kind } } }
        replaces { key } replacedBy { key } citations { basis fields } status statusChangedAt } } }`,
    ],
  ])('%s', async (_name, query) => {
    const { answer, bySql } = await bothWays(query)
    expect(bySql).toBe(true)
    expect(answer.errors).toBeUndefined()
  })
})

describe('left to the executor', () => {
  it('bad variables get the executor’s error', async () => {
    const { answer, bySql } = await bothWays('query($on: Date) { licenses(filter: { activeOn: $on }) { nodes { key } } }', { on: '2025-13-01' })
    expect(bySql).toBe(false)
    expect(answer.errors?.[0]?.message).toMatch(/2025-13-01/)
  })
})
