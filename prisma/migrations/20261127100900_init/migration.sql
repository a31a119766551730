-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "DatePrecision" AS ENUM ('DAY', 'MONTH', 'QUARTER', 'YEAR');

-- CreateEnum
CREATE TYPE "CompanyKind" AS ENUM ('AI_LAB', 'BIG_TECH', 'CLOUD', 'CHIPMAKER', 'INVESTOR', 'MEDIA', 'NONPROFIT', 'JOINT_VENTURE', 'DATA_PROVIDER', 'ENTERTAINMENT', 'OTHER');

-- CreateEnum
CREATE TYPE "AssetKind" AS ENUM ('MODEL', 'MODEL_FAMILY', 'PRODUCT', 'IP_PORTFOLIO', 'CHIP', 'SERVICE', 'TECHNOLOGY', 'CONTENT', 'WORKLOAD', 'OTHER');

-- CreateEnum
CREATE TYPE "AgreementKind" AS ENUM ('INVESTMENT', 'CLOUD', 'COMPUTE', 'LICENSE', 'DISTRIBUTION', 'SUPPLY', 'TALENT', 'CO_DEVELOPMENT', 'COMMERCIAL', 'JOINT_VENTURE', 'EQUITY', 'REVENUE_SHARE', 'MEMORANDUM', 'OTHER');

-- CreateEnum
CREATE TYPE "AgreementStatus" AS ENUM ('ANNOUNCED', 'ACTIVE', 'SUPERSEDED', 'EXPIRED', 'TERMINATED');

-- CreateEnum
CREATE TYPE "PartyRole" AS ENUM ('LICENSOR', 'LICENSEE', 'INVESTOR', 'INVESTEE', 'PROVIDER', 'CUSTOMER', 'SUPPLIER', 'BUYER', 'PARTNER', 'OTHER');

-- CreateEnum
CREATE TYPE "ClauseKind" AS ENUM ('LICENSE_GRANT', 'EXCLUSIVITY', 'CLOUD_PRIMACY', 'DISTRIBUTION_RIGHTS', 'RIGHT_OF_FIRST_REFUSAL', 'REVENUE_SHARE', 'EQUITY_STAKE', 'INVESTMENT', 'COMPUTE_COMMITMENT', 'TERM', 'AGI_PROVISION', 'GOVERNANCE', 'OTHER');

-- CreateEnum
CREATE TYPE "Exclusivity" AS ENUM ('EXCLUSIVE', 'NON_EXCLUSIVE', 'UNSPECIFIED');

-- CreateEnum
CREATE TYPE "SourceBasis" AS ENUM ('OFFICIAL', 'COMPANY_STATEMENT', 'PRESS_REPORT', 'UNNAMED_SOURCES');

