-- Search, seventh step: search_variants (migration *_search_typos) gives the variants of words of 4
-- to 64 letters only. It builds every one-letter deletion of a word, so its work grows with the
-- square of the word's length: one 100,000-character word held an import for minutes, and a
-- company with 50 aliases of 200 letters took 0.1 s to write. Inputs are bounded now (names and
-- aliases 200 characters, src/domain/field-rules.ts); this bounds the function too, for any row.
-- No name holds a longer word that someone misspells by one letter. The indexes built from the
-- function are rebuilt with the new definition. src/db/search-corrections.ts keeps the same bounds.
-- ---------------------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION search_variants(names text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(DISTINCT d.v), '{}')
        FROM regexp_split_to_table(lower(names), '[^[:alnum:]]+') AS w,
          LATERAL (SELECT w UNION ALL SELECT overlay(w PLACING '' FROM i FOR 1) FROM generate_series(1, length(w)) AS i) AS d(v)
        WHERE length(w) BETWEEN 4 AND 64 $$;

REINDEX INDEX "search_company_variants";
REINDEX INDEX "search_asset_variants";
REINDEX INDEX "search_cloud_provider_variants";
