import { Prisma } from '../generated/prisma/client.js'
import { agreementInForceSql } from './in-force-sql.js'
import { prisma } from './prisma.js'

// Breadth-first walks over the company graph, done in PostgreSQL: two companies are adjacent when
// they are parties to the same agreement version: one in force on `activeOn` when given, else the
// latest version of each deal (one no amendment has replaced).

function versionFilter(alias: string, activeOn: string | null): Prisma.Sql {
  if (activeOn) return agreementInForceSql(alias, activeOn)
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM "Agreement" amendment WHERE amendment."amendsId" = ${Prisma.raw(`"${alias}"`)}."id")`
}

/**
 * The companies at each distance from `from`, nearest first (layer 0 is `from` itself). One
 * recursive statement: each step expands the whole frontier at once and never revisits a company,
 * so the work grows with the companies reached, not with the number of paths. Stops after `depth`
 * layers, or at the layer that reaches `stopAt`.
 */
export async function companyLayers(
  from: string,
  depth: number,
  activeOn: string | null,
  stopAt: string | null = null,
): Promise<string[][]> {
  const rows = await prisma().$queryRaw<{ depth: number; frontier: string[] }[]>`
    WITH RECURSIVE layers(depth, frontier, visited) AS (
      SELECT 0, ARRAY[${from}::uuid], ARRAY[${from}::uuid]
      UNION ALL
      SELECT layers.depth + 1, step.next, layers.visited || step.next
      FROM layers
      CROSS JOIN LATERAL (
        SELECT array_agg(DISTINCT other."companyId") AS next
        FROM "AgreementParty" party
        JOIN "AgreementParty" other ON other."agreementId" = party."agreementId"
        JOIN "Agreement" a ON a."id" = party."agreementId"
        WHERE party."companyId" = ANY(layers.frontier)
          AND other."companyId" <> ALL(layers.visited)
          AND ${versionFilter('a', activeOn)}
      ) step
      WHERE step.next IS NOT NULL
        AND layers.depth < ${depth}
        AND NOT (${stopAt}::uuid IS NOT NULL AND ${stopAt}::uuid = ANY(layers.visited))
    )
    SELECT depth, frontier::text[] AS frontier FROM layers ORDER BY depth`
  return rows.map((row) => row.frontier)
}

export interface CompanyLink {
  from: string
  to: string
  agreementId: string
}

/** Agreements joining any company of `fromSet` to any company of `toSet`. */
export async function linksBetween(fromSet: string[], toSet: string[], activeOn: string | null): Promise<CompanyLink[]> {
  if (fromSet.length === 0 || toSet.length === 0) return []
  return prisma().$queryRaw<CompanyLink[]>`
    SELECT DISTINCT party."companyId"::text AS "from", other."companyId"::text AS "to", party."agreementId"::text AS "agreementId"
    FROM "AgreementParty" party
    JOIN "AgreementParty" other ON other."agreementId" = party."agreementId"
    JOIN "Agreement" a ON a."id" = party."agreementId"
    WHERE party."companyId" = ANY(${fromSet}::uuid[])
      AND other."companyId" = ANY(${toSet}::uuid[])
      AND party."companyId" <> other."companyId"
      AND ${versionFilter('a', activeOn)}`
}
