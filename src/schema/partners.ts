import { GraphQLError } from 'graphql'
import { Prisma } from '../generated/prisma/client.js'
import { builder, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.js'
import { prisma } from '../db/setup/prisma.js'
import { CompanyRef } from './company.js'
import { DEAL_ORDER } from './deal.js'
import { dealsOfCompany } from '../db/deal-filter.js'
import { sqlField } from '../sql-execution/field-sql.js'
import { companyPartners, partnerRowsSql } from '../sql-execution/partners.js'
import { CONNECTION_ARGS } from '../sql-execution/connection.js'
import { tableConnection } from '../sql-execution/root-pages.js'

// A company's deals and its partners counted in deals (DESIGN.md, "Deals"): "Microsoft's partners
// by number of deals" is one query.

interface PartnerShape {
  company: object
  deals: number
  versions: number
}

const PartnerRef = builder.objectRef<PartnerShape>('Partner').implement({
  description: 'A company another one has deals with: how many deals, and how many agreement versions, they share.',
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (p) => p.company as never }),
    deals: t.exposeInt('deals', { description: 'Deals both are party to (in some agreement of the deal, together).' }),
    versions: t.exposeInt('versions', { description: 'Agreement versions and supplements both are party to.' }),
  }),
})

/** The partners of `companyId` (partnerRowsSql), with their companies. */
async function partnersOf(companyId: string, activeOn: string | null | undefined, first: number): Promise<PartnerShape[]> {
  const rows = await prisma().$queryRaw<{ partnerId: string; deals: number; versions: number }[]>(
    partnerRowsSql(Prisma.sql`${companyId}::uuid`, activeOn, first),
  )
  const companies = new Map((await prisma().company.findMany({ where: { id: { in: rows.map((r) => r.partnerId) } } })).map((c) => [c.id, c]))
  return rows.map((r) => ({ company: companies.get(r.partnerId)!, deals: r.deals, versions: r.versions }))
}

builder.prismaObjectFields('Company', (t) => ({
  deals: t.prismaConnection({
    type: 'Deal',
    cursor: 'id',
    description: 'Deals this company is party to (in any of their agreements), by slug.',
    totalCount: (company) => prisma().deal.count({ where: dealsOfCompany.prisma(company.id) }),
    resolve: (query, company) => prisma().deal.findMany({ ...query, where: dealsOfCompany.prisma(company.id), orderBy: DEAL_ORDER }),
    extensions: sqlField(
      tableConnection('Deal', DEAL_ORDER, (x, _args, company) => dealsOfCompany.sql(x, Prisma.sql`${company}."id"`)),
      CONNECTION_ARGS,
    ),
  }),
  partners: t.field({
    type: [PartnerRef],
    description: 'Companies this one has deals with, most deals first (then most versions, then by name).',
    args: {
      activeOn: t.arg({ type: 'Date', required: false, description: 'Count only the versions in force on this day.' }),
      first: t.arg.int({ required: false, description: `At most this many (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` }),
    },
    resolve: (company, args) => {
      const first = args.first ?? DEFAULT_PAGE_SIZE
      if (first < 0 || first > MAX_PAGE_SIZE) {
        throw new GraphQLError(`Argument "first" must be between 0 and ${MAX_PAGE_SIZE} (got ${first}).`, {
          extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
        })
      }
      return partnersOf(company.id, args.activeOn, first)
    },
    extensions: sqlField(companyPartners, ['activeOn', 'first']),
  }),
}))
