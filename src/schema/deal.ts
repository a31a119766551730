import type { Prisma } from '../generated/prisma/client.js'
import type { PartyRole } from '../generated/prisma/enums.js'
import { builder } from '../builder.js'
import { slugOf } from './slug-args.js'
import { storedPeriod } from '../db/in-force-period.js'
import { dealFilter } from '../db/deal-filter.js'
import { prisma } from '../db/setup/prisma.js'
import { AgreementRef } from './agreement.js'
import { CompanyRef } from './company.js'
import { AgreementStatusEnum, PartyRoleEnum } from './enums.js'
import { whereId } from './node-ids.js'
import { sqlField, sqlRootField } from '../sql-execution/field-sql.js'
import { dealFirstVersion, dealInForceFrom, dealInForceUntil, dealLatestVersion, dealStatus, dealVersions } from '../sql-execution/deals.js'
import { bySlug } from '../sql-execution/lookups.js'
import { CONNECTION_ARGS } from '../sql-execution/connection.js'
import { rootConnection } from '../sql-execution/root-pages.js'
import { type DealAgreementParties, dealParties as dealPartiesForm } from '../sql-execution/deal-parties.js'

// A deal (DESIGN.md, "Deals"): the chain of versions of one agreement plus the agreements that
// supplement it, what analysts count. The database assigns every version its deal (a trigger).
// The planner's forms of these fields (src/sql-execution/deals.ts) mirror the chain and orders here.

/** Oldest first: by the stored first day in force, versions never in force last. */
const oldestFirst: Prisma.AgreementOrderByWithRelationInput[] = [{ inForceFrom: { sort: 'asc', nulls: 'last' } }, { slug: 'asc' }]
/** The versions of the amendment chain(s): the deal's agreements that supplement nothing. */
const chain: Prisma.AgreementWhereInput = { supplementsId: null }

interface DealPartyShape {
  company: object
  roles: PartyRole[]
  versions: number
}

const DealPartyRef = builder.objectRef<DealPartyShape>('DealParty').implement({
  description: 'A company taking part in a deal over its life: its roles, and in how many of the deal’s agreements.',
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (p) => p.company as never }),
    roles: t.field({ type: [PartyRoleEnum], resolve: (p) => p.roles }),
    versions: t.exposeInt('versions', { description: 'The deal’s agreements (versions and supplements) it is a party to.' }),
  }),
})

export const DealRef = builder.prismaNode('Deal', {
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: whereId,
  description: 'A deal: the chain of versions of one agreement plus the agreements that supplement it.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    version: t.exposeInt('version', { description: 'Optimistic concurrency: pass it to updateDeal.' }),
    agreements: t.relation('agreements', {
      description: 'Every agreement of the deal, versions and supplements, oldest first.',
      query: { orderBy: oldestFirst },
    }),
    versions: t.relation('agreements', {
      description: 'The amendment chain, oldest first (supplements are in `agreements`).',
      query: { where: chain, orderBy: oldestFirst },
      extensions: sqlField(dealVersions),
    }),
    firstVersion: t.field({
      type: AgreementRef,
      nullable: true,
      select: (_args, _ctx, nestedSelection) => ({ agreements: nestedSelection({ where: chain, orderBy: oldestFirst, take: 1 }) }),
      resolve: (deal) => deal.agreements[0] ?? null,
      extensions: sqlField(dealFirstVersion),
    }),
    latestVersion: t.field({
      type: AgreementRef,
      nullable: true,
      description: 'The latest version of the amendment chain: the one no amendment replaces.',
      select: (_args, _ctx, nestedSelection) => ({
        agreements: nestedSelection({
          where: { ...chain, amendedBy: { none: {} } },
          orderBy: [{ inForceFrom: { sort: 'desc', nulls: 'last' } }, { slug: 'desc' }],
          take: 1,
        }),
      }),
      resolve: (deal) => deal.agreements[0] ?? null,
      extensions: sqlField(dealLatestVersion),
    }),
    status: t.field({
      type: AgreementStatusEnum,
      nullable: true,
      description: 'The latest version’s status.',
      select: {
        agreements: {
          where: { ...chain, amendedBy: { none: {} } },
          orderBy: [{ inForceFrom: { sort: 'desc', nulls: 'last' } }, { slug: 'desc' }],
          take: 1,
          select: { status: true },
        },
      },
      resolve: (deal) => deal.agreements[0]?.status ?? null,
      extensions: sqlField(dealStatus),
    }),
    inForceFrom: t.field({
      type: 'Date',
      nullable: true,
      description: 'The first day any of its agreements is in force.',
      select: { agreements: { select: { inForceFrom: true, inForceUntil: true, inForceEnd: true } } },
      resolve: (deal) => dealPeriod(deal.agreements).from,
      extensions: sqlField(dealInForceFrom),
    }),
    inForceUntil: t.field({
      type: 'Date',
      nullable: true,
      description: 'The last day any of its agreements is in force; null while one is open-ended.',
      select: { agreements: { select: { inForceFrom: true, inForceUntil: true, inForceEnd: true } } },
      resolve: (deal) => dealPeriod(deal.agreements).until,
      extensions: sqlField(dealInForceUntil),
    }),
    parties: t.field({
      type: [DealPartyRef],
      description: 'Every company party to any of its agreements, most agreements first.',
      select: (_args, _ctx, nestedSelection) => ({
        // The name orders the parties, whatever the request reads of the company.
        agreements: {
          select: { parties: { select: { role: true, companyId: true, company: nestedSelection({ select: { name: true } }, ['company']) } } },
        },
      }),
      resolve: (deal) => dealParties(deal),
      extensions: sqlField(dealPartiesForm(dealParties)),
    }),
  }),
})

