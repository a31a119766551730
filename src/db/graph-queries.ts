import { Prisma } from '../generated/prisma/client.js'
import { inForceSql } from './in-force-sql.js'
import { queryRows } from './setup/raw-query.js'

// Breadth-first walks over the company graph, done in PostgreSQL over "CompanyLink" (one row per
// ordered pair of co-parties of an agreement version, kept by triggers). Two companies are adjacent
// when they share a version in force on `activeOn` when given, else the latest version of a deal.

/** The version filter on a "CompanyLink" row aliased `alias`: its version's stored period holds `activeOn`. */
export function linkFilter(alias: string, activeOn: string | null): Prisma.Sql {
  if (!activeOn) return Prisma.sql`${Prisma.raw(`"${alias}"`)}."latest"`
  return inForceSql(alias, activeOn)
}

/** Companies adjacent to any of `frontier` and not in `seen` (a hashed EXCEPT, not an array scan). */
function expansion(frontier: Prisma.Sql, seen: Prisma.Sql, activeOn: string | null): Prisma.Sql {
  return Prisma.sql`(
    SELECT array_agg(id) FROM (
      SELECT link."partnerId" AS id FROM "CompanyLink" link
      WHERE link."companyId" = ANY(${frontier}) AND ${linkFilter('link', activeOn)}
      EXCEPT SELECT unnest(${seen})
    ) reached)`
}

/**
 * The companies at each distance from `from`, nearest first (layer 0 is `from` itself), up to
 * `depth`. One recursive statement: each step expands the whole frontier at once and never revisits
 * a company, so the work grows with the companies reached, not with the number of paths.
 */
export async function companyLayers(from: string, depth: number, activeOn: string | null): Promise<string[][]> {
  const rows = await queryRows<{ frontier: string[] }>(Prisma.sql`
    WITH RECURSIVE layers(depth, frontier, seen) AS (
      SELECT 0, ARRAY[${from}::uuid], ARRAY[${from}::uuid]
      UNION ALL
      SELECT layers.depth + 1, step.next, layers.seen || step.next
      FROM layers
      -- OFFSET 0 keeps the subquery from being inlined, which would evaluate it once per reference.
      CROSS JOIN LATERAL (SELECT ${expansion(Prisma.sql`layers.frontier`, Prisma.sql`layers.seen`, activeOn)} AS next OFFSET 0) step
      WHERE step.next IS NOT NULL AND layers.depth < ${depth}
    )
    -- As JSON, which pg parses natively: a uuid[] of thousands is parsed character by character.
    SELECT to_json(frontier) AS frontier FROM layers ORDER BY depth`)
  return rows.map((row) => row.frontier)
}

export interface CompanyLink {
  from: string
  to: string
  agreementId: string
  /** The agreement's start (effective, else announced) as YYYY-MM-DD, for picking the most recent. */
  startsOn: string | null
}

/**
 * Agreements joining any company of `fromSet` to any company of `toSet`. Links are stored both
 * ways, so the lookup starts from `toSet` (on a path search, the few companies known to be on a
 * shortest path) whatever the size of `fromSet`.
 */
export async function linksBetween(fromSet: string[], toSet: string[], activeOn: string | null): Promise<CompanyLink[]> {
  if (fromSet.length === 0 || toSet.length === 0) return []
  return queryRows<CompanyLink>(Prisma.sql`
    SELECT link."partnerId"::text AS "from", link."companyId"::text AS "to", link."agreementId"::text AS "agreementId",
      to_char(link."inForceFrom", 'YYYY-MM-DD') AS "startsOn"
    FROM "CompanyLink" link
    WHERE link."companyId" = ANY(${toSet}::uuid[]) AND link."partnerId" = ANY(${fromSet}::uuid[]) AND ${linkFilter('link', activeOn)}
    ORDER BY link."agreementId", link."partnerId", link."companyId"`)
}
