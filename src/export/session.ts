// One export's own database connection, opened for it and closed after it: never one of the query
// pool's, so a long export cannot take the connections GraphQL needs, and the pool's short
// statement_timeout does not apply. Everything runs in one repeatable-read transaction (every part
// of a file, and both CSV files of the CLI, see one state), and rows are read through server-side
// cursors a batch at a time, so the graph is never held in memory.
import pg from 'pg'
import type { Prisma } from '../generated/prisma/client.js'

export interface ExportSessionOptions {
  /** statement_timeout and idle_in_transaction_session_timeout of the connection; 0 or absent: none. */
  timeoutMs?: number
  /** Aborting ends the connection (PostgreSQL rolls back) and fails the read under way. */
  signal?: AbortSignal
  /** Called with each statement sent (tests count them). */
  onStatement?: (sql: string) => void
}

/** Rows per FETCH: enough to keep round trips few, few enough to keep a batch small. */
const BATCH_ROWS = 500
const CONNECT_TIMEOUT_MS = 10_000
/** How PostgreSQL names these connections (pg_stat_activity.application_name). */
export const EXPORT_APPLICATION_NAME = 'partnerships-export'

export interface ExportSession {
  /** The statement's rows in its own order, fetched BATCH_ROWS at a time through a cursor. */
  rows<T>(statement: Prisma.Sql): AsyncGenerator<T>
  /** Ends the transaction and the connection; safe to call more than once. */
  close(): Promise<void>
}

/** Fails with the signal's reason (a timeout, a client gone) when that is why a statement failed. */
function cause(error: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? signal.reason : error
}

export async function openExportSession(connectionString: string, options: ExportSessionOptions = {}): Promise<ExportSession> {
  const { timeoutMs, signal, onStatement } = options
  signal?.throwIfAborted()
  const client = new pg.Client({
    connectionString,
    application_name: EXPORT_APPLICATION_NAME,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    // As the query pool: no JIT compilation (src/db/setup/client.ts).
    options: '-c jit=off',
    ...(timeoutMs ? { statement_timeout: timeoutMs, idle_in_transaction_session_timeout: timeoutMs } : {}),
  })
  // A connection the server ends fails the statement under way; the event itself must not crash the process.
  client.on('error', () => {})
  let closed: Promise<void> | undefined
  const close = () => (closed ??= client.end().catch(() => {}))
  const onAbort = () => void close()
  signal?.addEventListener('abort', onAbort, { once: true })

  const send = async (text: string, values?: unknown[]) => {
    onStatement?.(text)
    try {
      return await client.query({ text, values })
    } catch (error) {
      throw cause(error, signal)
    }
  }
  try {
    await client.connect()
    await send('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  } catch (error) {
    signal?.removeEventListener('abort', onAbort)
    await close()
    throw cause(error, signal)
  }

  let cursors = 0
  return {
    async *rows<T>(statement: Prisma.Sql): AsyncGenerator<T> {
      const name = `export_rows_${(cursors += 1)}`
      await send(`DECLARE ${name} NO SCROLL CURSOR FOR ${statement.text}`, statement.values)
      const fetch = () => {
        const batch = send(`FETCH ${BATCH_ROWS} FROM ${name}`)
        // Awaited below; a batch nobody waits for any more (the reader stopped) must not go unhandled.
        batch.catch(() => {})
        return batch
      }
      let next = fetch()
      for (;;) {
        const { rows } = await next
        const more = rows.length === BATCH_ROWS
        // PostgreSQL computes the next batch while this one is written.
        if (more) next = fetch()
        yield* rows as T[]
        if (!more) break
      }
      await send(`CLOSE ${name}`)
    },
    async close() {
      signal?.removeEventListener('abort', onAbort)
      // Read only: ending the connection ends the transaction too.
      await close()
    },
  }
}
