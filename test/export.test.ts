import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDataset, loadShippedData } from '../seed/load.js'
import { createPrismaClient } from '../src/db/setup/client.js'
import { usePrisma } from '../src/db/setup/prisma.js'
import { clauseInForceWhere, agreementInForceWhere } from '../src/db/in-force-where.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import type { Dataset } from '../seed/format.js'
import { edgesCsv, nodesCsv } from '../src/export/csv.js'
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES } from '../src/export/graph.js'
import { escapeXml, graphml } from '../src/export/graphml.js'
import { json } from '../src/export/json.js'
import type { SnapshotAgreement } from '../src/export/snapshot.js'
import { createServer } from '../src/yoga.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'
import { exportText, parseCsv, snapshotOf, textOf } from './helpers/exports.js'
import { buildSyntheticGraph } from './helpers/synthetic-graph.js'

// Exports of the graph as it stood on a day: GraphML that graph tools can open, RFC 4180 CSV, JSON
// in the import format, the HTTP routes and the CLI, and the round trip export -> import -> export.

// The shipped dataset in a database of this file's own, served by the Yoga server through fetch.
let database: TestDatabase
let api: { prisma: PrismaClient }
let yoga: ReturnType<typeof createServer>
beforeAll(async () => {
  database = await createTestDatabase()
  api = { prisma: createPrismaClient(database.url) }
  usePrisma(api.prisma)
  await loadShippedData(api.prisma)
  yoga = createServer({ graphiql: false })
}, 60_000)
afterAll(async () => {
  await api?.prisma.$disconnect()
  await database?.drop()
})

// ---- GraphML, parsed as a graph tool would ----

interface Data {
  '@key': string
  '#text'?: string
}
interface ParsedGraph {
  keys: { '@id': string; '@for': string; '@attr.name': string; '@attr.type': string }[]
  graph: {
    '@edgedefault': string
    data: Data[]
    node: { '@id': string; data: Data[] }[]
    edge: { '@id': string; '@source': string; '@target': string; data: Data[] }[]
  }
}

function parseGraphml(xml: string): ParsedGraph {
  expect(XMLValidator.validate(xml)).toBe(true)
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    alwaysCreateTextNode: true,
    isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name),
  })
  const doc = parser.parse(xml) as { graphml: { key: ParsedGraph['keys']; graph: ParsedGraph['graph'] } }
  const graph = doc.graphml.graph
  return { keys: doc.graphml.key, graph: { ...graph, node: graph.node ?? [], edge: graph.edge ?? [], data: graph.data ?? [] } }
}

type Row = Record<string, string | undefined>

/** An element's data as { attr.name: text }, through the key declarations. */
function values(parsed: ParsedGraph, data: Data[]): Row {
  const names = new Map(parsed.keys.map((k) => [k['@id'], k['@attr.name']]))
  return Object.fromEntries(data.map((d) => [names.get(d['@key'])!, d['#text'] ?? '']))
}

async function graphmlOn(asOf: string | null): Promise<ParsedGraph> {
  return parseGraphml(await exportText(graphml, database.url, asOf))
}

const jsonOf = (url: string, asOf: string | null) => exportText(json, url, asOf)

