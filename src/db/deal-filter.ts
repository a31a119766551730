import { Prisma } from '../generated/prisma/client.js'
import { filterForms } from './filter-table.js'
import { agreementInForceSql } from './in-force-sql.js'
import { agreementInForceWhere } from './in-force-where.js'

// DealFilter defined once (filter-table.ts): each key over a "Deal" row in SQL, and as Prisma's
// where for the resolvers' page and count; and the deals of one company (Company.deals).

type Sql = Prisma.Sql

export interface DealConditions {
  party?: string | null
  activeOn?: string | null
}

/** The deal (row `x`) has an agreement (row `a`) meeting `condition`. */
const withAgreementSql = (x: Sql, condition: (a: Sql) => Sql) => {
  const a = Prisma.raw('"deal_agreement"')
  return Prisma.sql`EXISTS (SELECT 1 FROM "Agreement" ${a} WHERE ${a}."dealId" = ${x}."id" AND ${condition(a)})`
}

/** A company, by the party row `p`'s SQL condition and Prisma's, takes part in some agreement of the deal. */
const withParty = {
  sql: (x: Sql, party: (p: Sql) => Sql) =>
    withAgreementSql(x, (a) => {
      const p = Prisma.raw('"deal_party"')
      return Prisma.sql`EXISTS (SELECT 1 FROM "AgreementParty" ${p} WHERE ${p}."agreementId" = ${a}."id" AND ${party(p)})`
    }),
  prisma: (party: Prisma.AgreementPartyWhereInput): Prisma.DealWhereInput => ({ agreements: { some: { parties: { some: party } } } }),
}

export const dealFilter = filterForms<DealConditions, Prisma.DealWhereInput>('DealFilter', {
  party: {
    sql: (x, slug) => withParty.sql(x, (p) => Prisma.sql`${p}."companyId" IN (SELECT "id" FROM "Company" WHERE "slug" = ${slug})`),
    prisma: (slug) => withParty.prisma({ company: { slug } }),
  },
  activeOn: {
    sql: (x, day) => withAgreementSql(x, (a) => agreementInForceSql(a, day)),
    prisma: (day) => ({ agreements: { some: agreementInForceWhere(day) } }),
  },
})

/** The deals the company whose id is given takes part in (Company.deals), in SQL and for Prisma. */
export const dealsOfCompany = {
  sql: (x: Sql, companyId: Sql) => withParty.sql(x, (p) => Prisma.sql`${p}."companyId" = ${companyId}`),
  prisma: (companyId: string) => withParty.prisma({ companyId }),
}
