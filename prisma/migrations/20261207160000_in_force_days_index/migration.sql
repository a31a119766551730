-- "In force on D" as one range test an index answers (DESIGN.md, "In force, derived once"): the
-- stored period as a daterange, so `in_force_days(from, until) @> D` is the rule every SQL reader
-- writes (src/db/in-force-sql.ts), and SP-GiST indexes over it count the licences in force on a day
-- without reading the rows. No schema change: Prisma's schema language cannot declare these indexes.

-- Hand-written below this line.
-- ---------------------------------------------------------------------------------------------

-- The days of a stored period: empty when it never begins (no start) or ends before it begins
-- (replaced before its start); open above when it has no end. Inlined by the planner, so the
-- index below matches the readers' expression.
CREATE FUNCTION "in_force_days"(from_day date, until_day date) RETURNS daterange
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN from_day IS NULL OR until_day < from_day THEN 'empty'::daterange
    ELSE daterange(from_day, until_day, '[]') END
$$;

-- `licenses(filter: { activeOn })` and its totalCount, read from an index alone (INCLUDE holds the
-- columns the expression reads, which an index-only scan needs). SP-GiST answers "contains D" in
-- fewer steps than GiST here (bench/RESULTS.md); one per exclusivity serves the signature query.
CREATE INDEX "in_force_licence_days" ON "Clause"
  USING spgist ("in_force_days"("inForceFrom", "inForceUntil")) INCLUDE ("exclusivity", "inForceFrom", "inForceUntil")
  WHERE "kind" = 'LICENSE_GRANT';
CREATE INDEX "in_force_licence_days_exclusive" ON "Clause"
  USING spgist ("in_force_days"("inForceFrom", "inForceUntil")) INCLUDE ("inForceFrom", "inForceUntil")
  WHERE "kind" = 'LICENSE_GRANT' AND "exclusivity" = 'EXCLUSIVE';
CREATE INDEX "in_force_licence_days_non_exclusive" ON "Clause"
  USING spgist ("in_force_days"("inForceFrom", "inForceUntil")) INCLUDE ("inForceFrom", "inForceUntil")
  WHERE "kind" = 'LICENSE_GRANT' AND "exclusivity" = 'NON_EXCLUSIVE';
CREATE INDEX "in_force_licence_days_unspecified" ON "Clause"
  USING spgist ("in_force_days"("inForceFrom", "inForceUntil")) INCLUDE ("inForceFrom", "inForceUntil")
  WHERE "kind" = 'LICENSE_GRANT' AND "exclusivity" = 'UNSPECIFIED';

-- The planner's row estimates for "in force on D" (no estimate without them: a count would be
-- planned as tiny, a page sorted whole instead of walked in order). CompanyLink rows carry their
-- version's period, which paths and partners filter on.
CREATE STATISTICS "Agreement_in_force_days" ON ("in_force_days"("inForceFrom", "inForceUntil")) FROM "Agreement";
CREATE STATISTICS "Clause_in_force_days" ON ("in_force_days"("inForceFrom", "inForceUntil")) FROM "Clause";
CREATE STATISTICS "CompanyLink_in_force_days" ON ("in_force_days"("inForceFrom", "inForceUntil")) FROM "CompanyLink";
ANALYZE "Agreement";
ANALYZE "Clause";
ANALYZE "CompanyLink";