/** What the database says the graph on `day` holds, asked without the export code. */
async function expectedOn(prisma: PrismaClient, day: string) {
  const clauses = await prisma.clause.findMany({
    where: clauseInForceWhere(day),
    select: {
      key: true,
      grantor: { select: { slug: true } },
      grantee: { select: { slug: true } },
      subjects: { select: { slug: true, developer: { select: { slug: true } } } },
      cloudProviders: { select: { slug: true, operator: { select: { slug: true } } } },
    },
  })
  const parties = await prisma.agreementParty.findMany({
    where: { agreement: agreementInForceWhere(day) },
    select: { company: { select: { slug: true } } },
  })
  const companies = new Set(parties.map((p) => p.company.slug))
  const assets = new Set<string>()
  const clouds = new Set<string>()
  let clauseEdges = 0
  let linkEdges = 0
  for (const c of clauses) {
    for (const party of [c.grantor, c.grantee]) if (party) companies.add(party.slug)
    if (c.grantor && c.grantee) clauseEdges++
    if (c.grantor || c.grantee) linkEdges += c.subjects.length + c.cloudProviders.length
    for (const s of c.subjects) {
      assets.add(s.slug)
      if (s.developer) companies.add(s.developer.slug)
    }
    for (const cp of c.cloudProviders) {
      clouds.add(cp.slug)
      companies.add(cp.operator.slug)
    }
  }
  // Parents of every company in the picture, up the chain.
  for (let grew = true; grew; ) {
    grew = false
    const rows = await prisma.company.findMany({ where: { slug: { in: [...companies] } }, select: { parent: { select: { slug: true } } } })
    for (const r of rows) {
      if (r.parent && !companies.has(r.parent.slug)) {
        companies.add(r.parent.slug)
        grew = true
      }
    }
  }
  // A clause with a missing party still has edges to what it names from the party it has; one
  // with no edge to draw is only in the JSON.
  const drawn = clauses.filter((c) => (c.grantor && c.grantee) || ((c.grantor || c.grantee) && c.subjects.length + c.cloudProviders.length > 0))
  return { clauses: drawn.map((c) => c.key), companies, assets, clouds, clauseEdges, linkEdges }
}

