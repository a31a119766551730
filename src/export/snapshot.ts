// The graph as it stood on a day, read as sorted streams of rows through an export session's
// cursors (session.ts): one statement per kind of row, however large the graph, and never the
// whole graph in memory. Rows come out keyed by slug / URL / clause key (never database ids) and
// sorted, so exports built from a snapshot are byte-stable; an agreement comes with its clauses.
import type {
  AgreementKind,
  AgreementStatus,
  AssetKind,
  ClauseKind,
  ClauseStatus,
  CompanyKind,
  Exclusivity,
  PartyRole,
  CloudScope,
  SourceBasis,
  SourceKind,
  ValuationBasis,
} from '../generated/prisma/enums.js'
import type { QualifiedMoney, Quantity } from '../domain/terms.js'
import type { DayInterval } from '../domain/in-force.js'
import type { PartialDate } from '../domain/partial-date.js'
import type { ExportSession } from './session.js'
import {
  agreementsSql,
  assetsSql,
  clausesSql,
  cloudProvidersSql,
  companiesSql,
  sourcesSql,
  type AgreementRow,
  type ClauseRow,
} from './snapshot-sql.js'

export interface Money {
  amount: number
  currency: string
}

export interface SnapshotCitation {
  url: string
  basis: SourceBasis
  /** The fields the source supports; empty: all. */
  fields: string[]
}

export interface SnapshotTranche {
  amount: QualifiedMoney | null
  quantity: Quantity | null
  on: string | null
  condition: string | null
}

export interface SnapshotAlternative {
  field: string
  /** In the import format's shape for the field. */
  value: unknown
  note: string | null
  sources: { url: string; basis: SourceBasis }[]
}

export interface SnapshotSource {
  url: string
  title: string | null
  publisher: string | null
  publishedOn: string | null
  note: string | null
  kind: SourceKind | null
}

export interface SnapshotCompany {
  /** The row's UUID (the GraphQL global ID is made from it). */
  id: string
  slug: string
  name: string
  aliases: string[]
  kinds: CompanyKind[]
  country: string | null
  website: string | null
  description: string | null
  parent: string | null
}

export interface SnapshotCloudProvider {
  /** The row's UUID (the GraphQL global ID is made from it). */
  id: string
  slug: string
  name: string
  operator: string
  description: string | null
}

export interface SnapshotAsset {
  /** The row's UUID (the GraphQL global ID is made from it). */
  id: string
  slug: string
  name: string
  kind: AssetKind
  developer: string | null
  releasedOn: PartialDate | null
  description: string | null
}

export interface SnapshotClause {
  /** The row's UUID (the GraphQL global ID is made from it). */
  id: string
  key: string
  agreement: string
  position: number
  kind: ClauseKind
  summary: string
  grantor: string | null
  grantee: string | null
  subjects: string[]
  cloudProviders: string[]
  exclusivity: Exclusivity
  startsOn: PartialDate | null
  endsOn: PartialDate | null
  percentage: number | null
  amount: QualifiedMoney | null
  capped: boolean | null
  cap: Money | null
  quantity: Quantity | null
  valuation: (Money & { basis: ValuationBasis | null }) | null
  strike: Money | null
  cloudScope: CloudScope | null
  /** By position. */
  tranches: SnapshotTranche[]
  /** By position. */
  alternatives: SnapshotAlternative[]
  /** The clauses it replaces, by key, and whether each is in this snapshot. */
  replaces: { key: string; inSnapshot: boolean }[]
  condition: string | null
  note: string | null
  /** May name a clause outside an as-of snapshot. */
  supersedes: string | null
  /** Whether the clause it supersedes is in this snapshot. */
  supersedesInSnapshot: boolean
  /** WITHDRAWN clauses stay in the graph (nothing is deleted), marked. */
  status: ClauseStatus
  statusNote: string | null
  sources: SnapshotCitation[]
  /** Its version's days in force narrowed to the clause's own start and end. */
  inForce: DayInterval
}

export interface SnapshotDeal {
  slug: string
  title: string
  description: string | null
}

export interface SnapshotAgreement {
  /** The row's UUID (the GraphQL global ID is made from it). */
  id: string
  slug: string
  title: string
  description: string | null
  kinds: AgreementKind[]
  status: AgreementStatus
  statusNote: string | null
  announcedOn: PartialDate | null
  effectiveOn: PartialDate | null
  endsOn: PartialDate | null
  terminatedOn: PartialDate | null
  value: QualifiedMoney | null
  /** May name a version outside an as-of snapshot (the one this version replaced). */
  amends: string | null
  amendsInSnapshot: boolean
  supplements: string | null
  supplementsInSnapshot: boolean
  /** Sorted by company slug, each company's roles alphabetically. */
  parties: { company: string; roles: PartyRole[] }[]
  sources: SnapshotCitation[]
  /** The deal it belongs to. */
  deal: SnapshotDeal
  /** The days this version is in force (src/domain/in-force.ts). */
  inForce: DayInterval
  /** Its clauses in the snapshot, by position. */
  clauses: SnapshotClause[]
}

/** Each stream may be read more than once (a new cursor each time); all see one state. */
export interface Snapshot {
  /** The day the graph is read on; null = every version and every entity. */
  asOf: string | null
  /** Sorted by URL. */
  sources(): AsyncIterable<SnapshotSource>
  /** Each sorted by slug. */
  companies(): AsyncIterable<SnapshotCompany>
  cloudProviders(): AsyncIterable<SnapshotCloudProvider>
  assets(): AsyncIterable<SnapshotAsset>
  agreements(): AsyncIterable<SnapshotAgreement>
}

