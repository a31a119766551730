import type { Prisma } from '../generated/prisma/client.js'
import { builder } from '../builder.js'
import { slugOf } from './slug-args.js'
import { type AgreementConditions, agreementFilter } from '../db/agreement-filter.js'
import { partialDateSelect, readPartialDate } from '../db/partial-date-columns.js'
import { prisma } from '../db/setup/prisma.js'
import { versionTimesOf, versionTimesSelect } from '../db/version-times.js'
import { inInterval, versionStart } from '../domain/in-force.js'
import { inForcePeriodSelect, storedPeriod } from '../db/in-force-period.js'
import { AgreementKindEnum, AgreementStatusEnum, PartyRoleEnum, SourceKindEnum } from './enums.js'
import { checkPeriod, periodFilterFields } from './in-force.js'
import { SourceRef, sourceKindsWhere } from './source.js'
import { MoneyRef, PartialDateRef, qualifiedMoneyOf } from './values.js'
import { whereId } from './node-ids.js'
import { citedSources } from '../sql-execution/sources.js'
import { chainVersions } from '../sql-execution/versions.js'
import { sqlField, sqlRootField } from '../sql-execution/field-sql.js'
import { bySlug } from '../sql-execution/lookups.js'
import { CONNECTION_ARGS } from '../sql-execution/connection.js'
import { type ConditionsOf, rootConnection } from '../sql-execution/root-pages.js'
import { inForceOn, money, partialDate } from '../sql-execution/forms.js'

builder.prismaObject('AgreementParty', {
  description: 'A company taking part in an agreement version.',
  fields: (t) => ({
    role: t.expose('role', {
      type: PartyRoleEnum,
      description: "The role this row stands for. A company's agreements page lists each version once, on the row of the first of its `roles`.",
    }),
    roles: t.expose('roles', { type: [PartyRoleEnum], description: 'Every role this company holds in this agreement version, in name order.' }),
    company: t.relation('company'),
    agreement: t.relation('agreement'),
  }),
})

export const AgreementRef = builder.prismaNode('Agreement', {
  id: { field: 'id' },
  // Select mode: a request loads only the columns its fields need (exposed fields add theirs).
  select: { id: true },
  // node(id:) answers null for an unknown or malformed ID instead of failing.
  nullable: true,
  findUnique: whereId,
  description:
    'One version of a deal, as announced. A version that amends another replaces it from its own effective date; one that supplements another adds terms while both stay in force.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    kinds: t.expose('kinds', { type: [AgreementKindEnum] }),
    status: t.expose('status', { type: AgreementStatusEnum }),
    statusNote: t.exposeString('statusNote', { nullable: true }),
    parties: t.relation('parties', { query: { orderBy: [{ company: { name: 'asc' } }, { role: 'asc' }, { company: { slug: 'asc' } }] } }),
    announcedOn: t.field({
      type: PartialDateRef,
      nullable: true,
      select: partialDateSelect('announced'),
      resolve: (a) => readPartialDate(a, 'announced'),
      extensions: sqlField(partialDate('announced')),
    }),
    effectiveOn: t.field({
      type: PartialDateRef,
      nullable: true,
      description: 'When the version took effect; when empty, in-force rules use the announced date.',
      select: partialDateSelect('effective'),
      resolve: (a) => readPartialDate(a, 'effective'),
      extensions: sqlField(partialDate('effective')),
    }),
    endsOn: t.field({
      type: PartialDateRef,
      nullable: true,
      select: partialDateSelect('ends'),
      resolve: (a) => readPartialDate(a, 'ends'),
      extensions: sqlField(partialDate('ends')),
    }),
    terminatedOn: t.field({
      type: PartialDateRef,
      nullable: true,
      select: partialDateSelect('terminated'),
      resolve: (a) => readPartialDate(a, 'terminated'),
      extensions: sqlField(partialDate('terminated')),
    }),
    value: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Headline value of the deal, when reported.',
      select: { valueAmount: true, valueCurrency: true, valueQualifier: true, valueHigh: true, valuePeriod: true },
      resolve: (a) => qualifiedMoneyOf(a.valueAmount, a.valueCurrency, a.valueQualifier, a.valueHigh, a.valuePeriod),
      extensions: sqlField(money('valueAmount', 'valueCurrency', { qualifier: 'valueQualifier', high: 'valueHigh', period: 'valuePeriod' })),
    }),
    clauses: t.relation('clauses', { query: { orderBy: { position: 'asc' } } }),
    amends: t.relation('amends', { nullable: true, description: 'The version this one replaces.' }),
    amendedBy: t.relation('amendedBy', {
      description: 'Versions that replace this one.',
      query: { orderBy: [{ announcedEarliest: 'asc' }, { slug: 'asc' }] },
    }),
    supplements: t.relation('supplements', {
      nullable: true,
      description: 'The deal this agreement adds terms to, without replacing it.',
    }),
    supplementedBy: t.relation('supplementedBy', { query: { orderBy: [{ announcedEarliest: 'asc' }, { slug: 'asc' }] } }),
    inForce: t.boolean({
      description: 'In force on the day: started (effective, else announced), not ended, not yet replaced by an amendment.',
      args: { on: t.arg({ type: 'Date', required: true }) },
      select: inForcePeriodSelect,
      resolve: (a, args) => inInterval(storedPeriod(a), args.on),
      extensions: sqlField(inForceOn, ['on']),
    }),
    citations: t.relation('citations', { query: { orderBy: { source: { url: 'asc' } } } }),
    sources: t.field({
      type: [SourceRef],
      args: { kinds: t.arg({ type: [SourceKindEnum], description: 'Only sources of these kinds.' }) },
      select: (args, _ctx, nestedSelection) => ({
        citations: { ...sourceKindsWhere(args.kinds), orderBy: { source: { url: 'asc' } }, select: { source: nestedSelection(true) } },
      }),
      resolve: (a) => a.citations.map((citation) => citation.source),
      extensions: sqlField(citedSources('AgreementCitation', 'agreementId'), ['kinds']),
    }),
  }),
})