describe('GraphML', () => {
  it.each(['2026-01-01', '2026-11-27'])('on %s: well-formed, the nodes and edges the database holds that day', async (day) => {
    const parsed = await graphmlOn(day)
    const expected = await expectedOn(api.prisma, day)
    const nodes: Row[] = parsed.graph.node.map((n) => ({ ...values(parsed, n.data), id: n['@id'] }))
    const edges: Row[] = parsed.graph.edge.map((e) => ({ ...values(parsed, e.data), id: e['@id'], source: e['@source'], target: e['@target'] }))

    expect(parsed.graph['@edgedefault']).toBe('directed')
    expect(values(parsed, parsed.graph.data).asOf).toBe(day)
    const ofType = (type: string) => new Set(nodes.filter((n) => n.type === type).map((n) => n.slug))
    expect(ofType('company')).toEqual(expected.companies)
    expect(ofType('asset')).toEqual(expected.assets)
    expect(ofType('cloud-provider')).toEqual(expected.clouds)
    expect(nodes).toHaveLength(expected.companies.size + expected.assets.size + expected.clouds.size)

    const relation = (r: string) => edges.filter((e) => e.relation === r)
    expect(relation('CLAUSE')).toHaveLength(expected.clauseEdges)
    expect(relation('CLAUSE_SUBJECT').length + relation('CLAUSE_CLOUD').length).toBe(expected.linkEdges)
    expect(new Set(edges.filter((e) => e.clause).map((e) => e.clause))).toEqual(new Set(expected.clauses))
    expect(relation('OPERATES')).toHaveLength(expected.clouds.size)

    // Every edge joins two declared nodes; ids are unique; every node has a label.
    const ids = new Set(nodes.map((n) => n.id))
    expect(ids.size).toBe(nodes.length)
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length)
    for (const e of edges) expect(ids.has(e.source!) && ids.has(e.target!), e.id).toBe(true)
    for (const n of nodes) expect(n.label, n.id).toBeTruthy()
  })

  it('has an edge between each two parties of a version, and the GraphQL global IDs of rows', async () => {
    const day = '2026-11-27'
    const parsed = await graphmlOn(day)
    const nodes: Row[] = parsed.graph.node.map((n) => ({ ...values(parsed, n.data), id: n['@id'] }))
    const edges: Row[] = parsed.graph.edge.map((e) => ({ ...values(parsed, e.data), source: e['@source'], target: e['@target'] }))
    const versions = await api.prisma.agreement.findMany({ where: agreementInForceWhere(day), select: { parties: { select: { companyId: true } } } })
    // A party with two roles has two rows: count companies.
    const pairs = versions.reduce((n, v) => {
      const companies = new Set(v.parties.map((p) => p.companyId)).size
      return n + (companies * (companies - 1)) / 2
    }, 0)
    const partners = edges.filter((e) => e.relation === 'PARTNERS')
    expect(partners).toHaveLength(pairs)
    // Stargate's investors are joined to the graph by its parties, not by any clause.
    const degree = (slug: string) => edges.filter((e) => e.source === `company:${slug}` || e.target === `company:${slug}`).length
    for (const slug of ['softbank', 'mgx', 'arm']) expect(degree(slug), slug).toBeGreaterThan(0)
    const stargate = partners.find((e) => e.source === 'company:openai' && e.target === 'company:softbank')!
    expect(stargate.roles).toMatch(/^openai: [A-Z_, ]+; softbank: [A-Z_, ]+$/)
    // The IDs name the same rows through the API.
    const openai = nodes.find((n) => n.id === 'company:openai')!
    const clause = edges.find((e) => e.relation === 'CLAUSE')!
    const answer = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'query($c: ID!, $k: ID!, $a: ID!) { c: node(id: $c) { ... on Company { slug } } k: node(id: $k) { ... on Clause { key agreement { id } } } a: node(id: $a) { ... on Agreement { slug } } }',
        variables: { c: openai.globalId, k: clause.clauseId, a: clause.agreementId },
      }),
    })
    expect((await answer.json()).data).toEqual({
      c: { slug: 'openai' },
      k: { key: clause.clause, agreement: { id: clause.agreementId } },
      a: { slug: clause.agreement },
    })
  })

  it('declares every attribute it uses, with attr.name and attr.type, for the right element', async () => {
    const parsed = await graphmlOn('2026-11-27')
    const keys = new Map(parsed.keys.map((k) => [k['@id'], k]))
    for (const k of parsed.keys) {
      expect(k['@attr.name']).toBeTruthy()
      expect(['string', 'boolean', 'int', 'long', 'float', 'double']).toContain(k['@attr.type'])
    }
    const check = (data: Data[], domain: string) => {
      for (const d of data) expect(keys.get(d['@key'])?.['@for'], d['@key']).toBe(domain)
    }
    check(parsed.graph.data, 'graph')
    for (const n of parsed.graph.node) check(n.data, 'node')
    for (const e of parsed.graph.edge) check(e.data, 'edge')
    const declared = (domain: string) => parsed.keys.filter((k) => k['@for'] === domain).map((k) => k['@attr.name'])
    expect(declared('node')).toEqual(NODE_ATTRIBUTES.map((a) => a.name))
    expect(declared('edge')).toEqual(EDGE_ATTRIBUTES.map((a) => a.name))
    expect(declared('graph')).toContain('asOf')
    // Typed values parse as their type.
    for (const e of parsed.graph.edge) {
      const v = values(parsed, e.data)
      if (v.percentage) expect(Number.isFinite(Number(v.percentage))).toBe(true)
      if (v.capped) expect(['true', 'false']).toContain(v.capped)
    }
  })

  it('is filtered by date: the Microsoft <- OpenAI licence is exclusive on 2026-01-01 and non-exclusive on 2026-11-27', async () => {
    const licence = async (day: string) => {
      const parsed = await graphmlOn(day)
      const edges: Row[] = parsed.graph.edge.map((e) => ({ ...values(parsed, e.data), source: e['@source'], target: e['@target'] }))
      const subject = edges.find(
        (e) =>
          e.relation === 'CLAUSE_SUBJECT' && e.kind === 'LICENSE_GRANT' && e.source === 'company:microsoft' && e.target === 'asset:openai-models',
      )!
      expect(subject, day).toBeDefined()
      const clause = edges.filter((e) => e.relation === 'CLAUSE' && e.clause === subject.clause)
      expect(clause).toHaveLength(1)
      expect(clause[0]).toMatchObject({
        source: 'company:openai',
        target: 'company:microsoft',
        kind: 'LICENSE_GRANT',
        endsOn: '2032',
        endsLatest: '2032-12-31',
      })
      return clause[0]!
    }
    expect(await licence('2026-01-01')).toMatchObject({ exclusivity: 'EXCLUSIVE', agreement: 'microsoft-openai-2025-10-definitive' })
    expect(await licence('2026-11-27')).toMatchObject({
      exclusivity: 'NON_EXCLUSIVE',
      agreement: 'microsoft-openai-2026-04-amendment',
      inForceFrom: '2026-04-27',
      inForceUntil: '2032-12-31',
      label: 'license grant, non-exclusive, until 2032',
    })
  })

  it('without a date holds every entity and every clause of every version', async () => {
    const parsed = await graphmlOn(null)
    expect(values(parsed, parsed.graph.data).asOf).toBeUndefined()
    const [companies, clouds, assets, clauses] = await Promise.all([
      api.prisma.company.count(),
      api.prisma.cloudProvider.count(),
      api.prisma.asset.count(),
      api.prisma.clause.count({ where: { grantorId: { not: null }, granteeId: { not: null } } }),
    ])
    expect(parsed.graph.node).toHaveLength(companies + clouds + assets)
    const relations = parsed.graph.edge.map((e) => values(parsed, e.data).relation)
    expect(relations.filter((r) => r === 'CLAUSE')).toHaveLength(clauses)
  })
})

