import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { buildTinyGraph } from '../helpers/tiny-graph.js'

// a—b licence (2020, amended 2024 adding a revenue share b→a), b—c compute (2021), c—d co-parties
// without clauses (2022), a—e (2019, ended 2021), e—d (2019), f alone.
let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) =>
    buildTinyGraph(prisma, {
      companies: ['a', 'b', 'c', 'd', 'e', 'f'],
      assets: [['model-a', 'a']],
      clouds: [['cloud-c', 'c']],
      agreements: [
        {
          slug: 'ab-2020',
          announcedOn: '2020-01-01',
          parties: [
            ['a', 'LICENSOR'],
            ['b', 'LICENSEE'],
          ],
          clauses: [{ kind: 'LICENSE_GRANT', grantor: 'a', grantee: 'b', exclusivity: 'EXCLUSIVE', subjects: ['model-a'] }],
        },
        {
          slug: 'ab-2024',
          announcedOn: '2024-01-01',
          amends: 'ab-2020',
          parties: [
            ['a', 'LICENSOR'],
            ['b', 'LICENSEE'],
          ],
          clauses: [
            { kind: 'LICENSE_GRANT', grantor: 'a', grantee: 'b', exclusivity: 'NON_EXCLUSIVE', subjects: ['model-a'] },
            { kind: 'REVENUE_SHARE', grantor: 'b', grantee: 'a' },
          ],
        },
        {
          slug: 'bc-2021',
          announcedOn: '2021-01-01',
          parties: [
            ['b', 'CUSTOMER'],
            ['c', 'PROVIDER'],
          ],
          clauses: [{ kind: 'COMPUTE_COMMITMENT', grantor: 'c', grantee: 'b', clouds: ['cloud-c'] }],
        },
        {
          slug: 'cd-2022',
          announcedOn: '2022-01-01',
          parties: [
            ['c', 'PARTNER'],
            ['d', 'PARTNER'],
          ],
        },
        {
          slug: 'ae-2019',
          announcedOn: '2019-01-01',
          endsOn: '2021',
          parties: [
            ['a', 'PARTNER'],
            ['e', 'PARTNER'],
          ],
          clauses: [{ kind: 'OTHER', grantor: 'e', grantee: 'a' }],
        },
        {
          slug: 'ed-2019',
          announcedOn: '2019-01-01',
          parties: [
            ['e', 'SUPPLIER'],
            ['d', 'BUYER'],
          ],
          clauses: [{ kind: 'OTHER', grantor: 'e', grantee: 'd' }],
        },
      ],
    }),
  )
}, 60_000)
afterAll(() => api?.close())

const PATH = /* GraphQL */ `
  query($from: String!, $to: String!, $maxHops: Int, $on: Date) {
    partnershipPath(from: $from, to: $to, maxHops: $maxHops, activeOn: $on) {
      from { slug } to { slug } hops
      chains { steps { from { slug } to { slug } agreement { slug } agreements { slug } clauseKinds direction clauses { key } } }
    }
  }`

type Step = { from: { slug: string }; to: { slug: string }; agreement: { slug: string }; clauseKinds: string[]; direction: string }
const route = (chain: { steps: Step[] }) => [chain.steps[0]!.from.slug, ...chain.steps.map((s) => s.to.slug)].join('-')