/** From the earliest first day of its agreements to the latest last day (null if one is open). */
function dealPeriod(agreements: { inForceFrom: Date | null; inForceUntil: Date | null; inForceEnd: never | null | string }[]) {
  const periods = agreements.map((a) => storedPeriod(a as never)).filter((p) => p.from !== null)
  if (periods.length === 0) return { from: null, until: null }
  const from = periods.map((p) => p.from!).sort()[0]!
  const until = periods.some((p) => p.until === null)
    ? null
    : periods
        .map((p) => p.until!)
        .sort()
        .at(-1)!
  return { from, until }
}

/** Its parties over its agreements: the resolver's answer, and the planner's over the same rows read in SQL. */
function dealParties({ agreements }: DealAgreementParties<PartyRole>): DealPartyShape[] {
  const byCompany = new Map<string, { company: object; roles: Set<PartyRole>; versions: number }>()
  for (const agreement of agreements) {
    const seen = new Set<string>()
    for (const p of agreement.parties) {
      const entry = byCompany.get(p.companyId) ?? { company: p.company, roles: new Set<PartyRole>(), versions: 0 }
      entry.roles.add(p.role)
      if (!seen.has(p.companyId)) entry.versions++
      seen.add(p.companyId)
      byCompany.set(p.companyId, entry)
    }
  }
  const name = (c: object) => (c as { name?: string; slug?: string }).name ?? ''
  return [...byCompany.entries()]
    .sort(([ida, a], [idb, b]) => b.versions - a.versions || name(a.company).localeCompare(name(b.company)) || ida.localeCompare(idb))
    .map(([, e]) => ({ company: e.company, roles: [...e.roles].sort(), versions: e.versions }))
}

builder.prismaObjectField('Agreement', 'deal', (t) => t.relation('deal', { description: 'The deal this version belongs to.' }))

const DealFilter = builder.inputType('DealFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    party: t.string({ required: false, description: 'Slug of a company party to any of its agreements.', extensions: slugOf('Company') }),
    activeOn: t.field({ type: 'Date', required: false, description: 'Deals with an agreement in force on this day.' }),
  }),
})

/** By slug: the resolvers' order of deals and the planner's. */
export const DEAL_ORDER = [{ slug: 'asc' }] satisfies Prisma.DealOrderByWithRelationInput[]

builder.queryFields((t) => ({
  deal: t.prismaField({
    type: 'Deal',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    extensions: sqlRootField(bySlug, ['slug']),
    resolve: (query, _root, args) => prisma().deal.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  deals: t.prismaConnection(
    {
      type: 'Deal',
      cursor: 'id',
      description: 'Deals, by slug.',
      args: { filter: t.arg({ type: DealFilter, required: false }) },
      extensions: sqlRootField(
        rootConnection('Deal', DEAL_ORDER, (x, args) => dealFilter.sql(x, args.filter as object | null) ?? 'a filter key without an SQL form'),
        ['filter', ...CONNECTION_ARGS],
      ),
      totalCount: (_root, args) => prisma().deal.count({ where: dealFilter.where(args.filter) }),
      resolve: (query, _root, args) => prisma().deal.findMany({ ...query, where: dealFilter.where(args.filter), orderBy: DEAL_ORDER }),
    },
    { name: 'DealConnection' },
    { name: 'DealEdge' },
  ),
}))