// ---- quoting, on a snapshot made in the test ----

const NASTY = 'Acme, "the <best> & only"\r\nCorp\tInc. \u0001'

function nastySnapshot() {
  const day = { text: '2025-10-28', precision: 'DAY' as const, earliest: '2025-10-28', latest: '2025-10-28' }
  const agreement: SnapshotAgreement = {
    id: '00000000-0000-4000-8000-000000000001',
    slug: 'deal',
    title: 'Deal, "one"',
    description: null,
    kinds: ['LICENSE'],
    status: 'ACTIVE',
    statusNote: null,
    announcedOn: day,
    effectiveOn: null,
    endsOn: null,
    terminatedOn: null,
    value: null,
    amends: null,
    amendsInSnapshot: false,
    supplements: null,
    supplementsInSnapshot: false,
    parties: [
      { company: 'acme', roles: ['LICENSOR'] },
      { company: 'beta', roles: ['LICENSEE'] },
    ],
    sources: [{ url: 'https://example.org/a?x=1&y=2', basis: 'OFFICIAL', fields: [] }],
    deal: { slug: 'deal', title: 'Deal, "one"', description: null },
    inForce: { from: '2025-10-28', until: null },
    clauses: [
      {
        id: '00000000-0000-4000-8000-000000000002',
        key: 'deal#1',
        agreement: 'deal',
        position: 1,
        kind: 'LICENSE_GRANT',
        summary: NASTY,
        grantor: 'acme',
        grantee: 'beta',
        subjects: ['model'],
        cloudProviders: [],
        exclusivity: 'EXCLUSIVE',
        startsOn: null,
        endsOn: null,
        percentage: 12.5,
        amount: { amount: 1_000_000, currency: 'USD', qualifier: 'EXACT', high: null, period: null },
        capped: true,
        cap: null,
        condition: 'if "x", then y',
        note: null,
        quantity: null,
        valuation: null,
        strike: null,
        cloudScope: null,
        tranches: [],
        alternatives: [],
        replaces: [],
        supersedes: null,
        supersedesInSnapshot: false,
        status: 'ACTIVE',
        statusNote: null,
        sources: [{ url: 'https://example.org/a?x=1&y=2', basis: 'OFFICIAL', fields: [] }],
        inForce: { from: '2025-10-28', until: null },
      },
    ],
  }
  return snapshotOf({
    sources: [{ url: 'https://example.org/a?x=1&y=2', title: NASTY, publisher: null, publishedOn: null, note: null, kind: null }],
    companies: [
      {
        id: '00000000-0000-4000-8000-000000000003',
        slug: 'acme',
        name: NASTY,
        aliases: ['A, B', 'C "D"'],
        kinds: ['AI_LAB'],
        country: 'US',
        website: null,
        description: 'line 1\nline 2',
        parent: null,
      },
      {
        id: '00000000-0000-4000-8000-000000000004',
        slug: 'beta',
        name: 'Beta',
        aliases: [],
        kinds: [],
        country: null,
        website: null,
        description: null,
        parent: 'acme',
      },
    ],
    cloudProviders: [],
    assets: [
      {
        id: '00000000-0000-4000-8000-000000000005',
        slug: 'model',
        name: 'Model "M"',
        kind: 'MODEL',
        developer: 'acme',
        releasedOn: null,
        description: null,
      },
    ],
    agreements: [agreement],
  })
}

