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

/** Companies adjacent to any of `frontier` and not in `seen` (a hashed EXCEPT, not an array scan). */
function expansion(frontier: Prisma.Sql, seen: Prisma.Sql, activeOn: string | null): Prisma.Sql {
  return Prisma.sql`(
    SELECT array_agg(id) FROM (
      SELECT other."companyId" AS id
      FROM "AgreementParty" party
      JOIN "AgreementParty" other ON other."agreementId" = party."agreementId"
      JOIN "Agreement" a ON a."id" = party."agreementId"
      WHERE party."companyId" = ANY(${frontier}) AND ${versionFilter('a', activeOn)}
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

/**
 * Breadth-first from both ends at once, in one recursive statement: each step expands whichever
 * side has fewer agreements at its frontier, and the walk stops as soon as the two sides touch.
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
  const degree = (frontier: string) =>
    Prisma.sql`(SELECT count(*) FROM "AgreementParty" d WHERE d."companyId" = ANY(${Prisma.raw(frontier)}))`
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

/** Whether the two companies are parties to one agreement version (the one-hop case, answered from indexes). */
export async function directlyLinked(a: string, b: string, activeOn: string | null): Promise<boolean> {
  const rows = await prisma().$queryRaw<unknown[]>`
    SELECT 1 FROM "AgreementParty" party
    JOIN "AgreementParty" other ON other."agreementId" = party."agreementId"
    JOIN "Agreement" a ON a."id" = party."agreementId"
    WHERE party."companyId" = ${a}::uuid AND other."companyId" = ${b}::uuid AND ${versionFilter('a', activeOn)}
    LIMIT 1`
  return rows.length > 0
}

export interface CompanyLink {
  from: string
  to: string
  agreementId: string
  /** The agreement's start (effective, else announced), for picking the most recent. */
  startsOn: Date | null
}

/** Agreements joining any company of `fromSet` to any company of `toSet`. */
export async function linksBetween(fromSet: string[], toSet: string[], activeOn: string | null): Promise<CompanyLink[]> {
  if (fromSet.length === 0 || toSet.length === 0) return []
  return prisma().$queryRaw<CompanyLink[]>`
    SELECT DISTINCT party."companyId"::text AS "from", other."companyId"::text AS "to", party."agreementId"::text AS "agreementId",
      COALESCE(a."effectiveEarliest", a."announcedEarliest") AS "startsOn"
    FROM "AgreementParty" party
    JOIN "AgreementParty" other ON other."agreementId" = party."agreementId"
    JOIN "Agreement" a ON a."id" = party."agreementId"
    WHERE party."companyId" = ANY(${fromSet}::uuid[])
      AND other."companyId" = ANY(${toSet}::uuid[])
      AND party."companyId" <> other."companyId"
      AND ${versionFilter('a', activeOn)}`
}
