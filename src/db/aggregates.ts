import { Prisma } from '../generated/prisma/client.js'
import type { AmountPeriod, AmountQualifier, ClauseKind, QuantityUnit } from '../generated/prisma/enums.js'
import type { Figure } from '../domain/qualified-sum.js'
import { clauseContractedSql, clauseInForceSql } from './in-force-sql.js'
import { prisma } from './setup/prisma.js'

// The clauses the aggregates of src/schema/aggregates.ts add up, with their figures: ACTIVE clauses
// in force on the day between two named companies, grantor → grantee. A clause's headline amount
// counts; without one, the amounts of its tranches. The same for its quantity, on its own.

/** Compute bought and sold: the provider supplies (grantor), the buyer receives (grantee). */
export const COMPUTE_KINDS = ['COMPUTE_COMMITMENT', 'CHIP_SUPPLY', 'CAPACITY_PURCHASE', 'LEASE', 'POWER_PURCHASE'] as const satisfies ClauseKind[]
/** Money invested: the investor pays (grantor), the investee receives (grantee). */
export const INVESTMENT_KINDS = ['INVESTMENT'] as const satisfies ClauseKind[]

export interface CountedClause {
  id: string
  grantorId: string
  granteeId: string
  /** The companies' names, to order pairs that tie. */
  grantorName: string
  granteeName: string
  figures: Figure[]
}

interface Filter {
  kinds: readonly ClauseKind[]
  on: string
  /** Company slugs; null: any. */
  grantor?: string | null
  grantee?: string | null
  /** Whether quantities count (compute) or only money (investment). */
  quantities: boolean
}

const companyIs = (column: string, slug: string | null | undefined) =>
  slug ? Prisma.sql`AND c.${Prisma.raw(`"${column}"`)} = (SELECT "id" FROM "Company" WHERE "slug" = ${slug})` : Prisma.empty

interface FigureJson {
  currency?: string | null
  period?: AmountPeriod | null
  unit?: QuantityUnit
  qualifier: AmountQualifier
  value: string
  high: string | null
}

interface Row {
  id: string
  grantorId: string
  granteeId: string
  grantorName: string
  granteeName: string
  amounts: FigureJson[]
  quantities: FigureJson[]
}

/** The clauses to add up, each with its figures (decimals as exact text). */
export async function countedClauses(filter: Filter): Promise<CountedClause[]> {
  const kinds = filter.kinds.map((kind) => Prisma.sql`${kind}::"ClauseKind"`)
  const rows = await prisma().$queryRaw<Row[]>`
    SELECT c."id"::text AS id, c."grantorId"::text AS "grantorId", c."granteeId"::text AS "granteeId",
      grantor."name" AS "grantorName", grantee."name" AS "granteeName",
      CASE WHEN c."amount" IS NOT NULL
        THEN jsonb_build_array(jsonb_build_object('currency', c."currency", 'period', c."amountPeriod",
          'qualifier', c."amountQualifier", 'value', c."amount"::text, 'high', c."amountHigh"::text))
        ELSE (SELECT coalesce(jsonb_agg(jsonb_build_object('currency', t."currency", 'period', t."amountPeriod",
            'qualifier', t."amountQualifier", 'value', t."amount"::text, 'high', t."amountHigh"::text) ORDER BY t."position"), '[]')
          FROM "ClauseTranche" t WHERE t."clauseId" = c."id" AND t."amount" IS NOT NULL)
      END AS amounts,
      CASE WHEN c."quantity" IS NOT NULL
        THEN jsonb_build_array(jsonb_build_object('unit', c."quantityUnit",
          'qualifier', c."quantityQualifier", 'value', c."quantity"::text, 'high', c."quantityHigh"::text))
        ELSE (SELECT coalesce(jsonb_agg(jsonb_build_object('unit', t."quantityUnit",
            'qualifier', t."quantityQualifier", 'value', t."quantity"::text, 'high', t."quantityHigh"::text) ORDER BY t."position"), '[]')
          FROM "ClauseTranche" t WHERE t."clauseId" = c."id" AND t."quantity" IS NOT NULL)
      END AS quantities
    FROM "Clause" c
    JOIN "Agreement" a ON a."id" = c."agreementId"
    JOIN "Company" grantor ON grantor."id" = c."grantorId"
    JOIN "Company" grantee ON grantee."id" = c."granteeId"
    WHERE c."kind" IN (${Prisma.join(kinds)}) AND c."status" = 'ACTIVE'
      ${companyIs('grantorId', filter.grantor)} ${companyIs('granteeId', filter.grantee)}
      AND ${clauseContractedSql('c', 'a', filter.on)}
    ORDER BY a."slug", c."position"`
  return rows.map((row) => ({
    id: row.id,
    grantorId: row.grantorId,
    granteeId: row.granteeId,
    grantorName: row.grantorName,
    granteeName: row.granteeName,
    figures: [...(filter.quantities ? row.quantities.flatMap(quantityFigure) : []), ...row.amounts.flatMap(moneyFigure)],
  }))
}

// A figure without its unit or currency cannot be added to anything: it is left out of the totals.
const quantityFigure = (f: FigureJson): Figure[] =>
  f.unit ? [{ measure: { unit: f.unit }, qualifier: f.qualifier, value: f.value, high: f.high }] : []
const moneyFigure = (f: FigureJson): Figure[] =>
  f.currency ? [{ measure: { currency: f.currency, period: f.period ?? null }, qualifier: f.qualifier, value: f.value, high: f.high }] : []

export interface StakeRow {
  /** The holder (grantee of the stake): the investor. */
  holderId: string
  /** The issuer (grantor of the stake): the investee. */
  issuerId: string
  clauseId: string
  percentage: string
}

/**
 * For each (issuer, holder) pair, the EQUITY_STAKE clause with a percentage in force on the day that
 * started last (its own start, else its version's effective, else announced day; then the key).
 */
export function latestStakes(pairs: { issuerId: string; holderId: string }[], on: string): Promise<StakeRow[]> {
  if (pairs.length === 0) return Promise.resolve([])
  const issuers = pairs.map((p) => p.issuerId)
  const holders = pairs.map((p) => p.holderId)
  return prisma().$queryRaw<StakeRow[]>`
    SELECT DISTINCT ON (c."grantorId", c."granteeId")
      c."granteeId"::text AS "holderId", c."grantorId"::text AS "issuerId", c."id"::text AS "clauseId", c."percentage"::text AS percentage
    FROM unnest(${issuers}::uuid[], ${holders}::uuid[]) AS pair("issuerId", "holderId")
    JOIN "Clause" c ON c."grantorId" = pair."issuerId" AND c."granteeId" = pair."holderId"
    JOIN "Agreement" a ON a."id" = c."agreementId"
    WHERE c."kind" = 'EQUITY_STAKE' AND c."status" = 'ACTIVE' AND c."percentage" IS NOT NULL
      AND ${clauseInForceSql('c', on)}
    ORDER BY c."grantorId", c."granteeId",
      COALESCE(c."startsEarliest", a."effectiveEarliest", a."announcedEarliest") DESC NULLS LAST, c."key" DESC`
}
