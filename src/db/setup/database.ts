import { startEmbeddedPostgres } from './embedded.js'
import { applyMigrationsInWorker } from './migrations-in-worker.js'

export interface Database {
  url: string
  /** Which database this is, for the start-up log. */
  description?: string
  /** Stops the embedded server if one was started; a no-op for an external database. */
  stop(): Promise<void>
}

async function connect(url: string | undefined): Promise<Database> {
  if (url) return { url, description: 'Using the database at DATABASE_URL', stop: async () => {} }
  const server = await startEmbeddedPostgres()
  const moved = server.movedBecause ? ` (${server.movedBecause})` : ''
  return { url: server.url, description: `Embedded PostgreSQL running, data in ${server.dataDir}${moved}`, stop: server.stop }
}

/** Connects to `url`, or starts the embedded server when there is none, and migrates it. */
export async function openDatabase({ url }: { url?: string | undefined } = {}): Promise<Database> {
  const database = await connect(url)
  try {
    await applyMigrationsInWorker(database.url)
  } catch (error) {
    await database.stop()
    throw error
  }
  return database
}
