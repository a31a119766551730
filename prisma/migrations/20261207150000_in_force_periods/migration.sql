-- Stored in-force periods (DESIGN.md, "In force, derived once"). No schema change: the columns
-- "inForceFrom", "inForceUntil" and "inForceEnd" on "Agreement" and "Clause" came with
-- terms_deals_in_force; this computes them. The rule is versionPeriod and clausePeriod in
-- src/domain/in-force.ts (tie-breaks included); tests hold every stored period equal to it.
-- Like "CompanyLink", kept right here by per-statement triggers, so every writer (the API, the
-- importer, COPY in the generator, plain SQL) keeps the periods right without knowing of them.

-- Hand-written below this line.
-- ---------------------------------------------------------------------------------------------

-- Same-day endings: the more specific wins (ENDING_ORDER in src/domain/in-force.ts).
CREATE FUNCTION "in_force_end_rank"(reason "InForceEnd") RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT array_position(ARRAY['REPLACED', 'REMOVED', 'TERMINATED', 'EXPIRED']::"InForceEnd"[], reason)
$$;

-- The first day a clause is in force (clauseStart): its own start, never before its version's;
-- none when withdrawn or when its version never starts.
CREATE FUNCTION "clause_start"(status "ClauseStatus", starts date, version_from date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN status = 'WITHDRAWN' OR version_from IS NULL THEN NULL ELSE GREATEST(starts, version_from) END
$$;

-- Recomputes the given clauses (clausePeriod) from their versions' stored periods.
CREATE FUNCTION "Clause_refresh_in_force"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM set_config('app.in_force_refresh', 'on', true);
  WITH computed AS (
    SELECT c."id",
      "clause_start"(c."status", c."startsEarliest", v."inForceFrom") AS from_day,
      CASE WHEN c."status" = 'WITHDRAWN' THEN NULL ELSE last.day END AS until_day,
      CASE WHEN c."status" = 'WITHDRAWN' THEN 'WITHDRAWN'::"InForceEnd" ELSE last.reason END AS reason
    FROM (SELECT DISTINCT unnest(ids) AS id) target
    JOIN "Clause" c ON c."id" = target.id
    JOIN "Agreement" v ON v."id" = c."agreementId"
    LEFT JOIN LATERAL (
      SELECT e.day, e.reason FROM (
        -- An amendment that replaced the version without superseding this clause removed it.
        SELECT v."inForceUntil" AS day,
          CASE WHEN v."inForceEnd" = 'REPLACED' THEN 'REMOVED'::"InForceEnd" ELSE v."inForceEnd" END AS reason
        UNION ALL
        SELECT c."endsLatest", 'EXPIRED'
        UNION ALL
        -- Successors: clauses superseding it (amendments, carries) or replacing it across the deal.
        -- Two index lookups, not one OR (which reads every clause for each one refreshed).
        SELECT min(successor.start) - 1, 'REPLACED' FROM (
          SELECT "clause_start"(s."status", s."startsEarliest", sv."inForceFrom") AS start
          FROM "Clause" s JOIN "Agreement" sv ON sv."id" = s."agreementId"
          WHERE s."supersedesId" = c."id"
          UNION ALL
          SELECT "clause_start"(s."status", s."startsEarliest", sv."inForceFrom")
          FROM "ClauseReplacement" r JOIN "Clause" s ON s."id" = r."clauseId" JOIN "Agreement" sv ON sv."id" = s."agreementId"
          WHERE r."replacedId" = c."id"
        ) successor
      ) e
      WHERE e.day IS NOT NULL
      ORDER BY e.day, "in_force_end_rank"(e.reason)
      LIMIT 1
    ) last ON TRUE
  )
  UPDATE "Clause" c SET "inForceFrom" = computed.from_day, "inForceUntil" = computed.until_day, "inForceEnd" = computed.reason
  FROM computed
  WHERE c."id" = computed."id"
    AND (c."inForceFrom", c."inForceUntil", c."inForceEnd") IS DISTINCT FROM (computed.from_day, computed.until_day, computed.reason);
  PERFORM set_config('app.in_force_refresh', 'off', true);
END;
$$;

-- Recomputes the given versions (versionPeriod), then the clauses whose periods read them: their
-- own clauses, and the clauses those supersede or replace (a successor's start moves with its version).
CREATE FUNCTION "Agreement_refresh_in_force"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM set_config('app.in_force_refresh', 'on', true);
  WITH computed AS (
    SELECT a."id", COALESCE(a."effectiveEarliest", a."announcedEarliest") AS from_day, last.day AS until_day, last.reason
    FROM (SELECT DISTINCT unnest(ids) AS id) target
    JOIN "Agreement" a ON a."id" = target.id
    LEFT JOIN LATERAL (
      SELECT e.day, e.reason FROM (
        SELECT a."endsLatest" AS day, 'EXPIRED'::"InForceEnd" AS reason
        UNION ALL
        SELECT a."terminatedLatest", 'TERMINATED'
        UNION ALL
        SELECT min(COALESCE(m."effectiveEarliest", m."announcedEarliest")) - 1, 'REPLACED'
        FROM "Agreement" m WHERE m."amendsId" = a."id"
      ) e
      WHERE e.day IS NOT NULL
      ORDER BY e.day, "in_force_end_rank"(e.reason)
      LIMIT 1
    ) last ON TRUE
  )
  UPDATE "Agreement" a SET "inForceFrom" = computed.from_day, "inForceUntil" = computed.until_day, "inForceEnd" = computed.reason
  FROM computed
  WHERE a."id" = computed."id"
    AND (a."inForceFrom", a."inForceUntil", a."inForceEnd") IS DISTINCT FROM (computed.from_day, computed.until_day, computed.reason);
  PERFORM set_config('app.in_force_refresh', 'off', true);

  PERFORM "Clause_refresh_in_force"(ARRAY(
    SELECT c."id" FROM "Clause" c WHERE c."agreementId" = ANY(ids)
    UNION
    SELECT c."supersedesId" FROM "Clause" c WHERE c."agreementId" = ANY(ids) AND c."supersedesId" IS NOT NULL
    UNION
    SELECT r."replacedId" FROM "ClauseReplacement" r JOIN "Clause" c ON c."id" = r."clauseId" WHERE c."agreementId" = ANY(ids)));
END;
$$;

-- Versions added, changed or removed: themselves and the versions they amend. Updates that touch
-- none of the dates or "amendsId" (status, text, the periods written here) change no period.
CREATE FUNCTION "Agreement_in_force_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "Agreement_refresh_in_force"(ARRAY(
      SELECT "id" FROM new_rows UNION SELECT "amendsId" FROM new_rows WHERE "amendsId" IS NOT NULL));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "Agreement_refresh_in_force"(ARRAY(SELECT "amendsId" FROM old_rows WHERE "amendsId" IS NOT NULL));
  ELSE
    PERFORM "Agreement_refresh_in_force"(ARRAY(
      SELECT DISTINCT x FROM old_rows o JOIN new_rows n ON n."id" = o."id",
        unnest(ARRAY[n."id", o."amendsId", n."amendsId"]) x
      WHERE x IS NOT NULL
        AND (o."effectiveEarliest", o."announcedEarliest", o."endsLatest", o."terminatedLatest", o."amendsId")
          IS DISTINCT FROM (n."effectiveEarliest", n."announcedEarliest", n."endsLatest", n."terminatedLatest", n."amendsId")));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Agreement_in_force_insert" AFTER INSERT ON "Agreement"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Agreement_in_force_changed"();
