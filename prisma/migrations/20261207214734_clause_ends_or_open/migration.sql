-- Licence pages in ENDS_SOONEST order filtered to a day walked their index from the first licence
-- that ever ended, skipping every one ended before the day (7.6 ms of a 100k graph's signature
-- page, 0.1 ms from the day on). The order as one column, open terms last as 9999-12-31, lets the
-- walk start at the day: a term in force on D ends on D or later (its in-force period ends by its
-- latest end, src/domain/in-force.ts).

-- DropIndex
DROP INDEX "Clause_kind_exclusivity_endsLatest_key_idx";

-- AlterTable
ALTER TABLE "Clause" ADD COLUMN     "endsLatestOrOpen" DATE;

-- Hand-written below this line.
-- ---------------------------------------------------------------------------------------------

-- The column follows the latest end, whoever writes (only this trigger writes it).
CREATE FUNCTION "Clause_ends_or_open"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."endsLatestOrOpen" := coalesce(NEW."endsLatest", DATE '9999-12-31');
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Clause_ends_or_open" BEFORE INSERT OR UPDATE OF "endsLatest", "endsLatestOrOpen" ON "Clause"
  FOR EACH ROW EXECUTE FUNCTION "Clause_ends_or_open"();

-- Backfill as the in-force refresh does: a derived column, not a change of the clause (no version bump).
SELECT set_config('app.in_force_refresh', 'on', false);
UPDATE "Clause" SET "endsLatestOrOpen" = coalesce("endsLatest", DATE '9999-12-31');
SELECT set_config('app.in_force_refresh', 'off', false);

-- CreateIndex
CREATE INDEX "Clause_kind_exclusivity_endsLatestOrOpen_key_idx" ON "Clause"("kind", "exclusivity", "endsLatestOrOpen", "key");

ANALYZE "Clause";
