import { encodeGlobalID } from '@pothos/plugin-relay'
import { GraphQLError } from 'graphql'
import type { Agreement, Asset, Clause, CloudProvider, Company } from '../generated/prisma/client.js'
import type { ClauseKind, Exclusivity } from '../generated/prisma/enums.js'
import { builder } from '../builder.js'
import { linksBetween } from '../db/graph-queries.js'
import { clauseInForceWhere } from '../db/in-force-where.js'
import { DEFAULT_MAX_EDGES, type EdgeUnit, MAX_EDGES, unitsWithinBudget } from '../db/neighborhood-budget.js'
import { DEFAULT_DEPTH, MAX_COMPANIES, MAX_DEPTH, neighborhoodMembers } from '../db/neighborhood-members.js'
import { prisma } from '../db/prisma.js'
import { AgreementRef } from './agreement.js'
import { AssetRef } from './asset.js'
import { ClauseRef } from './clause.js'
import { CloudProviderRef } from './cloud-provider.js'
import { CompanyRef } from './company.js'
import { ClauseKindEnum, ExclusivityEnum } from './enums.js'
import { sqlRootField } from '../sql-execution/field-sql.js'
import { neighborhood as neighborhoodSql } from '../sql-execution/neighborhood.js'

type NodeType = 'COMPANY' | 'ASSET' | 'CLOUD_PROVIDER'
type Relation = 'GRANTS' | 'CONCERNS' | 'NAMES_CLOUD' | 'PARTNERS'

interface GraphNode {
  id: string
  type: NodeType
  slug: string
  label: string
  depth: number | null
  entity: Company | Asset | CloudProvider
}

interface GraphEdge {
  id: string
  source: string
  target: string
  relation: Relation
  kind: ClauseKind | null
  exclusivity: Exclusivity | null
  clause: Clause | null
  agreement: Agreement
}

interface Graph {
  nodes: GraphNode[]
  edges: GraphEdge[]
  truncated: boolean
}

const NodeTypeEnum = builder.enumType('GraphNodeType', { values: ['COMPANY', 'ASSET', 'CLOUD_PROVIDER'] as const })
const RelationEnum = builder.enumType('GraphRelation', {
  values: {
    GRANTS: { description: 'A clause, from its grantor to its grantee.' },
    CONCERNS: { description: 'From a clause’s grantor to an asset the clause is about.' },
    NAMES_CLOUD: { description: 'From a clause’s grantor to a cloud the clause names.' },
    PARTNERS: { description: 'Parties to one agreement with no clause between them.' },
  } as const,
})

const GraphNodeRef = builder.objectRef<GraphNode>('GraphNode').implement({
  description: 'A company, asset or cloud provider; `id` is its global ID (usable with `node`).',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.field({ type: NodeTypeEnum, resolve: (n) => n.type }),
    slug: t.exposeString('slug'),
    label: t.exposeString('label'),
    depth: t.exposeInt('depth', { nullable: true, description: 'Hops from the centre (companies only).' }),
    company: t.field({ type: CompanyRef, nullable: true, resolve: (n) => (n.type === 'COMPANY' ? (n.entity as Company) : null) }),
    asset: t.field({ type: AssetRef, nullable: true, resolve: (n) => (n.type === 'ASSET' ? (n.entity as Asset) : null) }),
    cloudProvider: t.field({
      type: CloudProviderRef,
      nullable: true,
      resolve: (n) => (n.type === 'CLOUD_PROVIDER' ? (n.entity as CloudProvider) : null),
    }),
  }),
})

const GraphEdgeRef = builder.objectRef<GraphEdge>('GraphEdge').implement({
  description: 'A typed, directed link between two nodes of a graph.',
  fields: (t) => ({
    id: t.exposeID('id'),
    source: t.exposeID('source', { description: 'ID of the source node.' }),
    target: t.exposeID('target', { description: 'ID of the target node.' }),
    relation: t.field({ type: RelationEnum, resolve: (e) => e.relation }),
    kind: t.field({ type: ClauseKindEnum, nullable: true, resolve: (e) => e.kind }),
    exclusivity: t.field({ type: ExclusivityEnum, nullable: true, resolve: (e) => e.exclusivity }),
    clause: t.field({ type: ClauseRef, nullable: true, resolve: (e) => e.clause }),
    agreement: t.field({ type: AgreementRef, resolve: (e) => e.agreement }),
  }),
})

