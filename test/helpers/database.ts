import { inject } from 'vitest'
import { adminQuery, databaseUrl, uniqueName } from './admin.js'

export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

/**
 * A database of its own for one test file: a clone of the migrated template made by
 * test/global-setup.ts, or an empty one with `{ empty: true }`. Call `drop()` in afterAll.
 */
export async function createTestDatabase({ empty = false } = {}): Promise<TestDatabase> {
  const { adminUrl, template } = inject('testDatabase')
  const name = uniqueName('test')
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${empty ? 'template0' : template}"`)
  return {
    url: databaseUrl(adminUrl, name),
    // FORCE ends connections a test forgot to close (PostgreSQL 13+).
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  }
}
