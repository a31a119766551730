-- A company's agreements page lists each agreement version once, with every role the company holds
-- in it (it held one row per role: Microsoft's page showed 28 rows for 14 versions). Party rows stay
-- one per role, as writes, links and exports read them; each row also carries the company's roles
-- in its agreement, and the row of the first of them is the one the page lists. Kept right by a
-- trigger, whoever writes.

-- AlterTable
ALTER TABLE "AgreementParty" ADD COLUMN     "isFirstRole" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "roles" "PartyRole"[] DEFAULT ARRAY[]::"PartyRole"[];

-- Hand-written below this line.
-- ---------------------------------------------------------------------------------------------

-- The rows of these (agreement, company) pairs get the pair's roles, in name order, and the row
-- of the first role is marked. Rows already right are left alone.
CREATE FUNCTION "AgreementParty_set_roles"(agreements uuid[], companies uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "AgreementParty" p SET "roles" = r."roles", "isFirstRole" = (p."role" = r."roles"[1])
  FROM (
    SELECT q."agreementId", q."companyId", array_agg(q."role" ORDER BY q."role"::text) AS "roles"
    FROM "AgreementParty" q
    WHERE (q."agreementId", q."companyId") IN (SELECT * FROM unnest(agreements, companies))
    GROUP BY q."agreementId", q."companyId"
  ) r
  WHERE p."agreementId" = r."agreementId" AND p."companyId" = r."companyId"
    AND (p."roles", p."isFirstRole") IS DISTINCT FROM (r."roles", p."role" = r."roles"[1]);
$$;

-- The pairs whose rows came, went or moved. An update that moves no row's agreement, company or
-- role (the stored days, or this trigger's own update) names none, and the trigger stops there
-- (a statement trigger fires even for an update of no rows).
CREATE FUNCTION "AgreementParty_roles_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  agreements uuid[];
  companies uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg("agreementId"), array_agg("companyId") INTO agreements, companies FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg("agreementId"), array_agg("companyId") INTO agreements, companies FROM old_rows;
  ELSE
    SELECT array_agg(side."agreementId"), array_agg(side."companyId") INTO agreements, companies
    FROM old_rows o JOIN new_rows n ON n."id" = o."id",
      LATERAL (VALUES (o."agreementId", o."companyId"), (n."agreementId", n."companyId")) AS side("agreementId", "companyId")
    WHERE (o."agreementId", o."companyId", o."role") IS DISTINCT FROM (n."agreementId", n."companyId", n."role");
  END IF;
  IF agreements IS NOT NULL THEN
    PERFORM "AgreementParty_set_roles"(agreements, companies);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "AgreementParty_roles_insert" AFTER INSERT ON "AgreementParty"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AgreementParty_roles_changed"();
CREATE TRIGGER "AgreementParty_roles_update" AFTER UPDATE ON "AgreementParty"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AgreementParty_roles_changed"();
CREATE TRIGGER "AgreementParty_roles_delete" AFTER DELETE ON "AgreementParty"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "AgreementParty_roles_changed"();

-- Backfill, then the page index: a company's listed rows in page order.
SELECT "AgreementParty_set_roles"(array_agg("agreementId"), array_agg("companyId")) FROM "AgreementParty";

DROP INDEX "page_company_agreements";
CREATE INDEX "page_company_agreements" ON "AgreementParty"("companyId", "isFirstRole", "announcedEarliest" DESC, "id")
  INCLUDE ("agreementId", "role", "roles", "inForceFrom", "inForceUntil");

ANALYZE "AgreementParty";