const GraphRef = builder.objectRef<Graph>('Graph').implement({
  description: 'Nodes and typed edges, ready for a graph view.',
  fields: (t) => ({
    nodes: t.field({ type: [GraphNodeRef], resolve: (g) => g.nodes }),
    edges: t.field({ type: [GraphEdgeRef], resolve: (g) => g.edges }),
    truncated: t.exposeBoolean('truncated', {
      description: `True when some of the graph was left out: more than ${MAX_COMPANIES} companies in reach, or more edges than maxEdges.`,
    }),
  }),
})

async function buildNeighborhood(center: Company, depth: number, activeOn: string | null, maxEdges: number): Promise<Graph> {
  const { depthById, truncated } = await neighborhoodMembers(center.id, depth, activeOn)
  const ids = [...depthById.keys()]
  const byNameThenSlug = [{ name: 'asc' as const }, { slug: 'asc' as const }]

  // Every term between the members competes for the budget, but only the kept ones are loaded
  // whole: a hub's neighbourhood has thousands of terms and keeps a few hundred.
  const [companies, terms, links] = await Promise.all([
    prisma().company.findMany({ where: { id: { in: ids } }, orderBy: byNameThenSlug }),
    prisma().clause.findMany({
      where: {
        grantorId: { in: ids },
        granteeId: { in: ids },
        ...(activeOn ? clauseInForceWhere(activeOn) : { agreement: { amendedBy: { none: {} } } }),
      },
      select: { id: true, agreementId: true, grantorId: true, granteeId: true, _count: { select: { subjects: true, cloudProviders: true } } },
      orderBy: [{ agreementId: 'asc' }, { position: 'asc' }],
    }),
    linksBetween(ids, ids, activeOn),
  ])

  // One PARTNERS edge per unordered pair and agreement, only where no clause already joins them.
  const pairKey = (agreementId: string, a: string, b: string) => `${agreementId}:${[a, b].sort().join(':')}`
  const linked = new Set(terms.map((c) => pairKey(c.agreementId, c.grantorId!, c.granteeId!)))
  const partners = links.filter((l) => l.from < l.to && !linked.has(pairKey(l.agreementId, l.from, l.to)))

  const depthsOf = (a: string, b: string): [number, number] => [depthById.get(a)!, depthById.get(b)!]
  const clauseUnits = terms.map((term, rank) => ({
    group: 0 as const, rank, term, depths: depthsOf(term.grantorId!, term.granteeId!),
    edges: 1 + term._count.subjects + term._count.cloudProviders,
  }))
  const linkUnits = partners.map((link, rank) => ({ group: 1 as const, rank, link, depths: depthsOf(link.from, link.to), edges: 1 }))
  const kept = unitsWithinBudget<EdgeUnit>([...clauseUnits, ...linkUnits], maxEdges)
  const keptTerms = clauseUnits.filter((u) => kept.has(u)).map((u) => u.term.id)
  const loaded = await prisma().clause.findMany({
    where: { id: { in: keptTerms } },
    include: { agreement: true, subjects: { orderBy: byNameThenSlug }, cloudProviders: { orderBy: byNameThenSlug } },
  })
  const clauseById = new Map(loaded.map((c) => [c.id, c]))
  // A term deleted between the two reads is left out rather than failing the request.
  const clauses = keptTerms.flatMap((id) => clauseById.get(id) ?? [])

  const companyNode = (c: Company): GraphNode => ({
    id: encodeGlobalID('Company', c.id), type: 'COMPANY', slug: c.slug, label: c.name, depth: depthById.get(c.id) ?? null, entity: c,
  })
  const nodes = new Map(companies.map((c) => [c.id, companyNode(c)]))
  const edges: GraphEdge[] = []
  for (const clause of clauses) {
    const { agreement } = clause
    const source = encodeGlobalID('Company', clause.grantorId!)
    const base = { kind: clause.kind, exclusivity: clause.exclusivity, clause, agreement }
    const clauseId = encodeGlobalID('Clause', clause.id)
    edges.push({ ...base, id: clauseId, source, target: encodeGlobalID('Company', clause.granteeId!), relation: 'GRANTS' })
    for (const asset of clause.subjects) {
      nodes.set(asset.id, { id: encodeGlobalID('Asset', asset.id), type: 'ASSET', slug: asset.slug, label: asset.name, depth: null, entity: asset })
      edges.push({ ...base, id: `${clauseId}:${asset.slug}`, source, target: encodeGlobalID('Asset', asset.id), relation: 'CONCERNS' })
    }
    for (const cloud of clause.cloudProviders) {
      nodes.set(cloud.id, { id: encodeGlobalID('CloudProvider', cloud.id), type: 'CLOUD_PROVIDER', slug: cloud.slug, label: cloud.name, depth: null, entity: cloud })
      edges.push({ ...base, id: `${clauseId}:${cloud.slug}`, source, target: encodeGlobalID('CloudProvider', cloud.id), relation: 'NAMES_CLOUD' })
    }
  }
  const keptLinks = linkUnits.filter((u) => kept.has(u)).map((u) => u.link)
  const agreementById = new Map(clauses.map((c) => [c.agreementId, c.agreement]))
  const missing = [...new Set(keptLinks.map((l) => l.agreementId))].filter((id) => !agreementById.has(id))
  if (missing.length > 0) {
    for (const a of await prisma().agreement.findMany({ where: { id: { in: missing } } })) agreementById.set(a.id, a)
  }
  for (const link of keptLinks) {
    edges.push({
      id: `${encodeGlobalID('Agreement', link.agreementId)}:${link.from}:${link.to}`,
      source: encodeGlobalID('Company', link.from),
      target: encodeGlobalID('Company', link.to),
      relation: 'PARTNERS',
      kind: null,
      exclusivity: null,
      clause: null,
      agreement: agreementById.get(link.agreementId)!,
    })
  }
  return { nodes: [...nodes.values()], edges, truncated: truncated || kept.size < clauseUnits.length + linkUnits.length }
}

