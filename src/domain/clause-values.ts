// A clause's values as a write sees them: companies, assets, clouds and sources already resolved
// to ids, dates parsed. Creating, carrying over and amending clauses all go through this shape,
// and the cross-field rules below hold for every clause an API write stores.
import type { PartialDate } from './partial-date.js'
import { cloudScopeProblem } from './terms.js'
import type { Issues } from './write-errors.js'

/** Decimal columns travel as exact strings or numbers. */
export type Numeric = string | number

export interface Citation {
  sourceId: string
  basis: string
  /** The fields the source supports; empty: all. */
  fields: string[]
}

/** One part of a clause's money or quantity (its amount* and quantity* columns). */
export interface TrancheValues {
  amount: Numeric | null
  currency: string | null
  amountQualifier: string
  amountHigh: Numeric | null
  amountPeriod: string | null
  quantity: Numeric | null
  quantityHigh: Numeric | null
  quantityUnit: string | null
  quantityQualifier: string
  on: PartialDate | null
  condition: string | null
}

/** Another value of one field, in the dataset format's shape for it, with its citations. */
export interface AlternativeValues {
  field: string
  value: unknown
  note: string | null
  citations: { sourceId: string; basis: string }[]
}

export interface ClauseValues {
  kind: string
  summary: string
  grantorId: string | null
  granteeId: string | null
  subjectIds: string[]
  cloudProviderIds: string[]
  exclusivity: string
  startsOn: PartialDate | null
  endsOn: PartialDate | null
  percentage: Numeric | null
  amount: Numeric | null
  currency: string | null
  capped: boolean | null
  capAmount: Numeric | null
  capCurrency: string | null
  amountQualifier: string
  amountHigh: Numeric | null
  amountPeriod: string | null
  quantity: Numeric | null
  quantityHigh: Numeric | null
  quantityUnit: string | null
  quantityQualifier: string
  valuationAmount: Numeric | null
  valuationCurrency: string | null
  valuationBasis: string | null
  strikeAmount: Numeric | null
  strikeCurrency: string | null
  cloudScope: string | null
  tranches: TrancheValues[]
  alternatives: AlternativeValues[]
  /** Clauses of supplements of the same deal that this one replaces. */
  replacedIds: string[]
  condition: string | null
  note: string | null
  citations: Citation[]
}

/** A cap implies capped: left out, capped is true when a cap is given (false with a cap is refused below). */
export const cappedWith = (capped: boolean | null | undefined, cap: unknown): boolean | null => capped ?? (cap ? true : null)

/** Fields present in `patch` replace those of `values` (null clears); absent ones are kept. */
export function applyPatch(values: ClauseValues, patch: Partial<ClauseValues>): ClauseValues {
  const present = Object.entries(patch).filter(([, v]) => v !== undefined)
  return { ...values, ...Object.fromEntries(present) }
}

/** What the rules across a clause's fields read: ids here, slugs for the importer (seed/resolve.ts). */
export type ClauseTerms = Pick<
  ClauseValues,
  'startsOn' | 'endsOn' | 'capAmount' | 'capped' | 'grantorId' | 'granteeId' | 'cloudScope' | 'cloudProviderIds'
>

/**
 * Rules across fields, reported at `path` (e.g. `input.clauses[2]`): an end not before the start,
 * a cap only when capped, a grantor and grantee that differ and take part in the agreement.
 */
export function checkClause(
  values: ClauseTerms,
  path: string,
  partyIds: ReadonlySet<string>,
  issues: Issues,
  names: ReadonlyMap<string, string>,
): void {
  const { startsOn, endsOn } = values
  if (startsOn && endsOn && endsOn.latest < startsOn.earliest) {
    issues.add(`${path}.endsOn`, `ends (${endsOn.text}) before it starts (${startsOn.text})`, 'ends_before_start')
  }
  if (values.capAmount !== null && values.capped === false) {
    issues.add(`${path}.capped`, 'is false but a cap is given: leave capped out or set it to true', 'cap_without_capped')
  }
  const scope = cloudScopeProblem(values.cloudScope, values.cloudProviderIds.length)
  if (scope) issues.add(`${path}.cloudScope`, scope, 'cloud_scope')
  if (values.grantorId !== null && values.grantorId === values.granteeId) {
    issues.add(`${path}.grantee`, 'must differ from the grantor', 'same_party')
  }
  for (const field of ['grantor', 'grantee'] as const) {
    const id = values[`${field}Id`]
    if (id !== null && !partyIds.has(id)) {
      issues.add(`${path}.${field}`, `company ${JSON.stringify(names.get(id) ?? id)} is not a party to this agreement`, 'not_a_party')
    }
  }
}

/** A clause supersedes one of its own kind (a licence, a licence): another kind of term is a new clause. */
export function checkSupersededKind(kind: string, superseded: { key: string; kind: string }, path: string, issues: Issues): void {
  if (kind !== superseded.kind) {
    issues.add(
      `${path}.kind`,
      `is ${kind}, but the clause it supersedes ("${superseded.key}") is ${superseded.kind}: a clause supersedes one of its own kind, so add a new clause instead`,
      'kind_changed',
    )
  }
}
