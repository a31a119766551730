import { encodeGlobalID } from '@pothos/plugin-relay'
import { Prisma } from '../../generated/prisma/client.js'
import type { ClauseKind, Exclusivity } from '../../generated/prisma/enums.js'
import { linkFilter } from '../../db/graph-queries.js'
import { clauseInForceSql } from '../../db/in-force-sql.js'
import { DEFAULT_MAX_EDGES, MAX_EDGES } from './budget.js'
import { DEFAULT_DEPTH, MAX_DEPTH, neighborhoodMembers } from './members.js'
import { queryRows } from '../../db/setup/raw-query.js'
import type { FieldSql, ObjectSql, RootFieldSql } from '../../sql-execution/compiler.js'
import { column, globalIdSql, linked, toMany, toOne } from '../../sql-execution/forms.js'

// `neighborhood` in SQL. The companies in reach are found as for the resolver
// (src/features/neighborhood/members.ts); one statement then builds the graph: the terms between them,
// the assets and clouds those name, and the agreements with no term between two of them, as nodes
// and typed edges in the resolver's order (src/features/neighborhood/schema.ts), cut to the same budget. A
// hub's neighborhood has hundreds of edges, each with its clause and agreement: many objects for
// the resolvers.

type Sql = Prisma.Sql

const gid = (typeName: string, id: string) => globalIdSql(typeName, Prisma.raw(id))

/**
 * An edge's ID (graphEdgeId in SQL): the global ID of "GraphEdge" with the relation and the UUIDs
 * of what it joins, so no record shares it and the same edge keeps it.
 */
const edgeId = (relation: string, ids: string[]) =>
  globalIdSql('GraphEdge', Prisma.raw(`('${relation}' || ${ids.map((id) => `':' || ${id}::text`).join(' || ')})`))

/** The ID of the edge of `relation` joining the records of `ids`: a clause, its asset or cloud, or an agreement and its two companies. */
export const graphEdgeId = (relation: string, ids: string[]) => encodeGlobalID('GraphEdge', [relation, ...ids].join(':'))

/**
 * The terms between two members: in force on `activeOn`, else of latest versions only. OFFSET 0
 * keeps the amendment check a lookup per term: as a join, it read every agreement.
 */
function clauseFilter(activeOn: string | null): { join: Sql; where: Sql } {
  if (!activeOn) {
    return { join: Prisma.empty, where: Prisma.sql`NOT EXISTS (SELECT 1 FROM "Agreement" m WHERE m."amendsId" = c."agreementId" OFFSET 0)` }
  }
  return { join: Prisma.empty, where: clauseInForceSql('c', activeOn) }
}

/**
 * A term's assets or clouds, each with its place in the term's list (by name, then slug), looked
 * up term by term (OFFSET 0 again: as a join, the whole link table was read). Each row carries
 * what its edge shows of the term, so the edges need not join the terms again.
 */
function named(table: string, joinTable: string, clauseSide: 'A' | 'B'): Sql {
  const x = Prisma.raw('x')
  return Prisma.sql`SELECT cl."id" AS "clauseId", cl."rank", cl."grantorId", cl."kind", cl."exclusivity", cl."agreementId",
      x."id", x."slug", x."name",
      row_number() OVER (PARTITION BY cl."id" ORDER BY x."name", x."slug") AS "position"
    FROM nb_clause cl CROSS JOIN LATERAL (SELECT x.* ${linked(table, joinTable, clauseSide)(x, Prisma.raw('cl'))} OFFSET 0) x`
}

/**
 * The tables of the statement: the members (companies in reach, with their depth), the terms
 * between them, the links left for PARTNERS edges, the budget (src/features/neighborhood/budget.ts:
 * which terms and links are kept), the kept ones numbered as the resolver loads them (terms by
 * agreement and position), the kept terms' assets and clouds, then the nodes (companies by name,
 * then assets and clouds as the terms first name them) and the edges (per term: GRANTS,
 * CONCERNS, NAMES_CLOUD; then PARTNERS), each numbered `ord`.
 */
