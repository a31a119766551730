import { Prisma } from '../generated/prisma/client.js'
import { mapDatabaseError } from './setup/database-errors.js'
import { forgetExpiredKeys, type IdempotentWrite, recordedResult, recordWrite } from './idempotency.js'
import { env } from '../env.js'
import { prisma } from './setup/prisma.js'

// Every API write runs here: one transaction that does the work and appends its WriteHistory
// rows (who, when, action, the record before and after), so a write and its history commit or
// roll back together. A write sent with an Idempotency-Key also records, in that transaction,
// which record it returned, and a retry of it returns that record instead of writing again
// (src/db/idempotency.ts). Database refusals are mapped to typed errors on the way out.

export type Tx = Prisma.TransactionClient
export type EntityType = 'Company' | 'CloudProvider' | 'Asset' | 'Source' | 'Agreement' | 'Clause' | 'Deal' | 'ApiKey'
/** CREATE and UPDATE as the seed loader writes them; SUPERSEDE when an amendment replaces a version. */
export type Action = 'CREATE' | 'UPDATE' | 'SUPERSEDE' | 'SET_STATUS'

export interface Writer {
  /** The API key's id and name. */
  id: string
  name: string
  /** Set when the request came with an Idempotency-Key: this write's place in it. */
  idempotency?: IdempotentWrite | undefined
}

interface Entry {
  entityType: EntityType
  entityId: string
  action: Action
  before: Prisma.InputJsonObject | null
  after: Prisma.InputJsonObject | null
}

export class WriteLog {
  readonly entries: Entry[] = []
  record(
    entityType: EntityType,
    entityId: string,
    action: Action,
    before: Prisma.InputJsonObject | null,
    after: Prisma.InputJsonObject | null,
  ): void {
    this.entries.push({ entityType, entityId, action, before, after })
  }
}

export async function runWrite<T>(writer: Writer, work: (tx: Tx, log: WriteLog) => Promise<T>): Promise<T> {
  const idempotency = writer.idempotency
  try {
    if (idempotency) await forgetExpiredKeys(prisma(), writer.id)
    return await prisma().$transaction(
      async (tx) => {
        // A row someone else holds (an import's final step, say) is waited for this long at most,
        // so queued writes cannot take every pooled connection from the readers.
        await tx.$executeRaw`SELECT set_config('lock_timeout', ${`${env.DB_WRITE_LOCK_TIMEOUT_MS}ms`}, true)`
        if (idempotency) {
          const earlier = await recordedResult(tx, writer.id, idempotency)
          // The record the committed write returned, read again: what `work` returns, by kind.
          if (earlier) return earlier.record as T
        }
        const log = new WriteLog()
        const result = await work(tx, log)
        if (log.entries.length > 0) {
          await tx.writeHistory.createMany({
            data: log.entries.map((e) => ({
              entityType: e.entityType,
              entityId: e.entityId,
              action: e.action,
              actor: writer.name,
              apiKeyId: writer.id,
              before: e.before ?? Prisma.DbNull,
              after: e.after ?? Prisma.DbNull,
            })),
          })
        }
        if (idempotency) {
          const returned = entryOf(log, result)
          await recordWrite(tx, writer.id, idempotency, returned.entityType, returned.entityId)
        }
        return result
      },
      // A competing write holds row locks only for its own short transaction.
      { maxWait: 5_000, timeout: 15_000 },
    )
  } catch (error) {
    throw mapDatabaseError(error)
  }
}

/** The log entry of the record a write returns: every write logs what it returns. */
function entryOf(log: WriteLog, result: unknown): Entry {
  const id = (result as { id?: unknown } | null)?.id
  const entry = log.entries.find((e) => e.entityId === id)
  if (!entry) throw new Error('A write must log the record it returns, so a retry can return it again')
  return entry
}