CREATE TRIGGER "Agreement_in_force_update" AFTER UPDATE ON "Agreement"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Agreement_in_force_changed"();
CREATE TRIGGER "Agreement_in_force_delete" AFTER DELETE ON "Agreement"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Agreement_in_force_changed"();

-- Clauses added, changed or removed: themselves and the clauses they supersede or replace (whose
-- periods end where these start). Updates that touch none of the inputs change no period.
CREATE FUNCTION "Clause_in_force_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "Clause_refresh_in_force"(ARRAY(
      SELECT "id" FROM new_rows UNION SELECT "supersedesId" FROM new_rows WHERE "supersedesId" IS NOT NULL));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "Clause_refresh_in_force"(ARRAY(SELECT "supersedesId" FROM old_rows WHERE "supersedesId" IS NOT NULL));
  ELSE
    PERFORM "Clause_refresh_in_force"(ARRAY(
      SELECT x FROM (
        SELECT n."id", o."supersedesId" AS old_supersedes, n."supersedesId" AS new_supersedes
        FROM old_rows o JOIN new_rows n ON n."id" = o."id"
        WHERE (o."startsEarliest", o."endsLatest", o."status", o."supersedesId", o."agreementId")
          IS DISTINCT FROM (n."startsEarliest", n."endsLatest", n."status", n."supersedesId", n."agreementId")
      ) changed, unnest(ARRAY[changed."id", changed.old_supersedes, changed.new_supersedes]) x
      WHERE x IS NOT NULL
      UNION
      SELECT r."replacedId" FROM "ClauseReplacement" r
      JOIN old_rows o ON o."id" = r."clauseId" JOIN new_rows n ON n."id" = o."id"
      WHERE (o."startsEarliest", o."status", o."agreementId") IS DISTINCT FROM (n."startsEarliest", n."status", n."agreementId")));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Clause_in_force_insert" AFTER INSERT ON "Clause"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Clause_in_force_changed"();