function graphTables(members: [string, number][], activeOn: string | null, maxEdges: number): Sql {
  const filter = clauseFilter(activeOn)
  const unitOrder = Prisma.raw('"near", "far", "group", "agreementId", "position", "from", "to"')
  // The ids again as an array: `= ANY(array)` lets the planner use the indexes, a CTE does not.
  const ids = Prisma.sql`${members.map(([id]) => id)}::uuid[]`
  const encountered = (type: string, table: string, kindOrder: number) =>
    Prisma.sql`SELECT DISTINCT ON (e."id") ${Prisma.raw(`'${type}'`)} AS "type", e."id", e."slug", e."name" AS "label", NULL::int AS "depth",
        1 AS "group", NULL::text AS "name", NULL::text AS "slugKey", e."rank", ${Prisma.raw(String(kindOrder))} AS "kindOrder", e."position"
      FROM ${Prisma.raw(table)} e ORDER BY e."id", e."rank", e."position"`
  return Prisma.sql`
    nb_member AS (SELECT * FROM unnest(${ids}, ${members.map(([, depth]) => depth)}::int[]) AS m("id", "depth")),
    nb_term AS (
      SELECT c."id", c."agreementId", c."position", c."grantorId", c."granteeId", c."kind", c."exclusivity"
      FROM "Clause" c ${filter.join}
      WHERE c."grantorId" = ANY(${ids}) AND c."granteeId" = ANY(${ids}) AND ${filter.where}
    ),
    nb_pair AS (
      SELECT link."partnerId" AS "from", link."companyId" AS "to", link."agreementId"
      -- Member by member, so PostgreSQL can probe each hub's partners among the members rather
      -- than read all of its links (thousands), and read a small player's few links whole.
      -- One edge per unordered pair and agreement: each member probes only the members with a
      -- smaller id (half the probes of asking for all and dropping one side afterwards)...
      FROM nb_member m CROSS JOIN LATERAL (
        SELECT * FROM "CompanyLink" link
        WHERE link."companyId" = m."id" AND link."partnerId" = ANY(ARRAY(SELECT b."id" FROM nb_member b WHERE b."id" < m."id"))
          AND ${linkFilter('link', activeOn)}
        OFFSET 0
      ) link
      -- ...only where no term already joins the two.
      WHERE NOT EXISTS (SELECT 1 FROM nb_term cl WHERE cl."agreementId" = link."agreementId"
          AND ((cl."grantorId" = link."partnerId" AND cl."granteeId" = link."companyId")
            OR (cl."grantorId" = link."companyId" AND cl."granteeId" = link."partnerId")))
    ),
    -- What competes for the budget, nearest first: at equal distance terms, by agreement and
    -- position, then links, by agreement and companies (the order the resolver lists them in). A
    -- unit is one edge or more, so none past the first maxEdges can fit: only those are sorted
    -- whole and counted (a hub's neighborhood has thousands of terms).
    nb_unit AS (
      SELECT u.*, row_number() OVER (ORDER BY ${unitOrder}) AS "place" FROM (
        SELECT 0 AS "group", t."id" AS "clauseId", t."agreementId", t."position", NULL::uuid AS "from", NULL::uuid AS "to",
          least(g."depth", e."depth") AS "near", greatest(g."depth", e."depth") AS "far"
        FROM nb_term t JOIN nb_member g ON g."id" = t."grantorId" JOIN nb_member e ON e."id" = t."granteeId"
        UNION ALL
        SELECT 1, NULL, l."agreementId", NULL, l."from", l."to", least(f."depth", o."depth"), greatest(f."depth", o."depth")
        FROM nb_pair l JOIN nb_member f ON f."id" = l."from" JOIN nb_member o ON o."id" = l."to"
        ORDER BY ${unitOrder} LIMIT ${maxEdges}
      ) u
    ),
    -- Kept while the edges so far fit: always a prefix, as the resolver's loop.
    nb_budget AS (
      SELECT u.*, sum(CASE WHEN u."group" = 1 THEN 1 ELSE 1 + (SELECT count(*) FROM "_AssetToClause" j WHERE j."B" = u."clauseId")
          + (SELECT count(*) FROM "_ClauseToCloudProvider" j WHERE j."A" = u."clauseId") END
        ) OVER (ORDER BY u."place" ROWS UNBOUNDED PRECEDING) <= ${maxEdges} AS "kept"
      FROM nb_unit u
    ),
    -- The kept terms and links, each numbered in its group's order (edges and nodes follow it).
    nb_clause AS (
      SELECT t.*, row_number() OVER (ORDER BY t."agreementId", t."position") AS "rank"
      FROM nb_term t WHERE EXISTS (SELECT 1 FROM nb_budget b WHERE b."group" = 0 AND b."clauseId" = t."id" AND b."kept")
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
        FROM nb_member m CROSS JOIN LATERAL (SELECT * FROM "Company" c WHERE c."id" = m."id" OFFSET 0) c
        UNION ALL (${encountered('ASSET', 'nb_subject', 0)})
        UNION ALL (${encountered('CLOUD_PROVIDER', 'nb_cloud', 1)})
      ) n
    ),
    nb_edge AS (
      SELECT e.*, row_number() OVER (ORDER BY e."group", e."rank", e."kindOrder", e."position") AS "ord"
      FROM (
        SELECT 0 AS "group", cl."rank", 0 AS "kindOrder", 0::bigint AS "position", ${edgeId('GRANTS', ['cl."id"'])} AS "id",
          ${gid('Company', 'cl."grantorId"')} AS "source", ${gid('Company', 'cl."granteeId"')} AS "target", 'GRANTS' AS "relation",
          cl."kind", cl."exclusivity", cl."id" AS "clauseId", cl."agreementId"
        FROM nb_clause cl
        UNION ALL
        SELECT 0, s."rank", 1, s."position", ${edgeId('CONCERNS', ['s."clauseId"', 's."id"'])},
          ${gid('Company', 's."grantorId"')}, ${gid('Asset', 's."id"')}, 'CONCERNS', s."kind", s."exclusivity", s."clauseId", s."agreementId"
        FROM nb_subject s
        UNION ALL
        SELECT 0, p."rank", 2, p."position", ${edgeId('NAMES_CLOUD', ['p."clauseId"', 'p."id"'])},
          ${gid('Company', 'p."grantorId"')}, ${gid('CloudProvider', 'p."id"')}, 'NAMES_CLOUD', p."kind", p."exclusivity", p."clauseId", p."agreementId"
        FROM nb_cloud p
        UNION ALL
        SELECT 1, l."rank", 0, 0, ${edgeId('PARTNERS', ['l."agreementId"', 'l."from"', 'l."to"'])},
          ${gid('Company', 'l."from"')}, ${gid('Company', 'l."to"')}, 'PARTNERS', NULL, NULL, NULL, l."agreementId"
        FROM nb_link l
      ) e
    )`
}

