// The snapshot as a property graph, shared by the GraphML and CSV exports, built row by row as the
// snapshot's streams are read: nodes first, then edges, each in the snapshot's order.
//
// Nodes: companies, cloud providers and assets; id = `<type>:<slug>`. Agreements are not nodes:
// every edge that comes from a clause carries its clause and agreement as attributes.
// Edges (directed), by `relation`:
//   CLAUSE          grantor -> grantee, one per clause with both parties (licensor -> licensee,
//                   payer -> payee, issuer -> holder)
//   CLAUSE_SUBJECT  grantee -> each asset the clause names (the grantor when it has no grantee)
//   CLAUSE_CLOUD    grantee -> each cloud provider the clause names (likewise)
//   OPERATES        operator company -> cloud provider
//   DEVELOPS        developer company -> asset
//   PARENT_OF       parent company -> subsidiary
//   PARTNERS        one per pair of parties of an agreement version, the first by slug -> the other
// The three clause relations carry every clause attribute, so filtering by agreement, kind or
// date keeps a clause's edges together; PARTNERS carries its agreement's; the other three none.
// `globalId`, `clauseId` and `agreementId` are the GraphQL global IDs, so rows join API results. A clause with neither
// party, or with one party and nothing it names, has no edge to draw (it is in the JSON export).
import { encodeGlobalID } from '@pothos/plugin-relay'
import { alternativeText, moneyText, quantityText } from '../domain/terms.js'
import type {
  Snapshot,
  SnapshotAgreement,
  SnapshotAsset,
  SnapshotClause,
  SnapshotCloudProvider,
  SnapshotCompany,
  SnapshotTranche,
} from './snapshot.js'
import type { PartialDate } from '../domain/partial-date.js'

export type AttributeType = 'string' | 'boolean' | 'double'
/** A list (names, kinds) stays a list until written: each format joins it with "; " its own way. */
export type Value = string | number | boolean | null | readonly string[]

export interface Attribute<N extends string = string> {
  name: N
  type: AttributeType
  description: string
}

const attr = <N extends string>(name: N, type: AttributeType, description: string): Attribute<N> => ({ name, type, description })

export const NODE_ATTRIBUTES = [
  attr('type', 'string', 'company, cloud-provider or asset'),
  attr('globalId', 'string', 'GraphQL global ID (node(id:) reads it)'),
  attr('label', 'string', 'Name'),
  attr('slug', 'string', 'Slug, unique within the type'),
  attr('kinds', 'string', 'Company kinds, or the asset kind ("; "-separated)'),
  attr('aliases', 'string', 'Other names of a company ("; "-separated)'),
  attr('country', 'string', 'ISO 3166 country code of a company'),
  attr('website', 'string', 'Website of a company'),
  attr('description', 'string', 'Description'),
  attr('parent', 'string', 'Slug of the parent company'),
  attr('operator', 'string', 'Slug of the company operating a cloud provider'),
  attr('developer', 'string', 'Slug of the company developing an asset'),
  attr('releasedOn', 'string', 'Release date of an asset (partial date: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)'),
] as const

