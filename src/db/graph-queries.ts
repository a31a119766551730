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
  /** Whether the last frontiers of the two walks are linked: the distance is then the layers walked + 1. */
  met: boolean
}

/** Links read to weigh a frontier: past this both sides count as equally big, and the forward one goes. */
const DEGREE_CAP = 5000

/**
 * Breadth-first from both ends at once, in one recursive statement, for two companies known not to
 * be linked directly. Each step takes the side with fewer links at its frontier and first asks
 * whether any of them reaches the other side's frontier: if so the walks meet there and the
 * step's own layer is never built (between two far-apart companies that layer can hold most of
 * the graph); else it expands that side by one layer. Between two hubs this touches far fewer
 * companies than walking out from one end.
 */
export async function meetInTheMiddle(from: string, to: string, maxHops: number, activeOn: string | null): Promise<Meeting> {
  const rows = await prisma().$queryRaw<{ forward: boolean | null; frontier: string[] | null; met: boolean }[]>(
    meetInTheMiddleSql(from, to, maxHops, activeOn),
  )
  const forward = [[from]]
  const backward = [[to]]
  for (const row of rows) if (row.frontier) (row.forward ? forward : backward).push(row.frontier)
  return { forward, backward, met: rows.at(-1)?.met ?? false }
}

export function meetInTheMiddleSql(from: string, to: string, maxHops: number, activeOn: string | null): Prisma.Sql {
  // Read from the primary key alone, capped: the exact degree of a hub's frontier is not needed.
  const degree = (frontier: string) =>
    Prisma.sql`(SELECT count(*) FROM (SELECT FROM "CompanyLink" d WHERE d."companyId" = ANY(${Prisma.raw(frontier)}) LIMIT ${DEGREE_CAP}) d)`
  // Whether a link joins the two frontiers; the other side is hashed, not scanned per link.
  const touches = (frontier: string, other: string) => Prisma.sql`EXISTS (
    SELECT FROM "CompanyLink" link
    WHERE link."companyId" = ANY(${Prisma.raw(frontier)}) AND ${linkFilter('link', activeOn)}
      AND link."partnerId" IN (SELECT unnest(${Prisma.raw(other)})))`
  // Row k is the k-th step: the side it took, and whether the walks meet at distance k, else that
  // side's next layer (f + b = k layers walked in all).
  return Prisma.sql`
    WITH RECURSIVE walk(hops, forward, frontier, f_front, f_seen, b_front, b_seen, met) AS (
      SELECT 0, NULL::boolean, NULL::uuid[], ARRAY[${from}::uuid], ARRAY[${from}::uuid], ARRAY[${to}::uuid], ARRAY[${to}::uuid], false
      UNION ALL
      SELECT walk.hops + 1, side.forward, step.next,
             CASE WHEN side.forward THEN step.next ELSE walk.f_front END,
             CASE WHEN side.forward THEN walk.f_seen || step.next ELSE walk.f_seen END,
             CASE WHEN side.forward THEN walk.b_front ELSE step.next END,
             CASE WHEN side.forward THEN walk.b_seen ELSE walk.b_seen || step.next END,
             step.met
      FROM walk
      -- OFFSET 0 keeps each subquery from being inlined, which would evaluate it once per reference.
      CROSS JOIN LATERAL (SELECT ${degree('walk.f_front')} <= ${degree('walk.b_front')} AS forward OFFSET 0) side
      -- The first step skips the check: the caller knows the two are not linked directly.
      CROSS JOIN LATERAL (SELECT CASE WHEN walk.hops = 0 THEN false WHEN side.forward
          THEN ${touches('walk.f_front', 'walk.b_front')} ELSE ${touches('walk.b_front', 'walk.f_front')} END AS met OFFSET 0) touch
      -- The last step allowed only checks: a layer built then could not be used.
      CROSS JOIN LATERAL (SELECT touch.met, CASE WHEN touch.met OR walk.hops + 1 >= ${maxHops} THEN NULL WHEN side.forward
          THEN ${expansion(Prisma.sql`walk.f_front`, Prisma.sql`walk.f_seen`, activeOn)}
          ELSE ${expansion(Prisma.sql`walk.b_front`, Prisma.sql`walk.b_seen`, activeOn)} END AS next OFFSET 0) step
      -- A step that meets ends the walk; one that finds no new company leaves nothing to walk.
      WHERE NOT walk.met AND walk.hops < ${maxHops} AND (walk.hops = 0 OR walk.frontier IS NOT NULL)
    )
    SELECT forward, frontier::text[] AS frontier, met FROM walk WHERE hops > 0 ORDER BY hops`
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
