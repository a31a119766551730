// Multi-row INSERT from one JSON parameter. Prisma's createMany spends about a quarter of a
// millisecond per row in the client (measured with Prisma 7: 10,000 agreements took over a minute
// that way); one `INSERT … SELECT FROM json_populate_recordset` per chunk lets PostgreSQL do the
// conversion. Table and column names come from code, never from input.
import type { Prisma } from '../src/generated/prisma/client.js'
import { chunks } from './chunks.js'
import type { Columns } from './rows.js'

type Tx = Prisma.TransactionClient

const CHUNK = 5000

/**
 * The columns of `table` a row is stored with: all but the generated ones (the search columns,
 * which only the database reads and Prisma could not even read back).
 */
async function storedColumns(tx: Tx, table: string): Promise<string> {
  const rows = await tx.$queryRaw<{ name: string }[]>`
    SELECT column_name AS name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table} AND is_generated = 'NEVER'
    ORDER BY ordinal_position`
  return rows.map((row) => `"${row.name}"`).join(', ')
}

/**
 * Inserts `rows` (all with the same keys, `id` among them; dates as Date, the rest JSON-ready)
 * into `table` and returns each row as stored: database defaults and trigger-set columns
 * included. Arrays are kept as given, since raw results show enum arrays as text ("{A,B}").
 * With `key` (a unique column), rows whose key is already taken are skipped and not returned.
 */
export async function insertRows(tx: Tx, table: string, rows: Columns[], onChunk: (n: number) => void = () => {}, key?: string): Promise<Columns[]> {
  if (rows.length === 0) return []
  const columns = Object.keys(rows[0]!)
    .map((c) => `"${c}"`)
    .join(', ')
  const returning = await storedColumns(tx, table)
  const skip = key === undefined ? '' : `ON CONFLICT ("${key}") DO NOTHING `
  const sql = `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${table}", $1::json) ${skip}RETURNING ${returning}`
  const stored: Columns[] = []
  for (const chunk of chunks(rows, CHUNK)) {
    const returned = new Map((await tx.$queryRawUnsafe<Columns[]>(sql, JSON.stringify(chunk))).map((r) => [r.id, r]))
    for (const row of chunk) {
      if (!returned.has(row.id)) continue
      const arrays = Object.fromEntries(Object.entries(row).filter(([, v]) => Array.isArray(v)))
      stored.push({ ...row, ...returned.get(row.id), ...arrays })
    }
    onChunk(chunk.length)
  }
  return stored
}

/** Updates rows by `id` (all with the same keys, `id` among them) with one statement per chunk. */
export async function updateRows(tx: Tx, table: string, rows: Columns[], onChunk: (n: number) => void = () => {}): Promise<void> {
  if (rows.length === 0) return
  const set = Object.keys(rows[0]!)
    .filter((c) => c !== 'id')
    .map((c) => `"${c}" = j."${c}"`)
    .join(', ')
  const sql = `UPDATE "${table}" AS t SET ${set} FROM json_populate_recordset(NULL::"${table}", $1::json) AS j WHERE t."id" = j."id"`
  for (const chunk of chunks(rows, CHUNK)) {
    await tx.$executeRawUnsafe(sql, JSON.stringify(chunk))
    onChunk(chunk.length)
  }
}

/** Like insertRows, without reading anything back. */
export async function appendRows(tx: Tx, table: string, rows: Columns[], onChunk: (n: number) => void = () => {}): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!)
    .map((c) => `"${c}"`)
    .join(', ')
  const sql = `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${table}", $1::json)`
  for (const chunk of chunks(rows, CHUNK)) {
    await tx.$executeRawUnsafe(sql, JSON.stringify(chunk))
    onChunk(chunk.length)
  }
}
