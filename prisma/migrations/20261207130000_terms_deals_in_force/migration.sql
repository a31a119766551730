-- CreateEnum
CREATE TYPE "AmountQualifier" AS ENUM ('EXACT', 'ABOUT', 'UP_TO', 'AT_LEAST', 'RANGE');

-- CreateEnum
CREATE TYPE "AmountPeriod" AS ENUM ('ONE_TIME', 'PER_YEAR', 'PER_MONTH', 'OVER_TERM');

-- CreateEnum
CREATE TYPE "QuantityUnit" AS ENUM ('GW', 'MW', 'GPUS', 'TPUS', 'CHIPS', 'WAFERS_PER_MONTH', 'SHARES', 'PEOPLE');

-- CreateEnum
CREATE TYPE "CloudScope" AS ENUM ('NAMED', 'ANY', 'ANY_EXCEPT');

-- CreateEnum
CREATE TYPE "ValuationBasis" AS ENUM ('PRE_MONEY', 'POST_MONEY');

-- CreateEnum
CREATE TYPE "SourceKind" AS ENUM ('OFFICIAL', 'NEWS_OUTLET', 'AGGREGATOR', 'BLOG');

-- CreateEnum
CREATE TYPE "InForceEnd" AS ENUM ('EXPIRED', 'REPLACED', 'REMOVED', 'TERMINATED', 'WITHDRAWN');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ClauseKind" ADD VALUE 'CONTENT_LICENSE' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'DATA_LICENSE' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'ACQUI_HIRE' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'ACQUISITION' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'WARRANT' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'JOINT_VENTURE' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'CHIP_SUPPLY' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'CAPACITY_PURCHASE' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'SPEND_COMMITMENT' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'POWER_PURCHASE' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'LEASE' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'GUARANTEE' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'CO_DEVELOPMENT' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'SETTLEMENT' BEFORE 'OTHER';
ALTER TYPE "ClauseKind" ADD VALUE 'MARKETING' BEFORE 'OTHER';

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "kind" "SourceKind";

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "dealId" UUID DEFAULT NULL,
ADD COLUMN     "inForceEnd" "InForceEnd",
ADD COLUMN     "inForceFrom" DATE,
ADD COLUMN     "inForceUntil" DATE,
ADD COLUMN     "valueHigh" DECIMAL(20,2),
ADD COLUMN     "valuePeriod" "AmountPeriod",
ADD COLUMN     "valueQualifier" "AmountQualifier" NOT NULL DEFAULT 'EXACT';

-- AlterTable
ALTER TABLE "Clause" ADD COLUMN     "amountHigh" DECIMAL(20,2),
ADD COLUMN     "amountPeriod" "AmountPeriod",
ADD COLUMN     "amountQualifier" "AmountQualifier" NOT NULL DEFAULT 'EXACT',
ADD COLUMN     "cloudScope" "CloudScope",
ADD COLUMN     "inForceEnd" "InForceEnd",
ADD COLUMN     "inForceFrom" DATE,
ADD COLUMN     "inForceUntil" DATE,
ADD COLUMN     "quantity" DECIMAL(20,4),
ADD COLUMN     "quantityHigh" DECIMAL(20,4),
ADD COLUMN     "quantityQualifier" "AmountQualifier" NOT NULL DEFAULT 'EXACT',
ADD COLUMN     "quantityUnit" "QuantityUnit",
ADD COLUMN     "strikeAmount" DECIMAL(20,2),
ADD COLUMN     "strikeCurrency" CHAR(3),
ADD COLUMN     "valuationAmount" DECIMAL(20,2),
ADD COLUMN     "valuationBasis" "ValuationBasis",
ADD COLUMN     "valuationCurrency" CHAR(3);

-- AlterTable
ALTER TABLE "AgreementCitation" ADD COLUMN     "fields" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "ClauseCitation" ADD COLUMN     "fields" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Deal" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Deal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClauseReplacement" (
    "clauseId" UUID NOT NULL,
    "replacedId" UUID NOT NULL,

    CONSTRAINT "ClauseReplacement_pkey" PRIMARY KEY ("clauseId","replacedId")
);

