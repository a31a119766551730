import { Prisma } from '../generated/prisma/client.js'
import { prisma } from './prisma.js'

// Breadth-first walks over the company graph, done in PostgreSQL over "CompanyLink" (one row per
// ordered pair of co-parties of an agreement version, kept by triggers). Two companies are adjacent
// when they share a version in force on `activeOn` when given, else the latest version of a deal.

/** The version filter on a "CompanyLink" row aliased `alias`: its stored window holds `agreementInForceSql`. */
function linkFilter(alias: string, activeOn: string | null): Prisma.Sql {
  const l = Prisma.raw(`"${alias}"`)
  if (!activeOn) return Prisma.sql`${l}."latest"`
  return Prisma.sql`(${l}."inForceFrom" <= ${activeOn}::date AND (${l}."inForceUntil" IS NULL OR ${l}."inForceUntil" >= ${activeOn}::date))`
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
  const rows = await prisma().$queryRaw<{ frontier: string[] }[]>`
    WITH RECURSIVE layers(depth, frontier, seen) AS (
      SELECT 0, ARRAY[${from}::uuid], ARRAY[${from}::uuid]
      UNION ALL
      SELECT layers.depth + 1, step.next, layers.seen || step.next
      FROM layers
      -- OFFSET 0 keeps the subquery from being inlined, which would evaluate it once per reference.
      CROSS JOIN LATERAL (SELECT ${expansion(Prisma.sql`layers.frontier`, Prisma.sql`layers.seen`, activeOn)} AS next OFFSET 0) step
      WHERE step.next IS NOT NULL AND layers.depth < ${depth}
    )
    SELECT frontier::text[] AS frontier FROM layers ORDER BY depth`
  return rows.map((row) => row.frontier)
}

export interface Meeting {
  /** Layers walked from `from` (layer 0 = [from]) and from `to` (layer 0 = [to]). */
  forward: string[][]
  backward: string[][]
  /** Companies both walks reached; empty when the two never met within `maxHops`. */
  met: string[]
}

/** Links read to weigh a frontier: past this both sides count as equally big, and the forward one goes. */
const DEGREE_CAP = 2000

/**
 * Breadth-first from both ends at once, in one recursive statement: each step expands whichever
 * side has fewer links at its frontier, and the walk stops as soon as the two sides touch.
 * Between two hubs this touches far fewer companies than walking out from one end.
 */
export async function meetInTheMiddle(from: string, to: string, maxHops: number, activeOn: string | null): Promise<Meeting> {
  const rows = await prisma().$queryRaw<{ forward: boolean | null; frontier: string[]; met: string[] | null }[]>(
    meetInTheMiddleSql(from, to, maxHops, activeOn),
  )
  const forward = [[from]]
  const backward = [[to]]
  for (const row of rows.slice(1)) (row.forward ? forward : backward).push(row.frontier)
  return { forward, backward, met: rows.at(-1)?.met ?? [] }
}

export function meetInTheMiddleSql(from: string, to: string, maxHops: number, activeOn: string | null): Prisma.Sql {
  // Read from the primary key alone, capped: the exact degree of a hub's frontier is not needed.
  const degree = (frontier: string) =>
    Prisma.sql`(SELECT count(*) FROM (SELECT FROM "CompanyLink" d WHERE d."companyId" = ANY(${Prisma.raw(frontier)}) LIMIT ${DEGREE_CAP}) d)`
  return Prisma.sql`
    WITH RECURSIVE walk(hops, forward, frontier, f_front, f_seen, b_front, b_seen, met) AS (
      SELECT 0, NULL::boolean, NULL::uuid[], ARRAY[${from}::uuid], ARRAY[${from}::uuid], ARRAY[${to}::uuid], ARRAY[${to}::uuid],
             CASE WHEN ${from}::uuid = ${to}::uuid THEN ARRAY[${to}::uuid] END
      UNION ALL
      SELECT walk.hops + 1, side.forward, step.next,
             CASE WHEN side.forward THEN step.next ELSE walk.f_front END,
             CASE WHEN side.forward THEN walk.f_seen || step.next ELSE walk.f_seen END,
             CASE WHEN side.forward THEN walk.b_front ELSE step.next END,
             CASE WHEN side.forward THEN walk.b_seen ELSE walk.b_seen || step.next END,
             (SELECT array_agg(m) FROM unnest(step.next) m WHERE m = ANY(CASE WHEN side.forward THEN walk.b_seen ELSE walk.f_seen END))
      FROM walk
      -- OFFSET 0 keeps each subquery from being inlined, which would evaluate it once per reference.
      CROSS JOIN LATERAL (SELECT ${degree('walk.f_front')} <= ${degree('walk.b_front')} AS forward OFFSET 0) side
      CROSS JOIN LATERAL (SELECT CASE WHEN side.forward
          THEN ${expansion(Prisma.sql`walk.f_front`, Prisma.sql`walk.f_seen`, activeOn)}
          ELSE ${expansion(Prisma.sql`walk.b_front`, Prisma.sql`walk.b_seen`, activeOn)} END AS next OFFSET 0) step
      WHERE walk.met IS NULL AND step.next IS NOT NULL AND walk.hops < ${maxHops}
    )
    SELECT forward, frontier::text[] AS frontier, met::text[] AS met FROM walk ORDER BY hops`
}

export interface CompanyLink {
  from: string
  to: string
  agreementId: string
  /** The agreement's start (effective, else announced), for picking the most recent. */
  startsOn: Date | null
}

/**
 * Agreements joining any company of `fromSet` to any company of `toSet`. Links are stored both
 * ways, so the lookup starts from `toSet` (on a path search, the few companies known to be on a
 * shortest path) whatever the size of `fromSet`.
 */
export async function linksBetween(fromSet: string[], toSet: string[], activeOn: string | null): Promise<CompanyLink[]> {
  if (fromSet.length === 0 || toSet.length === 0) return []
  return prisma().$queryRaw<CompanyLink[]>`
    SELECT link."partnerId"::text AS "from", link."companyId"::text AS "to", link."agreementId"::text AS "agreementId",
      link."inForceFrom" AS "startsOn"
    FROM "CompanyLink" link
    WHERE link."companyId" = ANY(${toSet}::uuid[]) AND link."partnerId" = ANY(${fromSet}::uuid[]) AND ${linkFilter('link', activeOn)}`
}