describe('partnershipPath', () => {
  it('a direct link names the agreement, the clause kinds and the direction', async () => {
    const result = await api.query(PATH, { from: 'a', to: 'b' })
    expect(result.errors).toBeUndefined()
    const path = result.data!.partnershipPath
    expect(path.hops).toBe(1)
    const [step] = path.chains[0].steps as Step[]
    expect(step!.agreement.slug).toBe('ab-2024')
    expect(step!.clauseKinds).toEqual(['LICENSE_GRANT', 'REVENUE_SHARE'])
    expect(step!.direction).toBe('BOTH')
  })

  it('as of 2021 the same link is the 2020 version, licence only, forward', async () => {
    const result = await api.query(PATH, { from: 'a', to: 'b', on: '2021-06-01' })
    const [step] = result.data!.partnershipPath.chains[0].steps as Step[]
    expect(step!.agreement.slug).toBe('ab-2020')
    expect(step!.clauseKinds).toEqual(['LICENSE_GRANT'])
    expect(step!.direction).toBe('FORWARD')
    const reverse = await api.query(PATH, { from: 'b', to: 'a', on: '2021-06-01' })
    expect(reverse.data!.partnershipPath.chains[0].steps[0].direction).toBe('BACKWARD')
  })

  it('multi-hop paths are shortest and spelled out', async () => {
    const result = await api.query(PATH, { from: 'a', to: 'c' })
    expect(result.data!.partnershipPath.hops).toBe(2)
    expect(result.data!.partnershipPath.chains.map(route)).toEqual(['a-b-c'])
  })

  it('the as-of cut changes the route: a—e ended in 2021', async () => {
    const before = await api.query(PATH, { from: 'a', to: 'd', on: '2020-06-01' })
    expect(before.data!.partnershipPath.hops).toBe(2)
    expect(before.data!.partnershipPath.chains.map(route)).toEqual(['a-e-d'])

    const after = await api.query(PATH, { from: 'a', to: 'd', on: '2023-06-01' })
    expect(after.data!.partnershipPath.hops).toBe(3)
    const [chain] = after.data!.partnershipPath.chains
    expect(route(chain)).toBe('a-b-c-d')
    expect(chain.steps[2].direction).toBe('NONE')
    expect(chain.steps[2].clauseKinds).toEqual([])
  })

  it('no path: unconnected, beyond maxHops, or before any agreement existed', async () => {
    expect((await api.query(PATH, { from: 'a', to: 'f' })).data!.partnershipPath).toBeNull()
    expect((await api.query(PATH, { from: 'a', to: 'c', maxHops: 1 })).data!.partnershipPath).toBeNull()
    expect((await api.query(PATH, { from: 'a', to: 'b', on: '2018-01-01' })).data!.partnershipPath).toBeNull()
  })

  it('bad input is a typed error naming the argument', async () => {
    const unknown = await api.query(PATH, { from: 'a', to: 'zz' })
    expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND', argument: 'to' } })
    const tooFar = await api.query(PATH, { from: 'a', to: 'b', maxHops: 7 })
    expect(tooFar.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'maxHops' } })
  })

  it('statements: the search (ends, direct link, walk) in one, the answer in one more (built in SQL)', async () => {
    await api.query(PATH, { from: 'a', to: 'd', on: '2023-06-01' })
    expect(api.statements.length).toBe(2)
    await api.query(PATH, { from: 'a', to: 'b' })
    expect(api.statements.length).toBe(2)
    // Resolvers alone: the slugs checked (known-slugs.ts), then the companies and the agreements
    // with their clauses in two statements.
    await api.queryViaExecutor(PATH, { from: 'a', to: 'd', on: '2023-06-01' })
    expect(api.statements.length).toBe(4)
    await api.queryViaExecutor(PATH, { from: 'a', to: 'b' })
    expect(api.statements.length).toBe(4)
  })

  it("the same company at both ends; a step's clauses stay apart from its agreement's own", async () => {
    const same = await api.query(PATH, { from: 'b', to: 'b' })
    expect(same.data!.partnershipPath).toMatchObject({ from: { slug: 'b' }, to: { slug: 'b' }, hops: 0, chains: [{ steps: [] }] })
    const query = `query($on: Date) { partnershipPath(from: "a", to: "c", activeOn: $on) {
      chains { steps { clauses { key } agreement { slug clauses { key } } } } } }`
    const result = await api.query(query, { on: '2025-01-01' })
    expect(result.errors).toBeUndefined()
    expect(api.statements.length).toBe(2)
    const [ab, bc] = result.data!.partnershipPath.chains[0].steps
    expect(ab.agreement.slug).toBe('ab-2024')
    expect(ab.clauses.map((c: { key: string }) => c.key)).toEqual(ab.agreement.clauses.map((c: { key: string }) => c.key))
    expect(ab.clauses).toHaveLength(2)
    expect(bc.agreement.clauses).toHaveLength(1)
    // Through resolvers, the agreements' own clauses are a field of theirs: loaded once, not per step.
    expect(await api.queryViaExecutor(query, { on: '2025-01-01' })).toEqual(result)
    expect(api.statements.length).toBeLessThanOrEqual(5)
  })
})