-- CreateTable
CREATE TABLE "ClauseTranche" (
    "id" UUID NOT NULL,
    "clauseId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "amount" DECIMAL(20,2),
    "currency" CHAR(3),
    "amountQualifier" "AmountQualifier" NOT NULL DEFAULT 'EXACT',
    "amountHigh" DECIMAL(20,2),
    "amountPeriod" "AmountPeriod",
    "quantity" DECIMAL(20,4),
    "quantityHigh" DECIMAL(20,4),
    "quantityUnit" "QuantityUnit",
    "quantityQualifier" "AmountQualifier" NOT NULL DEFAULT 'EXACT',
    "onText" TEXT,
    "onPrecision" "DatePrecision",
    "onEarliest" DATE,
    "onLatest" DATE,
    "condition" TEXT,

    CONSTRAINT "ClauseTranche_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ValueAlternative" (
    "id" UUID NOT NULL,
    "clauseId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "note" TEXT,

    CONSTRAINT "ValueAlternative_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlternativeCitation" (
    "alternativeId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "basis" "SourceBasis" NOT NULL,

    CONSTRAINT "AlternativeCitation_pkey" PRIMARY KEY ("alternativeId","sourceId")
);

-- Backfill: one deal per first version, holding its amendment chain and the agreements that
-- supplement any version of it (through any number of steps); the deal takes the root's id, slug
-- and title until the data names it.
INSERT INTO "Deal" ("id", "slug", "title", "updatedAt")
SELECT "id", "slug", "title", CURRENT_TIMESTAMP FROM "Agreement"
WHERE "amendsId" IS NULL AND "supplementsId" IS NULL;

WITH RECURSIVE member AS (
  SELECT "id", "id" AS deal FROM "Agreement" WHERE "amendsId" IS NULL AND "supplementsId" IS NULL
  UNION ALL
  SELECT a."id", member.deal FROM "Agreement" a
  JOIN member ON member."id" = COALESCE(a."amendsId", a."supplementsId")
)
UPDATE "Agreement" a SET "dealId" = member.deal FROM member WHERE member."id" = a."id";

ALTER TABLE "Agreement" ALTER COLUMN "dealId" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Deal_slug_key" ON "Deal"("slug");

-- CreateIndex
CREATE INDEX "ClauseReplacement_replacedId_idx" ON "ClauseReplacement"("replacedId");

-- CreateIndex
CREATE UNIQUE INDEX "ClauseTranche_clauseId_position_key" ON "ClauseTranche"("clauseId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ValueAlternative_clauseId_position_key" ON "ValueAlternative"("clauseId", "position");

-- CreateIndex
CREATE INDEX "AlternativeCitation_sourceId_idx" ON "AlternativeCitation"("sourceId");

-- CreateIndex
CREATE INDEX "Agreement_dealId_idx" ON "Agreement"("dealId");

-- CreateIndex
CREATE INDEX "Agreement_inForceUntil_idx" ON "Agreement"("inForceUntil");

-- CreateIndex
CREATE INDEX "Clause_inForceUntil_idx" ON "Clause"("inForceUntil");

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClauseReplacement" ADD CONSTRAINT "ClauseReplacement_clauseId_fkey" FOREIGN KEY ("clauseId") REFERENCES "Clause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClauseReplacement" ADD CONSTRAINT "ClauseReplacement_replacedId_fkey" FOREIGN KEY ("replacedId") REFERENCES "Clause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClauseTranche" ADD CONSTRAINT "ClauseTranche_clauseId_fkey" FOREIGN KEY ("clauseId") REFERENCES "Clause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ValueAlternative" ADD CONSTRAINT "ValueAlternative_clauseId_fkey" FOREIGN KEY ("clauseId") REFERENCES "Clause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlternativeCitation" ADD CONSTRAINT "AlternativeCitation_alternativeId_fkey" FOREIGN KEY ("alternativeId") REFERENCES "ValueAlternative"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlternativeCitation" ADD CONSTRAINT "AlternativeCitation_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below this line.
-- ---------------------------------------------------------------------------------------------

UPDATE "AgreementCitation" SET "fields" = '{}' WHERE "fields" IS NULL;
UPDATE "ClauseCitation" SET "fields" = '{}' WHERE "fields" IS NULL;

-- The last line of defence for the rules of src/domain/field-rules.ts: a figure without a
-- qualifier is exact (the default), only a range has a high end and it lies above the low end.
ALTER TABLE "Clause"
  ADD CONSTRAINT "Clause_amount_range_check" CHECK (("amountQualifier" = 'RANGE') = ("amountHigh" IS NOT NULL) AND "amountHigh" > "amount"),
  ADD CONSTRAINT "Clause_amount_period_check" CHECK ("amountPeriod" IS NULL OR "amount" IS NOT NULL),
  ADD CONSTRAINT "Clause_quantity_complete_check" CHECK (num_nulls("quantity", "quantityUnit") IN (0, 2)),
  ADD CONSTRAINT "Clause_quantity_range_check" CHECK (("quantityQualifier" = 'RANGE') = ("quantityHigh" IS NOT NULL) AND "quantityHigh" > "quantity"),
  ADD CONSTRAINT "Clause_quantity_check" CHECK ("quantity" >= 0),
  ADD CONSTRAINT "Clause_valuation_complete_check" CHECK (num_nulls("valuationAmount", "valuationCurrency") IN (0, 2) AND ("valuationBasis" IS NULL OR "valuationAmount" IS NOT NULL)),
  ADD CONSTRAINT "Clause_strike_complete_check" CHECK (num_nulls("strikeAmount", "strikeCurrency") IN (0, 2));
ALTER TABLE "Agreement"
  ADD CONSTRAINT "Agreement_value_range_check" CHECK (("valueQualifier" = 'RANGE') = ("valueHigh" IS NOT NULL) AND "valueHigh" > "valueAmount"),
  ADD CONSTRAINT "Agreement_value_period_check" CHECK ("valuePeriod" IS NULL OR "valueAmount" IS NOT NULL);
ALTER TABLE "ClauseTranche"
  ADD CONSTRAINT "ClauseTranche_something_check" CHECK ("amount" IS NOT NULL OR "quantity" IS NOT NULL),
  ADD CONSTRAINT "ClauseTranche_amount_complete_check" CHECK (num_nulls("amount", "currency") IN (0, 2)),
  ADD CONSTRAINT "ClauseTranche_amount_range_check" CHECK (("amountQualifier" = 'RANGE') = ("amountHigh" IS NOT NULL) AND "amountHigh" > "amount"),
  ADD CONSTRAINT "ClauseTranche_quantity_complete_check" CHECK (num_nulls("quantity", "quantityUnit") IN (0, 2)),
  ADD CONSTRAINT "ClauseTranche_quantity_range_check" CHECK (("quantityQualifier" = 'RANGE') = ("quantityHigh" IS NOT NULL) AND "quantityHigh" > "quantity"),
  ADD CONSTRAINT "ClauseTranche_on_complete_check" CHECK (num_nulls("onText", "onPrecision", "onEarliest", "onLatest") IN (0, 4));

-- Deals: a version belongs to the deal of the version it amends or supplements. A first version
-- joins the deal its writer names ("dealId"), else starts a deal of its own with its slug and
-- title. Like "chainRootId", set on every write and passed down when it changes.
CREATE FUNCTION "Agreement_set_deal"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent uuid := COALESCE(NEW."amendsId", NEW."supplementsId");
BEGIN
  IF parent IS NOT NULL THEN
    SELECT "dealId" INTO NEW."dealId" FROM "Agreement" WHERE "id" = parent;
  ELSIF NEW."dealId" IS NULL THEN
    INSERT INTO "Deal" ("id", "slug", "title", "updatedAt")
    VALUES (NEW."id", NEW."slug", NEW."title", CURRENT_TIMESTAMP);
    NEW."dealId" := NEW."id";
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Agreement_set_deal"
  BEFORE INSERT OR UPDATE OF "amendsId", "supplementsId", "dealId" ON "Agreement"
  FOR EACH ROW EXECUTE FUNCTION "Agreement_set_deal"();

CREATE FUNCTION "Agreement_propagate_deal"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Agreement" SET "dealId" = NEW."dealId"
  WHERE ("amendsId" = NEW."id" OR "supplementsId" = NEW."id") AND "dealId" IS DISTINCT FROM NEW."dealId";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Agreement_propagate_deal"
  AFTER UPDATE OF "dealId" ON "Agreement"
  FOR EACH ROW WHEN (OLD."dealId" IS DISTINCT FROM NEW."dealId")
  EXECUTE FUNCTION "Agreement_propagate_deal"();

-- Deals carry an optimistic-concurrency version like every other editable table.
CREATE TRIGGER "Deal_bump_version" BEFORE UPDATE ON "Deal" FOR EACH ROW EXECUTE FUNCTION "bump_version"();
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_version_check" CHECK ("version" >= 1);
