-- Search, third step: what the search ranks by is stored with each row, in generated columns, and
-- indexed there. Ranking read it per candidate from the indexed expressions (search_names,
-- search_keys, to_tsvector), which PostgreSQL recomputes for every row it scores: 20–50 µs a row,
-- most of a search on 100,000 agreements. Stored, a search takes about half the time.
-- Prisma's schema language cannot declare generated columns: like the search indexes, they are
-- named "search_*" and test/migrations.test.ts leaves them out of its comparison with
-- prisma/schema.prisma. Prisma never reads them (they are not in the schema).
-- ---------------------------------------------------------------------------------------------

-- The searchable names of a row (trigrams, word_similarity) and their compact keys (exact matches).
ALTER TABLE "Company"
  ADD COLUMN "search_names" text GENERATED ALWAYS AS (search_names(ARRAY["name", "slug"] || "aliases")) STORED,
  ADD COLUMN "search_keys" text[] GENERATED ALWAYS AS (search_keys(ARRAY["name", "slug"] || "aliases")) STORED;
ALTER TABLE "Asset"
  ADD COLUMN "search_names" text GENERATED ALWAYS AS (search_names(ARRAY["name", "slug"])) STORED,
  ADD COLUMN "search_keys" text[] GENERATED ALWAYS AS (search_keys(ARRAY["name", "slug"])) STORED;
ALTER TABLE "CloudProvider"
  ADD COLUMN "search_names" text GENERATED ALWAYS AS (search_names(ARRAY["name", "slug"])) STORED,
  ADD COLUMN "search_keys" text[] GENERATED ALWAYS AS (search_keys(ARRAY["name", "slug"])) STORED;
-- An agreement's title and slug as keys, and its full text; a clause's full text.
ALTER TABLE "Agreement"
  ADD COLUMN "search_keys" text[] GENERATED ALWAYS AS (search_keys(ARRAY["title", "slug"])) STORED,
  ADD COLUMN "search_text" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, search_agreement_text("title", "slug"))) STORED;
ALTER TABLE "Clause"
  ADD COLUMN "search_text" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, search_clause_text("summary", "condition"))) STORED;

-- The same indexes as before, over the columns instead of the expressions.
DROP INDEX "search_company_keys";
DROP INDEX "search_asset_keys";
DROP INDEX "search_cloud_provider_keys";
DROP INDEX "search_agreement_keys";
DROP INDEX "search_company_names";
DROP INDEX "search_asset_names";
DROP INDEX "search_cloud_provider_names";
DROP INDEX "search_agreement_text_fts";
DROP INDEX "search_clause_text_fts";

CREATE INDEX "search_company_keys" ON "Company" USING gin ("search_keys");
CREATE INDEX "search_asset_keys" ON "Asset" USING gin ("search_keys");
CREATE INDEX "search_cloud_provider_keys" ON "CloudProvider" USING gin ("search_keys");
CREATE INDEX "search_agreement_keys" ON "Agreement" USING gin ("search_keys");
CREATE INDEX "search_company_names" ON "Company" USING gin ("search_names" gin_trgm_ops);
CREATE INDEX "search_asset_names" ON "Asset" USING gin ("search_names" gin_trgm_ops);
CREATE INDEX "search_cloud_provider_names" ON "CloudProvider" USING gin ("search_names" gin_trgm_ops);
CREATE INDEX "search_agreement_text_fts" ON "Agreement" USING gin ("search_text");
CREATE INDEX "search_clause_text_fts" ON "Clause" USING gin ("search_text");
