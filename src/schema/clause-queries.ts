import type { Prisma } from '../generated/prisma/client.js'
import type { ClauseKind, Exclusivity } from '../generated/prisma/enums.js'
import { builder } from '../builder.js'
import { clauseEndsAfterWhere, clauseEndsBeforeWhere, clauseInForceWhere } from '../db/in-force-where.js'
import { prisma } from '../db/prisma.js'
import { ClauseConnection } from './clause.js'
import { ClauseKindEnum, ExclusivityEnum } from './enums.js'
import { clausePeriodWhere, type PeriodConditions, periodFilterFields } from './in-force.js'
import { sqlRootField } from '../sql-execution/field-sql.js'
import { CLAUSE_PAGE_ARGS, CLAUSE_PAGES } from '../sql-execution/clause-pages.js'
import { type ClauseOrder, clauseOrders } from './clause-orders.js'

const ClauseFilter = builder.inputType('ClauseFilter', {
  description: 'All given conditions must hold. Companies, assets and clouds are named by slug.',
  fields: (t) => ({
    kind: t.field({ type: ClauseKindEnum, required: false }),
    grantor: t.string({ required: false, description: 'Slug of the granting, paying or supplying company.' }),
    grantee: t.string({ required: false, description: 'Slug of the receiving company.' }),
    subject: t.string({ required: false, description: 'Slug of an asset the clause is about.' }),
    cloudProvider: t.string({ required: false, description: 'Slug of a cloud provider the clause names.' }),
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
    licensor: t.string({ required: false }),
    licensee: t.string({ required: false }),
    subject: t.string({ required: false, description: 'Slug of a licensed asset.' }),
    exclusivity: t.field({ type: ExclusivityEnum, required: false }),
    activeOn: t.field({ type: 'Date', required: false, description: 'In force on this day.' }),
    endsAfter: t.field({ type: 'Date', required: false, description: 'Has a known end later than this day.' }),
    endsBefore: t.field({ type: 'Date', required: false, description: 'Has a known end earlier than this day.' }),
    ...periodFilterFields(t),
  }),
})

interface ClauseConditions extends PeriodConditions {
  kind?: ClauseKind | null
  grantor?: string | null
  grantee?: string | null
  subject?: string | null
  cloudProvider?: string | null
  exclusivity?: Exclusivity | null
  activeOn?: string | null
  endsAfter?: string | null
  endsBefore?: string | null
}

export function clauseWhere(c: ClauseConditions): Prisma.ClauseWhereInput {
  const and: Prisma.ClauseWhereInput[] = []
  if (c.kind) and.push({ kind: c.kind })
  if (c.grantor) and.push({ grantor: { slug: c.grantor } })
  if (c.grantee) and.push({ grantee: { slug: c.grantee } })
  if (c.subject) and.push({ subjects: { some: { slug: c.subject } } })
  if (c.cloudProvider) and.push({ cloudProviders: { some: { slug: c.cloudProvider } } })
  if (c.exclusivity) and.push({ exclusivity: c.exclusivity })
  if (c.activeOn) and.push(clauseInForceWhere(c.activeOn))
  if (c.endsAfter) and.push(clauseEndsAfterWhere(c.endsAfter))
  if (c.endsBefore) and.push(clauseEndsBeforeWhere(c.endsBefore))
  and.push(...clausePeriodWhere(c))
  return { AND: and }
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
function clausePage<A extends PageArgs>(whereOf: (args: A) => Prisma.ClauseWhereInput) {
  return {
    type: 'Clause' as const,
    cursor: 'id' as const,
    totalCount: (_root: unknown, args: A) => prisma().clause.count({ where: whereOf(args) }),
    resolve: (query: object, _root: unknown, args: A) =>
      prisma().clause.findMany({
        ...query,
        // One statement for the page and every relation the request selects.
        relationLoadStrategy: 'join',
        where: whereOf(args),
        orderBy: clauseOrders[args.orderBy ?? 'ENDS_SOONEST'],
      }),
  }
}

type LicenseConditions = { licensor?: string | null; licensee?: string | null } & ClauseConditions

builder.queryFields((t) => ({
  clauses: t.prismaConnection(
    {
      ...clausePage((args: PageArgs & { filter?: ClauseConditions | null }) => clauseWhere(args.filter ?? {})),
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
      ...clausePage((args: PageArgs & { filter?: LicenseConditions | null }) => {
        const f = args.filter ?? {}
        return clauseWhere({ ...f, kind: 'LICENSE_GRANT', grantor: f.licensor, grantee: f.licensee })
      }),
      description:
        'Licence-grant clauses: which assets are licensed to whom, how exclusively, until when; by default those ending soonest first.',
      extensions: sqlRootField(CLAUSE_PAGES.licenses!, CLAUSE_PAGE_ARGS),
      args: {
        filter: t.arg({ type: LicenseFilter, required: false }),
        orderBy: t.arg({ type: ClauseOrderEnum, required: false, defaultValue: 'ENDS_SOONEST' }),
      },
    },
    ClauseConnection,
  ),
}))