-- CreateTable
CREATE TABLE "Company" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT[],
    "kinds" "CompanyKind"[],
    "country" TEXT,
    "website" TEXT,
    "description" TEXT,
    "parentId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Company_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CloudProvider" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "operatorId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CloudProvider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Asset" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AssetKind" NOT NULL,
    "description" TEXT,
    "developerId" UUID,
    "releasedText" TEXT,
    "releasedPrecision" "DatePrecision",
    "releasedEarliest" DATE,
    "releasedLatest" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Asset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Source" (
    "id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT,
    "publisher" TEXT,
    "publishedOn" DATE,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agreement" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "kinds" "AgreementKind"[],
    "status" "AgreementStatus" NOT NULL,
    "statusNote" TEXT,
    "announcedText" TEXT,
    "announcedPrecision" "DatePrecision",
    "announcedEarliest" DATE,
    "announcedLatest" DATE,
    "effectiveText" TEXT,
    "effectivePrecision" "DatePrecision",
    "effectiveEarliest" DATE,
    "effectiveLatest" DATE,
    "endsText" TEXT,
    "endsPrecision" "DatePrecision",
    "endsEarliest" DATE,
    "endsLatest" DATE,
    "terminatedText" TEXT,
    "terminatedPrecision" "DatePrecision",
    "terminatedEarliest" DATE,
    "terminatedLatest" DATE,
    "valueAmount" DECIMAL(20,2),
    "valueCurrency" CHAR(3),
    "amendsId" UUID,
    "chainRootId" UUID NOT NULL DEFAULT gen_random_uuid(),
    "supplementsId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgreementParty" (
    "id" UUID NOT NULL,
    "agreementId" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "role" "PartyRole" NOT NULL,

    CONSTRAINT "AgreementParty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Clause" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "agreementId" UUID NOT NULL,
    "kind" "ClauseKind" NOT NULL,
    "summary" TEXT NOT NULL,
    "grantorId" UUID,
    "granteeId" UUID,
    "exclusivity" "Exclusivity" NOT NULL DEFAULT 'UNSPECIFIED',
    "startsText" TEXT,
    "startsPrecision" "DatePrecision",
    "startsEarliest" DATE,
    "startsLatest" DATE,
    "endsText" TEXT,
    "endsPrecision" "DatePrecision",
    "endsEarliest" DATE,
    "endsLatest" DATE,
    "percentage" DECIMAL(7,4),
    "amount" DECIMAL(20,2),
    "currency" CHAR(3),
    "capped" BOOLEAN,
    "capAmount" DECIMAL(20,2),
    "capCurrency" CHAR(3),
    "condition" TEXT,
    "note" TEXT,
    "supersedesId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Clause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgreementCitation" (
    "agreementId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "basis" "SourceBasis" NOT NULL,

    CONSTRAINT "AgreementCitation_pkey" PRIMARY KEY ("agreementId","sourceId")
);

-- CreateTable
CREATE TABLE "ClauseCitation" (
    "clauseId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "basis" "SourceBasis" NOT NULL,

    CONSTRAINT "ClauseCitation_pkey" PRIMARY KEY ("clauseId","sourceId")
);

-- CreateTable
CREATE TABLE "WriteHistory" (
    "id" BIGSERIAL NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "WriteHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_AssetToClause" (
    "A" UUID NOT NULL,
    "B" UUID NOT NULL,

    CONSTRAINT "_AssetToClause_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_ClauseToCloudProvider" (
    "A" UUID NOT NULL,
    "B" UUID NOT NULL,

    CONSTRAINT "_ClauseToCloudProvider_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "Company_slug_key" ON "Company"("slug");

-- CreateIndex
CREATE INDEX "Company_name_idx" ON "Company"("name");

-- CreateIndex
CREATE INDEX "Company_kinds_idx" ON "Company" USING GIN ("kinds");

-- CreateIndex
CREATE INDEX "Company_parentId_idx" ON "Company"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "CloudProvider_slug_key" ON "CloudProvider"("slug");

-- CreateIndex
CREATE INDEX "CloudProvider_operatorId_idx" ON "CloudProvider"("operatorId");

-- CreateIndex
CREATE UNIQUE INDEX "Asset_slug_key" ON "Asset"("slug");

-- CreateIndex
CREATE INDEX "Asset_developerId_idx" ON "Asset"("developerId");

-- CreateIndex
CREATE INDEX "Asset_kind_idx" ON "Asset"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "Source_url_key" ON "Source"("url");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_slug_key" ON "Agreement"("slug");

-- CreateIndex
CREATE INDEX "Agreement_status_idx" ON "Agreement"("status");

-- CreateIndex
CREATE INDEX "Agreement_kinds_idx" ON "Agreement" USING GIN ("kinds");

-- CreateIndex
CREATE INDEX "Agreement_amendsId_idx" ON "Agreement"("amendsId");

-- CreateIndex
CREATE INDEX "Agreement_chainRootId_idx" ON "Agreement"("chainRootId");

-- CreateIndex
CREATE INDEX "Agreement_supplementsId_idx" ON "Agreement"("supplementsId");

-- CreateIndex
CREATE INDEX "Agreement_effectiveEarliest_idx" ON "Agreement"("effectiveEarliest");

-- CreateIndex
CREATE INDEX "Agreement_announcedEarliest_idx" ON "Agreement"("announcedEarliest");

-- CreateIndex
CREATE INDEX "AgreementParty_companyId_role_idx" ON "AgreementParty"("companyId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementParty_agreementId_companyId_role_key" ON "AgreementParty"("agreementId", "companyId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Clause_key_key" ON "Clause"("key");

-- CreateIndex
CREATE INDEX "Clause_kind_exclusivity_idx" ON "Clause"("kind", "exclusivity");

-- CreateIndex
CREATE INDEX "Clause_grantorId_kind_idx" ON "Clause"("grantorId", "kind");

-- CreateIndex
CREATE INDEX "Clause_granteeId_kind_idx" ON "Clause"("granteeId", "kind");

-- CreateIndex
CREATE INDEX "Clause_exclusivity_idx" ON "Clause"("exclusivity");

-- CreateIndex
CREATE INDEX "Clause_startsEarliest_idx" ON "Clause"("startsEarliest");

-- CreateIndex
CREATE INDEX "Clause_endsLatest_idx" ON "Clause"("endsLatest");

-- CreateIndex
CREATE INDEX "Clause_supersedesId_idx" ON "Clause"("supersedesId");

-- CreateIndex
CREATE UNIQUE INDEX "Clause_agreementId_position_key" ON "Clause"("agreementId", "position");

-- CreateIndex
CREATE INDEX "AgreementCitation_sourceId_idx" ON "AgreementCitation"("sourceId");

-- CreateIndex
CREATE INDEX "ClauseCitation_sourceId_idx" ON "ClauseCitation"("sourceId");

-- CreateIndex
CREATE INDEX "WriteHistory_entityType_entityId_at_idx" ON "WriteHistory"("entityType", "entityId", "at");

-- CreateIndex
CREATE INDEX "_AssetToClause_B_index" ON "_AssetToClause"("B");

-- CreateIndex
CREATE INDEX "_ClauseToCloudProvider_B_index" ON "_ClauseToCloudProvider"("B");

-- AddForeignKey
ALTER TABLE "Company" ADD CONSTRAINT "Company_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CloudProvider" ADD CONSTRAINT "CloudProvider_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Asset" ADD CONSTRAINT "Asset_developerId_fkey" FOREIGN KEY ("developerId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_amendsId_fkey" FOREIGN KEY ("amendsId") REFERENCES "Agreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_chainRootId_fkey" FOREIGN KEY ("chainRootId") REFERENCES "Agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_supplementsId_fkey" FOREIGN KEY ("supplementsId") REFERENCES "Agreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementParty" ADD CONSTRAINT "AgreementParty_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementParty" ADD CONSTRAINT "AgreementParty_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clause" ADD CONSTRAINT "Clause_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clause" ADD CONSTRAINT "Clause_grantorId_fkey" FOREIGN KEY ("grantorId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clause" ADD CONSTRAINT "Clause_granteeId_fkey" FOREIGN KEY ("granteeId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clause" ADD CONSTRAINT "Clause_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "Clause"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementCitation" ADD CONSTRAINT "AgreementCitation_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementCitation" ADD CONSTRAINT "AgreementCitation_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClauseCitation" ADD CONSTRAINT "ClauseCitation_clauseId_fkey" FOREIGN KEY ("clauseId") REFERENCES "Clause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClauseCitation" ADD CONSTRAINT "ClauseCitation_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_AssetToClause" ADD CONSTRAINT "_AssetToClause_A_fkey" FOREIGN KEY ("A") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_AssetToClause" ADD CONSTRAINT "_AssetToClause_B_fkey" FOREIGN KEY ("B") REFERENCES "Clause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ClauseToCloudProvider" ADD CONSTRAINT "_ClauseToCloudProvider_A_fkey" FOREIGN KEY ("A") REFERENCES "Clause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ClauseToCloudProvider" ADD CONSTRAINT "_ClauseToCloudProvider_B_fkey" FOREIGN KEY ("B") REFERENCES "CloudProvider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below this line: invariants Prisma's schema language cannot express. The API
-- validates the same rules; these are the last line of defence. A CHECK whose expression is NULL
-- passes, so comparisons between optional columns only bite when both are present.
-- ---------------------------------------------------------------------------------------------

-- Partial dates: the four columns of a date are all set or all empty, and the range is ordered.
ALTER TABLE "Asset"
  ADD CONSTRAINT "Asset_released_complete_check" CHECK (num_nulls("releasedText", "releasedPrecision", "releasedEarliest", "releasedLatest") IN (0, 4)),
  ADD CONSTRAINT "Asset_released_range_check" CHECK ("releasedEarliest" <= "releasedLatest");

ALTER TABLE "Agreement"
  ADD CONSTRAINT "Agreement_announced_complete_check" CHECK (num_nulls("announcedText", "announcedPrecision", "announcedEarliest", "announcedLatest") IN (0, 4)),
  ADD CONSTRAINT "Agreement_announced_range_check" CHECK ("announcedEarliest" <= "announcedLatest"),
  ADD CONSTRAINT "Agreement_effective_complete_check" CHECK (num_nulls("effectiveText", "effectivePrecision", "effectiveEarliest", "effectiveLatest") IN (0, 4)),
  ADD CONSTRAINT "Agreement_effective_range_check" CHECK ("effectiveEarliest" <= "effectiveLatest"),
  ADD CONSTRAINT "Agreement_ends_complete_check" CHECK (num_nulls("endsText", "endsPrecision", "endsEarliest", "endsLatest") IN (0, 4)),
  ADD CONSTRAINT "Agreement_ends_range_check" CHECK ("endsEarliest" <= "endsLatest"),
  ADD CONSTRAINT "Agreement_terminated_complete_check" CHECK (num_nulls("terminatedText", "terminatedPrecision", "terminatedEarliest", "terminatedLatest") IN (0, 4)),
  ADD CONSTRAINT "Agreement_terminated_range_check" CHECK ("terminatedEarliest" <= "terminatedLatest");

ALTER TABLE "Clause"
  ADD CONSTRAINT "Clause_starts_complete_check" CHECK (num_nulls("startsText", "startsPrecision", "startsEarliest", "startsLatest") IN (0, 4)),
  ADD CONSTRAINT "Clause_starts_range_check" CHECK ("startsEarliest" <= "startsLatest"),
  ADD CONSTRAINT "Clause_ends_complete_check" CHECK (num_nulls("endsText", "endsPrecision", "endsEarliest", "endsLatest") IN (0, 4)),
  ADD CONSTRAINT "Clause_ends_range_check" CHECK ("endsEarliest" <= "endsLatest");

-- An end cannot come before the start it closes (compared at their loosest bounds).
ALTER TABLE "Agreement"
  ADD CONSTRAINT "Agreement_ends_after_effective_check" CHECK ("endsLatest" >= "effectiveEarliest"),
  ADD CONSTRAINT "Agreement_ends_after_announced_check" CHECK ("endsLatest" >= "announcedEarliest");

ALTER TABLE "Clause"
  ADD CONSTRAINT "Clause_ends_after_starts_check" CHECK ("endsLatest" >= "startsEarliest");

-- Money: non-negative amounts, ISO 4217-shaped currencies, and a currency exactly when an amount.
ALTER TABLE "Agreement"
  ADD CONSTRAINT "Agreement_valueAmount_check" CHECK ("valueAmount" >= 0),
  ADD CONSTRAINT "Agreement_valueCurrency_check" CHECK ("valueCurrency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "Agreement_value_currency_check" CHECK (("valueAmount" IS NULL) = ("valueCurrency" IS NULL));

ALTER TABLE "Clause"
  ADD CONSTRAINT "Clause_percentage_check" CHECK ("percentage" BETWEEN 0 AND 100),
  ADD CONSTRAINT "Clause_amount_check" CHECK ("amount" >= 0),
  ADD CONSTRAINT "Clause_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "Clause_amount_currency_check" CHECK (("amount" IS NULL) = ("currency" IS NULL)),
  ADD CONSTRAINT "Clause_capAmount_check" CHECK ("capAmount" >= 0),
  ADD CONSTRAINT "Clause_capCurrency_check" CHECK ("capCurrency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "Clause_capAmount_currency_check" CHECK (("capAmount" IS NULL) = ("capCurrency" IS NULL)),
  -- IS TRUE, not plain "capped": a NULL "capped" would otherwise let a cap amount through.
  ADD CONSTRAINT "Clause_capAmount_capped_check" CHECK ("capAmount" IS NULL OR "capped" IS TRUE);

-- Slugs: lowercase words joined by single hyphens, as used in URLs.
ALTER TABLE "Company" ADD CONSTRAINT "Company_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
ALTER TABLE "CloudProvider" ADD CONSTRAINT "CloudProvider_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
ALTER TABLE "Asset" ADD CONSTRAINT "Asset_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');

-- Nothing amends, supplements or supersedes itself.
ALTER TABLE "Agreement"
  ADD CONSTRAINT "Agreement_amendsId_check" CHECK ("amendsId" <> "id"),
  ADD CONSTRAINT "Agreement_supplementsId_check" CHECK ("supplementsId" <> "id");

ALTER TABLE "Clause" ADD CONSTRAINT "Clause_supersedesId_check" CHECK ("supersedesId" <> "id");

-- Sources are web pages.
ALTER TABLE "Source" ADD CONSTRAINT "Source_url_check" CHECK ("url" ~ '^https?://');

-- WriteHistory is an audit trail: rows may be added, never changed or removed. TRUNCATE stays
-- possible so tests and resets can empty the table deliberately.
CREATE FUNCTION "WriteHistory_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'WriteHistory is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "WriteHistory_append_only"
  BEFORE UPDATE OR DELETE ON "WriteHistory"
  FOR EACH ROW EXECUTE FUNCTION "WriteHistory_append_only"();

-- Amendment chains: "chainRootId" is the first version of the deal, derived from "amendsId". The
-- trigger sets it on every write (writers never supply it) and passes a change down the chain.
CREATE FUNCTION "Agreement_set_chain_root"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."amendsId" IS NULL THEN
    NEW."chainRootId" := NEW."id";
  ELSE
    SELECT "chainRootId" INTO NEW."chainRootId" FROM "Agreement" WHERE "id" = NEW."amendsId";
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Agreement_set_chain_root"
  BEFORE INSERT OR UPDATE OF "amendsId", "chainRootId" ON "Agreement"
  FOR EACH ROW EXECUTE FUNCTION "Agreement_set_chain_root"();

CREATE FUNCTION "Agreement_propagate_chain_root"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Agreement" SET "chainRootId" = NEW."chainRootId"
  WHERE "amendsId" = NEW."id" AND "chainRootId" IS DISTINCT FROM NEW."chainRootId";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Agreement_propagate_chain_root"
  AFTER UPDATE OF "chainRootId" ON "Agreement"
  FOR EACH ROW WHEN (OLD."chainRootId" IS DISTINCT FROM NEW."chainRootId")
  EXECUTE FUNCTION "Agreement_propagate_chain_root"();
