import { randomBytes } from 'node:crypto'
import pg from 'pg'

// Shared by test/global-setup.ts (main process) and the per-file helper (workers).

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`
}

/** The URL of `database` on the same server as `url`. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** Runs one statement on a short-lived connection (CREATE/DROP DATABASE cannot share a pool). */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
