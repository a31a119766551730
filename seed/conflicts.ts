// What stops an import when others write while it runs. Nothing is written in any case, and the
// message says what to do: a record changed or created by someone else since the import read it
// (a conflict, reported at the record's place, like the API's stale `expectedVersion`); rows
// another transaction held past the import's lock timeout; another import still running.
import type { EntityType } from './history.js'
import { formatProblem, type Problem } from './problems.js'

/** Records written by someone else since this import read them. */
export class ImportConflictError extends Error {
  readonly problems: string[]
  constructor(found: Problem[]) {
    const problems = found.map(formatProblem)
    super(
      `The import met ${problems.length} record(s) written by someone else while it ran; nothing was written. ` +
        `Run it again: it compares the files with the records as they are now.\n${problems.map((p) => `  ${p}`).join('\n')}`,
    )
    this.name = 'ImportConflictError'
    this.problems = problems
  }
}

/** Other transactions kept the import from going on; nothing was written. */
export class ImportBlockedError extends Error {
  constructor(reason: string) {
    super(
      `The import stopped: ${reason}; nothing was written. Run it again${reason.startsWith('another import') ? ' once that one has finished' : ''}.`,
    )
    this.name = 'ImportBlockedError'
  }
}

/** "company", "cloud provider": the record's type as the messages name it. */
export const noun = (type: EntityType): string => type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()

const seconds = (ms: number) => `${ms / 1000} s`

interface DriverCause {
  originalCode?: string
  constraint?: { index?: string }
}

/** The SQLSTATE and constraint of a PostgreSQL error as Prisma's driver adapter passes it on. */
function causeOf(error: unknown): DriverCause {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: DriverCause } } } | null)?.meta
  return meta?.driverAdapterError?.cause ?? {}
}

/**
 * A PostgreSQL refusal caused by a concurrent writer, met while writing `table`, as an
 * ImportBlockedError; any other error as it is.
 */
export function blockedBy(error: unknown, table: EntityType, lockTimeoutMs: number): unknown {
  const { originalCode: code, constraint } = causeOf(error)
  if (code === '55P03')
    return new ImportBlockedError(`another transaction held rows this import writes (${table}) for more than ${seconds(lockTimeoutMs)}`)
  if (code === '40P01') return new ImportBlockedError(`a concurrent write locked the same rows (${table}) in the opposite order`)
  if (code === '23505') {
    const rule = constraint?.index ? `, ${constraint.index}` : ''
    return new ImportBlockedError(
      `a row it writes would duplicate one already stored (${table}${rule}), most likely one another writer added meanwhile`,
    )
  }
  return error
}

/** The wait for another import (its advisory lock) timed out: as an ImportBlockedError. */
export function otherImport(error: unknown, lockTimeoutMs: number): unknown {
  if (causeOf(error).originalCode !== '55P03') return error
  return new ImportBlockedError(`another import is running: it did not finish within ${seconds(lockTimeoutMs)}`)
}
