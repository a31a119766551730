-- CreateTable
CREATE TABLE "CompanyLink" (
    "companyId" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "agreementId" UUID NOT NULL,
    "inForceFrom" DATE,
    "inForceUntil" DATE,
    "latest" BOOLEAN NOT NULL,

    CONSTRAINT "CompanyLink_pkey" PRIMARY KEY ("companyId","partnerId","agreementId")
);

-- CreateIndex
CREATE INDEX "CompanyLink_agreementId_idx" ON "CompanyLink"("agreementId");

-- "CompanyLink" is derived from "AgreementParty" × "Agreement" and kept right here, so every writer
-- (the API, the importer, COPY in the generator, plain SQL) keeps it right without knowing of it.
-- Triggers are per statement with transition tables: a COPY of 200,000 parties recomputes its
-- agreements in one set-based pass instead of 200,000 times.

-- Recomputes the links of the given agreement versions from their parties and dates. The in-force
-- window is agreementInForceSql (src/db/in-force-sql.ts) as a range: from the start (effective,
-- else announced) to the least of the end, the termination and the day before the earliest start
-- of an amendment of it.
CREATE FUNCTION "CompanyLink_refresh"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  DELETE FROM "CompanyLink" WHERE "agreementId" = ANY(ids);
  INSERT INTO "CompanyLink" ("companyId", "partnerId", "agreementId", "inForceFrom", "inForceUntil", "latest")
  SELECT DISTINCT party."companyId", other."companyId", a."id",
    COALESCE(a."effectiveEarliest", a."announcedEarliest"),
    LEAST(a."endsLatest", a."terminatedLatest", amendment.first_start - 1),
    amendment.versions = 0
  FROM (SELECT DISTINCT unnest(ids) AS id) changed
  JOIN "Agreement" a ON a."id" = changed.id
  JOIN "AgreementParty" party ON party."agreementId" = a."id"
  JOIN "AgreementParty" other ON other."agreementId" = a."id" AND other."companyId" <> party."companyId"
  CROSS JOIN LATERAL (
    SELECT count(*) AS versions, min(COALESCE(m."effectiveEarliest", m."announcedEarliest")) AS first_start
    FROM "Agreement" m WHERE m."amendsId" = a."id"
  ) amendment
  -- Two writers refreshing one agreement at once: the later one's rows win.
  ON CONFLICT ("companyId", "partnerId", "agreementId") DO UPDATE
    SET "inForceFrom" = EXCLUDED."inForceFrom", "inForceUntil" = EXCLUDED."inForceUntil", "latest" = EXCLUDED."latest";
END;
$$;

-- Parties added, moved or removed: their agreements.
CREATE FUNCTION "AgreementParty_refresh_links"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "CompanyLink_refresh"(ARRAY(SELECT DISTINCT "agreementId" FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "CompanyLink_refresh"(ARRAY(SELECT DISTINCT "agreementId" FROM old_rows));
  ELSE
    PERFORM "CompanyLink_refresh"(ARRAY(
      SELECT "agreementId" FROM old_rows UNION SELECT "agreementId" FROM new_rows));
  END IF;
  RETURN NULL;
END;
$$;

-- Transition tables need one trigger per event.
CREATE TRIGGER "AgreementParty_links_insert" AFTER INSERT ON "AgreementParty"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AgreementParty_refresh_links"();
CREATE TRIGGER "AgreementParty_links_update" AFTER UPDATE ON "AgreementParty"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "AgreementParty_refresh_links"();
CREATE TRIGGER "AgreementParty_links_delete" AFTER DELETE ON "AgreementParty"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "AgreementParty_refresh_links"();

-- Versions added, changed or removed: themselves and the versions they amend (an amendment ends
-- the window of the version it amends and makes it no longer the latest). Updates that touch none
-- of the dates or "amendsId" (status, text, version bumps) change no link.
CREATE FUNCTION "Agreement_refresh_links"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "CompanyLink_refresh"(ARRAY(
      SELECT "id" FROM new_rows UNION SELECT "amendsId" FROM new_rows WHERE "amendsId" IS NOT NULL));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "CompanyLink_refresh"(ARRAY(
      SELECT "id" FROM old_rows UNION SELECT "amendsId" FROM old_rows WHERE "amendsId" IS NOT NULL));
  ELSE
    PERFORM "CompanyLink_refresh"(ARRAY(
      SELECT DISTINCT x FROM old_rows o JOIN new_rows n ON n."id" = o."id",
        unnest(ARRAY[o."id", o."amendsId", n."amendsId"]) x
      WHERE x IS NOT NULL
        AND (o."effectiveEarliest", o."announcedEarliest", o."endsLatest", o."terminatedLatest", o."amendsId")
          IS DISTINCT FROM (n."effectiveEarliest", n."announcedEarliest", n."endsLatest", n."terminatedLatest", n."amendsId")));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Agreement_links_insert" AFTER INSERT ON "Agreement"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Agreement_refresh_links"();
CREATE TRIGGER "Agreement_links_update" AFTER UPDATE ON "Agreement"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Agreement_refresh_links"();
CREATE TRIGGER "Agreement_links_delete" AFTER DELETE ON "Agreement"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Agreement_refresh_links"();

-- Emptying either source table empties the links (tests and resets truncate).
CREATE FUNCTION "CompanyLink_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "CompanyLink";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "AgreementParty_links_truncate" AFTER TRUNCATE ON "AgreementParty"
  FOR EACH STATEMENT EXECUTE FUNCTION "CompanyLink_truncate"();
CREATE TRIGGER "Agreement_links_truncate" AFTER TRUNCATE ON "Agreement"
  FOR EACH STATEMENT EXECUTE FUNCTION "CompanyLink_truncate"();

-- Backfill: every version at once, the same rows "CompanyLink_refresh" writes.
INSERT INTO "CompanyLink" ("companyId", "partnerId", "agreementId", "inForceFrom", "inForceUntil", "latest")
SELECT DISTINCT party."companyId", other."companyId", a."id",
  COALESCE(a."effectiveEarliest", a."announcedEarliest"),
  LEAST(a."endsLatest", a."terminatedLatest", amendment.first_start - 1),
  amendment.amends_id IS NULL
FROM "Agreement" a
JOIN "AgreementParty" party ON party."agreementId" = a."id"
JOIN "AgreementParty" other ON other."agreementId" = a."id" AND other."companyId" <> party."companyId"
LEFT JOIN (
  SELECT "amendsId" AS amends_id, min(COALESCE("effectiveEarliest", "announcedEarliest")) AS first_start
  FROM "Agreement" WHERE "amendsId" IS NOT NULL GROUP BY "amendsId"
) amendment ON amendment.amends_id = a."id";

ANALYZE "CompanyLink";
