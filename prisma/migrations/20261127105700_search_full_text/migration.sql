-- Search, second step: agreements and clauses go by full text only. Trigram indexes over 100,000
-- slugs and 250,000 clause texts matched a misspelt word against thousands of rows, each checked
-- one by one (150 ms for no hit); the parties' names are found in the company table anyway. As in
-- the first step, every index is named "search_*" (test/migrations.test.ts leaves them out of its
-- comparison with prisma/schema.prisma) and src/db/search.ts spells each indexed expression.
-- ---------------------------------------------------------------------------------------------

DROP INDEX "search_agreement_names";
DROP INDEX "search_agreement_title_fts";
DROP INDEX "search_clause_text_trgm";

-- The full text of an agreement: its title and the words of its slug.
CREATE FUNCTION search_agreement_text(title text, slug text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(title, '') || ' ' || translate(coalesce(slug, ''), '-', ' ') $$;

CREATE INDEX "search_agreement_text_fts" ON "Agreement"
  USING gin (to_tsvector('english'::regconfig, search_agreement_text("title", "slug")));
