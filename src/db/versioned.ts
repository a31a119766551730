import { Prisma } from '../generated/prisma/client.js'
import { ConflictError, NotFoundError } from '../domain/write-errors.js'
import { rowJson } from './snapshots.js'
import type { Action, EntityType, WriteLog } from './write.js'

// Optimistic concurrency: writers say which version they read; the UPDATE carries
// `WHERE version = expected`, and a trigger moves the version on, so of two writers that read the
// same version exactly one succeeds. The other gets a ConflictError with the version now.

export function staleVersion(what: string, current: number, expected: number): ConflictError {
  return new ConflictError(
    `${what} is at version ${current}, not ${expected}: it changed since you read it. Read it again and retry.`,
    'input.expectedVersion',
    current,
  )
}

/** Runs an UPDATE the caller guards with `version: expected`; zero rows (a concurrent winner) becomes a conflict. */
export async function updateVersioned<T>(what: string, update: () => Promise<T>, path = 'input.expectedVersion'): Promise<T> {
  try {
    return await update()
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') {
      throw new ConflictError(`${what} was changed by someone else while this write ran. Read it again and retry.`, path)
    }
    throw error
  }
}

interface VersionedRow {
  id: string
  version: number
}

/**
 * The shape of every update: find the record (NotFound at `keyPath`), check the version the
 * writer read, run the guarded update, and log both sides. `update` gets the row as it was.
 */
export async function updateRecord<Row extends VersionedRow>(
  log: WriteLog,
  options: {
    entityType: EntityType
    what: string
    keyPath: string
    expected: number
    find: () => Promise<Row | null>
    update: (before: Row) => Promise<Row>
    action?: Action
    /** The record as history keeps it, when that is more than its own columns. */
    snapshot?: (id: string) => Promise<Prisma.InputJsonObject>
  },
): Promise<Row> {
  const row = await options.find()
  if (!row) throw new NotFoundError(`${options.what} does not exist.`, options.keyPath)
  if (row.version !== options.expected) throw staleVersion(options.what, row.version, options.expected)
  const snapshot = options.snapshot ?? (async () => rowJson(row as never))
  const before = await snapshot(row.id)
  const updated = await updateVersioned(options.what, () => options.update(row))
  const after = options.snapshot ? await options.snapshot(updated.id) : rowJson(updated as never)
  log.record(options.entityType, updated.id, options.action ?? 'UPDATE', before, after)
  return updated
}
