-- Search, fifth step: names are matched by their words as written before near spellings are
-- tried (src/db/search.ts). Trigram candidates (word_similarity, the part that grows with the
-- tables: a common word shares trigrams with thousands of names) are only looked for when fewer
-- rows than asked for match the query as written. Like the other search indexes, these are named
-- "search_*" and test/migrations.test.ts leaves them out of its comparison with
-- prisma/schema.prisma.
-- ---------------------------------------------------------------------------------------------

-- The words of each row's searchable names (its names as lowercase words and compact keys), in
-- the 'simple' configuration, which only lowercases: names are not stemmed.
CREATE INDEX "search_company_words" ON "Company" USING gin (to_tsvector('simple'::regconfig, "search_names"));
CREATE INDEX "search_asset_words" ON "Asset" USING gin (to_tsvector('simple'::regconfig, "search_names"));
CREATE INDEX "search_cloud_provider_words" ON "CloudProvider" USING gin (to_tsvector('simple'::regconfig, "search_names"));
