import { Prisma } from '../../generated/prisma/client.js'
import { KEEP_PLAN } from '../../db/setup/client.js'
import { linkFilter } from '../../db/graph-queries.js'
import { queryRows } from '../../db/setup/raw-query.js'

// A path search over "CompanyLink" in one statement: both companies by slug, the agreements
// joining them directly (the one-hop answer, and between two hubs the common case), else the walk
// from both ends and the walk back, so no layer of companies ever leaves PostgreSQL. Its text is
// fixed, so each connection plans it once (KEEP_PLAN): planning took about a millisecond.

/** One hop: two companies and the agreement versions joining them. */
export interface PathStep {
  from: string
  to: string
  /** The most recent agreements joining the two (by start, then id), newest first, at most `perStep`. */
  agreementIds: string[]
  agreementCount: number
}

/** The ids of the `perStep` most recent agreements of a group of links (an unknown start counts as the oldest). */
function newest(perStep: number): Prisma.Sql {
  return Prisma.sql`(array_agg(link."agreementId" ORDER BY link."inForceFrom" DESC NULLS LAST, link."agreementId"))[1:${perStep}]`
}

/** Links read to weigh a frontier: past this both sides count as equally big, and the forward one goes. */
const DEGREE_CAP = 2000

export interface PathSearch {
  /** Null for an unknown slug. */
  fromId: string | null
  toId: string | null
  /** The step joining the two directly (the one-hop answer), if any. */
  direct: PathStep | null
  /**
   * Without a direct link, the steps on shortest paths per hop (steps[k] join companies k and k + 1
   * hops from `from`); null when the two are not joined within `maxHops`.
   */
  steps: PathStep[][] | null
}

type Row = PathStep & { hop: number | null }

/**
 * Both companies by slug, and the steps of the shortest paths between them, in one statement. One
 * row holds the ends (hop null) and the agreements of their direct link, if any; the others are
 * the steps of a walk.
 *
 * - `walk`, breadth-first from both ends: each step takes the side with fewer links at its
 *   frontier and first asks whether any of them reaches the other side's frontier; if so the walks
 *   meet at distance k (the step's number) and the layer between them is never built (between two
 *   far-apart companies it can hold most of the graph); else that side grows by one layer. It only
 *   starts when the two are known and not linked directly.
 * - `back`, from `to` towards `from`: per hop, the companies of that hop's layer linked to those
 *   already known to be on a shortest path. Links are stored both ways, so each lookup starts from
 *   that small set. The links it reads are the steps: it groups them by pair as it goes (as JSON,
 *   one value per hop), instead of reading them again afterwards (9% of a walk over random pairs,
 *   17% for the bench's far pair at 100k, where a step between hubs has dozens of links).
 */
export async function searchPaths(from: string, to: string, maxHops: number, activeOn: string | null, perStep: number): Promise<PathSearch> {
  const rows = await queryRows<Row>(pathSearchSql(from, to, maxHops, activeOn, perStep))
  const ends = rows.find((row) => row.hop === null)
  const fromId = ends?.from ?? null
  const toId = ends?.to ?? null
  const direct =
    ends && ends.agreementCount > 0 ? { from: ends.from, to: ends.to, agreementIds: ends.agreementIds, agreementCount: ends.agreementCount } : null
  const steps: PathStep[][] = []
  for (const { hop, ...step } of rows) if (hop !== null) (steps[hop] ??= []).push(step)
  return { fromId, toId, direct, steps: steps.length > 0 ? steps : null }
}