builder.queryField('neighborhood', (t) =>
  t.field({
    type: GraphRef,
    extensions: sqlRootField(neighborhoodSql, ['slug', 'depth', 'activeOn', 'maxEdges']),
    description:
      'The companies within `depth` agreements of a company, with the assets and clouds their clauses name, as nodes and typed edges (at most maxEdges, the nearest to the centre). Only versions in force on activeOn when given, else the latest version of each deal.',
    args: {
      slug: t.arg.string({ required: true, description: 'Company slug.' }),
      depth: t.arg.int({ required: false, defaultValue: DEFAULT_DEPTH, description: `1 to ${MAX_DEPTH}.` }),
      activeOn: t.arg({ type: 'Date', required: false }),
      maxEdges: t.arg.int({
        required: false,
        defaultValue: DEFAULT_MAX_EDGES,
        description: `1 to ${MAX_EDGES}. The edges nearest the centre are kept, whole terms at a time; truncated says when some were left out.`,
      }),
    },
    resolve: async (_root, args) => {
      const depth = args.depth ?? DEFAULT_DEPTH
      if (depth < 1 || depth > MAX_DEPTH) {
        throw new GraphQLError(`Argument "depth" must be between 1 and ${MAX_DEPTH} (got ${depth})`, {
          extensions: { code: 'BAD_USER_INPUT', argument: 'depth' },
        })
      }
      const maxEdges = args.maxEdges ?? DEFAULT_MAX_EDGES
      if (maxEdges < 1 || maxEdges > MAX_EDGES) {
        throw new GraphQLError(`Argument "maxEdges" must be between 1 and ${MAX_EDGES} (got ${maxEdges})`, {
          extensions: { code: 'BAD_USER_INPUT', argument: 'maxEdges' },
        })
      }
      const center = await prisma().company.findUnique({ where: { slug: args.slug } })
      if (!center) {
        throw new GraphQLError(`Argument "slug": no company with slug "${args.slug}"`, {
          extensions: { code: 'NOT_FOUND', argument: 'slug' },
        })
      }
      return buildNeighborhood(center, depth, args.activeOn ?? null, maxEdges)
    },
  }),
)