export const EDGE_ATTRIBUTES = [
  attr('relation', 'string', 'CLAUSE, CLAUSE_SUBJECT, CLAUSE_CLOUD, PARTNERS, OPERATES, DEVELOPS or PARENT_OF'),
  attr('label', 'string', 'Short description of the relation'),
  attr('clause', 'string', 'Key of the clause (<agreement-slug>#<n>)'),
  attr('clauseId', 'string', 'GraphQL global ID of the clause'),
  attr('kind', 'string', 'Clause kind (LICENSE_GRANT, REVENUE_SHARE, ...)'),
  attr('summary', 'string', 'The clause in one sentence'),
  attr('grantor', 'string', 'Slug of the granting / paying / issuing company'),
  attr('grantee', 'string', 'Slug of the receiving company'),
  attr('exclusivity', 'string', 'EXCLUSIVE, NON_EXCLUSIVE or UNSPECIFIED'),
  attr('startsOn', 'string', 'Own start of the clause as written (partial date)'),
  attr('startsEarliest', 'string', 'First day the start can mean (YYYY-MM-DD)'),
  attr('startsLatest', 'string', 'Last day the start can mean (YYYY-MM-DD)'),
  attr('endsOn', 'string', 'Own end of the clause as written (partial date)'),
  attr('endsEarliest', 'string', 'First day the end can mean (YYYY-MM-DD)'),
  attr('endsLatest', 'string', 'Last day the end can mean (YYYY-MM-DD)'),
  attr('inForceFrom', 'string', 'First day the clause is in force (YYYY-MM-DD; empty = never)'),
  attr('inForceUntil', 'string', 'Last day the clause is in force (YYYY-MM-DD; empty = open-ended)'),
  attr('percentage', 'double', 'Percentage (revenue share, equity stake)'),
  attr('amount', 'double', 'Amount of money'),
  attr('currency', 'string', 'Currency of the amount (ISO 4217)'),
  attr('capped', 'boolean', 'Whether the clause is capped'),
  attr('capAmount', 'double', 'Cap amount, when known'),
  attr('capCurrency', 'string', 'Currency of the cap'),
  attr('amountQualifier', 'string', 'How exactly the amount is known: EXACT, ABOUT, UP_TO, AT_LEAST or RANGE'),
  attr('amountHigh', 'double', 'RANGE only: the high end of the amount'),
  attr('amountPeriod', 'string', 'What the amount covers: ONE_TIME, PER_YEAR, PER_MONTH or OVER_TERM'),
  attr('amountText', 'string', 'The amount as an analyst writes it ("up to $100B", "$20–25M a year")'),
  attr('quantity', 'double', 'Quantity (the low end of a RANGE)'),
  attr('quantityHigh', 'double', 'RANGE only: the high end of the quantity'),
  attr('quantityUnit', 'string', 'Unit of the quantity: GW, MW, GPUS, TPUS, CHIPS, WAFERS_PER_MONTH, SHARES or PEOPLE'),
  attr('quantityQualifier', 'string', 'How exactly the quantity is known'),
  attr('quantityText', 'string', 'The quantity as an analyst writes it ("about 6 GW")'),
  attr('valuationAmount', 'double', 'Valuation of the company invested in'),
  attr('valuationCurrency', 'string', 'Currency of the valuation'),
  attr('valuationBasis', 'string', 'PRE_MONEY or POST_MONEY'),
  attr('strikeAmount', 'double', 'Warrants and options: price per share'),
  attr('strikeCurrency', 'string', 'Currency of the strike price'),
  attr('cloudScope', 'string', 'NAMED, ANY or ANY_EXCEPT (the clouds named are the excluded ones)'),
  attr('tranches', 'string', 'Parts of the money or quantity, in order, as text ("$15B on 2026-02; up to $35B if on milestones")'),
  attr('alternatives', 'string', 'Other reported values, as text ("percentage: 25% (https://…)"), "; "-separated'),
  attr('condition', 'string', 'Condition attached to the clause'),
  attr('supersedes', 'string', 'Key of the clause of the amended version that this one replaces'),
  attr('replaces', 'string', 'Keys of clauses of supplements of the same deal that this one replaces ("; "-separated)'),
  attr('agreement', 'string', 'Slug of the agreement version'),
  attr('agreementId', 'string', 'GraphQL global ID of the agreement version'),
  attr('agreementTitle', 'string', 'Title of the agreement version'),
  attr('agreementStatus', 'string', 'ANNOUNCED, ACTIVE, SUPERSEDED, EXPIRED or TERMINATED (as recorded today)'),
  attr('sources', 'string', 'URLs of the sources the clause cites (space-separated)'),
  attr('roles', 'string', 'PARTNERS: the two parties\' roles in the agreement ("openai: PARTNER; softbank: INVESTOR, PARTNER")'),
] as const

export type NodeAttribute = (typeof NODE_ATTRIBUTES)[number]['name']
export type EdgeAttribute = (typeof EDGE_ATTRIBUTES)[number]['name']

export interface GraphNode {
  id: string
  values: Partial<Record<NodeAttribute, Value>>
}

export interface GraphEdge {
  id: string
  source: string
  target: string
  values: Partial<Record<EdgeAttribute, Value>>
}

export const nodeId = {
  company: (slug: string) => `company:${slug}`,
  cloud: (slug: string) => `cloud-provider:${slug}`,
  asset: (slug: string) => `asset:${slug}`,
}

