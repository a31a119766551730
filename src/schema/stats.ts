import { queryFromInfo } from '@pothos/plugin-prisma'
import { GraphQLError } from 'graphql'
import type { Prisma } from '../generated/prisma/client.js'
import type { ClauseKind, Exclusivity } from '../generated/prisma/enums.js'
import { builder, DEFAULT_PAGE_SIZE } from '../builder.js'
import { type ClauseConditions, clauseFilterWhere } from '../db/clause-filter.js'
import { prisma } from '../db/setup/prisma.js'
import { type ClauseSide, countByCloudProvider, countByCompany, countByKind } from '../db/stats.js'
import { addDays } from '../domain/partial-date.js'
import { computedList, jsonValue, recordById } from '../sql-execution/computed-rows.js'
import { sqlRootField } from '../sql-execution/field-sql.js'
import { ClauseConnection } from './clause.js'
import { CloudProviderRef } from './cloud-provider.js'
import { CompanyRef } from './company.js'
import { ClauseKindEnum, ExclusivityEnum } from './enums.js'
import { clauseConnection } from '../sql-execution/clause-pages.js'
import { CONNECTION_ARGS } from '../sql-execution/connection.js'

// Counts of clauses by kind, cloud provider and company, and the clauses expiring soon. Counts
// leave out empty buckets and come biggest first, then by name.

const MAX_WITHIN_DAYS = 36_525

const ClauseKindCount = builder.objectRef<{ kind: ClauseKind; count: number }>('ClauseKindCount').implement({
  description: 'How many clauses are of one kind.',
  fields: (t) => ({
    kind: t.expose('kind', { type: ClauseKindEnum }),
    count: t.exposeInt('count'),
  }),
})

const CloudProviderClauseCount = builder
  .objectRef<{ cloudProvider: typeof CloudProviderRef.$inferType; count: number }>('CloudProviderClauseCount')
  .implement({
    description: 'How many clauses name one cloud provider.',
    fields: (t) => ({
      cloudProvider: t.field({ type: CloudProviderRef, resolve: (row) => row.cloudProvider }),
      count: t.exposeInt('count'),
    }),
  })

const CompanyClauseCount = builder.objectRef<{ company: typeof CompanyRef.$inferType; count: number }>('CompanyClauseCount').implement({
  description: 'How many clauses one company is a party to, on the side asked for.',
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (row) => row.company }),
    count: t.exposeInt('count'),
  }),
})

const ClauseSideEnum = builder.enumType('ClauseSide', {
  description: 'Which side of a clause a company is counted on.',
  values: {
    GRANTOR: { description: 'Grants, pays, supplies or issues (licensor, payer, supplier, issuer).' },
    GRANTEE: { description: 'Receives (licensee, payee, customer, holder).' },
    EITHER: { description: 'Either side; a clause counts once.' },
  } as const,
})

const ACTIVE_ON = 'Count only clauses in force on this day.'

/** Pairs each count with its loaded row, in the order of the counts. */
function withRows<T extends { id: string }>(counts: { id: string; count: number }[], rows: T[]): [T, number][] {
  const byId = new Map(rows.map((row) => [row.id, row]))
  // A row deleted between the two statements is left out rather than failing the request.
  return counts.flatMap((c): [T, number][] => {
    const row = byId.get(c.id)
    return row ? [[row, c.count]] : []
  })
}

type CountArgs = { activeOn?: string | null; kind?: ClauseKind | null; first?: number | null }

// The counts each field answers, for its resolver and its SQL form alike.
const kindCounts = (args: CountArgs) => countByKind(args.activeOn)
const cloudProviderCounts = (args: CountArgs) => countByCloudProvider({ ...args, first: args.first ?? DEFAULT_PAGE_SIZE })
const companyCounts = (args: CountArgs & { side?: ClauseSide | null }) =>
  countByCompany(args.side ?? 'EITHER', { ...args, first: args.first ?? DEFAULT_PAGE_SIZE })

const countOf = (row?: { count: number }) => () => jsonValue(row?.count ?? 0)

