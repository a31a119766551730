import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Cell, Row } from './tables.js'

// Bulk loading with COPY … FROM STDIN in PostgreSQL's text format: one statement per table and
// batch, rows streamed in chunks of about a megabyte.

const escapeText = (value: string) =>
  /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!) : value

/** An array literal ({"a","b"}), every element quoted. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (ch) => `\\${ch}`)}"`).join(',')}}`
}

function encodeCell(cell: Cell): string {
  if (cell === null) return '\\N'
  if (typeof cell === 'string') return escapeText(cell)
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new Error(`Cannot COPY the number ${cell}`)
    return String(cell)
  }
  if (typeof cell === 'boolean') return cell ? 't' : 'f'
  return escapeText(arrayLiteral(cell))
}

export function encodeRows(rows: readonly Row[]): string[] {
  const chunks: string[] = []
  let chunk = ''
  for (const row of rows) {
    chunk += `${row.map(encodeCell).join('\t')}\n`
    if (chunk.length > 1_000_000) {
      chunks.push(chunk)
      chunk = ''
    }
  }
  if (chunk) chunks.push(chunk)
  return chunks
}

/** COPYs `rows` into `table` (columns in the order given) on `client`; returns the row count. */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: readonly Row[]): Promise<number> {
  if (rows.length === 0) return 0
  const columnList = columns.map((c) => `"${c}"`).join(', ')
  const stream = client.query(copyFrom(`COPY "${table}" (${columnList}) FROM STDIN`))
  await pipeline(Readable.from(encodeRows(rows)), stream)
  return rows.length
}