export function pathSearchSql(from: string, to: string, maxHops: number, activeOn: string | null, perStep: number): Prisma.Sql {
  const filter = linkFilter('link', activeOn)
  // Links at a frontier, read from the primary key alone and only up to `cap`: which side is
  // smaller is all the walk needs, so the backward side is counted only up to one past the forward.
  const degree = (frontier: string, cap: Prisma.Sql) =>
    Prisma.sql`(SELECT count(*) FROM (SELECT FROM "CompanyLink" d WHERE d."companyId" = ANY(${Prisma.raw(frontier)}) LIMIT ${cap}) d)`
  // Whether a link joins the two frontiers; the other side is hashed, not scanned per link.
  const touches = (frontier: string, other: string) => Prisma.sql`EXISTS (
    SELECT FROM "CompanyLink" link
    WHERE link."companyId" = ANY(${Prisma.raw(frontier)}) AND ${filter}
      AND link."partnerId" IN (SELECT unnest(${Prisma.raw(other)})))`
  // Companies adjacent to the frontier and not yet seen (a hashed EXCEPT, not an array scan).
  const expansion = (frontier: string, seen: string) => Prisma.sql`(
    SELECT array_agg(id) FROM (
      SELECT link."partnerId" AS id FROM "CompanyLink" link WHERE link."companyId" = ANY(${Prisma.raw(frontier)}) AND ${filter}
      EXCEPT SELECT unnest(${Prisma.raw(seen)})
    ) reached)`
  return Prisma.sql`${Prisma.raw(KEEP_PLAN)}
    WITH RECURSIVE ends AS (
      SELECT (SELECT "id" FROM "Company" WHERE "slug" = ${from}) AS from_id, (SELECT "id" FROM "Company" WHERE "slug" = ${to}) AS to_id
    ),
    direct AS (
      SELECT count(*) AS count, ${newest(perStep)} AS ids
      FROM ends JOIN "CompanyLink" link ON link."companyId" = ends.from_id AND link."partnerId" = ends.to_id AND ${filter}
    ),
    walk(hops, forward, frontier, f_front, f_seen, b_front, b_seen, met) AS (
      SELECT 0, NULL::boolean, NULL::uuid[], ARRAY[from_id], ARRAY[from_id], ARRAY[to_id], ARRAY[to_id], false
      FROM ends, direct WHERE from_id <> to_id AND direct.count = 0 AND ${maxHops} > 1
      UNION ALL
      SELECT walk.hops + 1, side.forward, step.next,
             CASE WHEN side.forward THEN step.next ELSE walk.f_front END,
             CASE WHEN side.forward THEN walk.f_seen || step.next ELSE walk.f_seen END,
             CASE WHEN side.forward THEN walk.b_front ELSE step.next END,
             CASE WHEN side.forward THEN walk.b_seen ELSE walk.b_seen || step.next END,
             touch.met
      FROM walk
      -- OFFSET 0 keeps each subquery from being inlined, which would evaluate it once per reference.
      CROSS JOIN LATERAL (SELECT ${degree('walk.f_front', Prisma.sql`${DEGREE_CAP}`)} AS links OFFSET 0) f_degree
      CROSS JOIN LATERAL (SELECT f_degree.links <= ${degree('walk.b_front', Prisma.sql`f_degree.links + 1`)} AS forward OFFSET 0) side
      -- The first step skips the check: the two are not linked directly.
      CROSS JOIN LATERAL (SELECT CASE WHEN walk.hops = 0 THEN false WHEN side.forward
          THEN ${touches('walk.f_front', 'walk.b_front')} ELSE ${touches('walk.b_front', 'walk.f_front')} END AS met OFFSET 0) touch
      -- The last step allowed only checks: a layer built then could not be used.
      CROSS JOIN LATERAL (SELECT CASE WHEN touch.met OR walk.hops + 1 >= ${maxHops} THEN NULL
          WHEN side.forward THEN ${expansion('walk.f_front', 'walk.f_seen')}
          ELSE ${expansion('walk.b_front', 'walk.b_seen')} END AS next OFFSET 0) step
      -- A step that meets ends the walk; one that finds no new company leaves nothing to walk.
      WHERE NOT walk.met AND walk.hops < ${maxHops} AND (walk.hops = 0 OR walk.frontier IS NOT NULL)
    ),
    distance AS (SELECT hops FROM walk WHERE met),
    -- Companies by hops from "from": the forward layers, then the backward ones counted from "to".
    layer(hop, ids) AS (
      SELECT 0, ARRAY[from_id] FROM ends
      UNION ALL SELECT row_number() OVER (ORDER BY hops), frontier FROM walk WHERE forward AND frontier IS NOT NULL
      UNION ALL SELECT distance.hops - row_number() OVER (ORDER BY walk.hops), frontier
        FROM walk, distance WHERE NOT walk.forward AND walk.frontier IS NOT NULL
    ),
    back(hop, on_path, steps) AS (
      SELECT hops, ARRAY[to_id], NULL::json FROM distance, ends
      UNION ALL
      SELECT back.hop - 1, reached.on_path, reached.steps
      FROM back CROSS JOIN LATERAL (
        SELECT array_agg(DISTINCT pair."from") AS on_path, json_agg(pair) AS steps FROM (
          SELECT link."partnerId" AS "from", link."companyId" AS "to", count(*)::int AS "agreementCount",
            ${newest(perStep)} AS "agreementIds"
          FROM "CompanyLink" link
          WHERE link."companyId" = ANY(back.on_path) AND ${filter}
            AND link."partnerId" IN (SELECT unnest(layer.ids) FROM layer WHERE layer.hop = back.hop - 1)
          GROUP BY link."partnerId", link."companyId"
        ) pair
      ) reached
      WHERE back.hop > 0
    )
    -- Agreement ids as JSON, which pg parses natively: it parses a uuid[] character by character in
    -- JavaScript (a tenth of a far path's Node time at 100k, where a step names up to 20).
    SELECT NULL::int AS hop, from_id::text AS "from", to_id::text AS "to", direct.count::int AS "agreementCount",
      to_json(direct.ids) AS "agreementIds"
    FROM ends, direct
    UNION ALL
    SELECT back.hop::int AS hop, step."from", step."to", step."agreementCount", step."agreementIds"
    FROM back CROSS JOIN LATERAL json_to_recordset(back.steps)
      AS step("from" text, "to" text, "agreementCount" int, "agreementIds" json)`
}
