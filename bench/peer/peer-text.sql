-- What a PostGraphile user writes for the bench's `changes` and `search` cases: an agreement by its
-- slug, its chain's versions, the clause diff against the version it amends, and the ranked search,
-- as SQL functions in schema `peer` (loaded by bench/lib/peer.ts before peer.sql, in name order;
-- idempotent). They answer as the project does (src/domain/clause-diff.ts, src/features/search/),
-- or the bench stops.
CREATE SCHEMA IF NOT EXISTS peer;

-- agreementBySlug: Prisma makes a unique index on "slug", not a constraint PostGraphile would use.
CREATE OR REPLACE FUNCTION peer.agreement_by_slug(slug text)
RETURNS "Agreement" LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT a.* FROM "Agreement" a WHERE a."slug" = agreement_by_slug.slug
$$;

-- A partial date is set when all four columns are (the project's readPartialDate).
CREATE OR REPLACE FUNCTION peer.date_set(text_ text, precision_ anyelement, earliest date, latest date)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT text_ <> '' AND precision_ IS NOT NULL AND earliest IS NOT NULL AND latest IS NOT NULL
$$;

-- Agreement.versions: its amendment chain, by the day each version starts (effective, else
-- announced; none first), then by creation.
CREATE OR REPLACE FUNCTION peer."Agreement_versions"(a "Agreement")
RETURNS SETOF "Agreement" LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT x.* FROM "Agreement" x
  WHERE x."chainRootId" = a."chainRootId"
  ORDER BY CASE WHEN peer.date_set(x."effectiveText", x."effectivePrecision", x."effectiveEarliest", x."effectiveLatest") THEN x."effectiveEarliest"
      WHEN peer.date_set(x."announcedText", x."announcedPrecision", x."announcedEarliest", x."announcedLatest") THEN x."announcedEarliest" END
    ASC NULLS FIRST, x."createdAt", x."id"
$$;

-- What the diff compares of a clause, by field name: numbers as JSON numbers (compared by value),
-- sets sorted, money and qualified figures as one value each (the project's clause-diff.ts).
CREATE OR REPLACE FUNCTION peer.clause_diff_values(c "Clause")
RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object(
    'kind', c."kind", 'summary', c."summary", 'grantor', c."grantorId", 'grantee', c."granteeId",
    'subjects', ARRAY(SELECT DISTINCT x."A" FROM "_AssetToClause" x WHERE x."B" = c."id" ORDER BY 1),
    'cloudProviders', ARRAY(SELECT DISTINCT x."B" FROM "_ClauseToCloudProvider" x WHERE x."A" = c."id" ORDER BY 1),
    'exclusivity', c."exclusivity", 'startsOn', c."startsText", 'endsOn', c."endsText", 'percentage', c."percentage",
    'amount', CASE WHEN c."amount" IS NOT NULL THEN jsonb_build_array(c."amount", coalesce(c."currency", ''), c."amountQualifier", c."amountHigh", coalesce(c."amountPeriod"::text, '')) END,
    'capped', c."capped",
    'cap', CASE WHEN c."capAmount" IS NOT NULL THEN jsonb_build_array(c."capAmount", coalesce(c."capCurrency", '')) END,
    'quantity', CASE WHEN c."quantity" IS NOT NULL THEN jsonb_build_array(c."quantity", coalesce(c."quantityUnit"::text, ''), c."quantityQualifier", c."quantityHigh") END,
    'valuation', CASE WHEN c."valuationAmount" IS NOT NULL THEN jsonb_build_array(c."valuationAmount", coalesce(c."valuationCurrency", ''), coalesce(c."valuationBasis"::text, '')) END,
    'strike', CASE WHEN c."strikeAmount" IS NOT NULL THEN jsonb_build_array(c."strikeAmount", coalesce(c."strikeCurrency", '')) END,
    'cloudScope', c."cloudScope",
    'tranches', coalesce((SELECT jsonb_agg(jsonb_build_array(t."position", t."amount", t."currency", t."amountQualifier", t."amountHigh",
        t."amountPeriod", t."quantity", t."quantityHigh", t."quantityUnit", t."quantityQualifier", t."onText", t."condition") ORDER BY t."position")
      FROM "ClauseTranche" t WHERE t."clauseId" = c."id"), '[]'),
    'alternatives', coalesce((SELECT jsonb_agg(jsonb_build_array(va."position", va."field", va."value", va."note", coalesce((
        SELECT jsonb_agg(jsonb_build_array(ac."sourceId", ac."basis") ORDER BY ac."sourceId", ac."basis")
        FROM "AlternativeCitation" ac WHERE ac."alternativeId" = va."id"), '[]')) ORDER BY va."position")
      FROM "ValueAlternative" va WHERE va."clauseId" = c."id"), '[]'),
    'condition', c."condition",
    'replaces', ARRAY(SELECT DISTINCT r."replacedId" FROM "ClauseReplacement" r WHERE r."clauseId" = c."id" ORDER BY 1))
$$;

DROP TYPE IF EXISTS peer.clause_change CASCADE;
CREATE TYPE peer.clause_change AS (type text, kind "ClauseKind", fields text[], "beforeId" uuid, "afterId" uuid);

-- Agreement.changes: clauses pair through `supersedes` only; ADDED, MODIFIED (with the fields that
-- differ, in the project's order) or UNCHANGED in the new version's order, then REMOVED. `replaces`
-- differs only when the new clause names replacements.
CREATE OR REPLACE FUNCTION peer."Agreement_changes"(a "Agreement")
RETURNS SETOF peer.clause_change LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH clauses AS (
    SELECT c."id", c."agreementId", c."position", c."kind", c."supersedesId", peer.clause_diff_values(c) AS v
    FROM "Clause" c WHERE a."amendsId" IS NOT NULL AND c."agreementId" IN (a."id", a."amendsId")
  ), after AS (SELECT * FROM clauses WHERE "agreementId" = a."id"),
  before AS (SELECT * FROM clauses WHERE "agreementId" = a."amendsId")
  SELECT ch.type, ch.kind, ch.fields, ch."beforeId", ch."afterId" FROM (
    SELECT 1 AS part, n."position",
      CASE WHEN o."id" IS NULL THEN 'ADDED' WHEN cardinality(f.fields) = 0 THEN 'UNCHANGED' ELSE 'MODIFIED' END AS type,
      n."kind", coalesce(f.fields, '{}') AS fields, o."id" AS "beforeId", n."id" AS "afterId"
    FROM after n LEFT JOIN before o ON o."id" = n."supersedesId"
    LEFT JOIN LATERAL (
      SELECT ARRAY(
        SELECT name FROM unnest(ARRAY['kind', 'summary', 'grantor', 'grantee', 'subjects', 'cloudProviders', 'exclusivity', 'startsOn',
          'endsOn', 'percentage', 'amount', 'capped', 'cap', 'quantity', 'valuation', 'strike', 'cloudScope', 'tranches', 'alternatives',
          'condition', 'replaces']) WITH ORDINALITY AS d(name, i)
        WHERE CASE WHEN name = 'replaces' THEN jsonb_array_length(n.v -> 'replaces') > 0 AND n.v -> 'replaces' <> o.v -> 'replaces'
          ELSE (o.v -> name) IS DISTINCT FROM (n.v -> name) END
        ORDER BY i) AS fields
      WHERE o."id" IS NOT NULL) f ON true
    UNION ALL
    SELECT 2, o."position", 'REMOVED', o."kind", '{}', o."id", NULL
    FROM before o WHERE NOT EXISTS (SELECT FROM after n WHERE n."supersedesId" = o."id")
  ) ch
  ORDER BY ch.part, ch."position"
$$;

CREATE OR REPLACE FUNCTION peer.clause_change_before(ch peer.clause_change)
RETURNS "Clause" LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT c.* FROM "Clause" c WHERE c."id" = ch."beforeId" $$;
CREATE OR REPLACE FUNCTION peer.clause_change_after(ch peer.clause_change)
RETURNS "Clause" LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT c.* FROM "Clause" c WHERE c."id" = ch."afterId" $$;

COMMENT ON FUNCTION peer.date_set(text, anyelement, date, date) IS E'@behavior -*';
COMMENT ON FUNCTION peer.clause_diff_values("Clause") IS E'@behavior -*';
COMMENT ON FUNCTION peer."Agreement_versions"("Agreement") IS E'@behavior -connection +list';
COMMENT ON FUNCTION peer."Agreement_changes"("Agreement") IS E'@behavior -connection +list';
-- Functions outside the first schema get its name as a prefix (peerAgreementBySlug) unless named.
COMMENT ON FUNCTION peer.agreement_by_slug(text) IS E'@name agreementBySlug';

-- search(query, first): the project's ranked search (src/features/search/ranked-search.ts and
-- corrections.ts) as SQL functions. A hit is a row naming its type and the fields a client shows.
DROP TYPE IF EXISTS peer.search_hit CASCADE;
CREATE TYPE peer.search_hit AS (type text, slug text, name text, title text, key text, summary text);

-- A word and each way of leaving out one of its letters (the project's search_variants, for one word).
CREATE OR REPLACE FUNCTION peer.search_word_variants(w text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT w UNION SELECT overlay(w PLACING '' FROM i FOR 1) FROM generate_series(1, length(w)) i)
$$;

-- The first 50 rows of a table whose full text matches, in the table's order: from its first 32
-- pages when they hold that many, then up to page 256 when those promise enough, else by the index.
CREATE OR REPLACE FUNCTION peer.search_first_agreements(tsq tsquery)
RETURNS uuid[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN cardinality(f.ids) >= 50 THEN f.ids
    WHEN cardinality(f.ids) >= 7 THEN (
      SELECT CASE WHEN cardinality(m.ids) >= 50 THEN m.ids
        ELSE ARRAY(SELECT t."id" FROM "Agreement" t WHERE t."search_text" @@ tsq LIMIT 50) END
      FROM (SELECT f.ids || ARRAY(SELECT t."id" FROM "Agreement" t
        WHERE t."ctid" >= '(32,0)'::tid AND t."ctid" < '(256,0)'::tid AND t."search_text" @@ tsq LIMIT 50 - cardinality(f.ids)) AS ids OFFSET 0) m)
    ELSE ARRAY(SELECT t."id" FROM "Agreement" t WHERE t."search_text" @@ tsq LIMIT 50) END
  FROM (SELECT ARRAY(SELECT t."id" FROM "Agreement" t
    WHERE t."ctid" >= '(0,0)'::tid AND t."ctid" < '(32,0)'::tid AND t."search_text" @@ tsq LIMIT 50) AS ids OFFSET 0) f
$$;
CREATE OR REPLACE FUNCTION peer.search_first_clauses(tsq tsquery)
RETURNS uuid[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN cardinality(f.ids) >= 50 THEN f.ids
    WHEN cardinality(f.ids) >= 7 THEN (
      SELECT CASE WHEN cardinality(m.ids) >= 50 THEN m.ids
        ELSE ARRAY(SELECT t."id" FROM "Clause" t WHERE t."search_text" @@ tsq LIMIT 50) END
      FROM (SELECT f.ids || ARRAY(SELECT t."id" FROM "Clause" t
        WHERE t."ctid" >= '(32,0)'::tid AND t."ctid" < '(256,0)'::tid AND t."search_text" @@ tsq LIMIT 50 - cardinality(f.ids)) AS ids OFFSET 0) m)
    ELSE ARRAY(SELECT t."id" FROM "Clause" t WHERE t."search_text" @@ tsq LIMIT 50) END
  FROM (SELECT ARRAY(SELECT t."id" FROM "Clause" t
    WHERE t."ctid" >= '(0,0)'::tid AND t."ctid" < '(32,0)'::tid AND t."search_text" @@ tsq LIMIT 50) AS ids OFFSET 0) f
$$;

-- One ranking of q: names typed whole (compact keys), names holding every word, titles and clause
-- text by full text; when fewer than n match so, near spellings of names (trigrams, and one edit
-- from a one-word query). Exact first, then as written, by score, type, closeness, label, id.
CREATE OR REPLACE FUNCTION peer.search_ranked(q text, n int)
RETURNS TABLE (type text, id uuid, as_written boolean, rank bigint) LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH query AS MATERIALIZED (
    SELECT search_key(q) AS key,
      ARRAY(SELECT search_key(r) FROM (
          SELECT array_to_string(ws, ' ') AS r
          UNION SELECT array_to_string(ws[i:j], ' ') FROM generate_series(1, cardinality(ws)) i, generate_series(i, least(cardinality(ws), i + 5)) j
        ) runs WHERE search_key(r) <> '') AS names,
      (SELECT string_agg(quote_literal(w) || ':*', ' & ')::tsquery FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, q))) AS w) AS words,
      websearch_to_tsquery('english'::regconfig, q) AS text,
      CASE WHEN one_word THEN ARRAY[search_key(q)] ELSE ARRAY[search_key(q), q] END AS forms,
      CASE WHEN one_word AND length(q) >= 4 THEN peer.search_word_variants(lower(q)) ELSE '{}' END AS variants
    FROM (SELECT regexp_split_to_array(q, '\s+') AS ws, q ~ '^[A-Za-z0-9]+$' AS one_word) s
  ), written AS MATERIALIZED (
    SELECT
      ARRAY((SELECT t."id" FROM "Company" t WHERE t."search_keys" && x.names)
        UNION (SELECT t."id" FROM "Company" t WHERE to_tsvector('simple'::regconfig, t."search_names") @@ x.words LIMIT 50)) AS company,
      ARRAY((SELECT t."id" FROM "CloudProvider" t WHERE t."search_keys" && x.names)
        UNION (SELECT t."id" FROM "CloudProvider" t WHERE to_tsvector('simple'::regconfig, t."search_names") @@ x.words LIMIT 50)) AS cloud,
      ARRAY((SELECT t."id" FROM "Asset" t WHERE t."search_keys" && x.names)
        UNION (SELECT t."id" FROM "Asset" t WHERE to_tsvector('simple'::regconfig, t."search_names") @@ x.words LIMIT 50)) AS asset,
      ARRAY((SELECT t."id" FROM "Agreement" t WHERE t."search_keys" && x.names)
        UNION (SELECT unnest(peer.search_first_agreements(x.text)))) AS agreement,
      ARRAY(SELECT unnest(peer.search_first_clauses(x.text))) AS clause
    FROM query x
  ), near AS MATERIALIZED (
    SELECT cardinality(w.company) + cardinality(w.cloud) + cardinality(w.asset) + cardinality(w.agreement) + cardinality(w.clause) < n AS near
    FROM written w
  ), candidates AS MATERIALIZED (
    SELECT
      w.company || CASE WHEN z.near THEN ARRAY(SELECT t."id" FROM "Company" t WHERE t."search_names" %> ANY (x.forms) LIMIT 50) END AS company,
      w.cloud || CASE WHEN z.near THEN ARRAY(SELECT t."id" FROM "CloudProvider" t WHERE t."search_names" %> ANY (x.forms) LIMIT 50) END AS cloud,
      w.asset || CASE WHEN z.near THEN ARRAY(SELECT t."id" FROM "Asset" t WHERE t."search_names" %> ANY (x.forms) LIMIT 50) END AS asset,
      CASE WHEN z.near AND cardinality(x.variants) > 0 THEN ARRAY(SELECT t."id" FROM "Company" t WHERE search_variants(t."search_names") && x.variants LIMIT 50) END AS company_edit,
      CASE WHEN z.near AND cardinality(x.variants) > 0 THEN ARRAY(SELECT t."id" FROM "CloudProvider" t WHERE search_variants(t."search_names") && x.variants LIMIT 50) END AS cloud_edit,
      CASE WHEN z.near AND cardinality(x.variants) > 0 THEN ARRAY(SELECT t."id" FROM "Asset" t WHERE search_variants(t."search_names") && x.variants LIMIT 50) END AS asset_edit
    FROM query x, written w, near z
  ), hits AS (
    (SELECT 'Company' AS type, 1 AS priority, t."id", t."name" AS label, t."search_keys" @> ARRAY[x.key] AS exact, t."id" = ANY (w.company) AS as_written,
        GREATEST((SELECT max(word_similarity(f, t."search_names")) FROM unnest(x.forms) f), CASE WHEN t."id" = ANY (c.company_edit) THEN 0.6::real ELSE 0 END) AS score,
        similarity(x.key, t."search_keys"[1]) AS closeness
      FROM query x, written w, candidates c, "Company" t WHERE t."id" = ANY (c.company || c.company_edit)
      ORDER BY exact DESC, as_written DESC, score DESC, closeness DESC, label, t."id" LIMIT n)
    UNION ALL
    (SELECT 'CloudProvider', 2, t."id", t."name", t."search_keys" @> ARRAY[x.key], t."id" = ANY (w.cloud),
        GREATEST((SELECT max(word_similarity(f, t."search_names")) FROM unnest(x.forms) f), CASE WHEN t."id" = ANY (c.cloud_edit) THEN 0.6::real ELSE 0 END),
        similarity(x.key, t."search_keys"[1])
      FROM query x, written w, candidates c, "CloudProvider" t WHERE t."id" = ANY (c.cloud || c.cloud_edit)
      ORDER BY 5 DESC, 6 DESC, 7 DESC, 8 DESC, 4, 3 LIMIT n)
    UNION ALL
    (SELECT 'Asset', 3, t."id", t."name", t."search_keys" @> ARRAY[x.key], t."id" = ANY (w.asset),
        GREATEST((SELECT max(word_similarity(f, t."search_names")) FROM unnest(x.forms) f), CASE WHEN t."id" = ANY (c.asset_edit) THEN 0.6::real ELSE 0 END),
        similarity(x.key, t."search_keys"[1])
      FROM query x, written w, candidates c, "Asset" t WHERE t."id" = ANY (c.asset || c.asset_edit)
      ORDER BY 5 DESC, 6 DESC, 7 DESC, 8 DESC, 4, 3 LIMIT n)
    UNION ALL
    (SELECT 'Agreement', 4, t."id", t."title", t."search_keys" @> ARRAY[x.key], true,
        GREATEST(CASE WHEN t."search_text" @@ x.text THEN 0.5 + 0.5 * ts_rank_cd(t."search_text", x.text, 32) ELSE 0 END),
        similarity(x.key, t."search_keys"[1])
      FROM query x, written w, "Agreement" t WHERE t."id" = ANY (w.agreement)
      ORDER BY 5 DESC, 6 DESC, 7 DESC, 8 DESC, 4, 3 LIMIT n)
    UNION ALL
    (SELECT 'Clause', 5, t."id", t."summary", false, true, GREATEST(0.5 + 0.5 * ts_rank_cd(t."search_text", x.text, 32)), 0::real
      FROM query x, written w, "Clause" t WHERE t."id" = ANY (w.clause)
      ORDER BY 5 DESC, 6 DESC, 7 DESC, 8 DESC, 4, 3 LIMIT n)
  )
  SELECT h.type, h."id", h.exact OR h.as_written,
    row_number() OVER (ORDER BY h.exact DESC, h.as_written DESC, h.score DESC, h.priority, h.closeness DESC, h.label, h."id")
  FROM hits h ORDER BY 4 LIMIT n
$$;

-- The query with its misspelt words (4 to 64 letters, known nowhere: no name's word starts with
-- it, no title or clause holds its stem, not a stop word) replaced by the word of a name one edit
-- away that the most of 50 candidate names per table hold; null when none is replaced.
CREATE OR REPLACE FUNCTION peer.search_corrected(q text)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH words AS (
    SELECT DISTINCT m[1] AS word, peer.search_word_variants(m[1]) AS variants
    FROM regexp_matches(lower(q), '[a-z0-9]+', 'g') m
    WHERE length(m[1]) BETWEEN 4 AND 64 AND m[1] ~ '^[a-z]+$'
  ), corrections AS (
    SELECT w.word, CASE
      WHEN numnode(plainto_tsquery('english'::regconfig, w.word)) = 0
        OR EXISTS (SELECT FROM "Company" t WHERE to_tsvector('simple'::regconfig, t."search_names") @@ (quote_literal(w.word) || ':*')::tsquery)
        OR EXISTS (SELECT FROM "CloudProvider" t WHERE to_tsvector('simple'::regconfig, t."search_names") @@ (quote_literal(w.word) || ':*')::tsquery)
        OR EXISTS (SELECT FROM "Asset" t WHERE to_tsvector('simple'::regconfig, t."search_names") @@ (quote_literal(w.word) || ':*')::tsquery)
        OR EXISTS (SELECT FROM "Agreement" t WHERE t."search_text" @@ plainto_tsquery('english'::regconfig, w.word))
        OR EXISTS (SELECT FROM "Clause" t WHERE t."search_text" @@ plainto_tsquery('english'::regconfig, w.word))
      THEN NULL ELSE (
        SELECT x FROM (
            (SELECT t."search_names" FROM "Company" t WHERE search_variants(t."search_names") && w.variants LIMIT 50)
            UNION ALL (SELECT t."search_names" FROM "CloudProvider" t WHERE search_variants(t."search_names") && w.variants LIMIT 50)
            UNION ALL (SELECT t."search_names" FROM "Asset" t WHERE search_variants(t."search_names") && w.variants LIMIT 50)
          ) n, regexp_split_to_table(lower(n."search_names"), '[^[:alnum:]]+') AS x
        WHERE length(x) BETWEEN 4 AND 64 AND (x = ANY (w.variants)
          OR EXISTS (SELECT FROM generate_series(1, length(x)) i WHERE overlay(x PLACING '' FROM i FOR 1) = ANY (w.variants)))
        GROUP BY x ORDER BY count(*) DESC, x LIMIT 1)
      END AS correction
    FROM words w
  )
  SELECT string_agg(CASE WHEN t[1] IS NULL THEN t[2]
      ELSE coalesce((SELECT k.correction FROM corrections k WHERE k.word = lower(t[1])), t[1]) END, '' ORDER BY o)
  FROM regexp_matches(q, '([A-Za-z0-9]+)|([^A-Za-z0-9]+)', 'g') WITH ORDINALITY AS x(t, o)
  WHERE EXISTS (SELECT FROM corrections WHERE correction IS NOT NULL)
$$;

-- search: the typed query's ranking; when fewer than `hits` hits match as written and it has two
-- words or more, the corrected query's too: as written first, typed before corrected, each hit once.
-- Under the project's search settings (trigram threshold 0.4, every scan by its index).
DROP FUNCTION IF EXISTS peer.search(text, int);
CREATE OR REPLACE FUNCTION peer.search(query text, hits int DEFAULT 10)
RETURNS SETOF peer.search_hit LANGUAGE sql STABLE PARALLEL SAFE
SET pg_trgm.word_similarity_threshold = 0.4 SET enable_seqscan = off AS $$
  WITH input AS MATERIALIZED (SELECT regexp_replace(query, '^\s+|\s+$', '', 'g') AS q),
  typed AS MATERIALIZED (SELECT r.* FROM input, peer.search_ranked(input.q, hits) r),
  corrected AS MATERIALIZED (
    SELECT peer.search_corrected(input.q) AS q FROM input
    WHERE (SELECT count(*) FROM typed WHERE as_written) < hits
      AND (SELECT count(*) FROM regexp_matches(input.q, '[[:alnum:]]+', 'g')) >= 2
  ),
  more AS (SELECT r.* FROM corrected c, peer.search_ranked(c.q, hits) r WHERE c.q IS NOT NULL),
  best AS (
    SELECT * FROM (
      SELECT DISTINCT ON (h.type, h."id") h.* FROM (SELECT *, 1 AS part FROM typed UNION ALL SELECT *, 2 FROM more) h
      ORDER BY h.type, h."id", h.as_written DESC, h.part, h.rank) d
    ORDER BY as_written DESC, part, rank LIMIT hits
  )
  SELECT b.type, coalesce(co."slug", cp."slug", s."slug", a."slug"), coalesce(co."name", cp."name", s."name"), a."title", c."key", c."summary"
  FROM best b
  LEFT JOIN "Company" co ON b.type = 'Company' AND co."id" = b."id"
  LEFT JOIN "CloudProvider" cp ON b.type = 'CloudProvider' AND cp."id" = b."id"
  LEFT JOIN "Asset" s ON b.type = 'Asset' AND s."id" = b."id"
  LEFT JOIN "Agreement" a ON b.type = 'Agreement' AND a."id" = b."id"
  LEFT JOIN "Clause" c ON b.type = 'Clause' AND c."id" = b."id"
  ORDER BY b.as_written DESC, b.part, b.rank
$$;

COMMENT ON FUNCTION peer.search_word_variants(text) IS E'@behavior -*';
COMMENT ON FUNCTION peer.search_first_agreements(tsquery) IS E'@behavior -*';
COMMENT ON FUNCTION peer.search_first_clauses(tsquery) IS E'@behavior -*';
COMMENT ON FUNCTION peer.search_ranked(text, int) IS E'@behavior -*';
COMMENT ON FUNCTION peer.search_corrected(text) IS E'@behavior -*';
COMMENT ON FUNCTION peer.search(text, int) IS E'@name search\n@behavior -connection +list';
