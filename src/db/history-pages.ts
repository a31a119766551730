import { Prisma, type PrismaClient } from '../generated/prisma/client.js'

// Pages of WriteHistory: the one rule both the resolvers and the SQL planner page by (which
// entries, oldest first by id, past a cursor) and the cursor naming an entry. The resolvers load
// the pages of all the records of a type that a request shows in one statement (they batch them).

type Sql = Prisma.Sql

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

/** `FROM … WHERE …`: the entries `h` of the records of `entityType` whose id `entityId` accepts. */
export const historyEntriesSql = (h: Sql, entityType: string, entityId: (column: Sql) => Sql) =>
  Prisma.sql`FROM "WriteHistory" ${h} WHERE ${h}."entityType" = ${entityType} AND ${entityId(Prisma.sql`${h}."entityId"`)}`

/** The entries of a page after the cursor's entry: later ones (by id), whether or not it is this record's. */
export const historyAfterSql = (h: Sql, afterId: bigint | null) => (afterId === null ? Prisma.sql`TRUE` : Prisma.sql`${h}."id" > ${afterId}`)

/** Oldest first: ids grow with every write. */
export const historyOrderSql = (h: Sql) => Prisma.sql`${h}."id"`

const CURSOR = 'WriteHistory:'

/** The cursor of an entry: base64url of "WriteHistory:<id>". */
export const historyCursor = (id: bigint) => Buffer.from(`${CURSOR}${id}`).toString('base64url')

/** The same cursor in SQL, of the entry `h` (short enough for PostgreSQL's one base64 line). */
export const historyCursorSql = (h: Sql) =>
  Prisma.sql`translate(rtrim(encode(convert_to(${CURSOR} || ${h}."id"::text, 'UTF8'), 'base64'), '='), '+/', '-_')`

/** The entry id a cursor names; null when it is not a history cursor. */
export function historyCursorId(cursor: string): bigint | null {
  const text = Buffer.from(cursor, 'base64url').toString()
  const id = text.slice(CURSOR.length)
  return text.startsWith(CURSOR) && /^\d{1,19}$/.test(id) ? BigInt(id) : null
}

export async function loadHistoryPages(
  db: PrismaClient,
  entityType: string,
  entityIds: readonly string[],
  first: number,
  afterId: bigint | null,
): Promise<Map<string, HistoryPage>> {
  const h = Prisma.raw('h')
  const s = Prisma.raw('s')
  const rows = await db.$queryRaw<(HistoryRow & { total: bigint })[]>(Prisma.sql`
    WITH scoped AS (
      SELECT h.*, count(*) OVER (PARTITION BY h."entityId") AS total
      ${historyEntriesSql(h, entityType, (column) => Prisma.sql`${column} = ANY(${[...entityIds]}::uuid[])`)}
    ), paged AS (
      SELECT s.*, row_number() OVER (PARTITION BY s."entityId" ORDER BY ${historyOrderSql(s)}) AS rn
      FROM scoped s WHERE ${historyAfterSql(s, afterId)}
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
