-- CreateEnum
CREATE TYPE "ClauseStatus" AS ENUM ('ACTIVE', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ApiScope" AS ENUM ('WRITE', 'ADMIN');

-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "CloudProvider" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Clause" ADD COLUMN     "status" "ClauseStatus" NOT NULL DEFAULT 'ACTIVE',
ADD COLUMN     "statusChangedAt" TIMESTAMPTZ(3),
ADD COLUMN     "statusNote" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "WriteHistory" ADD COLUMN     "apiKeyId" UUID;

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "scopes" "ApiScope"[],
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "WriteHistory_apiKeyId_idx" ON "WriteHistory"("apiKeyId");

-- AddForeignKey
ALTER TABLE "WriteHistory" ADD CONSTRAINT "WriteHistory_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below this line (see the first migration for the pattern).
-- ---------------------------------------------------------------------------------------------

-- Optimistic concurrency: every UPDATE of an editable row moves its version on, whatever the
-- writer sent, so a writer that read version N and updates "WHERE version = N" can never
-- overwrite a change it has not seen (the API turns zero rows into a ConflictError).
CREATE FUNCTION "bump_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."version" := OLD."version" + 1;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Company_bump_version" BEFORE UPDATE ON "Company" FOR EACH ROW EXECUTE FUNCTION "bump_version"();
CREATE TRIGGER "CloudProvider_bump_version" BEFORE UPDATE ON "CloudProvider" FOR EACH ROW EXECUTE FUNCTION "bump_version"();
CREATE TRIGGER "Asset_bump_version" BEFORE UPDATE ON "Asset" FOR EACH ROW EXECUTE FUNCTION "bump_version"();
CREATE TRIGGER "Source_bump_version" BEFORE UPDATE ON "Source" FOR EACH ROW EXECUTE FUNCTION "bump_version"();
CREATE TRIGGER "Agreement_bump_version" BEFORE UPDATE ON "Agreement" FOR EACH ROW EXECUTE FUNCTION "bump_version"();
CREATE TRIGGER "Clause_bump_version" BEFORE UPDATE ON "Clause" FOR EACH ROW EXECUTE FUNCTION "bump_version"();

ALTER TABLE "Company" ADD CONSTRAINT "Company_version_check" CHECK ("version" >= 1);
ALTER TABLE "CloudProvider" ADD CONSTRAINT "CloudProvider_version_check" CHECK ("version" >= 1);
ALTER TABLE "Asset" ADD CONSTRAINT "Asset_version_check" CHECK ("version" >= 1);
ALTER TABLE "Source" ADD CONSTRAINT "Source_version_check" CHECK ("version" >= 1);
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_version_check" CHECK ("version" >= 1);
ALTER TABLE "Clause" ADD CONSTRAINT "Clause_version_check" CHECK ("version" >= 1);

-- A withdrawn clause says when it was withdrawn.
ALTER TABLE "Clause"
  ADD CONSTRAINT "Clause_withdrawn_check" CHECK ("status" = 'ACTIVE' OR "statusChangedAt" IS NOT NULL);

-- API keys: a name, at least one scope, and only a SHA-256 hex digest of the key.
ALTER TABLE "ApiKey"
  ADD CONSTRAINT "ApiKey_name_check" CHECK (length(btrim("name")) > 0),
  ADD CONSTRAINT "ApiKey_scopes_check" CHECK (cardinality("scopes") > 0),
  ADD CONSTRAINT "ApiKey_hash_check" CHECK ("hash" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "ApiKey_revoked_check" CHECK ("revokedAt" >= "createdAt");