// Code-unit order, independent of the locale the process runs in.
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

// ---- rows to snapshot values ----

const money = (amount: string | null, currency: string | null): Money | null =>
  amount === null || currency === null ? null : { amount: Number(amount), currency }
const qualifiedMoney = (
  amount: string | number | null,
  currency: string | null,
  qualifier: QualifiedMoney['qualifier'],
  high: string | number | null,
  period: QualifiedMoney['period'],
): QualifiedMoney | null =>
  amount === null || currency === null ? null : { amount: Number(amount), currency, qualifier, high: high === null ? null : Number(high), period }
const quantity = (
  value: string | number | null,
  unit: Quantity['unit'] | null,
  qualifier: Quantity['qualifier'],
  high: string | number | null,
): Quantity | null => (value === null || unit === null ? null : { value: Number(value), unit, qualifier, high: high === null ? null : Number(high) })
const sortCitations = <T extends { url: string }>(rows: T[]) => rows.sort((a, b) => compareText(a.url, b.url))
const sortSlugs = (slugs: string[]) => slugs.sort(compareText)

function toClause(c: ClauseRow): SnapshotClause {
  return {
    id: c.id,
    key: c.key,
    agreement: c.agreement,
    position: c.position,
    kind: c.kind,
    summary: c.summary,
    grantor: c.grantor,
    grantee: c.grantee,
    subjects: sortSlugs(c.subjects),
    cloudProviders: sortSlugs(c.cloudProviders),
    exclusivity: c.exclusivity,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    percentage: c.percentage === null ? null : Number(c.percentage),
    amount: qualifiedMoney(c.amount, c.currency, c.amountQualifier, c.amountHigh, c.amountPeriod),
    capped: c.capped,
    cap: money(c.capAmount, c.capCurrency),
    quantity: quantity(c.quantity, c.quantityUnit, c.quantityQualifier, c.quantityHigh),
    valuation: c.valuationAmount === null ? null : { ...money(c.valuationAmount, c.valuationCurrency)!, basis: c.valuationBasis },
    strike: money(c.strikeAmount, c.strikeCurrency),
    cloudScope: c.cloudScope,
    tranches: c.tranches.map((t) => ({
      amount: qualifiedMoney(t.amount, t.currency, t.amountQualifier, t.amountHigh, t.amountPeriod),
      quantity: quantity(t.quantity, t.quantityUnit, t.quantityQualifier, t.quantityHigh),
      on: t.on,
      condition: t.condition,
    })),
    alternatives: c.alternatives,
    replaces: c.replaces,
    condition: c.condition,
    note: c.note,
    supersedes: c.supersedes,
    supersedesInSnapshot: c.supersedesInSnapshot,
    status: c.status,
    statusNote: c.statusNote,
    sources: sortCitations(c.sources),
    inForce: c.inForce,
  }
}

function toAgreement(row: AgreementRow, clauses: ClauseRow[]): SnapshotAgreement {
  const roles = new Map<string, PartyRole[]>()
  for (const p of row.parties) roles.set(p.company, [...(roles.get(p.company) ?? []), p.role])
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    kinds: row.kinds,
    status: row.status,
    statusNote: row.statusNote,
    announcedOn: row.times.announced,
    effectiveOn: row.times.effective,
    endsOn: row.times.ends,
    terminatedOn: row.times.terminated,
    value: qualifiedMoney(row.valueAmount, row.valueCurrency, row.valueQualifier, row.valueHigh, row.valuePeriod),
    amends: row.amends,
    amendsInSnapshot: row.amendsInSnapshot,
    supplements: row.supplements,
    supplementsInSnapshot: row.supplementsInSnapshot,
    parties: [...roles].sort(([a], [b]) => compareText(a, b)).map(([company, r]) => ({ company, roles: r.sort(compareText) })),
    sources: sortCitations(row.sources),
    deal: row.deal,
    inForce: row.inForce,
    clauses: clauses.map(toClause),
  }
}

/** Each agreement with its clauses: both streams are in agreement-slug order, so they merge as they are read. */
async function* withClauses(agreements: AsyncIterable<AgreementRow>, clauses: AsyncIterable<ClauseRow>): AsyncGenerator<SnapshotAgreement> {
  const clauseRows = clauses[Symbol.asyncIterator]()
  let clause = await clauseRows.next()
  for await (const row of agreements) {
    const own: ClauseRow[] = []
    for (; !clause.done && clause.value.agreement === row.slug; clause = await clauseRows.next()) own.push(clause.value)
    yield toAgreement(row, own)
  }
  // A clause is in the snapshot only with its version, so none is left over.
  if (!clause.done) throw new Error(`Clause ${clause.value.key} was read without its agreement ${clause.value.agreement}`)
}

/**
 * The graph in force on `asOf` ('YYYY-MM-DD', already validated), or everything when null: every
 * version, clause and entity; on a day, the versions and clauses in force then and whatever they
 * touch (companies up their parent chains, operators, developers, sources), so every reference
 * resolves inside the snapshot.
 */
export function readSnapshot(session: ExportSession, asOf: string | null): Snapshot {
  return {
    asOf,
    sources: () => session.rows<SnapshotSource>(sourcesSql(asOf)),
    companies: () => session.rows<SnapshotCompany>(companiesSql(asOf)),
    cloudProviders: () => session.rows<SnapshotCloudProvider>(cloudProvidersSql(asOf)),
    assets: () => session.rows<SnapshotAsset>(assetsSql(asOf)),
    agreements: () => withClauses(session.rows<AgreementRow>(agreementsSql(asOf)), session.rows<ClauseRow>(clausesSql(asOf))),
  }
}
