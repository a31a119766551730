-- A company's agreements in force on a day (`agreements(activeOn:)`), paged newest first: the
-- party rows also carry their agreement's stored in-force period (as "CompanyLink" rows do), and
-- the page index holds it, so the walk tests "in force on D" (in_force_days, the one SQL form)
-- on index entries instead of looking up each agreement. Same triggers as party_announced.

-- AlterTable
ALTER TABLE "AgreementParty" ADD COLUMN     "inForceFrom" DATE,
ADD COLUMN     "inForceUntil" DATE;

-- Hand-written below this line.
-- ---------------------------------------------------------------------------------------------

-- A party row carries its agreement's day and period, whatever the writer gave.
CREATE OR REPLACE FUNCTION "AgreementParty_announced"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT "announcedEarliest", "inForceFrom", "inForceUntil" INTO NEW."announcedEarliest", NEW."inForceFrom", NEW."inForceUntil"
  FROM "Agreement" WHERE "id" = NEW."agreementId";
  RETURN NEW;
END;
$$;

DROP TRIGGER "AgreementParty_announced" ON "AgreementParty";
CREATE TRIGGER "AgreementParty_announced"
  BEFORE INSERT OR UPDATE OF "agreementId", "announcedEarliest", "inForceFrom", "inForceUntil" ON "AgreementParty"
  FOR EACH ROW EXECUTE FUNCTION "AgreementParty_announced"();

-- A version's day or period changed: its parties follow. The periods change in the in-force
-- triggers' own UPDATE of "Agreement", which fires this trigger again with those rows.
CREATE OR REPLACE FUNCTION "Agreement_announced_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "AgreementParty" p
  SET "announcedEarliest" = n."announcedEarliest", "inForceFrom" = n."inForceFrom", "inForceUntil" = n."inForceUntil"
  FROM old_rows o JOIN new_rows n ON n."id" = o."id"
  WHERE p."agreementId" = n."id"
    AND (o."announcedEarliest", o."inForceFrom", o."inForceUntil") IS DISTINCT FROM (n."announcedEarliest", n."inForceFrom", n."inForceUntil");
  RETURN NULL;
END;
$$;

-- Backfill, then the page index with the period in INCLUDE.
UPDATE "AgreementParty" p SET "inForceFrom" = a."inForceFrom", "inForceUntil" = a."inForceUntil" FROM "Agreement" a WHERE a."id" = p."agreementId";

DROP INDEX "page_company_agreements";
CREATE INDEX "page_company_agreements" ON "AgreementParty"("companyId", "announcedEarliest" DESC, "id")
  INCLUDE ("agreementId", "role", "inForceFrom", "inForceUntil");

ANALYZE "AgreementParty";
