// `npm run bench:import`: imports a generated dataset of 10,000 agreements (2,500 deals of four
// versions, three clauses each) into a fresh database, then imports it again (nothing to write),
// and prints the figures. Uses a throw-away database on the TEST_DATABASE_URL / DATABASE_URL
// server, or an embedded PostgreSQL in a temp folder when neither is set. No thresholds: figures only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createPrismaClient } from '../src/db/setup/client.js'
import { startEmbeddedPostgres } from '../src/db/setup/embedded.js'
import { applyMigrations } from '../src/db/setup/schema-engine.js'
import { env } from '../src/env.js'
import { importFiles, type ImportReport } from '../seed/load.js'
import { generateDataset } from './generate-dataset.js'

const folder = mkdtempSync(join(tmpdir(), 'import-10k-'))
const { entities, deals } = generateDataset()
writeFileSync(join(folder, 'entities.json'), JSON.stringify(entities))
deals.forEach((file, i) => writeFileSync(join(folder, `deals-${String(i).padStart(2, '0')}.json`), JSON.stringify(file)))
const agreements = deals.reduce((n, f) => n + f.agreements!.length, 0)
console.log(`Generated ${agreements} agreements in ${deals.length + 1} files under ${folder}`)

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

// A database of our own: on the configured server, or on an embedded one.
const server = env.TEST_DATABASE_URL ?? env.DATABASE_URL
const name = `bench_import_${process.pid}`
let url: string
let stop: () => Promise<void>
if (server) {
  await admin(server, `DROP DATABASE IF EXISTS "${name}"`)
  await admin(server, `CREATE DATABASE "${name}"`)
  const u = new URL(server)
  u.pathname = `/${name}`
  url = u.toString()
  stop = () => admin(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'import-10k-pg-'))
  const embedded = await startEmbeddedPostgres({ dataDir, port: 54000 + (process.pid % 1000), ephemeral: true })
  url = embedded.url
  stop = async () => {
    await embedded.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
await applyMigrations(url)
const prisma = createPrismaClient(url)

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
async function run(label: string): Promise<ImportReport> {
  let last = 0
  const report = await importFiles(prisma, [folder], {
    actor: 'bench',
    onProgress: ({ step, done, total }) => {
      // A line every ~10% of a table, to stderr, as `npm run import` would show.
      const pct = Math.floor((10 * done) / total)
      if (pct !== last || done === total) console.error(`  ${label}: ${step} ${done}/${total}`)
      last = done === total ? 0 : pct
    },
  })
  const t = report.totals
  console.log(
    `${label}: validation ${seconds(report.validateMs)}, writing ${seconds(report.writeMs)} ` +
      `(${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged)`,
  )
  return report
}

try {
  const first = await run('first import')
  const rows = await prisma.$queryRawUnsafe<{ table: string; n: bigint }[]>(
    `SELECT 'entities' AS table, (SELECT count(*) FROM "Company") + (SELECT count(*) FROM "CloudProvider") + (SELECT count(*) FROM "Asset")
       + (SELECT count(*) FROM "Source") + (SELECT count(*) FROM "Agreement") + (SELECT count(*) FROM "Clause") AS n
     UNION ALL SELECT 'links', (SELECT count(*) FROM "AgreementParty") + (SELECT count(*) FROM "AgreementCitation")
       + (SELECT count(*) FROM "ClauseCitation") + (SELECT count(*) FROM "_AssetToClause") + (SELECT count(*) FROM "_ClauseToCloudProvider")
     UNION ALL SELECT 'history', (SELECT count(*) FROM "WriteHistory")`,
  )
  const count = Object.fromEntries(rows.map((r) => [r.table, Number(r.n)]))
  const written = count.entities! + count.links! + count.history!
  console.log(
    `  rows written: ${written} (${count.entities} entities, ${count.links} links, ${count.history} history) = ` +
      `${Math.round(written / (first.writeMs / 1000))} rows/s; ${Math.round(agreements / (first.writeMs / 1000))} agreements/s`,
  )
  const second = await run('second import (no-op)')
  if (second.totals.created + second.totals.updated > 0) throw new Error('the second import should write nothing')
  console.log(`  total no-op re-import: ${seconds(second.validateMs + second.writeMs)}`)
} finally {
  await prisma.$disconnect()
  await stop()
  rmSync(folder, { recursive: true, force: true })
}