describe('CSV', () => {
  it('quotes commas, quotes and line breaks so every field reads back unchanged', async () => {
    const nodes = parseCsv(await textOf(nodesCsv(nastySnapshot())))
    expect(nodes[0]).toEqual(['id', ...NODE_ATTRIBUTES.map((a) => a.name)])
    expect(nodes.map((r) => r[0])).toEqual(['id', 'company:acme', 'company:beta', 'asset:model'])
    const column = (rows: string[][], name: string) => rows[0]!.indexOf(name)
    const acme = nodes.find((r) => r[0] === 'company:acme')!
    expect(acme[column(nodes, 'label')]).toBe(NASTY)
    expect(acme[column(nodes, 'aliases')]).toBe('A, B; C "D"')
    expect(acme[column(nodes, 'description')]).toBe('line 1\nline 2')
    for (const row of nodes) expect(row).toHaveLength(nodes[0]!.length)

    const edges = parseCsv(await textOf(edgesCsv(nastySnapshot())))
    expect(edges[0]!.slice(0, 3)).toEqual(['id', 'source', 'target'])
    expect(edges.map((r) => r[0])).toEqual([
      'id',
      'clause:deal.1',
      'clause-subject:deal.1:model',
      'partners:deal:acme:beta',
      'develops:model',
      'parent-of:beta',
    ])
    const clause = edges.find((r) => r[0] === 'clause:deal.1')!
    expect(clause[column(edges, 'summary')]).toBe(NASTY)
    expect(clause[column(edges, 'condition')]).toBe('if "x", then y')
    expect(clause[column(edges, 'percentage')]).toBe('12.5')
    expect(clause[column(edges, 'capped')]).toBe('true')
    expect(clause[column(edges, 'capAmount')]).toBe('')
  })

  it('is byte-stable', async () => {
    expect(await textOf(nodesCsv(nastySnapshot()))).toBe(await textOf(nodesCsv(nastySnapshot())))
  })
})

describe('GraphML escaping', () => {
  it('round-trips any text through an attribute value too', () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', htmlEntities: true }).parse(
      `<a x="${escapeXml(NASTY, true)}"/>`,
    ) as { a: { '@x': string } }
    expect(parsed.a['@x']).toBe(NASTY.replace('\u0001', '\uFFFD'))
  })

  it('keeps markup characters, quotes and line breaks; replaces characters XML cannot carry', async () => {
    const parsed = parseGraphml(await textOf(graphml(nastySnapshot())))
    const acme = parsed.graph.node.find((n) => n['@id'] === 'company:acme')!
    expect(values(parsed, acme.data).label).toBe(NASTY.replace('\u0001', '\uFFFD'))
    const edge = parsed.graph.edge.find((e) => e['@id'] === 'clause:deal.1')!
    expect(values(parsed, edge.data).sources).toBe('https://example.org/a?x=1&y=2')
    expect(parsed.graph.edge.map((e) => e['@id'])).toEqual([
      'clause:deal.1',
      'clause-subject:deal.1:model',
      'partners:deal:acme:beta',
      'develops:model',
      'parent-of:beta',
    ])
  })
})

