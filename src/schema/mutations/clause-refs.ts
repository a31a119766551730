import type { References } from '../../db/references.js'
import { cappedWith, type Citation, type ClauseValues } from '../../domain/clause-values.js'
import type { ClauseInputData, ClausePatchData } from './agreement-inputs.js'

// From a parsed clause input (slugs and URLs) to ClauseValues (ids): first `want` every name at
// its path, resolve them all at once, then build the values.

type Named = Pick<ClauseInputData, 'grantor' | 'grantee' | 'subjects' | 'cloudProviders' | 'citations'>

export function wantClauseRefs(refs: References, clause: Partial<Named>, path: string): void {
  if (clause.grantor) refs.want('company', clause.grantor, `${path}.grantor`)
  if (clause.grantee) refs.want('company', clause.grantee, `${path}.grantee`)
  clause.subjects?.forEach((s, i) => refs.want('asset', s, `${path}.subjects[${i}]`))
  clause.cloudProviders?.forEach((c, i) => refs.want('cloudProvider', c, `${path}.cloudProviders[${i}]`))
  clause.citations?.forEach((c, i) => refs.want('source', c.url, `${path}.citations[${i}].url`))
}

export function citationsOf(refs: References, citations: { url: string; basis: string }[]): Citation[] {
  return citations.map((c) => ({ sourceId: refs.id('source', c.url), basis: c.basis }))
}

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
    amount: c.amount?.amount ?? null,
    currency: c.amount?.currency ?? null,
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
  if (p.amount !== undefined) Object.assign(patch, { amount: p.amount?.amount ?? null, currency: p.amount?.currency ?? null })
  if (p.cap !== undefined) Object.assign(patch, { capAmount: p.cap?.amount ?? null, capCurrency: p.cap?.currency ?? null })
  return patch
}