// GraphML ids are XML name tokens, which may not contain '#'; slugs never contain '.'.
const clauseId = (key: string) => key.replace('#', '.')
const list = (items: readonly string[]) => (items.length === 0 ? null : items)
const words = (kind: string) => kind.toLowerCase().replaceAll('_', ' ')

function clauseLabel(c: SnapshotClause): string {
  const parts = [words(c.kind)]
  if (c.exclusivity !== 'UNSPECIFIED') parts.push(words(c.exclusivity).replace(' ', '-'))
  if (c.percentage !== null) parts.push(`${c.percentage}%`)
  if (c.endsOn) parts.push(`until ${c.endsOn.text}`)
  return parts.join(', ')
}

function dateValues<P extends 'starts' | 'ends'>(prefix: P, d: PartialDate | null) {
  return {
    [`${prefix}On`]: d?.text ?? null,
    [`${prefix}Earliest`]: d?.earliest ?? null,
    [`${prefix}Latest`]: d?.latest ?? null,
  } as Record<`${P}On` | `${P}Earliest` | `${P}Latest`, string | null>
}

/** A list value as one text: its items joined with "; ". */
export const listText = (items: readonly string[]) => items.join('; ')

const companyNode = (c: SnapshotCompany): GraphNode => ({
  id: nodeId.company(c.slug),
  values: {
    type: 'company',
    globalId: encodeGlobalID('Company', c.id),
    label: c.name,
    slug: c.slug,
    kinds: list(c.kinds),
    aliases: list(c.aliases),
    country: c.country,
    website: c.website,
    description: c.description,
    parent: c.parent,
  },
})

const cloudNode = (c: SnapshotCloudProvider): GraphNode => ({
  id: nodeId.cloud(c.slug),
  values: {
    type: 'cloud-provider',
    globalId: encodeGlobalID('CloudProvider', c.id),
    label: c.name,
    slug: c.slug,
    description: c.description,
    operator: c.operator,
  },
})

const assetNode = (a: SnapshotAsset): GraphNode => ({
  id: nodeId.asset(a.slug),
  values: {
    type: 'asset',
    globalId: encodeGlobalID('Asset', a.id),
    label: a.name,
    slug: a.slug,
    kinds: a.kind,
    description: a.description,
    developer: a.developer,
    releasedOn: a.releasedOn?.text ?? null,
  },
})

const nonEmpty = (items: string[]) => (items.length === 0 ? null : items)

/** "$15B on 2026-02", "up to $35B if on milestones", "1 GW on 2026 if first gigawatt". */
function trancheText(t: SnapshotTranche): string {
  const figures = [t.amount && moneyText(t.amount), t.quantity && quantityText(t.quantity)].filter((x) => x).join(' and ')
  return `${figures}${t.on ? ` on ${t.on}` : ''}${t.condition ? ` if ${t.condition}` : ''}`
}

