-- What a PostGraphile user writes for the project's graph queries (see peer.sql): one function per
-- question, in schema `peer`, answering JSON in the shape of the API's answer with plain UUIDs for
-- IDs (bench/lib/graph-queries.ts maps them). Loaded by bench/lib/peer.ts; idempotent.
CREATE SCHEMA IF NOT EXISTS peer;

-- partnershipPath: the shortest chains of agreements between two companies, as the API answers
-- them (src/features/paths/: latest versions, or those in force on active_on; at most ten chains,
-- depth first by company id; each step's newest agreement, clause kinds and direction). A
-- breadth-first search from both ends, the smaller frontier growing first, until they meet; then
-- the steps on shortest paths, hop by hop back from `to`.
CREATE OR REPLACE FUNCTION peer.partnership_path(from_slug text, to_slug text, max_hops int DEFAULT 4, active_on date DEFAULT NULL)
RETURNS json LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  from_id uuid := (SELECT "id" FROM "Company" WHERE "slug" = from_slug);
  to_id uuid := (SELECT "id" FROM "Company" WHERE "slug" = to_slug);
  f_front uuid[] := ARRAY[from_id];
  f_seen uuid[] := ARRAY[from_id];
  b_front uuid[] := ARRAY[to_id];
  b_seen uuid[] := ARRAY[to_id];
  forward jsonb := jsonb_build_array(ARRAY[from_id]);
  backward jsonb := jsonb_build_array(ARRAY[to_id]);
  next uuid[];
  a int := 0;
  b int := 0;
  layer uuid[];
  on_path uuid[] := ARRAY[to_id];
  hop_steps jsonb;
  steps jsonb := '[]';
BEGIN
  IF from_id IS NULL OR to_id IS NULL THEN RETURN NULL; END IF;
  IF from_id = to_id THEN RETURN json_build_object('hops', 0, 'chains', json_build_array(json_build_object('steps', '[]'::json))); END IF;
  LOOP
    IF a + b >= max_hops THEN RETURN NULL; END IF;
    IF cardinality(f_front) <= cardinality(b_front) THEN
      next := ARRAY(SELECT l."partnerId" FROM "CompanyLink" l WHERE l."companyId" = ANY(f_front)
        AND CASE WHEN active_on IS NULL THEN l."latest" ELSE "in_force_days"(l."inForceFrom", l."inForceUntil") @> active_on END
        EXCEPT SELECT unnest(f_seen));
      IF cardinality(next) = 0 THEN RETURN NULL; END IF;
      a := a + 1; f_front := next; f_seen := f_seen || next; forward := forward || jsonb_build_array(next);
    ELSE
      next := ARRAY(SELECT l."partnerId" FROM "CompanyLink" l WHERE l."companyId" = ANY(b_front)
        AND CASE WHEN active_on IS NULL THEN l."latest" ELSE "in_force_days"(l."inForceFrom", l."inForceUntil") @> active_on END
        EXCEPT SELECT unnest(b_seen));
      IF cardinality(next) = 0 THEN RETURN NULL; END IF;
      b := b + 1; b_front := next; b_seen := b_seen || next; backward := backward || jsonb_build_array(next);
    END IF;
    EXIT WHEN EXISTS (SELECT FROM unnest(f_front) f JOIN unnest(b_front) t ON f = t);
  END LOOP;
  -- Back from `to`: at hop k the companies k hops from `from` (forward layer k, or backward layer
  -- a + b - k) linked to those already on a path; the links are that hop's steps.
  FOR k IN REVERSE a + b - 1 .. 0 LOOP
    layer := CASE WHEN k <= a THEN ARRAY(SELECT jsonb_array_elements_text(forward -> k)::uuid)
      ELSE ARRAY(SELECT jsonb_array_elements_text(backward -> (a + b - k))::uuid) END;
    SELECT jsonb_agg(jsonb_build_object('hop', k, 'from', p."from", 'to', p."to", 'ids', p.ids)), array_agg(DISTINCT p."from")
      INTO hop_steps, on_path
    FROM (
      SELECT l."partnerId" AS "from", l."companyId" AS "to",
        (array_agg(l."agreementId" ORDER BY l."inForceFrom" DESC NULLS LAST, l."agreementId"))[1:20] AS ids
      FROM "CompanyLink" l
      WHERE l."companyId" = ANY(on_path) AND l."partnerId" = ANY(layer)
        AND CASE WHEN active_on IS NULL THEN l."latest" ELSE "in_force_days"(l."inForceFrom", l."inForceUntil") @> active_on END
      GROUP BY 1, 2
    ) p;
    steps := steps || hop_steps;
  END LOOP;
  RETURN (
    WITH RECURSIVE step AS (SELECT * FROM jsonb_to_recordset(steps) AS s(hop int, "from" uuid, "to" uuid, ids uuid[])),
    -- The first ten chains in order of their companies' ids, as ids joined by commas.
    spell(hop, chains) AS (
      SELECT 0, ARRAY[from_id::text COLLATE "C"]
      UNION ALL
      SELECT spell.hop + 1, (SELECT array_agg(p ORDER BY p) FROM (
          SELECT (pre || ',' || s."to"::text) COLLATE "C" AS p FROM unnest(spell.chains) pre
          JOIN step s ON s.hop = spell.hop AND s."from"::text = right(pre, 36)
          ORDER BY p LIMIT 10) x)
      FROM spell WHERE spell.hop < a + b
    ),
    built AS (
      SELECT s.hop, s."from", s."to", json_build_object(
        'from', (SELECT json_build_object('slug', co."slug") FROM "Company" co WHERE co."id" = s."from"),
        'to', (SELECT json_build_object('slug', co."slug") FROM "Company" co WHERE co."id" = s."to"),
        'agreement', (SELECT json_build_object('slug', ag."slug") FROM "Agreement" ag WHERE ag."id" = ANY(s.ids)
          ORDER BY ag."announcedEarliest" DESC, ag."slug" LIMIT 1),
        'clauseKinds', to_json(k.kinds),
        'direction', CASE WHEN k.fw AND k.bw THEN 'BOTH' WHEN k.fw THEN 'FORWARD' WHEN k.bw THEN 'BACKWARD' ELSE 'NONE' END
      ) AS object
      FROM step s CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(DISTINCT c."kind"::text COLLATE "C" ORDER BY c."kind"::text COLLATE "C"), '{}') AS kinds,
          coalesce(bool_or(c."grantorId" = s."from"), false) AS fw, coalesce(bool_or(c."grantorId" = s."to"), false) AS bw
        FROM "Clause" c
        WHERE c."agreementId" = ANY(s.ids) AND c."grantorId" IN (s."from", s."to") AND c."granteeId" IN (s."from", s."to")
          AND (active_on IS NULL OR "in_force_days"(c."inForceFrom", c."inForceUntil") @> active_on)
      ) k
    ),
    chain AS (SELECT ord, string_to_array(c, ',')::uuid[] AS ids FROM spell, unnest(spell.chains) WITH ORDINALITY AS u(c, ord) WHERE spell.hop = a + b)
    SELECT json_build_object('hops', a + b, 'chains', json_agg(json_build_object('steps', (
      SELECT json_agg(bu.object ORDER BY i) FROM generate_series(1, cardinality(chain.ids) - 1) i
      JOIN built bu ON bu.hop = i - 1 AND bu."from" = chain.ids[i] AND bu."to" = chain.ids[i + 1])) ORDER BY chain.ord))
    FROM chain);
