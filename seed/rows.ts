// The columns each dataset entry is stored as, given the ids of what it refers to. Only the
// columns the dataset decides: ids, timestamps and Agreement.chainRootId (kept by a trigger) are
// not among them, so comparing with a stored row finds exactly the facts that changed.
import { parsePartialDate } from '../src/domain/partial-date.js'
import { partialDateColumns, type DatePrefix } from '../src/db/partial-date-columns.js'
import { qualifiedMoneyColumns, quantityColumns } from '../src/domain/terms.js'
import type { AgreementSpec, AssetSpec, CloudProviderSpec, CompanySpec, DealSpec, SourceSpec } from './format.js'
import type { ResolvedClause } from './plan.js'

export type Columns = Record<string, unknown>

/** Key → row id, for every kind an entry can refer to. */
export interface Ids {
  sources: Map<string, string>
  companies: Map<string, string>
  cloudProviders: Map<string, string>
  assets: Map<string, string>
  deals: Map<string, string>
  agreements: Map<string, string>
  clauses: Map<string, string>
}

const dateColumns = (prefix: DatePrefix, text: string | null) => partialDateColumns(prefix, text === null ? null : parsePartialDate(text))
const idOf = (ids: Map<string, string>, key: string | null) => (key === null ? null : ids.get(key)!)

export const companyColumns = (c: CompanySpec, ids: Ids): Columns => ({
  slug: c.slug,
  name: c.name,
  aliases: c.aliases,
  kinds: c.kinds,
  country: c.country,
  website: c.website,
  description: c.description,
  parentId: idOf(ids.companies, c.parent),
})

export const cloudProviderColumns = (c: CloudProviderSpec, ids: Ids): Columns => ({
  slug: c.slug,
  name: c.name,
  description: c.description,
  operatorId: idOf(ids.companies, c.operator),
})

export const assetColumns = (a: AssetSpec, ids: Ids): Columns => ({
  slug: a.slug,
  name: a.name,
  kind: a.kind,
  description: a.description,
  developerId: idOf(ids.companies, a.developer),
  ...dateColumns('released', a.releasedOn),
})

export const sourceColumns = (s: SourceSpec): Columns => ({
  url: s.url,
  title: s.title,
  publisher: s.publisher,
  publishedOn: s.publishedOn === null ? null : new Date(`${s.publishedOn}T00:00:00Z`),
  note: s.note,
  kind: s.kind,
})

/** A deal the files define; an implicit one (a first version's own) only by its slug (see writePlan). */
export const dealColumns = (d: DealSpec | { slug: string; title: string; implicit: true }): Columns =>
  'implicit' in d ? { slug: d.slug } : { slug: d.slug, title: d.title, description: d.description }

/** `deal`: the agreement's deal, resolved (its own or inherited). */
export const agreementColumns = (a: AgreementSpec, ids: Ids, deal: string): Columns => ({
  slug: a.slug,
  title: a.title,
  description: a.description,
  kinds: a.kinds,
  status: a.status,
  statusNote: a.statusNote,
  ...dateColumns('announced', a.announcedOn),
  ...dateColumns('effective', a.effectiveOn),
  ...dateColumns('ends', a.endsOn),
  ...dateColumns('terminated', a.terminatedOn),
  valueAmount: a.value?.amount ?? null,
  valueCurrency: a.value?.currency ?? null,
  valueQualifier: a.value?.qualifier ?? 'EXACT',
  valueHigh: a.value?.high ?? null,
  valuePeriod: a.value?.period ?? null,
  amendsId: idOf(ids.agreements, a.amends),
  supplementsId: idOf(ids.agreements, a.supplements),
  dealId: ids.deals.get(deal)!,
})

export { qualifiedMoneyColumns, quantityColumns }

export const clauseColumns = (c: ResolvedClause, ids: Ids): Columns => ({
  key: c.key,
  position: c.position,
  agreementId: ids.agreements.get(c.agreement)!,
  kind: c.kind,
  summary: c.summary,
  grantorId: idOf(ids.companies, c.grantor),
  granteeId: idOf(ids.companies, c.grantee),
  exclusivity: c.exclusivity,
  ...dateColumns('starts', c.startsOn),
  ...dateColumns('ends', c.endsOn),
  percentage: c.percentage,
  capped: c.capped,
  capAmount: c.cap?.amount ?? null,
  capCurrency: c.cap?.currency ?? null,
  ...qualifiedMoneyColumns(c.amount),
  ...quantityColumns(c.quantity),
  valuationAmount: c.valuation?.amount ?? null,
  valuationCurrency: c.valuation?.currency ?? null,
  valuationBasis: c.valuation?.basis ?? null,
  strikeAmount: c.strike?.amount ?? null,
  strikeCurrency: c.strike?.currency ?? null,
  cloudScope: c.cloudScope,
  condition: c.condition,
  note: c.note,
  supersedesId: idOf(ids.clauses, c.supersedes),
  status: c.status,
  statusNote: c.statusNote,
})

/**
 * A clause's statusChangedAt, which no file holds: the import's time whenever the import sets the
 * status or its note (a new clause WITHDRAWN or with a note, a stored one whose status or note
 * differs), as setClauseStatus stamps its own time; otherwise the stored time stays.
 */
export const clauseStatusStamp =
  (now: Date) =>
  (changed: Columns, existing: Columns | undefined): Columns => {
    // New rows are inserted together, so each one has the column.
    if (!existing) return { statusChangedAt: changed.status !== 'ACTIVE' || changed.statusNote !== null ? now : null }
    return 'status' in changed || 'statusNote' in changed ? { statusChangedAt: now } : {}
  }
