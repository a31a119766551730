import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// Paths are resolved from this file, not from process.cwd(), so scripts and tests may run anywhere.
// The root is the nearest folder above with a package.json: this file sits in src/db/setup/ when
// run by tsx and is bundled into dist/ by `npm run build`, and both must find prisma/ and seed/.
function nearestPackageFolder(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${from} or any folder above it`)
  }
}

export const projectRoot = nearestPackageFolder(path.dirname(fileURLToPath(import.meta.url)))
export const schemaPath = path.join(projectRoot, 'prisma', 'schema.prisma')
export const migrationsDir = path.join(projectRoot, 'prisma', 'migrations')
export const snapshotPath = path.join(migrationsDir, 'schema.snapshot.prisma')
export const lockfileName = 'migration_lock.toml'
