-- DropIndex
DROP INDEX "Clause_kind_exclusivity_idx";

-- CreateIndex
CREATE INDEX "Clause_kind_exclusivity_endsLatest_key_idx" ON "Clause"("kind", "exclusivity", "endsLatest", "key");
