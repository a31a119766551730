-- Search (Query.search): trigram and full-text indexes, hand-written because Prisma's schema
-- language cannot express extensions' operator classes on expressions. Every index here is named
-- "search_*" so the drift test (test/migrations.test.ts) can leave them out of its comparison with
-- prisma/schema.prisma. src/db/search.ts repeats each indexed expression verbatim: an expression
-- index is only used by a query that spells the same expression.
-- ---------------------------------------------------------------------------------------------

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The compact key of a name: lowercase letters and digits only, so "Open AI", "open-ai" and
-- "OPENAI" are all "openai", and "GPT-5" is "gpt5". IMMUTABLE as index expressions require; like
-- lower() it follows the database's ctype, which does not change under a running database.
CREATE FUNCTION search_key(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(regexp_replace(value, '[^[:alnum:]]+', '', 'g')) $$;

-- Functions that call each other name the schema: an index build may run with another search_path.

-- The searchable text of a set of names (name, aliases, slug): each name twice, as its lowercase
-- words and as its compact key. pg_trgm's word_similarity then matches a query against any one
-- word ("azure" in "Microsoft Azure") or any whole name written without spaces ("openai").
CREATE FUNCTION search_names(names text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(string_agg(lower(n) || ' ' || public.search_key(n), ' '), '') FROM unnest(names) AS n $$;

-- The compact keys of a set of names, for exact matches ("open-ai" is exactly "OpenAI").
CREATE FUNCTION search_keys(names text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(public.search_key(n)) FILTER (WHERE n IS NOT NULL), '{}') FROM unnest(names) AS n $$;

-- The searchable text of a clause: its summary and condition.
CREATE FUNCTION search_clause_text(summary text, condition text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(summary, '') || ' ' || coalesce(condition, '') $$;

-- Names: exact compact keys (array containment, @>) and trigrams for word_similarity (<%).
CREATE INDEX "search_company_keys" ON "Company"
  USING gin (search_keys(ARRAY["name", "slug"] || "aliases"));
CREATE INDEX "search_asset_keys" ON "Asset"
  USING gin (search_keys(ARRAY["name", "slug"]));
CREATE INDEX "search_cloud_provider_keys" ON "CloudProvider"
  USING gin (search_keys(ARRAY["name", "slug"]));
CREATE INDEX "search_agreement_keys" ON "Agreement"
  USING gin (search_keys(ARRAY["title", "slug"]));

CREATE INDEX "search_company_names" ON "Company"
  USING gin (search_names(ARRAY["name", "slug"] || "aliases") gin_trgm_ops);
CREATE INDEX "search_asset_names" ON "Asset"
  USING gin (search_names(ARRAY["name", "slug"]) gin_trgm_ops);
CREATE INDEX "search_cloud_provider_names" ON "CloudProvider"
  USING gin (search_names(ARRAY["name", "slug"]) gin_trgm_ops);
-- An agreement's title is a sentence, left to full text below; its slug is its name.
CREATE INDEX "search_agreement_names" ON "Agreement"
  USING gin (search_names(ARRAY["slug"]) gin_trgm_ops);

-- Text: full-text (websearch_to_tsquery) and trigram (strict word similarity, the <<% operator).
CREATE INDEX "search_agreement_title_fts" ON "Agreement"
  USING gin (to_tsvector('english'::regconfig, "title"));
CREATE INDEX "search_clause_text_fts" ON "Clause"
  USING gin (to_tsvector('english'::regconfig, search_clause_text("summary", "condition")));
CREATE INDEX "search_clause_text_trgm" ON "Clause"
  USING gin (search_clause_text("summary", "condition") gin_trgm_ops);
