import { fileURLToPath } from 'node:url'
import path from 'node:path'

// Paths are resolved from this file, not from process.cwd(), so scripts and tests may run anywhere.
export const projectRoot = fileURLToPath(new URL('../../..', import.meta.url))
export const schemaPath = path.join(projectRoot, 'prisma', 'schema.prisma')
export const migrationsDir = path.join(projectRoot, 'prisma', 'migrations')
export const snapshotPath = path.join(migrationsDir, 'schema.snapshot.prisma')
export const lockfileName = 'migration_lock.toml'
