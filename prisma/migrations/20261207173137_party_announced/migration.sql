-- A company's agreements page newest first (PARTY_ORDER in src/schema/company.ts): the agreement's
-- announced day, stored on each party row and indexed with the company and the row id in that
-- order, so a page reads its rows from the index instead of joining and sorting all of a company's
-- parties. Kept right by triggers, like the in-force periods, whoever writes.
-- The index's DESC puts nulls first, as PostgreSQL's (and so Prisma's) `desc` does.
-- The index is not in prisma/schema.prisma: Prisma's schema language cannot declare INCLUDE.

-- AlterTable
ALTER TABLE "AgreementParty" ADD COLUMN     "announcedEarliest" DATE;

-- Hand-written below this line.
-- ---------------------------------------------------------------------------------------------

-- A party row carries its agreement's day, whatever the writer gave: on insert, on a move to
-- another agreement, and on any write of the column itself (only the trigger below writes it).
CREATE FUNCTION "AgreementParty_announced"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."announcedEarliest" := (SELECT "announcedEarliest" FROM "Agreement" WHERE "id" = NEW."agreementId");
  RETURN NEW;
END;
$$;

CREATE TRIGGER "AgreementParty_announced" BEFORE INSERT OR UPDATE OF "agreementId", "announcedEarliest" ON "AgreementParty"
  FOR EACH ROW EXECUTE FUNCTION "AgreementParty_announced"();

-- A version's day changed: its parties follow. (A new version has no parties yet: they reference it.)
CREATE FUNCTION "Agreement_announced_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "AgreementParty" p SET "announcedEarliest" = n."announcedEarliest"
  FROM old_rows o JOIN new_rows n ON n."id" = o."id"
  WHERE p."agreementId" = n."id" AND o."announcedEarliest" IS DISTINCT FROM n."announcedEarliest";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Agreement_announced_update" AFTER UPDATE ON "Agreement"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Agreement_announced_changed"();

-- Company links read a party's agreement and company only: an update that moves neither (the day
-- above, the role) leaves them as they are, instead of rewriting every link of its agreement.
CREATE OR REPLACE FUNCTION "AgreementParty_refresh_links"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "CompanyLink_refresh"(ARRAY(SELECT DISTINCT "agreementId" FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "CompanyLink_refresh"(ARRAY(SELECT DISTINCT "agreementId" FROM old_rows));
  ELSE
    PERFORM "CompanyLink_refresh"(ARRAY(
      SELECT x FROM old_rows o JOIN new_rows n ON n."id" = o."id", unnest(ARRAY[o."agreementId", n."agreementId"]) x
      WHERE (o."agreementId", o."companyId") IS DISTINCT FROM (n."agreementId", n."companyId")));
  END IF;
  RETURN NULL;
END;
$$;

-- Backfill, then the index over the filled column.
UPDATE "AgreementParty" p SET "announcedEarliest" = a."announcedEarliest" FROM "Agreement" a WHERE a."id" = p."agreementId";

-- The page in order, from the index alone: INCLUDE holds the rest of a party row, so walking it
-- needs no heap fetch, and the planner takes the walk over sorting even when it guesses a company
-- has few parties (it cannot know which company a correlated page is for; a hub has thousands).
CREATE INDEX "page_company_agreements" ON "AgreementParty"("companyId", "announcedEarliest" DESC, "id") INCLUDE ("agreementId", "role");

ANALYZE "AgreementParty";
