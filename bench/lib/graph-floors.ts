import type { FloorStatement } from './client-queries.js'
import { DEFAULT_HOPS, MAX_AGREEMENTS_PER_STEP } from '../../src/features/paths/search.js'
import { pathSearchSql } from '../../src/features/paths/search-sql.js'
import { DEFAULT_MAX_EDGES } from '../../src/features/neighborhood/budget.js'
import { DEFAULT_DEPTH, MAX_COMPANIES } from '../../src/features/neighborhood/members.js'

// The floors of partnershipPath and neighborhood (bench/lib/queries.ts): each answered by one SQL
// statement that builds the API's whole JSON response, global IDs included, so it compares equal
// to the API's answer as it is. Both keep their plans (prepared per connection, as the project
// keeps its path search's): planning such a statement can take longer than running it.

/** "In force on day $n" for the row aliased `alias`, or true when $n is null (the project's rule: src/db/in-force-sql.ts). */
const inForceOrAny = (alias: string, n: number) =>
  `($${n}::date IS NULL OR "in_force_days"(${alias}."inForceFrom", ${alias}."inForceUntil") @> $${n}::date)`

/**
 * partnershipPath: the project's walk (src/features/paths/search-sql.ts, the rule of which steps
 * lie on shortest paths: not written twice) as the statement's first table, then what the API does
 * after it in TypeScript and a second statement, here in the same one: the chains spelled out
 * depth first in the order of the companies' ids, at most ten (every prefix reaches `to`, so
 * keeping the first ten prefixes per hop keeps the first ten chains), and each step's companies,
 * newest agreement, clause kinds and direction (src/features/paths/planned-sql.ts).
 */
export function pathFloor(variables: Record<string, unknown>): FloorStatement {
  const activeOn = (variables.activeOn as string | null | undefined) ?? null
  const walk = pathSearchSql(
    variables.from as string,
    variables.to as string,
    (variables.maxHops as number | null | undefined) ?? DEFAULT_HOPS,
    activeOn,
    MAX_AGREEMENTS_PER_STEP,
  )
  const day = walk.values.length + 1
  const sql = /* SQL */ `
WITH RECURSIVE found AS MATERIALIZED (${walk.text}),
ends AS (SELECT "from"::uuid AS from_id, "to"::uuid AS to_id, "agreementCount" AS direct, "agreementIds" AS direct_ids FROM found WHERE hop IS NULL),
-- Steps by hop: the direct link as the only one, else the walk's.
step AS (
  SELECT 0 AS hop, from_id AS "from", to_id AS "to", direct_ids AS ids FROM ends WHERE direct > 0
  UNION ALL SELECT hop, "from"::uuid, "to"::uuid, "agreementIds" FROM found WHERE hop IS NOT NULL
),
hops AS (SELECT CASE WHEN from_id = to_id THEN 0 ELSE (SELECT max(hop) + 1 FROM step) END AS n FROM ends),
-- Chains as their companies' ids joined by commas (ids of one length: text order is chain order).
spell(hop, chains) AS (
  SELECT 0, ARRAY[from_id::text COLLATE "C"] FROM ends
  UNION ALL
  SELECT spell.hop + 1, (SELECT array_agg(p ORDER BY p) FROM (
      SELECT (pre || ',' || s."to"::text) COLLATE "C" AS p FROM unnest(spell.chains) pre JOIN step s ON s.hop = spell.hop AND s."from"::text = right(pre, 36)
      ORDER BY p LIMIT 10) x)
  FROM spell, hops WHERE spell.hop < hops.n
),
chain AS (
  SELECT ord, string_to_array(c, ',')::uuid[] AS ids
  FROM spell, hops, unnest(spell.chains) WITH ORDINALITY AS u(c, ord) WHERE spell.hop = hops.n
),
-- The steps the chains pass through, each once (chains share steps).
used AS (SELECT DISTINCT k - 1 AS hop, chain.ids[k] AS "from", chain.ids[k + 1] AS "to" FROM chain, generate_series(1, cardinality(chain.ids) - 1) k),
built AS MATERIALIZED (
  SELECT s.hop, s."from", s."to", json_build_object(
    'from', (SELECT json_build_object('slug', co."slug") FROM "Company" co WHERE co."id" = s."from"),
    'to', (SELECT json_build_object('slug', co."slug") FROM "Company" co WHERE co."id" = s."to"),
    'agreement', (SELECT json_build_object('slug', a."slug") FROM "Agreement" a WHERE a."id" = ANY(s.agreements)
      ORDER BY a."announcedEarliest" DESC, a."slug" LIMIT 1),
    'clauseKinds', to_json(k.kinds),
    'direction', CASE WHEN k.forward AND k.backward THEN 'BOTH' WHEN k.forward THEN 'FORWARD' WHEN k.backward THEN 'BACKWARD' ELSE 'NONE' END
  ) AS object
  FROM (SELECT step.*, ARRAY(SELECT json_array_elements_text(step.ids)::uuid) AS agreements FROM step JOIN used USING (hop, "from", "to")) s
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(DISTINCT c."kind"::text COLLATE "C" ORDER BY c."kind"::text COLLATE "C"), '{}') AS kinds,
      coalesce(bool_or(c."grantorId" = s."from"), false) AS forward, coalesce(bool_or(c."grantorId" = s."to"), false) AS backward
    -- Agreement by agreement (OFFSET 0): a hub grants thousands of terms, a step's agreements few.
    FROM unnest(s.agreements) ag(id) CROSS JOIN LATERAL (SELECT * FROM "Clause" c WHERE c."agreementId" = ag.id OFFSET 0) c
    WHERE c."grantorId" IN (s."from", s."to") AND c."granteeId" IN (s."from", s."to") AND ${inForceOrAny('c', day)}
  ) k
)
SELECT json_build_object('data', json_build_object('partnershipPath', (
  SELECT json_build_object('hops', hops.n, 'chains', coalesce((
    SELECT json_agg(json_build_object('steps', coalesce((
      SELECT json_agg(b.object ORDER BY k) FROM generate_series(1, cardinality(chain.ids) - 1) k
      JOIN built b ON b.hop = k - 1 AND b."from" = chain.ids[k] AND b."to" = chain.ids[k + 1]), '[]'::json)) ORDER BY chain.ord)
    FROM chain), '[]'::json))
  FROM hops WHERE EXISTS (SELECT FROM chain)
)))::text AS body`
  return { sql, params: [...walk.values, activeOn], keepPlan: true }
}