CREATE TRIGGER "Clause_in_force_update" AFTER UPDATE ON "Clause"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Clause_in_force_changed"();
CREATE TRIGGER "Clause_in_force_delete" AFTER DELETE ON "Clause"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Clause_in_force_changed"();

-- A replacement added, moved or removed: the clause replaced.
CREATE FUNCTION "ClauseReplacement_in_force_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "Clause_refresh_in_force"(ARRAY(SELECT "replacedId" FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "Clause_refresh_in_force"(ARRAY(SELECT "replacedId" FROM old_rows));
  ELSE
    PERFORM "Clause_refresh_in_force"(ARRAY(SELECT "replacedId" FROM old_rows UNION SELECT "replacedId" FROM new_rows));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ClauseReplacement_in_force_insert" AFTER INSERT ON "ClauseReplacement"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "ClauseReplacement_in_force_changed"();
CREATE TRIGGER "ClauseReplacement_in_force_update" AFTER UPDATE ON "ClauseReplacement"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "ClauseReplacement_in_force_changed"();
CREATE TRIGGER "ClauseReplacement_in_force_delete" AFTER DELETE ON "ClauseReplacement"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "ClauseReplacement_in_force_changed"();

-- New rows are born with their periods, so a load does not rewrite every row it has just written
-- (which scatters the heap that search reads in table order, and doubles it until VACUUM): the
-- statement triggers above then change only rows whose periods other rows move. The same rule as
-- the refresh functions; nothing can point at a row before it exists, so its own columns suffice.
CREATE FUNCTION "Agreement_in_force_born"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  until_day date;
  reason "InForceEnd";
BEGIN
  SELECT e.day, e.reason INTO until_day, reason FROM (
    SELECT NEW."endsLatest" AS day, 'EXPIRED'::"InForceEnd" AS reason
    UNION ALL
    SELECT NEW."terminatedLatest", 'TERMINATED'
  ) e
  WHERE e.day IS NOT NULL
  ORDER BY e.day, "in_force_end_rank"(e.reason)
  LIMIT 1;
  NEW."inForceFrom" := COALESCE(NEW."effectiveEarliest", NEW."announcedEarliest");
  NEW."inForceUntil" := until_day;
  NEW."inForceEnd" := reason;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Agreement_in_force_born" BEFORE INSERT ON "Agreement"
  FOR EACH ROW EXECUTE FUNCTION "Agreement_in_force_born"();

