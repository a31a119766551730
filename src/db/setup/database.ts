import { startEmbeddedPostgres } from './embedded.js'
import { applyMigrations } from './schema-engine.js'

export interface Database {
  url: string
  /** Stops the embedded server if one was started; a no-op for an external database. */
  stop(): Promise<void>
}

/** Connects to `url`, or starts the embedded server when there is none, and migrates it. */
export async function openDatabase({ url }: { url?: string | undefined } = {}): Promise<Database> {
  const database: Database = url ? { url, stop: async () => {} } : await startEmbeddedPostgres()
  try {
    await applyMigrations(database.url)
  } catch (error) {
    await database.stop()
    throw error
  }
  return { url: database.url, stop: database.stop }
}