/** The global ID of `typeName` for the id expression `id` (Pothos' base64 of "Type:id", unwrapped). */
const gid = (typeName: string, id: string) => `translate(encode(convert_to('${typeName}:' || ${id}::text, 'UTF8'), 'base64'), E'\\n', '')`

/** A GraphEdge's ID: the global ID of "GraphEdge" with the relation and the UUIDs it joins (graphEdgeId). */
const edgeId = (relation: string, ids: string[]) => gid('GraphEdge', `('${relation}' || ${ids.map((id) => `':' || ${id}::text`).join(' || ')})`)

/** A term's assets or clouds, each with its place in the term's list (by name, then slug). */
const named = (table: string, joinTable: string, clauseSide: 'A' | 'B') => `
  SELECT cl."id" AS "clauseId", cl."rank", cl."grantorId", cl."kind", cl."exclusivity", cl."agreementId", x."id", x."slug", x."name",
    row_number() OVER (PARTITION BY cl."id" ORDER BY x."name", x."slug") AS "position"
  FROM nb_clause cl CROSS JOIN LATERAL (
    SELECT x.* FROM "${joinTable}" j JOIN "${table}" x ON x."id" = j."${clauseSide === 'A' ? 'B' : 'A'}" WHERE j."${clauseSide}" = cl."id" OFFSET 0) x`

/** Assets or clouds as nodes, each where a kept term first names it. */
const encountered = (type: string, table: string, kindOrder: number) => `
  SELECT DISTINCT ON (e."id") '${type}' AS "type", e."id", e."slug", e."name" AS "label", NULL::int AS "depth",
    1 AS "group", NULL::text AS "name", NULL::text AS "slugKey", e."rank", ${kindOrder} AS "kindOrder", e."position"
  FROM ${table} e ORDER BY e."id", e."rank", e."position"`

const UNIT_ORDER = `"near", "far", "group", "agreementId", "position", "from", "to"`

/**
 * neighborhood(slug: $1, depth: $2) with the default budget (the bench's document sets neither
 * activeOn nor maxEdges: latest versions, DEFAULT_MAX_EDGES): the companies in reach layer by layer
 * (src/db/graph-queries.ts companyLayers), cut at MAX_COMPANIES in order of depth then id
 * (members.ts), then the graph of src/features/neighborhood/graph-sql.ts: terms between members,
 * PARTNERS links where no term joins a pair, the budget, nodes and edges in the resolver's order.
 */