CREATE FUNCTION "Clause_in_force_born"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_from date;
  v_until date;
  v_end "InForceEnd";
  until_day date;
  reason "InForceEnd";
BEGIN
  IF NEW."status" = 'WITHDRAWN' THEN
    NEW."inForceFrom" := NULL;
    NEW."inForceUntil" := NULL;
    NEW."inForceEnd" := 'WITHDRAWN';
    RETURN NEW;
  END IF;
  SELECT "inForceFrom", "inForceUntil", "inForceEnd" INTO v_from, v_until, v_end FROM "Agreement" WHERE "id" = NEW."agreementId";
  SELECT e.day, e.reason INTO until_day, reason FROM (
    SELECT v_until AS day, CASE WHEN v_end = 'REPLACED' THEN 'REMOVED'::"InForceEnd" ELSE v_end END AS reason
    UNION ALL
    SELECT NEW."endsLatest", 'EXPIRED'
  ) e
  WHERE e.day IS NOT NULL
  ORDER BY e.day, "in_force_end_rank"(e.reason)
  LIMIT 1;
  NEW."inForceFrom" := "clause_start"(NEW."status", NEW."startsEarliest", v_from);
  NEW."inForceUntil" := until_day;
  NEW."inForceEnd" := reason;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Clause_in_force_born" BEFORE INSERT ON "Clause"
  FOR EACH ROW EXECUTE FUNCTION "Clause_in_force_born"();

-- Derived columns are not edits: writing them must not move the optimistic-concurrency version
-- clients hold. The refresh functions above are the only writers of the periods and change nothing
-- else, so they mark their statements (a transaction-local setting) and the bump skips those rows.
DROP TRIGGER "Agreement_bump_version" ON "Agreement";
DROP TRIGGER "Clause_bump_version" ON "Clause";
CREATE TRIGGER "Agreement_bump_version" BEFORE UPDATE ON "Agreement" FOR EACH ROW
  WHEN (current_setting('app.in_force_refresh', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION "bump_version"();
CREATE TRIGGER "Clause_bump_version" BEFORE UPDATE ON "Clause" FOR EACH ROW
  WHEN (current_setting('app.in_force_refresh', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION "bump_version"();

-- "CompanyLink" windows read the stored periods (one definition). Its triggers on "Agreement" run
-- after these (triggers of one event fire in name order: "Agreement_in_force_*" before
-- "Agreement_links_*"), so the periods they read are already the new ones.
CREATE OR REPLACE FUNCTION "CompanyLink_refresh"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  DELETE FROM "CompanyLink" WHERE "agreementId" = ANY(ids);
  INSERT INTO "CompanyLink" ("companyId", "partnerId", "agreementId", "inForceFrom", "inForceUntil", "latest")
  SELECT DISTINCT party."companyId", other."companyId", a."id", a."inForceFrom", a."inForceUntil",
    NOT EXISTS (SELECT 1 FROM "Agreement" m WHERE m."amendsId" = a."id")
  FROM (SELECT DISTINCT unnest(ids) AS id) changed
  JOIN "Agreement" a ON a."id" = changed.id
  JOIN "AgreementParty" party ON party."agreementId" = a."id"
  JOIN "AgreementParty" other ON other."agreementId" = a."id" AND other."companyId" <> party."companyId"
  -- Two writers refreshing one agreement at once: the later one's rows win.
  ON CONFLICT ("companyId", "partnerId", "agreementId") DO UPDATE
    SET "inForceFrom" = EXCLUDED."inForceFrom", "inForceUntil" = EXCLUDED."inForceUntil", "latest" = EXCLUDED."latest";
END;
$$;

-- Backfill: every version, then every clause (which read the versions' periods).
SELECT "Agreement_refresh_in_force"(ARRAY(SELECT "id" FROM "Agreement"));

ANALYZE "Agreement";
ANALYZE "Clause";
