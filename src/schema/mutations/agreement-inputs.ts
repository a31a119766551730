import { z } from 'zod'
import { builder } from '../../builder.js'
import { AgreementKind, AgreementStatus, ClauseKind, Exclusivity, PartyRole, SourceBasis } from '../../generated/prisma/enums.js'
import { AgreementKindEnum, AgreementStatusEnum, ClauseKindEnum, ExclusivityEnum, PartyRoleEnum, SourceBasisEnum } from '../enums.js'
import { keep, list, money, partialDate, percentage, slug, text, webUrl } from './rules.js'

// Inputs shared by createAgreement and amendAgreement, as GraphQL types and as the zod rules
// that check them. Companies, assets and clouds are named by slug, sources by URL.

export const MoneyInput = builder.inputType('MoneyInput', {
  fields: (t) => ({
    amount: t.float({ required: true, description: '0 or more, at most 2 decimals.' }),
    currency: t.string({ required: true, description: 'ISO 4217 code, e.g. USD.' }),
  }),
})

export const PartyInput = builder.inputType('PartyInput', {
  fields: (t) => ({
    company: t.string({ required: true, description: 'Company slug.' }),
    role: t.field({ type: PartyRoleEnum, required: true }),
  }),
})

export const CitationInput = builder.inputType('CitationInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'URL of an existing source (see createSource).' }),
    basis: t.field({ type: SourceBasisEnum, required: true }),
  }),
})

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never
type Fields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>

const clauseFields = (t: Fields, required: boolean) => ({
  kind: t.field({ type: ClauseKindEnum, required }),
  summary: t.string({ required }),
  grantor: t.string({ required: false, description: 'Slug of the company that grants, pays, supplies or issues; a party.' }),
  grantee: t.string({ required: false, description: 'Slug of the company that receives; a party.' }),
  subjects: t.stringList({ required: false, description: 'Asset slugs.' }),
  cloudProviders: t.stringList({ required: false, description: 'Cloud provider slugs.' }),
  exclusivity: t.field({ type: ExclusivityEnum, required: false, description: 'UNSPECIFIED when left out.' }),
  startsOn: t.string({ required: false, description: 'Partial date: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD.' }),
  endsOn: t.string({ required: false, description: 'Partial date; not before startsOn.' }),
  percentage: t.float({ required: false, description: '0–100, at most 4 decimals.' }),
  amount: t.field({ type: MoneyInput, required: false }),
  capped: t.boolean({ required: false, description: 'Set to true when a cap is given and this is left out.' }),
  cap: t.field({ type: MoneyInput, required: false }),
  condition: t.string({ required: false }),
  note: t.string({ required: false }),
  citations: t.field({ type: [CitationInput], required: false }),
})

export const ClauseInput = builder.inputType('ClauseInput', {
  description: 'One term of a new agreement version.',
  fields: (t) => clauseFields(t, true),
})

export const ClausePatchInput = builder.inputType('ClausePatchInput', {
  description: 'Changes to a clause: fields left out are carried over, null clears an optional field; lists replace.',
  fields: (t) => clauseFields(t, false),
})

/** Each item once, by `key`; the repeats are issues at their own index. */
const unique = <T extends z.ZodType>(item: T, max: number, key: (v: z.output<T>) => string, what: string) =>
  list(item, max).superRefine((items, ctx) => {
    const seen = new Set<string>()
    items.forEach((value, index) => {
      const k = key(value)
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index], message: `${what} ${JSON.stringify(k)} is listed twice`, params: { rule: 'duplicate' } })
      seen.add(k)
    })
  })

export const citationsSchema = unique(z.object({ url: webUrl, basis: z.enum(SourceBasis) }), 20, (c) => c.url, 'source')
export const partiesSchema = unique(z.object({ company: slug, role: z.enum(PartyRole) }), 20, (p) => `${p.company} as ${p.role}`, 'party')
  .min(1, 'must name at least one party')
export const kindsSchema = list(z.enum(AgreementKind), 14)

const clauseShape = {
  kind: z.enum(ClauseKind),
  summary: text(2000),
  grantor: slug.nullish(),
  grantee: slug.nullish(),
  subjects: unique(slug, 50, (s) => s, 'asset').nullish(),
  cloudProviders: unique(slug, 20, (s) => s, 'cloud provider').nullish(),
  exclusivity: z.enum(Exclusivity).nullish(),
  startsOn: partialDate.nullish(),
  endsOn: partialDate.nullish(),
  percentage: percentage.nullish(),
  amount: money.nullish(),
  capped: z.boolean().nullish(),
  cap: money.nullish(),
  condition: text(2000).nullish(),
  note: text(2000).nullish(),
  citations: citationsSchema.nullish(),
}

export const clauseSchema = z.object(clauseShape)
export const clausePatchSchema = z
  .object({ ...clauseShape, kind: keep(clauseShape.kind), summary: keep(clauseShape.summary) })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'lists no change: leave the clause out of `modify` to carry it over unchanged')

export type ClauseInputData = z.output<typeof clauseSchema>
export type ClausePatchData = z.output<typeof clausePatchSchema>

/** Fields both agreement inputs share. */
export const versionShape = {
  description: text(5000).nullish(),
  kinds: kindsSchema.nullish(),
  status: z
    .enum(AgreementStatus)
    .refine((s) => s !== 'SUPERSEDED', 'cannot be SUPERSEDED: a version becomes SUPERSEDED when amendAgreement replaces it')
    .nullish(),
  announcedOn: partialDate.nullish(),
  effectiveOn: partialDate.nullish(),
  endsOn: partialDate.nullish(),
  value: money.nullish(),
  citations: citationsSchema.nullish(),
}

export const versionFields = (t: Fields) => ({
  description: t.string({ required: false }),
  kinds: t.field({ type: [AgreementKindEnum], required: false }),
  status: t.field({ type: AgreementStatusEnum, required: false, description: 'ACTIVE when left out; never SUPERSEDED.' }),
  announcedOn: t.string({ required: false, description: 'Partial date.' }),
  effectiveOn: t.string({ required: false, description: 'Partial date.' }),
  endsOn: t.string({ required: false, description: 'Partial date; not before the version starts.' }),
  value: t.field({ type: MoneyInput, required: false, description: 'Headline value of the deal.' }),
  citations: t.field({ type: [CitationInput], required: false, description: 'Sources for this version.' }),
})
