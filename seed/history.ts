// WriteHistory records for what an import wrote: one per created or updated row, with the row
// before and after as JSON (its own columns, plus the links it owns), inserted in bulk.
import { Prisma } from '../src/generated/prisma/client.js'
import { appendRows } from './bulk.js'

type Tx = Prisma.TransactionClient
export type EntityType = 'Company' | 'CloudProvider' | 'Asset' | 'Source' | 'Agreement' | 'Clause'

export interface HistoryEntry {
  entityType: EntityType
  entityId: string
  action: 'CREATE' | 'UPDATE'
  before: Record<string, unknown> | null
  after: Record<string, unknown>
}

/** A row as JSON, as the API's history has it too: dates as ISO strings, decimals as exact strings. */
export function rowJson(row: Record<string, unknown>): Prisma.InputJsonObject {
  const value = (v: unknown): Prisma.InputJsonValue | null => {
    if (v instanceof Date) return v.toISOString()
    if (Prisma.Decimal.isDecimal(v)) return (v as Prisma.Decimal).toString()
    if (typeof v === 'bigint') return v.toString()
    if (Array.isArray(v)) return v.map(value) as Prisma.InputJsonArray
    if (v !== null && typeof v === 'object') return rowJson(v as Record<string, unknown>)
    return v as Prisma.InputJsonValue | null
  }
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, value(v)]))
}

export async function writeHistory(
  tx: Tx,
  entries: HistoryEntry[],
  actor: string,
  at: Date,
  progress: (done: number) => void = () => {},
): Promise<void> {
  let done = 0
  const rows = entries.map((e) => ({
    entityType: e.entityType,
    entityId: e.entityId,
    action: e.action,
    actor,
    at,
    before: e.before === null ? null : rowJson(e.before),
    after: rowJson(e.after),
  }))
  await appendRows(tx, 'WriteHistory', rows, (n) => progress((done += n)))
}
