import type { PrismaClient } from '../../src/generated/prisma/client.js'

// "CompanyLink" against its definition, computed here from "AgreementParty" × "Agreement" without
// the migration's SQL: the pairs of distinct co-parties of every version, both ways, the version's
// start, its last day in force (end, termination, or the day before an amendment starts) and
// whether no amendment replaces it.
const DEFINITION = `
  SELECT DISTINCT p."companyId", o."companyId" AS "partnerId", a."id" AS "agreementId",
    COALESCE(a."effectiveEarliest", a."announcedEarliest") AS "inForceFrom",
    LEAST(a."endsLatest", a."terminatedLatest",
      (SELECT min(COALESCE(m."effectiveEarliest", m."announcedEarliest")) FROM "Agreement" m WHERE m."amendsId" = a."id") - 1
    ) AS "inForceUntil",
    NOT EXISTS (SELECT 1 FROM "Agreement" m WHERE m."amendsId" = a."id") AS "latest"
  FROM "AgreementParty" p
  JOIN "AgreementParty" o ON o."agreementId" = p."agreementId" AND o."companyId" <> p."companyId"
  JOIN "Agreement" a ON a."id" = p."agreementId"`

const STORED = `SELECT "companyId", "partnerId", "agreementId", "inForceFrom", "inForceUntil", "latest" FROM "CompanyLink"`

export interface LinkDrift {
  stored: number
  /** Rows of the definition the table lacks, and rows it has that the definition does not (up to 5 each). */
  missing: string[]
  extra: string[]
}

export async function linkDrift(prisma: PrismaClient): Promise<LinkDrift> {
  const [row] = await prisma.$queryRawUnsafe<LinkDrift[]>(`
    WITH definition AS (${DEFINITION}), stored AS (${STORED})
    SELECT (SELECT count(*)::int FROM stored) AS stored,
      ARRAY(SELECT row_to_json(x)::text FROM (SELECT * FROM definition EXCEPT ALL SELECT * FROM stored) x LIMIT 5) AS missing,
      ARRAY(SELECT row_to_json(x)::text FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM definition) x LIMIT 5) AS extra`)
  return row!
}