export const NEIGHBORHOOD_FLOOR_SQL = /* SQL */ `
WITH RECURSIVE center AS (SELECT "id" FROM "Company" WHERE "slug" = $1),
layers(depth, frontier, seen) AS (
  SELECT 0, ARRAY["id"], ARRAY["id"] FROM center
  UNION ALL
  SELECT layers.depth + 1, step.next, layers.seen || step.next
  FROM layers CROSS JOIN LATERAL (SELECT (SELECT array_agg(id) FROM (
      SELECT link."partnerId" AS id FROM "CompanyLink" link WHERE link."companyId" = ANY(layers.frontier) AND link."latest"
      EXCEPT SELECT unnest(layers.seen)) reached) AS next OFFSET 0) step
  WHERE step.next IS NOT NULL AND layers.depth < $2
),
reach AS (SELECT u."id", l.depth, row_number() OVER (ORDER BY l.depth, u."id") AS n FROM layers l, unnest(l.frontier) u("id")),
nb_member AS MATERIALIZED (SELECT "id", depth AS "depth" FROM reach WHERE n <= ${MAX_COMPANIES}),
ids AS (SELECT array_agg("id") AS ids FROM nb_member),
nb_term AS (
  SELECT c."id", c."agreementId", c."position", c."grantorId", c."granteeId", c."kind", c."exclusivity"
  FROM "Clause" c, ids
  WHERE c."grantorId" = ANY(ids.ids) AND c."granteeId" = ANY(ids.ids)
    AND NOT EXISTS (SELECT 1 FROM "Agreement" m WHERE m."amendsId" = c."agreementId" OFFSET 0)
),
nb_pair AS (
  SELECT link."partnerId" AS "from", link."companyId" AS "to", link."agreementId"
  FROM nb_member m CROSS JOIN LATERAL (
    SELECT * FROM "CompanyLink" link
    WHERE link."companyId" = m."id" AND link."partnerId" = ANY(ARRAY(SELECT b."id" FROM nb_member b WHERE b."id" < m."id")) AND link."latest"
    OFFSET 0
  ) link
  -- Looked up in the link's agreement (its companies are both members), not in nb_term, whose size
  -- the planner cannot guess: a nested loop over it read a million pairs.
  WHERE NOT EXISTS (SELECT 1 FROM (SELECT * FROM "Clause" c WHERE c."agreementId" = link."agreementId" OFFSET 0) cl
    WHERE ((cl."grantorId" = link."partnerId" AND cl."granteeId" = link."companyId") OR (cl."grantorId" = link."companyId" AND cl."granteeId" = link."partnerId"))
    AND NOT EXISTS (SELECT 1 FROM "Agreement" m WHERE m."amendsId" = cl."agreementId"))
),
nb_unit AS (
  SELECT u.*, row_number() OVER (ORDER BY ${UNIT_ORDER}) AS "place" FROM (
    SELECT 0 AS "group", t."id" AS "clauseId", t."agreementId", t."position", NULL::uuid AS "from", NULL::uuid AS "to",
      least(g."depth", e."depth") AS "near", greatest(g."depth", e."depth") AS "far"
    FROM nb_term t JOIN nb_member g ON g."id" = t."grantorId" JOIN nb_member e ON e."id" = t."granteeId"
    UNION ALL
    SELECT 1, NULL, l."agreementId", NULL, l."from", l."to", least(f."depth", o."depth"), greatest(f."depth", o."depth")
    FROM nb_pair l JOIN nb_member f ON f."id" = l."from" JOIN nb_member o ON o."id" = l."to"
    ORDER BY ${UNIT_ORDER} LIMIT ${DEFAULT_MAX_EDGES}
  ) u
),
nb_budget AS (
  SELECT u.*, sum(CASE WHEN u."group" = 1 THEN 1 ELSE 1 + (SELECT count(*) FROM "_AssetToClause" j WHERE j."B" = u."clauseId")
      + (SELECT count(*) FROM "_ClauseToCloudProvider" j WHERE j."A" = u."clauseId") END
    ) OVER (ORDER BY u."place" ROWS UNBOUNDED PRECEDING) <= ${DEFAULT_MAX_EDGES} AS "kept"
  FROM nb_unit u
),
nb_clause AS (
  SELECT t."id", t."agreementId", t."position", t."grantorId", t."granteeId", t."kind", t."exclusivity",
    row_number() OVER (ORDER BY t."agreementId", t."position") AS "rank"
  FROM nb_budget b JOIN "Clause" t ON t."id" = b."clauseId" WHERE b."group" = 0 AND b."kept"
),
nb_link AS (
  SELECT l.*, row_number() OVER (ORDER BY l."agreementId", l."from", l."to") AS "rank"
  FROM nb_pair l WHERE EXISTS (SELECT 1 FROM nb_budget b
    WHERE b."group" = 1 AND b."agreementId" = l."agreementId" AND b."from" = l."from" AND b."to" = l."to" AND b."kept")
),
nb_subject AS (${named('Asset', '_AssetToClause', 'B')}),
nb_cloud AS (${named('CloudProvider', '_ClauseToCloudProvider', 'A')}),
nb_node AS (
  SELECT n.*, CASE n."type" WHEN 'COMPANY' THEN ${gid('Company', 'n."id"')} WHEN 'ASSET' THEN ${gid('Asset', 'n."id"')}
      ELSE ${gid('CloudProvider', 'n."id"')} END AS "globalId",
    row_number() OVER (ORDER BY n."group", n."name", n."slugKey", n."rank", n."kindOrder", n."position") AS "ord"
  FROM (
    SELECT 'COMPANY' AS "type", c."id", c."slug", c."name" AS "label", m."depth",
      0 AS "group", c."name", c."slug" AS "slugKey", NULL::bigint AS "rank", NULL::int AS "kindOrder", NULL::bigint AS "position"
    FROM nb_member m JOIN "Company" c ON c."id" = m."id"
    UNION ALL (${encountered('ASSET', 'nb_subject', 0)})
    UNION ALL (${encountered('CLOUD_PROVIDER', 'nb_cloud', 1)})
  ) n
),
nb_edge AS (
  SELECT e.*, row_number() OVER (ORDER BY e."group", e."rank", e."kindOrder", e."position") AS "ord"
  FROM (
    SELECT 0 AS "group", cl."rank", 0 AS "kindOrder", 0::bigint AS "position", ${edgeId('GRANTS', ['cl."id"'])} AS "id",
      ${gid('Company', 'cl."grantorId"')} AS "source", ${gid('Company', 'cl."granteeId"')} AS "target", 'GRANTS' AS "relation",
      cl."kind", cl."exclusivity", cl."agreementId"
    FROM nb_clause cl
    UNION ALL
    SELECT 0, s."rank", 1, s."position", ${edgeId('CONCERNS', ['s."clauseId"', 's."id"'])},
      ${gid('Company', 's."grantorId"')}, ${gid('Asset', 's."id"')}, 'CONCERNS', s."kind", s."exclusivity", s."agreementId"
    FROM nb_subject s
    UNION ALL
    SELECT 0, p."rank", 2, p."position", ${edgeId('NAMES_CLOUD', ['p."clauseId"', 'p."id"'])},
      ${gid('Company', 'p."grantorId"')}, ${gid('CloudProvider', 'p."id"')}, 'NAMES_CLOUD', p."kind", p."exclusivity", p."agreementId"
    FROM nb_cloud p
    UNION ALL
    SELECT 1, l."rank", 0, 0, ${edgeId('PARTNERS', ['l."agreementId"', 'l."from"', 'l."to"'])},
      ${gid('Company', 'l."from"')}, ${gid('Company', 'l."to"')}, 'PARTNERS', NULL, NULL, l."agreementId"
    FROM nb_link l
  ) e
)
SELECT json_build_object('data', json_build_object('neighborhood', (
  SELECT json_build_object(
    'truncated', (SELECT count(*) FROM reach) > ${MAX_COMPANIES} OR EXISTS (SELECT 1 FROM nb_budget WHERE NOT "kept")
      OR (SELECT count(*) FROM nb_term) + (SELECT count(*) FROM nb_pair) > ${DEFAULT_MAX_EDGES},
    'nodes', coalesce((SELECT json_agg(json_build_object('id', n."globalId", 'type', n."type", 'label', n."label", 'depth', n."depth")
      ORDER BY n."ord") FROM nb_node n), '[]'::json),
    'edges', coalesce((SELECT json_agg(json_build_object('id', e."id", 'source', e."source", 'target', e."target", 'relation', e."relation",
        'kind', e."kind", 'exclusivity', e."exclusivity", 'agreement', json_build_object('slug', a."slug", 'title', a."title")) ORDER BY e."ord")
      FROM nb_edge e JOIN "Agreement" a ON a."id" = e."agreementId"), '[]'::json))
  FROM center
)))::text AS body`

/** neighborhood's floor for one variable set. */
export const neighborhoodFloor = (variables: Record<string, unknown>): FloorStatement => ({
  sql: NEIGHBORHOOD_FLOOR_SQL,
  params: [variables.slug, (variables.depth as number | null | undefined) ?? DEFAULT_DEPTH],
  keepPlan: true,
})
