import { Prisma } from '../generated/prisma/client.js'
import type { AssetKind, ClauseKind, Exclusivity, InForceEnd } from '../generated/prisma/enums.js'
import { inForceOnColumnsSql, inForceSql, periodSql } from './in-force-sql.js'
import { clauseEndsAfterWhere, clauseEndsBeforeWhere, clauseInForceWhere, type DateRange, periodWhere } from './in-force-where.js'
import { dayToDate } from './partial-date-columns.js'
import { prisma } from './setup/prisma.js'

// The clause filter (ClauseFilter, LicenseFilter) defined once: each key's SQL form over "Clause"
// aliased c, with its Prisma form beside it for the resolvers' pages. Counts and the SQL planner
// read the SQL forms; a key missing here makes the planner refuse the request, never drop the key.

export interface ClauseConditions {
  kind?: ClauseKind | null
  grantor?: string | null
  grantee?: string | null
  subject?: string | null
  subjectKind?: AssetKind | null
  cloudProvider?: string | null
  exclusivity?: Exclusivity | null
  activeOn?: string | null
  endsAfter?: string | null
  endsBefore?: string | null
  inForceDuring?: DateRange | null
  endedBetween?: DateRange | null
  endedHow?: InForceEnd[] | null
  /** The known end's latest day lies in the range (Query.expiring; not a ClauseFilter key). */
  endsLatestWithin?: DateRange | null
}

type Sql = Prisma.Sql

interface FilterForms<V> {
  sql: (value: V) => Sql
  prisma: (value: V) => Prisma.ClauseWhereInput
}

type Filters = { [K in keyof ClauseConditions]-?: FilterForms<NonNullable<ClauseConditions[K]>> }

const and = (parts: Sql[]): Sql => Prisma.sql`(${Prisma.join(parts, ' AND ')})`

const periodKey = <K extends 'inForceDuring' | 'endedBetween' | 'endedHow'>(key: K): FilterForms<NonNullable<ClauseConditions[K]>> => ({
  sql: (value) => and(periodSql('c', { [key]: value })),
  prisma: (value) => ({ AND: periodWhere({ [key]: value }, prisma().clause.fields.inForceFrom) as Prisma.ClauseWhereInput[] }),
})

export const CLAUSE_FILTERS: Filters = {
  kind: {
    sql: (kind) => Prisma.sql`c."kind" = ${kind}::"ClauseKind"`,
    prisma: (kind) => ({ kind }),
  },
  grantor: {
    sql: (slug) => Prisma.sql`c."grantorId" IN (SELECT "id" FROM "Company" WHERE "slug" = ${slug})`,
    prisma: (slug) => ({ grantor: { slug } }),
  },
  grantee: {
    sql: (slug) => Prisma.sql`c."granteeId" IN (SELECT "id" FROM "Company" WHERE "slug" = ${slug})`,
    prisma: (slug) => ({ grantee: { slug } }),
  },
  subject: {
    sql: (slug) => Prisma.sql`EXISTS (SELECT 1 FROM "_AssetToClause" j JOIN "Asset" s ON s."id" = j."A"
      WHERE j."B" = c."id" AND s."slug" = ${slug})`,
    prisma: (slug) => ({ subjects: { some: { slug } } }),
  },
  subjectKind: {
    sql: (kind) => Prisma.sql`EXISTS (SELECT 1 FROM "_AssetToClause" j JOIN "Asset" s ON s."id" = j."A"
      WHERE j."B" = c."id" AND s."kind" = ${kind}::"AssetKind")`,
    prisma: (kind) => ({ subjects: { some: { kind } } }),
  },
  cloudProvider: {
    sql: (slug) => Prisma.sql`EXISTS (SELECT 1 FROM "_ClauseToCloudProvider" j JOIN "CloudProvider" p ON p."id" = j."B"
      WHERE j."A" = c."id" AND p."slug" = ${slug})`,
    prisma: (slug) => ({ cloudProviders: { some: { slug } } }),
  },
  exclusivity: {
    sql: (exclusivity) => Prisma.sql`c."exclusivity" = ${exclusivity}::"Exclusivity"`,
    prisma: (exclusivity) => ({ exclusivity }),
  },
  activeOn: {
    sql: (day) => inForceOnColumnsSql('c', day),
    prisma: (day) => clauseInForceWhere(day),
  },
  endsAfter: {
    sql: (day) => Prisma.sql`c."endsLatest" > ${day}::date`,
    prisma: (day) => clauseEndsAfterWhere(day),
  },
  endsBefore: {
    sql: (day) => Prisma.sql`c."endsEarliest" < ${day}::date`,
    prisma: (day) => clauseEndsBeforeWhere(day),
  },
  endsLatestWithin: {
    sql: ({ from, to }) =>
      and([
        Prisma.sql`c."endsLatest" IS NOT NULL`,
        ...(from ? [Prisma.sql`c."endsLatest" >= ${from}::date`] : []),
        ...(to ? [Prisma.sql`c."endsLatest" <= ${to}::date`] : []),
      ]),
    prisma: ({ from, to }) => ({ endsLatest: { not: null, ...(from ? { gte: dayToDate(from) } : {}), ...(to ? { lte: dayToDate(to) } : {}) } }),
  },
  inForceDuring: periodKey('inForceDuring'),
  endedBetween: periodKey('endedBetween'),
  endedHow: periodKey('endedHow'),
}

