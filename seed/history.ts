// WriteHistory records for what an import wrote: one per created or updated row, with the row
// before and after as JSON (its own columns, plus the links it owns), inserted in bulk.
import type { Prisma } from '../src/generated/prisma/client.js'
// Rows become JSON exactly as the API's history records them, so a record's history chains.
import { rowJson } from '../src/db/snapshots.js'
import { appendRows } from './bulk.js'

type Tx = Prisma.TransactionClient
export type EntityType = 'Company' | 'CloudProvider' | 'Asset' | 'Source' | 'Deal' | 'Agreement' | 'Clause'

export interface HistoryEntry {
  entityType: EntityType
  entityId: string
  action: 'CREATE' | 'UPDATE'
  before: Record<string, unknown> | null
  after: Record<string, unknown>
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