// ---- JSON and the round trip ----

describe('JSON in the import format', () => {
  let empty: { db: TestDatabase; prisma: PrismaClient }[] = []
  const emptyDatabase = async () => {
    const db = await createTestDatabase()
    const prisma = createPrismaClient(db.url)
    empty.push({ db, prisma })
    return { prisma, url: db.url }
  }
  afterAll(async () => {
    for (const { db, prisma } of empty) await prisma.$disconnect().finally(() => db.drop())
    empty = []
  })

  it('round trip: export everything, import into an empty database, export again: byte-identical', async () => {
    const first = await jsonOf(database.url, null)
    const target = await emptyDatabase()
    expect(await target.prisma.agreement.count()).toBe(0)
    await loadDataset(target.prisma, JSON.parse(first))
    const second = await jsonOf(target.url, null)
    expect(second).toBe(first)
    // And it is the whole graph, the very text JSON.stringify gives for it.
    const dataset = JSON.parse(first) as Dataset
    expect(`${JSON.stringify(dataset, null, 2)}\n`).toBe(first)
    expect(dataset.agreements).toHaveLength(await api.prisma.agreement.count())
    expect(dataset.agreements.flatMap((a) => a.clauses)).toHaveLength(await api.prisma.clause.count())
    expect(dataset.sources).toHaveLength(await api.prisma.source.count())
  }, 60_000)

  it('is sorted: entities by slug or URL, clauses by position', async () => {
    const dataset = JSON.parse(await jsonOf(database.url, null)) as Dataset
    const sorted = (list: string[]) => expect(list).toEqual([...list].sort())
    sorted(dataset.sources.map((s) => s.url))
    sorted(dataset.companies.map((c) => c.slug))
    sorted(dataset.assets.map((a) => a.slug))
    sorted(dataset.agreements.map((a) => a.slug))
    const chain = dataset.agreements.find((a) => a.slug === 'microsoft-openai-2026-04-amendment')!
    expect(chain.amends).toBe('microsoft-openai-2025-10-definitive')
    expect(chain.clauses.every((c) => !('carry' in c))).toBe(true)
  })

  it('an as-of file stands alone: it imports into an empty database and exports the same again', async () => {
    const day = '2026-01-01'
    const asOf = await jsonOf(database.url, day)
    const dataset = JSON.parse(asOf) as Dataset
    // The versions in force that day, with the links to versions outside the file left out.
    const definitive = dataset.agreements.find((a) => a.slug === 'microsoft-openai-2025-10-definitive')!
    expect(definitive.amends).toBeNull()
    expect(definitive.clauses.every((c) => 'supersedes' in c && c.supersedes === null)).toBe(true)
    const target = await emptyDatabase()
    await loadDataset(target.prisma, dataset)
    expect(await jsonOf(target.url, day)).toBe(asOf)
    expect(await jsonOf(target.url, null)).toBe(asOf)
  }, 60_000)

  it('reads in a fixed number of statements besides its FETCHes, however large the graph (no query per row)', async () => {
    const db = await createTestDatabase()
    const prisma = createPrismaClient(db.url)
    empty.push({ db, prisma })
    const statements = async (asOf: string | null) => {
      const sent: string[] = []
      await exportText(json, db.url, asOf, { onStatement: (sql) => sent.push(sql) })
      return { others: sent.filter((s) => !s.startsWith('FETCH ')), fetches: sent.length }
    }
    await buildSyntheticGraph(prisma, 2, 'small')
    const small = [await statements(null), await statements('2025-01-01')]
    await buildSyntheticGraph(prisma, 8, 'large')
    const large = [await statements(null), await statements('2025-01-01')]
    expect(large.map((s) => s.others)).toEqual(small.map((s) => s.others))
    // One FETCH per cursor here: every kind of row fits in one batch.
    for (const { others, fetches } of large) expect(fetches - others.length).toBe(others.filter((s) => s.startsWith('DECLARE ')).length)
    expect(Math.max(...small.map((s) => s.others.length))).toBeLessThanOrEqual(20)
  }, 60_000)
})

