-- What a PostGraphile user writes for the project's tables (Prisma names: "Clause", "Agreement", …):
-- SQL functions in their own schema `peer`, leaving the project's `public` schema untouched.
-- Loaded into a benchmark database after the project's migrations by bench/lib/peer.ts; idempotent.
-- Adapted from ../shared/peer/peer.sql: licences in force on a day come from the `activeOn`
-- condition of graphile.config.mjs (the stored in-force period), so no `licenses` function here.
CREATE SCHEMA IF NOT EXISTS peer;
DROP FUNCTION IF EXISTS peer.licenses("Exclusivity", date);

-- Clause.subjects: the many-to-many through Prisma's implicit "_AssetToClause" (A = asset, B = clause),
-- in the project's order (name, then slug).
CREATE OR REPLACE FUNCTION peer."Clause_subjects"(c "Clause")
RETURNS SETOF "Asset" LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.* FROM "_AssetToClause" x JOIN "Asset" s ON s."id" = x."A"
  WHERE x."B" = c."id"
  ORDER BY s."name", s."slug"
$$;

-- Clause.sources: the sources its citations name, by URL (as the project lists them).
CREATE OR REPLACE FUNCTION peer."Clause_sources"(c "Clause")
RETURNS SETOF "Source" LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.* FROM "ClauseCitation" cc JOIN "Source" s ON s."id" = cc."sourceId"
  WHERE cc."clauseId" = c."id"
  ORDER BY s."url"
$$;

-- Company.agreements: its listed party rows (one per agreement, with its roles), newest announced
-- agreement first by the day each row stores (the project's order, from the same index).
CREATE OR REPLACE FUNCTION peer."Company_agreements"(c "Company")
RETURNS SETOF "AgreementParty" LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT p.* FROM "AgreementParty" p
  WHERE p."companyId" = c."id" AND p."isFirstRole"
  ORDER BY p."announcedEarliest" DESC, p."id"
$$;

-- Agreement.parties: by company name, then role and slug (the project's order).
CREATE OR REPLACE FUNCTION peer."Agreement_partiesByName"(a "Agreement")
RETURNS SETOF "AgreementParty" LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT p.* FROM "AgreementParty" p JOIN "Company" c ON c."id" = p."companyId"
  WHERE p."agreementId" = a."id"
  ORDER BY c."name", p."role", c."slug"
$$;

-- Plain lists, not connections, where the project has lists.
COMMENT ON FUNCTION peer."Clause_subjects"("Clause") IS E'@behavior -connection +list';
COMMENT ON FUNCTION peer."Clause_sources"("Clause") IS E'@behavior -connection +list';
COMMENT ON FUNCTION peer."Agreement_partiesByName"("Agreement") IS E'@behavior -connection +list';
