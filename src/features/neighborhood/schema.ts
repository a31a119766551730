import { GraphQLError } from 'graphql'
import type { Agreement, Asset, Clause, CloudProvider, Company } from '../../generated/prisma/client.js'
import type { ClauseKind, Exclusivity } from '../../generated/prisma/enums.js'
import { builder } from '../../builder.js'
import { slugOf, unknownSlugError } from '../../schema/slug-args.js'
import { DEFAULT_MAX_EDGES, MAX_EDGES } from './budget.js'
import { DEFAULT_DEPTH, MAX_COMPANIES, MAX_DEPTH } from './members.js'
import { prisma } from '../../db/setup/prisma.js'
import { AgreementRef } from '../../schema/agreement.js'
import { AssetRef } from '../../schema/asset.js'
import { ClauseRef } from '../../schema/clause.js'
import { CloudProviderRef } from '../../schema/cloud-provider.js'
import { CompanyRef } from '../../schema/company.js'
import { ClauseKindEnum, ExclusivityEnum } from '../../schema/enums.js'
import { sqlRootField } from '../../sql-execution/field-sql.js'
import { type NodeRow, neighborhood as neighborhoodSql, neighborhoodRows } from './graph-sql.js'

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
    id: t.exposeID('id', {
      description: 'Its own global ID, the same on every request and never a record’s: what a client store keys the edge on.',
    }),
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

/** The graph of neighborhoodRows (the one rule for both ways of answering), with its records loaded. */
async function buildNeighborhood(center: Company, depth: number, activeOn: string | null, maxEdges: number): Promise<Graph> {
  const rows = await neighborhoodRows(center.id, depth, activeOn, maxEdges)
  const idsOf = (type: NodeRow['type']) => rows.nodes.filter((n) => n.type === type).map((n) => n.id)
  const clauseIds = [...new Set(rows.edges.flatMap((e) => e.clauseId ?? []))]
  const agreementIds = [...new Set(rows.edges.map((e) => e.agreementId))]
  const [companies, assets, clouds, clauses, agreements] = await Promise.all([
    prisma().company.findMany({ where: { id: { in: idsOf('COMPANY') } } }),
    prisma().asset.findMany({ where: { id: { in: idsOf('ASSET') } } }),
    prisma().cloudProvider.findMany({ where: { id: { in: idsOf('CLOUD_PROVIDER') } } }),
    prisma().clause.findMany({ where: { id: { in: clauseIds } } }),
    prisma().agreement.findMany({ where: { id: { in: agreementIds } } }),
  ])
  const entities = new Map<string, Company | Asset | CloudProvider>([...companies, ...assets, ...clouds].map((e) => [e.id, e]))
  const clauseById = new Map(clauses.map((c) => [c.id, c]))
  const agreementById = new Map(agreements.map((a) => [a.id, a]))
  // A record deleted between the statements is left out rather than failing the request.
  const nodes = rows.nodes.flatMap((n) => {
    const entity = entities.get(n.id)
    return entity ? [{ id: n.globalId, type: n.type, slug: n.slug, label: n.label, depth: n.depth, entity }] : []
  })
  const edges = rows.edges.flatMap((e) => {
    const agreement = agreementById.get(e.agreementId)
    const clause = e.clauseId ? clauseById.get(e.clauseId) : null
    if (!agreement || clause === undefined) return []
    return [{ id: e.id, source: e.source, target: e.target, relation: e.relation, kind: e.kind, exclusivity: e.exclusivity, clause, agreement }]
  })
  return { nodes, edges, truncated: rows.truncated }
}

builder.queryField('neighborhood', (t) =>
  t.field({
    type: GraphRef,
    extensions: sqlRootField(neighborhoodSql, ['slug', 'depth', 'activeOn', 'maxEdges']),
    description:
      'The companies within `depth` agreements of a company, with the assets and clouds their clauses name, as nodes and typed edges (at most maxEdges, the nearest to the centre). Only versions in force on activeOn when given, else the latest version of each deal.',
    args: {
      slug: t.arg.string({ required: true, description: 'Company slug.', extensions: slugOf('Company') }),
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
      if (!center) throw unknownSlugError({ table: 'Company', slug: args.slug, argument: 'slug' })
      return buildNeighborhood(center, depth, args.activeOn ?? null, maxEdges)
    },
  }),
)