builder.queryFields((t) => ({
  clauseCountsByKind: t.field({
    type: [ClauseKindCount],
    description: 'Number of clauses of each kind, most common first (kinds with none are left out).',
    args: { activeOn: t.arg({ type: 'Date', required: false, description: ACTIVE_ON }) },
    extensions: sqlRootField(
      computedList('ClauseKindCount', kindCounts, (row) => ({ kind: () => jsonValue(row?.kind ?? null), count: countOf(row) })),
      ['activeOn'],
    ),
    resolve: (_root, args) => kindCounts(args),
  }),
  clauseCountsByCloudProvider: t.field({
    type: [CloudProviderClauseCount],
    description:
      'Number of clauses naming each cloud provider (who depends on which cloud), most first, then by name; providers with none are left out.',
    args: {
      activeOn: t.arg({ type: 'Date', required: false, description: ACTIVE_ON }),
      kind: t.arg({ type: ClauseKindEnum, required: false, description: 'Count only clauses of this kind.' }),
      first: t.arg.int({ required: false, description: `The top providers to return (default ${DEFAULT_PAGE_SIZE}).` }),
    },
    extensions: sqlRootField(
      computedList('CloudProviderClauseCount', cloudProviderCounts, (row) => ({
        cloudProvider: recordById('CloudProvider', row?.id ?? null),
        count: countOf(row),
      })),
      ['activeOn', 'kind', 'first'],
    ),
    resolve: async (_root, args, context, info) => {
      const counts = await cloudProviderCounts(args)
      if (counts.length === 0) return []
      const clouds = await prisma().cloudProvider.findMany({
        ...queryFromInfo({ context, info, path: ['cloudProvider'] }),
        where: { id: { in: counts.map((c) => c.id) } },
      })
      return withRows(counts, clouds).map(([cloudProvider, count]) => ({ cloudProvider, count }))
    },
  }),
  clauseCountsByCompany: t.field({
    type: [CompanyClauseCount],
    description: 'Number of clauses each company grants, receives, or either, most first, then by name; companies with none are left out.',
    args: {
      side: t.arg({ type: ClauseSideEnum, required: true, defaultValue: 'EITHER', description: 'Which side to count the company on.' }),
      activeOn: t.arg({ type: 'Date', required: false, description: ACTIVE_ON }),
      kind: t.arg({ type: ClauseKindEnum, required: false, description: 'Count only clauses of this kind.' }),
      first: t.arg.int({ required: false, description: `The top companies to return (default ${DEFAULT_PAGE_SIZE}).` }),
    },
    extensions: sqlRootField(
      computedList('CompanyClauseCount', companyCounts, (row) => ({ company: recordById('Company', row?.id ?? null), count: countOf(row) })),
      ['side', 'activeOn', 'kind', 'first'],
    ),
    resolve: async (_root, args, context, info) => {
      const counts = await companyCounts(args)
      if (counts.length === 0) return []
      const companies = await prisma().company.findMany({
        ...queryFromInfo({ context, info, path: ['company'] }),
        where: { id: { in: counts.map((c) => c.id) } },
      })
      return withRows(counts, companies).map(([company, count]) => ({ company, count }))
    },
  }),
}))

interface ExpiringArgs {
  from: string
  withinDays: number
  kind?: ClauseKind | null
  exclusivity?: Exclusivity | null
}

const withinDaysAllowed = (days: number) => days >= 0 && days <= MAX_WITHIN_DAYS

/** In force on `from`, with a known end whose latest day is in [from, from + withinDays]. */
function expiringConditions(args: ExpiringArgs): ClauseConditions {
  const within = { from: args.from, to: addDays(args.from, args.withinDays) }
  return { activeOn: args.from, endsLatestWithin: within, kind: args.kind, exclusivity: args.exclusivity }
}

/** The resolvers' where, refusing a `withinDays` out of bounds (a typed error). */
function expiringWhere(args: ExpiringArgs): Prisma.ClauseWhereInput {
  if (!withinDaysAllowed(args.withinDays)) {
    throw new GraphQLError(`Argument "withinDays" must be between 0 and ${MAX_WITHIN_DAYS} (got ${args.withinDays})`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'withinDays' },
    })
  }
  return clauseFilterWhere(expiringConditions(args))
}

/** Soonest end first, then by agreement and position: the resolver's order and the planner's. */
const EXPIRING_ORDER = [
  { endsLatest: 'asc' },
  { agreement: { slug: 'asc' } },
  { position: 'asc' },
  { id: 'asc' },
] satisfies Prisma.ClauseOrderByWithRelationInput[]

// The planner leaves a bad `withinDays` to the resolvers' error.
const expiringSql = clauseConnection(
  (args) => (withinDaysAllowed(args.withinDays as number) ? expiringConditions(args as unknown as ExpiringArgs) : 'withinDays out of bounds'),
  () => EXPIRING_ORDER,
)

builder.queryField('expiring', (t) =>
  t.prismaConnection(
    {
      type: 'Clause',
      cursor: 'id',
      description:
        'Clauses in force on `from` whose own end falls within `withinDays` days of it (the end’s latest day, so a term ' +
        '"through 2032" expires on 2032-12-31), soonest first. With `kind: LICENSE_GRANT` the licences about to expire; ' +
        'with `exclusivity: EXCLUSIVE` the exclusive grants.',
      args: {
        from: t.arg({ type: 'Date', required: true }),
        withinDays: t.arg.int({ required: true, description: `Days after \`from\`, 0–${MAX_WITHIN_DAYS}; the last day counts.` }),
        kind: t.arg({ type: ClauseKindEnum, required: false }),
        exclusivity: t.arg({ type: ExclusivityEnum, required: false }),
      },
      extensions: sqlRootField(expiringSql, ['from', 'withinDays', 'kind', 'exclusivity', ...CONNECTION_ARGS]),
      totalCount: (_root, args) => prisma().clause.count({ where: expiringWhere(args) }),
      resolve: (query, _root, args) =>
        prisma().clause.findMany({
          ...query,
          where: expiringWhere(args),
          orderBy: EXPIRING_ORDER,
        }),
    },
    ClauseConnection,
  ),
)