const given = (filter: object) => Object.entries(filter).filter(([, value]) => value !== null && value !== undefined)

const formsOf = (key: string): FilterForms<unknown> | undefined =>
  Object.hasOwn(CLAUSE_FILTERS, key) ? (CLAUSE_FILTERS[key as keyof Filters] as FilterForms<unknown>) : undefined

/** The filter as SQL over "Clause" c; null when it holds a key without an SQL form. */
export function clauseFilterSql(filter: object): Sql | null {
  const parts: Sql[] = [Prisma.sql`TRUE`]
  for (const [key, value] of given(filter)) {
    const forms = formsOf(key)
    if (!forms) return null
    parts.push(forms.sql(value))
  }
  return Prisma.join(parts, ' AND ')
}

/** The filter as a Prisma where, for the resolvers' pages. */
export function clauseFilterWhere(filter: ClauseConditions): Prisma.ClauseWhereInput {
  return {
    AND: given(filter).map(([key, value]) => {
      const forms = formsOf(key)
      if (!forms) throw new Error(`Clause filter key "${key}" has no definition`)
      return forms.prisma(value)
    }),
  }
}

/**
 * The exact number of clauses matching the filter: one statement, readable from an index. Filtered
 * to a day, the range form of the rule lets it count from the in-force index alone.
 */
export function clauseCountSql(filter: ClauseConditions): Sql | null {
  const where = clauseFilterSql(filter)
  const onDay = filter.activeOn ? Prisma.sql` AND ${inForceSql('c', filter.activeOn)}` : Prisma.empty
  return where && Prisma.sql`SELECT count(*)::int AS "count" FROM "Clause" c WHERE ${where}${onDay}`
}

export async function countClauses(filter: ClauseConditions): Promise<number> {
  const sql = clauseCountSql(filter)
  if (!sql) throw new Error('Clause filter without an SQL form')
  const [row] = await prisma().$queryRaw<{ count: number }[]>(sql)
  return row?.count ?? 0
}

export type LicenseConditions = Omit<ClauseConditions, 'kind' | 'grantor' | 'grantee'> & {
  licensor?: string | null
  licensee?: string | null
}

/** LicenseFilter as clause conditions: licence grants, licensor → grantor, licensee → grantee. */
export function licenseConditions(filter: LicenseConditions): ClauseConditions {
  const { licensor, licensee, ...rest } = filter
  return { ...rest, kind: 'LICENSE_GRANT', grantor: licensor, grantee: licensee }
}
