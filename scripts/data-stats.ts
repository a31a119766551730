// `npm run data:stats [-- --write]`: loads the shipped dataset into a scratch database on the
// server the project uses (DATABASE_URL, else the embedded one), prints the README's data-section
// figures and, with --write, puts them into README.md. test/dataset-stats.test.ts fails while the
// README's figures are stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { createPrismaClient } from '../src/db/setup/client.js'
import { openDatabase } from '../src/db/setup/database.js'
import { datasetStats, statsMarkdown, withStats } from '../src/db/dataset-stats.js'
import { applyMigrations } from '../src/db/setup/schema-engine.js'
import { env } from '../src/env.js'
import { loadShippedData } from '../seed/load.js'
import { adminQuery, databaseUrl, uniqueName } from '../test/helpers/admin.js'

const server = await openDatabase({ url: env.DATABASE_URL })
const scratch = uniqueName('data_stats')
await adminQuery(server.url, `CREATE DATABASE "${scratch}"`)
try {
  const url = databaseUrl(server.url, scratch)
  await applyMigrations(url)
  const prisma = createPrismaClient(url)
  try {
    await loadShippedData(prisma)
    const markdown = statsMarkdown(await datasetStats(prisma))
    console.log(markdown)
    if (process.argv.includes('--write')) {
      const readme = new URL('../README.md', import.meta.url)
      writeFileSync(readme, withStats(readFileSync(readme, 'utf8'), markdown))
      console.error('Wrote the figures into README.md')
    }
  } finally {
    await prisma.$disconnect()
  }
} finally {
  await adminQuery(server.url, `DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`)
  await server.stop()
}
