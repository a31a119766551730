import { z } from 'zod'
import { builder } from '../../builder.js'
import { AgreementKind, AgreementStatus, ClauseKind, CloudScope, Exclusivity, PartyRole } from '../../generated/prisma/enums.js'
import {
  AgreementKindEnum,
  AgreementStatusEnum,
  AmountPeriodEnum,
  AmountQualifierEnum,
  ClauseKindEnum,
  CloudScopeEnum,
  ExclusivityEnum,
  PartyRoleEnum,
  QuantityUnitEnum,
  SourceBasisEnum,
  ValuationBasisEnum,
} from '../enums.js'
import * as format from '../../../seed/format.js'
import { alternativeInputSchema } from './alternative-input.js'
import { citations, description, keep, LIST_LIMITS, list, money, note, partialDate, percentage, required, slug, UNCITED, unique } from './rules.js'

// Inputs shared by createAgreement and amendAgreement, as GraphQL types and as the zod rules
// that check them. Companies, assets and clouds are named by slug, sources by URL.

export const MoneyInput = builder.inputType('MoneyInput', {
  fields: (t) => ({
    amount: t.float({ required: true, description: '0 or more and below 10^13, at most 2 decimals.' }),
    currency: t.string({ required: true, description: 'ISO 4217 code, e.g. USD.' }),
  }),
})

export const QualifiedMoneyInput = builder.inputType('QualifiedMoneyInput', {
  description: 'Money with how exactly it is known and what it covers: "up to $100B", "$20–25M a year".',
  fields: (t) => ({
    amount: t.float({ required: true, description: '0 or more and below 10^13, at most 2 decimals; the low end of a RANGE.' }),
    currency: t.string({ required: true, description: 'ISO 4217 code, e.g. USD.' }),
    qualifier: t.field({ type: AmountQualifierEnum, required: false, description: 'EXACT when left out.' }),
    high: t.float({ required: false, description: 'RANGE only: the high end, above amount.' }),
    period: t.field({ type: AmountPeriodEnum, required: false, description: 'What the sum covers; left out: not said.' }),
  }),
})

export const QuantityInput = builder.inputType('QuantityInput', {
  fields: (t) => ({
    value: t.float({ required: true, description: '0 or more and below 10^11, at most 4 decimals; the low end of a RANGE.' }),
    unit: t.field({ type: QuantityUnitEnum, required: true }),
    qualifier: t.field({ type: AmountQualifierEnum, required: false, description: 'EXACT when left out.' }),
    high: t.float({ required: false, description: 'RANGE only: the high end, above value.' }),
  }),
})

export const ValuationInput = builder.inputType('ValuationInput', {
  fields: (t) => ({
    amount: t.float({ required: true }),
    currency: t.string({ required: true }),
    basis: t.field({ type: ValuationBasisEnum, required: false }),
  }),
})

export const TrancheInput = builder.inputType('TrancheInput', {
  description: 'One part of the money or quantity: an amount, a quantity or both.',
  fields: (t) => ({
    amount: t.field({ type: QualifiedMoneyInput, required: false }),
    quantity: t.field({ type: QuantityInput, required: false }),
    on: t.string({ required: false, description: 'Partial date.' }),
    condition: t.string({ required: false }),
  }),
})

export const AlternativeCitationInput = builder.inputType('AlternativeCitationInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'URL of an existing source.' }),
    basis: t.field({ type: SourceBasisEnum, required: true }),
  }),
})