/** A JSON array of `typeName` objects over the rows of the statement's table `table`, in their `ord`. */
const rowsOf = (typeName: string, table: string): FieldSql =>
  toMany({ typeName, from: (x) => Prisma.sql`FROM ${Prisma.raw(table)} ${x}`, orderBy: (x) => Prisma.sql`${x}."ord"` })

/** The node's entity when it is of `type`, else null. */
function entity(type: string, typeName: string): FieldSql {
  return (node, selected, compiler) => {
    const object = toOne(typeName, 'id')(node, selected, compiler)
    return object && Prisma.sql`CASE WHEN ${node}."type" = ${Prisma.raw(`'${type}'`)} THEN ${object} END`
  }
}

const GRAPH_OBJECTS: Record<string, ObjectSql> = {
  Graph: {
    nodes: rowsOf('GraphNode', 'nb_node'),
    edges: rowsOf('GraphEdge', 'nb_edge'),
    truncated: column('truncated'),
  },
  GraphNode: {
    id: column('globalId'),
    type: column('type'),
    slug: column('slug'),
    label: column('label'),
    depth: column('depth'),
    company: entity('COMPANY', 'Company'),
    asset: entity('ASSET', 'Asset'),
    cloudProvider: entity('CLOUD_PROVIDER', 'CloudProvider'),
  },
  GraphEdge: {
    id: column('id'),
    source: column('source'),
    target: column('target'),
    relation: column('relation'),
    kind: column('kind'),
    exclusivity: column('exclusivity'),
    clause: toOne('Clause', 'clauseId'),
    agreement: toOne('Agreement', 'agreementId'),
  },
}