END
$$;

-- neighborhood: the companies within max_depth agreements of a company (at most 250, nearest
-- first, by id within a layer), the terms between them with the assets and clouds they name, and
-- PARTNERS links for agreements with no term between two of them, cut to 500 edges nearest the
-- centre first, whole terms at a time (src/features/neighborhood/: latest versions).
CREATE OR REPLACE FUNCTION peer.neighborhood(company_slug text, max_depth int DEFAULT 1)
RETURNS json LANGUAGE sql STABLE PARALLEL SAFE AS $$
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
nb_member AS MATERIALIZED (SELECT "id", depth AS "depth" FROM reach WHERE n <= 250),
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
  SELECT u.*, row_number() OVER (ORDER BY "near", "far", "group", "agreementId", "position", "from", "to") AS "place" FROM (
    SELECT 0 AS "group", t."id" AS "clauseId", t."agreementId", t."position", NULL::uuid AS "from", NULL::uuid AS "to",
      least(g."depth", e."depth") AS "near", greatest(g."depth", e."depth") AS "far"
    FROM nb_term t JOIN nb_member g ON g."id" = t."grantorId" JOIN nb_member e ON e."id" = t."granteeId"
    UNION ALL
    SELECT 1, NULL, l."agreementId", NULL, l."from", l."to", least(f."depth", o."depth"), greatest(f."depth", o."depth")
    FROM nb_pair l JOIN nb_member f ON f."id" = l."from" JOIN nb_member o ON o."id" = l."to"
    ORDER BY "near", "far", "group", "agreementId", "position", "from", "to" LIMIT 500
  ) u
),
nb_budget AS (
  SELECT u.*, sum(CASE WHEN u."group" = 1 THEN 1 ELSE 1 + (SELECT count(*) FROM "_AssetToClause" j WHERE j."B" = u."clauseId")
      + (SELECT count(*) FROM "_ClauseToCloudProvider" j WHERE j."A" = u."clauseId") END
    ) OVER (ORDER BY u."place" ROWS UNBOUNDED PRECEDING) <= 500 AS "kept"
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
nb_subject AS (
  SELECT cl."id" AS "clauseId", cl."rank", cl."grantorId", cl."kind", cl."exclusivity", cl."agreementId", x."id", x."slug", x."name",
    row_number() OVER (PARTITION BY cl."id" ORDER BY x."name", x."slug") AS "position"
  FROM nb_clause cl CROSS JOIN LATERAL (
    SELECT x.* FROM "_AssetToClause" j JOIN "Asset" x ON x."id" = j."A" WHERE j."B" = cl."id" OFFSET 0) x),
nb_cloud AS (
  SELECT cl."id" AS "clauseId", cl."rank", cl."grantorId", cl."kind", cl."exclusivity", cl."agreementId", x."id", x."slug", x."name",
    row_number() OVER (PARTITION BY cl."id" ORDER BY x."name", x."slug") AS "position"
  FROM nb_clause cl CROSS JOIN LATERAL (
    SELECT x.* FROM "_ClauseToCloudProvider" j JOIN "CloudProvider" x ON x."id" = j."B" WHERE j."A" = cl."id" OFFSET 0) x),
nb_node AS (
  SELECT n.*, row_number() OVER (ORDER BY n."group", n."name", n."slugKey", n."rank", n."kindOrder", n."position") AS "ord"
  FROM (
    SELECT 'COMPANY' AS "type", c."id", c."slug", c."name" AS "label", m."depth",
      0 AS "group", c."name", c."slug" AS "slugKey", NULL::bigint AS "rank", NULL::int AS "kindOrder", NULL::bigint AS "position"
    FROM nb_member m JOIN "Company" c ON c."id" = m."id"
    UNION ALL (
  SELECT DISTINCT ON (e."id") 'ASSET' AS "type", e."id", e."slug", e."name" AS "label", NULL::int AS "depth",
    1 AS "group", NULL::text AS "name", NULL::text AS "slugKey", e."rank", 0 AS "kindOrder", e."position"
  FROM nb_subject e ORDER BY e."id", e."rank", e."position")
    UNION ALL (
  SELECT DISTINCT ON (e."id") 'CLOUD_PROVIDER' AS "type", e."id", e."slug", e."name" AS "label", NULL::int AS "depth",
    1 AS "group", NULL::text AS "name", NULL::text AS "slugKey", e."rank", 1 AS "kindOrder", e."position"
  FROM nb_cloud e ORDER BY e."id", e."rank", e."position")
  ) n
),
nb_edge AS (
  SELECT e.*, row_number() OVER (ORDER BY e."group", e."rank", e."kindOrder", e."position") AS "ord"
  FROM (
    SELECT 0 AS "group", cl."rank", 0 AS "kindOrder", 0::bigint AS "position",
      cl."grantorId" AS "source", cl."granteeId" AS "target", 'GRANTS' AS "relation",
      cl."kind", cl."exclusivity", cl."agreementId"
    FROM nb_clause cl
    UNION ALL
    SELECT 0, s."rank", 1, s."position",
      s."grantorId", s."id", 'CONCERNS', s."kind", s."exclusivity", s."agreementId"
    FROM nb_subject s
    UNION ALL
    SELECT 0, p."rank", 2, p."position",
      p."grantorId", p."id", 'NAMES_CLOUD', p."kind", p."exclusivity", p."agreementId"
    FROM nb_cloud p
    UNION ALL
    SELECT 1, l."rank", 0, 0,
      l."from", l."to", 'PARTNERS', NULL, NULL, l."agreementId"
    FROM nb_link l
  ) e
)
  SELECT json_build_object(
    'truncated', (SELECT count(*) FROM reach) > 250 OR EXISTS (SELECT 1 FROM nb_budget WHERE NOT "kept")
      OR (SELECT count(*) FROM nb_term) + (SELECT count(*) FROM nb_pair) > 500,
    'nodes', coalesce((SELECT json_agg(json_build_object('id', n."id", 'type', n."type", 'label', n."label", 'depth', n."depth")
      ORDER BY n."ord") FROM nb_node n), '[]'::json),
    'edges', coalesce((SELECT json_agg(json_build_object('source', e."source", 'target', e."target", 'relation', e."relation",
        'kind', e."kind", 'exclusivity', e."exclusivity", 'agreement', json_build_object('slug', a."slug", 'title', a."title")) ORDER BY e."ord")
      FROM nb_edge e JOIN "Agreement" a ON a."id" = e."agreementId"), '[]'::json))
  FROM center
$$;