builder.prismaObjectField('Agreement', 'versions', (t) =>
  t.field({
    type: [AgreementRef],
    description: 'The amendment chain this version belongs to, oldest first.',
    select: (_args, _ctx, nestedSelection) => ({
      // The dates are selected too: the chain is sorted by when each version starts.
      chainRoot: {
        select: {
          chainVersions: nestedSelection({
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            select: { id: true, ...versionTimesSelect },
          }),
        },
      },
    }),
    resolve: (a) => [...a.chainRoot.chainVersions].sort(byVersionStart),
    extensions: sqlField(chainVersions),
  }),
)

/** Oldest first: by the day each version starts (effective, else announced); stable otherwise. */
function byVersionStart(a: object, b: object): number {
  return (versionStart(versionTimesOf(a)) ?? '').localeCompare(versionStart(versionTimesOf(b)) ?? '')
}

const AgreementFilter = builder.inputType('AgreementFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    party: t.string({ required: false, description: 'Slug of a company taking part.', extensions: slugOf('Company') }),
    kind: t.field({ type: AgreementKindEnum, required: false }),
    status: t.field({ type: AgreementStatusEnum, required: false }),
    activeOn: t.field({ type: 'Date', required: false, description: 'Versions in force on this day.' }),
    ...periodFilterFields(t),
  }),
})

/** Newest announcement first (none first), then by slug: the resolver's order and the planner's. */
const AGREEMENT_ORDER = [{ announcedEarliest: 'desc' }, { slug: 'asc' }] satisfies Prisma.AgreementOrderByWithRelationInput[]

/** The filter, refused (a typed error) when a date range runs backwards. */
function checked(filter: AgreementConditions | null | undefined): AgreementConditions {
  checkPeriod(filter ?? {})
  return filter ?? {}
}

/** The filter's SQL form over the version `x`; the resolvers give the error of a bad range. */
const agreementConditions: ConditionsOf = (x, args) => {
  try {
    return agreementFilter.sql(x, checked(args.filter as AgreementConditions | null)) ?? 'a filter key without an SQL form'
  } catch {
    return 'a filter the resolvers refuse'
  }
}

builder.queryFields((t) => ({
  agreement: t.prismaField({
    type: 'Agreement',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    extensions: sqlRootField(bySlug, ['slug']),
    resolve: (query, _root, args) => prisma().agreement.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  agreements: t.prismaConnection(
    {
      type: 'Agreement',
      cursor: 'id',
      description: 'Agreement versions, newest announcement first.',
      args: { filter: t.arg({ type: AgreementFilter, required: false }) },
      extensions: sqlRootField(rootConnection('Agreement', AGREEMENT_ORDER, agreementConditions), ['filter', ...CONNECTION_ARGS]),
      totalCount: (_root, args) => prisma().agreement.count({ where: agreementFilter.where(checked(args.filter)) }),
      resolve: (query, _root, args) =>
        prisma().agreement.findMany({ ...query, where: agreementFilter.where(checked(args.filter)), orderBy: AGREEMENT_ORDER }),
    },
    { name: 'AgreementConnection' },
    { name: 'AgreementEdge' },
  ),
}))