interface NeighborhoodArgs {
  slug: string
  depth?: number | null
  activeOn?: string | null
  maxEdges?: number | null
}

/** What is cut: companies past MAX_COMPANIES, a unit weighed and not kept, or more units than could ever fit. */
const truncatedSql = (membersCut: boolean, maxEdges: number) =>
  Prisma.sql`${membersCut}::boolean OR EXISTS (SELECT 1 FROM nb_budget WHERE NOT "kept")
    OR (SELECT count(*) FROM nb_term) + (SELECT count(*) FROM nb_pair) > ${maxEdges}`

/**
 * Compiled first, so a selection SQL cannot answer sends no statement; then the centre and the
 * companies in reach are found, and complete the statement. An argument the resolver refuses
 * (depth out of range, an unknown slug) leaves the request to the executor, which says why.
 */
export const neighborhood: RootFieldSql = (selected, compiler) => {
  const args = selected.args as unknown as NeighborhoodArgs
  // An explicit null means the default, as for the resolver.
  const { slug } = args
  const depth = args.depth ?? DEFAULT_DEPTH
  const activeOn = args.activeOn ?? null
  const maxEdges = args.maxEdges ?? DEFAULT_MAX_EDGES
  if (depth < 1 || depth > MAX_DEPTH || maxEdges < 1 || maxEdges > MAX_EDGES) return null
  const row = compiler.alias()
  const object = compiler.withObjects(GRAPH_OBJECTS).object('Graph', row, selected)
  if (!object) return null
  return async () => {
    const [center] = await queryRows<{ id: string }>(Prisma.sql`SELECT "id"::text AS "id" FROM "Company" WHERE "slug" = ${slug}`)
    if (!center) return null
    const { depthById, truncated } = await neighborhoodMembers(center.id, depth, activeOn)
    return Prisma.sql`(WITH ${graphTables([...depthById], activeOn, maxEdges)}
      SELECT ${object} FROM (SELECT ${truncatedSql(truncated, maxEdges)} AS "truncated") ${row})`
  }
}

export interface NodeRow {
  type: 'COMPANY' | 'ASSET' | 'CLOUD_PROVIDER'
  id: string
  globalId: string
  slug: string
  label: string
  depth: number | null
}

export interface EdgeRow {
  id: string
  source: string
  target: string
  relation: 'GRANTS' | 'CONCERNS' | 'NAMES_CLOUD' | 'PARTNERS'
  kind: ClauseKind | null
  exclusivity: Exclusivity | null
  clauseId: string | null
  agreementId: string
}

/** The same graph as rows, in order, for the resolver: one rule for both ways of answering. */
export async function neighborhoodRows(
  centerId: string,
  depth: number,
  activeOn: string | null,
  maxEdges: number,
): Promise<{ nodes: NodeRow[]; edges: EdgeRow[]; truncated: boolean }> {
  const { depthById, truncated } = await neighborhoodMembers(centerId, depth, activeOn)
  const [row] = await queryRows<{ nodes: NodeRow[]; edges: EdgeRow[]; truncated: boolean }>(Prisma.sql`
    WITH ${graphTables([...depthById], activeOn, maxEdges)}
    SELECT coalesce((SELECT json_agg(json_build_object('type', n."type", 'id', n."id", 'globalId', n."globalId", 'slug', n."slug",
          'label', n."label", 'depth', n."depth") ORDER BY n."ord") FROM nb_node n), '[]'::json) AS "nodes",
      coalesce((SELECT json_agg(json_build_object('id', e."id", 'source', e."source", 'target', e."target", 'relation', e."relation",
          'kind', e."kind", 'exclusivity', e."exclusivity", 'clauseId', e."clauseId", 'agreementId', e."agreementId") ORDER BY e."ord")
        FROM nb_edge e), '[]'::json) AS "edges",
      ${truncatedSql(truncated, maxEdges)} AS "truncated"`)
  return row!
}