const NEIGHBORHOOD = /* GraphQL */ `
  query($slug: String!, $depth: Int, $on: Date, $maxEdges: Int) {
    neighborhood(slug: $slug, depth: $depth, activeOn: $on, maxEdges: $maxEdges) {
      truncated
      nodes { id type slug depth }
      edges { id source target relation kind exclusivity agreement { slug } clause { key } }
    }
  }`

type Node = { id: string; type: string; slug: string; depth: number | null }
type Edge = {
  id: string
  source: string
  target: string
  relation: string
  kind: string | null
  exclusivity: string | null
  agreement: { slug: string }
  clause: { key: string } | null
}

describe('neighborhood', () => {
  async function graph(variables: Record<string, unknown>) {
    const result = await api.query(NEIGHBORHOOD, variables)
    expect(result.errors).toBeUndefined()
    const { nodes, edges, truncated } = result.data!.neighborhood as { nodes: Node[]; edges: Edge[]; truncated: boolean }
    const slugOf = new Map(nodes.map((n) => [n.id, n.slug]))
    const described = edges
      .map((e) => `${slugOf.get(e.source)} ${e.relation}${e.kind ? `:${e.kind}` : ''} ${slugOf.get(e.target)} (${e.agreement.slug})`)
      .sort()
    return { nodes, edges, described, truncated }
  }

  it('gives edges IDs of their own: unique, stable, never a record’s', async () => {
    const { nodes, edges } = await graph({ slug: 'b', depth: 2 })
    const ids = edges.map((e) => e.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect((await graph({ slug: 'b', depth: 2 })).edges.map((e) => e.id)).toEqual(ids)
    const clauseIds = (await api.prisma.clause.findMany({ select: { id: true } })).map((c) => encodeGlobalID('Clause', c.id))
    const records = new Set([...nodes.map((n) => n.id), ...clauseIds])
    expect(ids.filter((id) => records.has(id))).toEqual([])
    for (const edge of edges) {
      const { typename, id } = decodeGlobalID(edge.id)
      expect(typename).toBe('GraphEdge')
      expect(id.startsWith(`${edge.relation}:`)).toBe(true)
    }
  })

  it('depth 1 around b: its partners, the asset and cloud their clauses name, typed edges', async () => {
    const { nodes, described } = await graph({ slug: 'b' })
    expect(
      nodes
        .filter((n) => n.type === 'COMPANY')
        .map((n) => [n.slug, n.depth])
        .sort(),
    ).toEqual([
      ['a', 1],
      ['b', 0],
      ['c', 1],
    ])
    expect(
      nodes
        .filter((n) => n.type !== 'COMPANY')
        .map((n) => `${n.type}:${n.slug}`)
        .sort(),
    ).toEqual(['ASSET:model-a', 'CLOUD_PROVIDER:cloud-c'])
    expect(described).toEqual([
      'a CONCERNS:LICENSE_GRANT model-a (ab-2024)',
      'a GRANTS:LICENSE_GRANT b (ab-2024)',
      'b GRANTS:REVENUE_SHARE a (ab-2024)',
      'c GRANTS:COMPUTE_COMMITMENT b (bc-2021)',
      'c NAMES_CLOUD:COMPUTE_COMMITMENT cloud-c (bc-2021)',
    ])
  })

  it('depth 2 reaches d, joined to c by a clause-less agreement (PARTNERS), and e through the latest a—e version', async () => {
    const { nodes, described } = await graph({ slug: 'b', depth: 2 })
    expect(
      nodes
        .filter((n) => n.type === 'COMPANY')
        .map((n) => [n.slug, n.depth])
        .sort(),
    ).toEqual([
      ['a', 1],
      ['b', 0],
      ['c', 1],
      ['d', 2],
      ['e', 2],
    ])
    expect(described.filter((d) => d.includes('PARTNERS'))).toEqual([expect.stringMatching(/^(c PARTNERS d|d PARTNERS c) \(cd-2022\)$/)])
    // d—e is a depth-2 to depth-2 link: shown, since both ends are in the view.
    expect(described).toContain('e GRANTS:OTHER d (ed-2019)')
  })

  it('maxEdges keeps the edges nearest the centre, whole terms at a time, and says when some were cut', async () => {
    const whole = await graph({ slug: 'b', depth: 2 })
    expect(whole.truncated).toBe(false)
    expect(whole.edges.length).toBeGreaterThan(5)
    // b's own terms are five edges: with a budget of five, they are all that is left, as at depth 1.
    const near = await graph({ slug: 'b', depth: 2, maxEdges: 5 })
    expect(near.truncated).toBe(true)
    expect(near.described).toEqual((await graph({ slug: 'b' })).described)
    // Every company in reach stays; assets and clouds only where a kept term names them.
    const companies = (g: { nodes: Node[] }) =>
      g.nodes
        .filter((n) => n.type === 'COMPANY')
        .map((n) => n.slug)
        .sort()
    expect(companies(near)).toEqual(companies(whole))
    expect(
      near.nodes
        .filter((n) => n.type !== 'COMPANY')
        .map((n) => n.slug)
        .sort(),
    ).toEqual(['cloud-c', 'model-a'])
    expect((await graph({ slug: 'b', maxEdges: 5 })).truncated).toBe(false)
    // Four: a term with its asset or cloud is never split, so three or four edges, whole terms.
    const four = await graph({ slug: 'b', maxEdges: 4 })
    expect(four.truncated).toBe(true)
    expect([3, 4]).toContain(four.edges.length)
    const termOf = (e: Edge) => e.clause?.key ?? e.id
    const keptTerms = new Set(four.edges.map(termOf))
    expect(four.edges.map((e) => e.id).sort()).toEqual(
      near.edges
        .filter((e) => keptTerms.has(termOf(e)))
        .map((e) => e.id)
        .sort(),
    )
  })

  it('as of a date, only what was in force', async () => {
    const { nodes, edges } = await graph({ slug: 'a', on: '2020-06-01' })
    expect(
      nodes
        .filter((n) => n.type === 'COMPANY')
        .map((n) => n.slug)
        .sort(),
    ).toEqual(['a', 'b', 'e'])
    const licence = edges.find((e) => e.kind === 'LICENSE_GRANT' && e.relation === 'GRANTS')!
    expect(licence.exclusivity).toBe('EXCLUSIVE')
    expect(licence.agreement.slug).toBe('ab-2020')
  })

  it('node IDs are global IDs usable with node()', async () => {
    const { nodes } = await graph({ slug: 'a' })
    const result = await api.query('query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }', { ids: nodes.map((n) => n.id) })
    expect(result.errors).toBeUndefined()
    expect(result.data!.nodes.every((n: unknown) => n !== null)).toBe(true)
  })

  it('an unknown company or a depth out of range is a typed error', async () => {
    expect((await api.query(NEIGHBORHOOD, { slug: 'zz' })).errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' })
    expect((await api.query(NEIGHBORHOOD, { slug: 'a', depth: 4 })).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'depth',
    })
    for (const maxEdges of [0, 5001]) {
      const [error] = (await api.query(NEIGHBORHOOD, { slug: 'a', maxEdges })).errors!
      expect(error!.message).toBe(`Argument "maxEdges" must be between 1 and 5000 (got ${maxEdges})`)
      expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxEdges' })
    }
  })
})
