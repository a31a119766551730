import { Prisma } from '../generated/prisma/client.js'
import type { AgreementKind, AgreementStatus, InForceEnd } from '../generated/prisma/enums.js'
import { filterForms, type FilterKey } from './filter-table.js'
import { agreementInForceSql, periodSql } from './in-force-sql.js'
import { agreementInForceWhere, type DateRange, periodWhere } from './in-force-where.js'
import { prisma } from './setup/prisma.js'

// AgreementFilter defined once (filter-table.ts): each key over an "Agreement" row in SQL, and as
// Prisma's where for the resolvers' page and count.

export interface AgreementConditions {
  party?: string | null
  kind?: AgreementKind | null
  status?: AgreementStatus | null
  activeOn?: string | null
  inForceDuring?: DateRange | null
  endedBetween?: DateRange | null
  endedHow?: InForceEnd[] | null
}

type Where = Prisma.AgreementWhereInput

/** A key on the stored period, read by periodSql and periodWhere (the same columns as a clause's). */
const periodKey = <K extends 'inForceDuring' | 'endedBetween' | 'endedHow'>(key: K): FilterKey<NonNullable<AgreementConditions[K]>, Where> => ({
  sql: (x, value) => Prisma.sql`(${Prisma.join([Prisma.sql`TRUE`, ...periodSql(x, { [key]: value })], ' AND ')})`,
  prisma: (value) => ({ AND: periodWhere({ [key]: value }, prisma().agreement.fields.inForceFrom) as Where[] }),
})

export const agreementFilter = filterForms<AgreementConditions, Where>('AgreementFilter', {
  party: {
    sql: (x, slug) => Prisma.sql`EXISTS (SELECT 1 FROM "AgreementParty" p JOIN "Company" pc ON pc."id" = p."companyId"
      WHERE p."agreementId" = ${x}."id" AND pc."slug" = ${slug})`,
    prisma: (slug) => ({ parties: { some: { company: { slug } } } }),
  },
  kind: {
    sql: (x, kind) => Prisma.sql`${x}."kinds" @> ARRAY[${kind}::"AgreementKind"]`,
    prisma: (kind) => ({ kinds: { has: kind } }),
  },
  status: {
    sql: (x, status) => Prisma.sql`${x}."status" = ${status}::"AgreementStatus"`,
    prisma: (status) => ({ status }),
  },
  activeOn: {
    sql: (x, day) => agreementInForceSql(x, day),
    prisma: (day) => agreementInForceWhere(day),
  },
  inForceDuring: periodKey('inForceDuring'),
  endedBetween: periodKey('endedBetween'),
  endedHow: periodKey('endedHow'),
})
