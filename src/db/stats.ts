import { Prisma } from '../generated/prisma/client.js'
import type { ClauseKind } from '../generated/prisma/enums.js'
import { clauseInForceSql, inForceDaysSql } from './in-force-sql.js'
import { prisma } from './setup/prisma.js'

// Aggregates over clauses, computed in PostgreSQL with GROUP BY.

// Each clause's stored in-force period (src/domain/in-force.ts, kept by triggers).
const clausePeriods = Prisma.sql`
  clause_period AS (
    SELECT c."id", c."kind", c."exclusivity", c."grantorId", c."granteeId", c."inForceFrom" AS "from", c."inForceUntil" AS "until"
    FROM "Clause" c
  )`

/**
 * The CTE `scope`: the clauses to count (id, kind, grantor, grantee), those in force on `day` when
 * given (the rule of src/db/in-force-sql.ts, which lets PostgreSQL use the indexes), else all.
 */
function scope(day: string | null | undefined): Prisma.Sql {
  if (!day) return Prisma.sql`scope AS (SELECT c."id", c."kind", c."grantorId", c."granteeId" FROM "Clause" c)`
  return Prisma.sql`scope AS (
      SELECT c."id", c."kind", c."grantorId", c."granteeId"
      FROM "Clause" c
      WHERE ${clauseInForceSql('c', day)}
    )`
}

function kindIs(kind: ClauseKind | null | undefined): Prisma.Sql {
  return kind ? Prisma.sql`s."kind" = ${kind}::"ClauseKind"` : Prisma.sql`TRUE`
}

export interface ClausePeriod {
  id: string
  from: string | null
  until: string | null
}

/** Every clause's in-force interval as ISO days (tests hold it against the domain rules). */
export function clausePeriodRows(): Promise<ClausePeriod[]> {
  return prisma().$queryRaw<ClausePeriod[]>`
    WITH ${clausePeriods}
    SELECT p."id"::text AS id, to_char(p."from", 'YYYY-MM-DD') AS "from", to_char(p."until", 'YYYY-MM-DD') AS "until"
    FROM clause_period p ORDER BY p."id"`
}

export function countByKind(activeOn: string | null | undefined): Promise<{ kind: ClauseKind; count: number }[]> {
  return prisma().$queryRaw`
    WITH ${scope(activeOn)}
    SELECT s."kind"::text AS kind, count(*)::int AS count
    FROM scope s
    GROUP BY s."kind"
    ORDER BY count DESC, s."kind"::text`
}

export interface CountFilter {
  activeOn?: string | null
  kind?: ClauseKind | null
  first: number
}

export function countByCloudProvider(filter: CountFilter): Promise<{ id: string; count: number }[]> {
  return prisma().$queryRaw`
    WITH ${scope(filter.activeOn)}
    SELECT cp."id"::text AS id, count(*)::int AS count
    FROM scope s
    JOIN "_ClauseToCloudProvider" link ON link."A" = s."id"
    JOIN "CloudProvider" cp ON cp."id" = link."B"
    WHERE ${kindIs(filter.kind)}
    GROUP BY cp."id"
    ORDER BY count DESC, cp."name", cp."id"
    LIMIT ${filter.first}`
}

export type ClauseSide = 'GRANTOR' | 'GRANTEE' | 'EITHER'

export function countByCompany(side: ClauseSide, filter: CountFilter): Promise<{ id: string; count: number }[]> {
  const grantors = Prisma.sql`SELECT s."grantorId" AS "companyId" FROM scope s WHERE ${kindIs(filter.kind)}`
  const grantees = Prisma.sql`SELECT s."granteeId" AS "companyId" FROM scope s WHERE ${kindIs(filter.kind)}`
  // EITHER: a clause a company both grants and receives counts once.
  const granteesNotGrantors = Prisma.sql`${grantees} AND s."granteeId" IS DISTINCT FROM s."grantorId"`
  const companies = { GRANTOR: grantors, GRANTEE: grantees, EITHER: Prisma.sql`${grantors} UNION ALL ${granteesNotGrantors}` }[side]
  return prisma().$queryRaw`
    WITH ${scope(filter.activeOn)}
    SELECT co."id"::text AS id, count(*)::int AS count
    FROM (${companies}) side
    JOIN "Company" co ON co."id" = side."companyId"
    GROUP BY co."id"
    ORDER BY count DESC, co."name", co."id"
    LIMIT ${filter.first}`
}

export interface ConflictRow {
  assetId: string
  clauseIds: [string, string]
  from: string
  until: string | null
}

export interface ConflictFilter {
  activeOn?: string | null
  asset?: string | null
  first: number
}

/**
 * Pairs of EXCLUSIVE clauses about the same asset, held by different grantees, whose in-force
 * intervals overlap (with `activeOn`: both in force that day, so the overlap holds it), each with
 * the overlap. The clause that starts first comes first in each pair.
 */
export function exclusivityConflicts(filter: ConflictFilter): Promise<ConflictRow[]> {
  const asset = filter.asset ? Prisma.sql`AND subject."slug" = ${filter.asset}` : Prisma.empty
  const inForce = filter.activeOn ? Prisma.sql`AND ${clauseInForceSql('c', filter.activeOn)}` : Prisma.empty
  return prisma().$queryRaw`
    WITH exclusive AS (
      SELECT c."id", c."granteeId", ${inForceDaysSql('c')} AS days, subject."id" AS "assetId", subject."name" AS "assetName"
      FROM "Clause" c
      JOIN "_AssetToClause" link ON link."B" = c."id"
      JOIN "Asset" subject ON subject."id" = link."A" ${asset}
      WHERE c."exclusivity" = 'EXCLUSIVE' AND c."granteeId" IS NOT NULL
        AND NOT isempty(${inForceDaysSql('c')}) ${inForce}
    ),
    pair AS (
      SELECT x."assetId", x."assetName", x."id" AS a, y."id" AS b, x.days * y.days AS overlap
      FROM exclusive x
      JOIN exclusive y ON y."assetId" = x."assetId" AND y."granteeId" <> x."granteeId"
        AND (lower(x.days), x."id") < (lower(y.days), y."id") AND x.days && y.days
    )
    SELECT "assetId"::text AS "assetId", ARRAY[a::text, b::text] AS "clauseIds",
      to_char(lower(overlap), 'YYYY-MM-DD') AS "from", to_char(upper(overlap) - 1, 'YYYY-MM-DD') AS "until"
    FROM pair
    ORDER BY "assetName", "assetId", lower(overlap), a, b
    LIMIT ${filter.first}`
}