function* clauseEdges(agreement: SnapshotAgreement, c: SnapshotClause): Generator<GraphEdge> {
  const values = {
    clause: c.key,
    clauseId: encodeGlobalID('Clause', c.id),
    kind: c.kind,
    summary: c.summary,
    grantor: c.grantor,
    grantee: c.grantee,
    exclusivity: c.exclusivity,
    ...dateValues('starts', c.startsOn),
    ...dateValues('ends', c.endsOn),
    inForceFrom: c.inForce.from,
    inForceUntil: c.inForce.until,
    percentage: c.percentage,
    amount: c.amount?.amount ?? null,
    currency: c.amount?.currency ?? null,
    capped: c.capped,
    capAmount: c.cap?.amount ?? null,
    capCurrency: c.cap?.currency ?? null,
    amountQualifier: c.amount?.qualifier ?? null,
    amountHigh: c.amount?.high ?? null,
    amountPeriod: c.amount?.period ?? null,
    amountText: c.amount ? moneyText(c.amount) : null,
    quantity: c.quantity?.value ?? null,
    quantityHigh: c.quantity?.high ?? null,
    quantityUnit: c.quantity?.unit ?? null,
    quantityQualifier: c.quantity?.qualifier ?? null,
    quantityText: c.quantity ? quantityText(c.quantity) : null,
    valuationAmount: c.valuation?.amount ?? null,
    valuationCurrency: c.valuation?.currency ?? null,
    valuationBasis: c.valuation?.basis ?? null,
    strikeAmount: c.strike?.amount ?? null,
    strikeCurrency: c.strike?.currency ?? null,
    cloudScope: c.cloudScope,
    tranches: c.tranches.length === 0 ? null : c.tranches.map(trancheText),
    alternatives:
      c.alternatives.length === 0
        ? null
        : c.alternatives.map((a) => `${a.field}: ${alternativeText(a.field, a.value)} (${a.sources.map((s) => s.url).join(' ')})`),
    condition: c.condition,
    supersedes: c.supersedes,
    replaces: nonEmpty(c.replaces.filter((r) => r.inSnapshot).map((r) => r.key)),
    agreement: c.agreement,
    agreementId: encodeGlobalID('Agreement', agreement.id),
    agreementTitle: agreement.title,
    agreementStatus: agreement.status,
    sources: c.sources.length === 0 ? null : c.sources.map((s) => s.url).join(' '),
  }
  const label = clauseLabel(c)
  const id = clauseId(c.key)
  if (c.grantor !== null && c.grantee !== null) {
    yield {
      id: `clause:${id}`,
      source: nodeId.company(c.grantor),
      target: nodeId.company(c.grantee),
      values: { relation: 'CLAUSE', label, ...values },
    }
  }
  const holder = c.grantee ?? c.grantor
  if (holder === null) return
  for (const asset of c.subjects) {
    yield {
      id: `clause-subject:${id}:${asset}`,
      source: nodeId.company(holder),
      target: nodeId.asset(asset),
      values: { relation: 'CLAUSE_SUBJECT', label: `${words(c.kind)}: subject`, ...values },
    }
  }
  for (const cloud of c.cloudProviders) {
    yield {
      id: `clause-cloud:${id}:${cloud}`,
      source: nodeId.company(holder),
      target: nodeId.cloud(cloud),
      values: { relation: 'CLAUSE_CLOUD', label: `${words(c.kind)}: cloud`, ...values },
    }
  }
}

/** An edge between each two parties of the version (parties come sorted by slug). */
function* partnerEdges(a: SnapshotAgreement): Generator<GraphEdge> {
  const roles = (p: SnapshotAgreement['parties'][number]) => `${p.company}: ${p.roles.join(', ')}`
  for (const [i, one] of a.parties.entries()) {
    for (const other of a.parties.slice(i + 1)) {
      yield {
        id: `partners:${a.slug}:${one.company}:${other.company}`,
        source: nodeId.company(one.company),
        target: nodeId.company(other.company),
        values: {
          relation: 'PARTNERS',
          label: 'partners',
          agreement: a.slug,
          agreementId: encodeGlobalID('Agreement', a.id),
          agreementTitle: a.title,
          agreementStatus: a.status,
          roles: [roles(one), roles(other)],
        },
      }
    }
  }
}

/** Companies, cloud providers, assets, each by slug. */
export async function* graphNodes(snapshot: Snapshot): AsyncGenerator<GraphNode> {
  for await (const c of snapshot.companies()) yield companyNode(c)
  for await (const c of snapshot.cloudProviders()) yield cloudNode(c)
  for await (const a of snapshot.assets()) yield assetNode(a)
}

/** By agreement: its clause edges (by position), then its partner edges; then operator, developer and parent links. */
export async function* graphEdges(snapshot: Snapshot): AsyncGenerator<GraphEdge> {
  for await (const agreement of snapshot.agreements()) {
    for (const clause of agreement.clauses) yield* clauseEdges(agreement, clause)
    yield* partnerEdges(agreement)
  }
  for await (const c of snapshot.cloudProviders()) {
    yield {
      id: `operates:${c.slug}`,
      source: nodeId.company(c.operator),
      target: nodeId.cloud(c.slug),
      values: { relation: 'OPERATES', label: 'operates' },
    }
  }
  for await (const a of snapshot.assets()) {
    if (a.developer === null) continue
    yield {
      id: `develops:${a.slug}`,
      source: nodeId.company(a.developer),
      target: nodeId.asset(a.slug),
      values: { relation: 'DEVELOPS', label: 'develops' },
    }
  }
  for await (const c of snapshot.companies()) {
    if (c.parent === null) continue
    yield {
      id: `parent-of:${c.slug}`,
      source: nodeId.company(c.parent),
      target: nodeId.company(c.slug),
      values: { relation: 'PARENT_OF', label: 'parent of' },
    }
  }
}
