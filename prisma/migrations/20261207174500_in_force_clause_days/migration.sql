-- `clauses(filter: { activeOn })` over every kind, and its totalCount, from an index alone, as
-- in_force_days_index does for licences: SP-GiST over the stored in-force days, with the columns
-- the filters read (kind, exclusivity) and the expression reads in INCLUDE, so a count of the
-- clauses in force on a day, of any kind or exclusivity, is an index-only scan. No schema change:
-- Prisma's schema language cannot declare this index.

-- Hand-written below this line.
-- ---------------------------------------------------------------------------------------------

CREATE INDEX "in_force_clause_days" ON "Clause"
  USING spgist ("in_force_days"("inForceFrom", "inForceUntil")) INCLUDE ("kind", "exclusivity", "inForceFrom", "inForceUntil");
