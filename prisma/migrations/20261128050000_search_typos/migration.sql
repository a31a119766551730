-- Search, sixth step: names one edit from the query (src/db/search.ts, oneEditMatches). Trigrams
-- miss a typo that splits a short word's few trigrams: "Azrue" shares 3 of 12 with "azure",
-- "Calude" 3 of 14 with "claude", under the 0.4 that lets near spellings through. Two words one
-- edit apart (a letter left out, added, changed, or two neighbours swapped) share a word of the
-- set below: "calude" and "claude" both give "clude". Like the other search indexes, these are
-- named "search_*" and test/migrations.test.ts leaves them out of its comparison with
-- prisma/schema.prisma.
-- ---------------------------------------------------------------------------------------------

-- Each lowercase word of four letters or more in `names`, and every way of leaving out one of its
-- letters. Shorter words would share their deletions with too many others ("gpt", "ai").
CREATE FUNCTION search_variants(names text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(DISTINCT d.v), '{}')
        FROM regexp_split_to_table(lower(names), '[^[:alnum:]]+') AS w,
          LATERAL (SELECT w UNION ALL SELECT overlay(w PLACING '' FROM i FOR 1) FROM generate_series(1, length(w)) AS i) AS d(v)
        WHERE length(w) >= 4 $$;

-- Over the names' searchable text (their words and compact keys).
CREATE INDEX "search_company_variants" ON "Company" USING gin (search_variants("search_names"));
CREATE INDEX "search_asset_variants" ON "Asset" USING gin (search_variants("search_names"));
CREATE INDEX "search_cloud_provider_variants" ON "CloudProvider" USING gin (search_variants("search_names"));