// ---- HTTP ----

describe('HTTP routes', () => {
  const get = (path: string, init: RequestInit = {}) => yoga.fetch(`http://yoga${path}`, init)

  it.each([
    ['/export/graph.graphml?asOf=2026-01-01', 'application/graphml+xml', 'partnerships-2026-01-01-graph.graphml'],
    ['/export/nodes.csv?asOf=2026-01-01', 'text/csv', 'partnerships-2026-01-01-nodes.csv'],
    ['/export/edges.csv', 'text/csv', 'partnerships-all-edges.csv'],
    ['/export/graph.json?asOf=2026-11-27', 'application/json', 'partnerships-2026-11-27-graph.json'],
  ])('%s is a download of the right type', async (path, type, filename) => {
    const response = await get(path)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain(type)
    expect(response.headers.get('content-type')).toContain('charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`)
    expect((await response.text()).length).toBeGreaterThan(100)
  })

  it('serves the same bytes as the export functions', async () => {
    const response = await get('/export/graph.graphml?asOf=2026-11-27')
    expect(await response.text()).toBe(await exportText(graphml, database.url, '2026-11-27'))
    const file = await get('/export/graph.json')
    expect(await file.text()).toBe(await jsonOf(database.url, null))
  })

  it.each([
    ['2026-13-01', /month must be 01–12/],
    ['2026-02-30', /day must be 01–28/],
    ['2026', /a full date is required/],
    ['', /it is empty/],
  ])('asOf=%s is a 400 naming the parameter and the rule', async (value, rule) => {
    const response = await get(`/export/graph.graphml?asOf=${encodeURIComponent(value)}`)
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toContain('text/plain')
    const text = await response.text()
    expect(text).toContain('"asOf"')
    expect(text).toContain('YYYY-MM-DD')
    expect(text).toMatch(rule)
  })

  it('an unknown export is a 404 listing the real ones; other methods a 405', async () => {
    const missing = await get('/export/graph.gexf')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('/export/graph.graphml')
    const post = await get('/export/graph.json', { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET')
  })

  it('leaves GraphQL alone', async () => {
    const response = await get('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    })
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } })
  })
})

// ---- the CLI ----

describe('npm run export', () => {
  const run = promisify(execFile)
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/export.ts', ...args], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, ...env },
    })

  it.each([
    [['--format', 'xml'], /--format "xml" is not one of graphml, csv, json/],
    [['--format', 'json', '--as-of', '2026-02-30'], /--as-of "2026-02-30" is not a day: day must be 01–28/],
    [['--as-of', '2026-01-01'], /--format is required/],
    [['--format', 'csv'], /give --out <directory>/],
  ])(
    '%j fails with a clear message and exit code 2',
    async (args, message) => {
      const error = await cli(args).catch((e: { code: number; stderr: string }) => e)
      expect(error).toMatchObject({ code: 2 })
      expect((error as { stderr: string }).stderr).toMatch(message)
    },
    30_000,
  )

  it('writes nodes.csv and edges.csv into the --out directory, the same as the HTTP route', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-test-'))
    try {
      const { stderr } = await cli(['--format', 'csv', '--as-of', '2026-01-01', '--out', dir], { DATABASE_URL: database.url })
      expect(stderr).toContain('edges.csv')
      const nodes = await readFile(join(dir, 'nodes.csv'), 'utf8')
      expect(nodes).toBe(await (await yoga.fetch('http://yoga/export/nodes.csv?asOf=2026-01-01')).text())
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
