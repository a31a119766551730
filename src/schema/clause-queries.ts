import { builder } from '../builder.js'
import { slugOf } from './slug-args.js'
import { type ClauseConditions, clauseFilterWhere, countClauses, type LicenseConditions, licenseConditions } from '../db/clause-filter.js'
import { prisma } from '../db/setup/prisma.js'
import { ClauseConnection } from './clause.js'
import { AssetKindEnum, ClauseKindEnum, ExclusivityEnum } from './enums.js'
import { checkPeriod, type PeriodConditions, periodFilterFields } from './in-force.js'
import { sqlRootField } from '../sql-execution/field-sql.js'
import { CLAUSE_PAGE_ARGS, CLAUSE_PAGES } from '../sql-execution/clause-pages.js'
import { type ClauseOrder, clauseOrders } from './clause-orders.js'

const ClauseFilter = builder.inputType('ClauseFilter', {
  description: 'All given conditions must hold. Companies, assets and clouds are named by slug.',
  fields: (t) => ({
    kind: t.field({ type: ClauseKindEnum, required: false }),
    grantor: t.string({ required: false, description: 'Slug of the granting, paying or supplying company.', extensions: slugOf('Company') }),
    grantee: t.string({ required: false, description: 'Slug of the receiving company.', extensions: slugOf('Company') }),
    subject: t.string({ required: false, description: 'Slug of an asset the clause is about.', extensions: slugOf('Asset') }),
    subjectKind: t.field({ type: AssetKindEnum, required: false, description: 'The clause is about an asset of this kind.' }),
    cloudProvider: t.string({ required: false, description: 'Slug of a cloud provider the clause names.', extensions: slugOf('CloudProvider') }),
    exclusivity: t.field({ type: ExclusivityEnum, required: false }),
    activeOn: t.field({ type: 'Date', required: false, description: 'In force on this day.' }),
    endsAfter: t.field({ type: 'Date', required: false, description: 'Has a known end later than this day.' }),
    endsBefore: t.field({ type: 'Date', required: false, description: 'Has a known end earlier than this day.' }),
    ...periodFilterFields(t),
  }),
})

const LicenseFilter = builder.inputType('LicenseFilter', {
  description: 'All given conditions must hold. Companies and assets are named by slug.',
  fields: (t) => ({
    licensor: t.string({ required: false, extensions: slugOf('Company') }),
    licensee: t.string({ required: false, extensions: slugOf('Company') }),
    subject: t.string({ required: false, description: 'Slug of a licensed asset.', extensions: slugOf('Asset') }),
    subjectKind: t.field({
      type: AssetKindEnum,
      required: false,
      description: 'A licensed asset is of this kind (MODEL: licences of models).',
    }),
    exclusivity: t.field({ type: ExclusivityEnum, required: false }),
    activeOn: t.field({ type: 'Date', required: false, description: 'In force on this day.' }),
    endsAfter: t.field({ type: 'Date', required: false, description: 'Has a known end later than this day.' }),
    endsBefore: t.field({ type: 'Date', required: false, description: 'Has a known end earlier than this day.' }),
    ...periodFilterFields(t),
  }),
})

/** The clause conditions of a filter, refused when a date range runs backwards. */
function checked<F extends PeriodConditions>(filter: F): F {
  checkPeriod(filter)
  return filter
}

const ClauseOrderEnum = builder.enumType('ClauseOrder', {
  values: {
    ENDS_SOONEST: { description: 'Earliest known end first ("until when"), open-ended terms last, then by key.' },
    NEWEST_AGREEMENT: { description: 'Newest agreement version first, then clause position. Slower on large graphs.' },
    KEY: { description: 'By editorial key: agreement slug, then clause number.' },
  } as const,
})

type PageArgs = { orderBy?: ClauseOrder | null }

/** Options shared by the root clause connections: count and page with the same filter. */
function clausePage<A extends PageArgs>(conditionsOf: (args: A) => ClauseConditions) {
  return {
    type: 'Clause' as const,
    cursor: 'id' as const,
    totalCount: (_root: unknown, args: A) => countClauses(checked(conditionsOf(args))),
    resolve: (query: object, _root: unknown, args: A) =>
      prisma().clause.findMany({
        ...query,
        // One statement for the page and every relation the request selects.
        relationLoadStrategy: 'join',
        where: clauseFilterWhere(checked(conditionsOf(args))),
        orderBy: clauseOrders[args.orderBy ?? 'ENDS_SOONEST'],
      }),
  }
}

builder.queryFields((t) => ({
  clauses: t.prismaConnection(
    {
      ...clausePage((args: PageArgs & { filter?: ClauseConditions | null }) => args.filter ?? {}),
      description: 'Clauses of every agreement version; by default those ending soonest first.',
      extensions: sqlRootField(CLAUSE_PAGES.clauses!, CLAUSE_PAGE_ARGS),
      args: {
        filter: t.arg({ type: ClauseFilter, required: false }),
        orderBy: t.arg({ type: ClauseOrderEnum, required: false, defaultValue: 'ENDS_SOONEST' }),
      },
    },
    ClauseConnection,
  ),
  licenses: t.prismaConnection(
    {
      ...clausePage((args: PageArgs & { filter?: LicenseConditions | null }) => licenseConditions(args.filter ?? {})),
      description: 'Licence-grant clauses: which assets are licensed to whom, how exclusively, until when; by default those ending soonest first.',
      extensions: sqlRootField(CLAUSE_PAGES.licenses!, CLAUSE_PAGE_ARGS),
      args: {
        filter: t.arg({ type: LicenseFilter, required: false }),
        orderBy: t.arg({ type: ClauseOrderEnum, required: false, defaultValue: 'ENDS_SOONEST' }),
      },
    },
    ClauseConnection,
  ),
}))