export const ValueAlternativeInput = builder.inputType('ValueAlternativeInput', {
  description: 'Another value of one clause field as other sources report it.',
  fields: (t) => ({
    field: t.string({ required: true, description: 'amount, cap, percentage, quantity, valuation, strike, startsOn, endsOn or exclusivity.' }),
    value: t.string({
      required: true,
      description: 'The value as JSON, in the import format’s shape for the field: 20, {"amount": 38000000000, "currency": "USD"}, "2030".',
    }),
    note: t.string({ required: false }),
    citations: t.field({ type: [AlternativeCitationInput], required: true }),
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
    fields: t.stringList({ required: false, description: 'The fields this source supports, in the import format’s names; left out: all.' }),
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
  amount: t.field({ type: QualifiedMoneyInput, required: false }),
  capped: t.boolean({ required: false, description: 'Set to true when a cap is given and this is left out.' }),
  cap: t.field({ type: MoneyInput, required: false }),
  quantity: t.field({ type: QuantityInput, required: false }),
  valuation: t.field({ type: ValuationInput, required: false }),
  strike: t.field({ type: MoneyInput, required: false, description: 'Warrants and options: the price per share.' }),
  cloudScope: t.field({
    type: CloudScopeEnum,
    required: false,
    description: 'NAMED (cloudProviders), ANY (no cloudProviders) or ANY_EXCEPT (cloudProviders excluded).',
  }),
  tranches: t.field({ type: [TrancheInput], required: false }),
  alternatives: t.field({ type: [ValueAlternativeInput], required: false }),
  replaces: t.stringList({ required: false, description: 'Keys of clauses of agreements supplementing the same deal that this clause replaces.' }),
  condition: t.string({ required: false }),
  note: t.string({ required: false }),
  citations: t.field({
    type: [CitationInput],
    required: false,
    description: 'Where the term comes from: at least one source (required in a new clause; in changes, replaces the list).',
  }),
})

export const ClauseInput = builder.inputType('ClauseInput', {
  description: 'One term of a new agreement version.',
  fields: (t) => clauseFields(t, true),
})

export const ClausePatchInput = builder.inputType('ClausePatchInput', {
  description: 'Changes to a clause: fields left out are carried over, null clears an optional field; lists replace.',
  fields: (t) => clauseFields(t, false),
})

/** Every version and every clause cites a source, as the dataset format requires (a patch may leave them out to keep them). */
export const citationsSchema = citations(format.citation)
const agreementCitationsSchema = citations(format.agreementCitation)
export const partiesSchema = unique(
  z.object({ company: slug, role: z.enum(PartyRole) }),
  LIST_LIMITS.parties,
  (p) => `${p.company} as ${p.role}`,
  'party',
).min(1, 'must name at least one party')
export const kindsSchema = list(z.enum(AgreementKind), LIST_LIMITS.agreementKinds)

const clauseShape = {
  kind: z.enum(ClauseKind),
  summary: note,
  grantor: slug.nullish(),
  grantee: slug.nullish(),
  subjects: unique(slug, LIST_LIMITS.subjects, (s) => s, 'asset').nullish(),
  cloudProviders: unique(slug, LIST_LIMITS.cloudProviders, (s) => s, 'cloud provider').nullish(),
  exclusivity: z.enum(Exclusivity).nullish(),
  startsOn: partialDate.nullish(),
  endsOn: partialDate.nullish(),
  percentage: percentage.nullish(),
  amount: format.qualifiedMoney.nullish(),
  capped: z.boolean().nullish(),
  cap: money.nullish(),
  quantity: format.quantity.nullish(),
  valuation: format.valuation.nullish(),
  strike: money.nullish(),
  cloudScope: z.enum(CloudScope).nullish(),
  tranches: list(format.tranche, LIST_LIMITS.tranches).nullish(),
  alternatives: list(alternativeInputSchema, LIST_LIMITS.alternatives).nullish(),
  replaces: unique(format.clauseKeySchema, LIST_LIMITS.replaces, (k) => k, 'clause').nullish(),
  condition: note.nullish(),
  note: note.nullish(),
}

export const clauseSchema = z.object({ ...clauseShape, citations: required(citationsSchema, UNCITED) })
export const clausePatchSchema = z
  .object({ ...clauseShape, kind: keep(clauseShape.kind), summary: keep(clauseShape.summary), citations: keep(citationsSchema) })
  .refine(
    (patch) => Object.values(patch).some((v) => v !== undefined),
    'lists no change: leave the clause out of `modify` to carry it over unchanged',
  )

export type ClauseInputData = z.output<typeof clauseSchema>
export type ClausePatchData = z.output<typeof clausePatchSchema>

/** Fields both agreement inputs share. */
export const versionShape = {
  description: description.nullish(),
  kinds: kindsSchema.nullish(),
  status: z
    .enum(AgreementStatus)
    .refine((s) => s !== 'SUPERSEDED', 'cannot be SUPERSEDED: a version becomes SUPERSEDED when amendAgreement replaces it')
    .nullish(),
  announcedOn: partialDate.nullish(),
  effectiveOn: partialDate.nullish(),
  endsOn: partialDate.nullish(),
  value: format.qualifiedMoney.nullish(),
  citations: required(agreementCitationsSchema, UNCITED),
}

export const versionFields = (t: Fields) => ({
  description: t.string({ required: false }),
  kinds: t.field({ type: [AgreementKindEnum], required: false }),
  status: t.field({ type: AgreementStatusEnum, required: false, description: 'ACTIVE when left out; never SUPERSEDED.' }),
  announcedOn: t.string({ required: false, description: 'Partial date.' }),
  effectiveOn: t.string({ required: false, description: 'Partial date.' }),
  endsOn: t.string({ required: false, description: 'Partial date; not before the version starts.' }),
  value: t.field({ type: QualifiedMoneyInput, required: false, description: 'Headline value of the deal.' }),
  citations: t.field({ type: [CitationInput], required: false, description: 'Sources for this version; at least one is required.' }),
})
