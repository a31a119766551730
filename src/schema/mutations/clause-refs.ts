import type { References } from '../../db/references.js'
import { cappedWith, type AlternativeValues, type Citation, type ClauseValues, type TrancheValues } from '../../domain/clause-values.js'
import { parsePartialDate } from '../../domain/partial-date.js'
import { qualifiedMoneyColumns, quantityColumns } from '../../domain/terms.js'
import type { ClauseInputData, ClausePatchData } from './agreement-inputs.js'

// From a parsed clause input (slugs and URLs) to ClauseValues (ids): first `want` every name at
// its path, resolve them all at once, then build the values.

type Named = Pick<ClauseInputData, 'grantor' | 'grantee' | 'subjects' | 'cloudProviders' | 'citations' | 'alternatives' | 'replaces'>

export function wantClauseRefs(refs: References, clause: Partial<Named>, path: string): void {
  if (clause.grantor) refs.want('company', clause.grantor, `${path}.grantor`)
  if (clause.grantee) refs.want('company', clause.grantee, `${path}.grantee`)
  clause.subjects?.forEach((s, i) => refs.want('asset', s, `${path}.subjects[${i}]`))
  clause.cloudProviders?.forEach((c, i) => refs.want('cloudProvider', c, `${path}.cloudProviders[${i}]`))
  clause.citations?.forEach((c, i) => refs.want('source', c.url, `${path}.citations[${i}].url`))
  clause.alternatives?.forEach((a, i) => a.citations.forEach((c, j) => refs.want('source', c.url, `${path}.alternatives[${i}].citations[${j}].url`)))
  clause.replaces?.forEach((k, i) => refs.want('clause', k, `${path}.replaces[${i}]`))
}

export function citationsOf(refs: References, citations: { url: string; basis: string; fields?: string[] }[]): Citation[] {
  return citations.map((c) => ({ sourceId: refs.id('source', c.url), basis: c.basis, fields: c.fields ?? [] }))
}

type TermsInput = Pick<ClauseInputData, 'amount' | 'quantity' | 'valuation' | 'strike' | 'cloudScope' | 'tranches' | 'alternatives' | 'replaces'>

const tranchesOf = (tranches: NonNullable<TermsInput['tranches']>): TrancheValues[] =>
  tranches.map((t) => ({
    ...qualifiedMoneyColumns(t.amount),
    ...quantityColumns(t.quantity),
    on: t.on === null ? null : parsePartialDate(t.on),
    condition: t.condition,
  }))

const alternativesOf = (refs: References, alternatives: NonNullable<TermsInput['alternatives']>): AlternativeValues[] =>
  alternatives.map((a) => ({
    field: a.field,
    value: a.value,
    note: a.note,
    citations: a.citations.map((c) => ({ sourceId: refs.id('source', c.url), basis: c.basis })),
  }))

/** The columns and lists of issue 20's terms that a clause input names; in a patch, only those given. */
function termsOf(refs: References, c: Partial<TermsInput>): Partial<ClauseValues> {
  const out: Partial<ClauseValues> = {}
  if (c.amount !== undefined) Object.assign(out, qualifiedMoneyColumns(c.amount))
  if (c.quantity !== undefined) Object.assign(out, quantityColumns(c.quantity))
  if (c.valuation !== undefined)
    Object.assign(out, {
      valuationAmount: c.valuation?.amount ?? null,
      valuationCurrency: c.valuation?.currency ?? null,
      valuationBasis: c.valuation?.basis ?? null,
    })
  if (c.strike !== undefined) Object.assign(out, { strikeAmount: c.strike?.amount ?? null, strikeCurrency: c.strike?.currency ?? null })
  if (c.cloudScope !== undefined) out.cloudScope = c.cloudScope
  if (c.tranches !== undefined) out.tranches = tranchesOf(c.tranches ?? [])
  if (c.alternatives !== undefined) out.alternatives = alternativesOf(refs, c.alternatives ?? [])
  if (c.replaces !== undefined) out.replacedIds = (c.replaces ?? []).map((k) => refs.id('clause', k))
  return out
}

/** A new clause's terms: what the input leaves out is unknown. */
const NO_TERMS = {
  ...qualifiedMoneyColumns(null),
  ...quantityColumns(null),
  valuationAmount: null,
  valuationCurrency: null,
  valuationBasis: null,
  strikeAmount: null,
  strikeCurrency: null,
  cloudScope: null,
  tranches: [],
  alternatives: [],
  replacedIds: [],
} satisfies Partial<ClauseValues>

const companyId = (refs: References, slug: string | null | undefined) =>
  slug === undefined ? undefined : slug === null ? null : refs.id('company', slug)

export function clauseValues(refs: References, c: ClauseInputData): ClauseValues {
  return {
    kind: c.kind,
    summary: c.summary,
    grantorId: companyId(refs, c.grantor) ?? null,
    granteeId: companyId(refs, c.grantee) ?? null,
    subjectIds: (c.subjects ?? []).map((s) => refs.id('asset', s)),
    cloudProviderIds: (c.cloudProviders ?? []).map((s) => refs.id('cloudProvider', s)),
    exclusivity: c.exclusivity ?? 'UNSPECIFIED',
    startsOn: c.startsOn ?? null,
    endsOn: c.endsOn ?? null,
    percentage: c.percentage ?? null,
    ...NO_TERMS,
    ...termsOf(refs, { ...c, cloudScope: c.cloudScope ?? null }),
    capped: cappedWith(c.capped, c.cap),
    capAmount: c.cap?.amount ?? null,
    capCurrency: c.cap?.currency ?? null,
    condition: c.condition ?? null,
    note: c.note ?? null,
    citations: citationsOf(refs, c.citations ?? []),
  }
}

/** Only the fields the patch names; null clears, a list replaces. */
export function clausePatch(refs: References, p: ClausePatchData): Partial<ClauseValues> {
  const patch: Partial<ClauseValues> = {
    kind: p.kind,
    summary: p.summary,
    grantorId: companyId(refs, p.grantor),
    granteeId: companyId(refs, p.grantee),
    subjectIds: p.subjects === undefined ? undefined : (p.subjects ?? []).map((s) => refs.id('asset', s)),
    cloudProviderIds: p.cloudProviders === undefined ? undefined : (p.cloudProviders ?? []).map((s) => refs.id('cloudProvider', s)),
    exclusivity: p.exclusivity === undefined ? undefined : (p.exclusivity ?? 'UNSPECIFIED'),
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    percentage: p.percentage,
    capped: p.capped === undefined && p.cap ? true : p.capped,
    condition: p.condition,
    note: p.note,
    citations: p.citations === undefined ? undefined : citationsOf(refs, p.citations ?? []),
  }
  Object.assign(patch, termsOf(refs, p))
  if (p.cap !== undefined) Object.assign(patch, { capAmount: p.cap?.amount ?? null, capCurrency: p.cap?.currency ?? null })
  return patch
}
