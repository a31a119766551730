import { Prisma, type PrismaClient } from '../generated/prisma/client.js'

// Pages of WriteHistory for many records at once: one statement for all the records of a type
// that a request shows (the caller batches them), oldest entry first, with each record's total.

export interface HistoryRow {
  id: bigint
  entityId: string
  action: string
  actor: string
  apiKeyId: string | null
  at: Date
  before: unknown
  after: unknown
}

export interface HistoryPage {
  rows: HistoryRow[]
  /** Whether entries follow the last row. */
  more: boolean
  total: number
}

export async function loadHistoryPages(
  db: PrismaClient,
  entityType: string,
  entityIds: readonly string[],
  first: number,
  afterId: bigint | null,
): Promise<Map<string, HistoryPage>> {
  const rows = await db.$queryRaw<(HistoryRow & { total: bigint })[]>(Prisma.sql`
    WITH scoped AS (
      SELECT h.*, count(*) OVER (PARTITION BY h."entityId") AS total
      FROM "WriteHistory" h
      WHERE h."entityType" = ${entityType} AND h."entityId" = ANY(${[...entityIds]}::uuid[])
    ), paged AS (
      SELECT s.*, row_number() OVER (PARTITION BY s."entityId" ORDER BY s.id) AS rn
      FROM scoped s WHERE s.id > ${afterId ?? 0n}
    )
    SELECT id, "entityId"::text AS "entityId", action, actor, "apiKeyId"::text AS "apiKeyId", at, before, after, total
    FROM paged WHERE rn <= ${first + 1} ORDER BY "entityId", id`)
  const pages = new Map<string, HistoryPage>()
  for (const id of entityIds) pages.set(id, { rows: [], more: false, total: 0 })
  for (const { total, ...row } of rows) {
    const page = pages.get(row.entityId)!
    page.total = Number(total)
    if (page.rows.length < first) page.rows.push(row)
    else page.more = true
  }
  return pages
}
