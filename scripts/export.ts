// `npm run export -- [--as-of YYYY-MM-DD] --format graphml|csv|json [--out PATH]`: the graph as it
// stood on a day (every version when --as-of is left out), from DATABASE_URL or the embedded
// database. GraphML and JSON go to --out or stdout; CSV is two files, so it needs --out, a
// directory that receives nodes.csv and edges.csv. Files are written as the rows are read (never
// the whole graph in memory), under a temporary name until they are complete.
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { loadShippedData } from '../seed/load.js'
import { createPrismaClient } from '../src/db/setup/client.js'
import { openDatabase } from '../src/db/setup/database.js'
import { InvalidDateError } from '../src/domain/partial-date.js'
import { env } from '../src/env.js'
import { writeAll } from '../src/export/chunks.js'
import { EXPORT_FILES, EXPORT_FORMATS, filesOfFormat, isExportFormat, parseAsOf, type ExportFormat } from '../src/export/files.js'
import { openExportSession } from '../src/export/session.js'
import { readSnapshot, type Snapshot } from '../src/export/snapshot.js'

const USAGE = `Usage: npm run export -- --format graphml|csv|json [--as-of YYYY-MM-DD] [--out PATH]

  --format   graphml  one GraphML file (Gephi, Cytoscape, yEd)
             csv      nodes.csv and edges.csv (needs --out, a directory)
             json     the import format of seed/format.ts
  --as-of    the day the graph stood on; left out: every version and clause
  --out      file to write (graphml, json; default stdout) or directory (csv)`

class UsageError extends Error {}

function readArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        format: { type: 'string', short: 'f' },
        'as-of': { type: 'string' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function parseOptions(argv: string[]): { format: ExportFormat; asOf: string | null; out: string | null } | 'help' {
  const values = readArgs(argv)
  if (values.help) return 'help'
  const format = values.format
  if (format === undefined) throw new UsageError('--format is required')
  if (!isExportFormat(format)) throw new UsageError(`--format "${format}" is not one of ${EXPORT_FORMATS.join(', ')}`)
  let asOf: string | null
  try {
    asOf = parseAsOf(values['as-of'])
  } catch (error) {
    if (error instanceof InvalidDateError) throw new UsageError(`--as-of ${error.message}`)
    throw error
  }
  const out = values.out ?? null
  if (format === 'csv' && out === null) {
    throw new UsageError('--format csv writes two files (nodes.csv, edges.csv): give --out <directory>')
  }
  return { format, asOf, out }
}

/** The snapshot, counting the versions and clauses its agreements stream hands out. */
function counting(snapshot: Snapshot) {
  const counts = { agreements: 0, clauses: 0 }
  async function* agreements() {
    for await (const agreement of snapshot.agreements()) {
      counts.agreements += 1
      counts.clauses += agreement.clauses.length
      yield agreement
    }
  }
  return { counts, snapshot: { ...snapshot, agreements } }
}

/** Each file written in full under `<path>.partial`, then all renamed: a failure leaves no partial file behind. */
async function writeFiles(files: { path: string; text: AsyncIterable<string> }[]): Promise<void> {
  const partial = (path: string) => `${path}.partial`
  try {
    for (const { path, text } of files) {
      const out = createWriteStream(partial(path))
      await writeAll(text, out)
      out.end()
      await finished(out)
    }
    for (const { path } of files) await rename(partial(path), path)
  } catch (error) {
    for (const { path } of files) await rm(partial(path), { force: true })
    throw error
  }
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`export: ${error.message}\n\n${USAGE}`)
    process.exitCode = 2
    return
  }
  if (options === 'help') {
    console.log(USAGE)
    return
  }
  const { format, asOf, out } = options

  const database = await openDatabase({ url: env.DATABASE_URL })
  const prisma = createPrismaClient(database.url)
  try {
    // Like `npm start`: an empty database gets the shipped dataset, so there is a graph to export.
    if (env.SEED_ON_START && (await prisma.agreement.count()) === 0) {
      const result = await loadShippedData(prisma)
      console.error(`export: the database was empty; loaded the shipped dataset (${result.created} records)`)
    }
    // No time limit here: the operator runs this, and it takes no connection the server needs.
    const session = await openExportSession(database.url)
    try {
      const { snapshot, counts } = counting(readSnapshot(session, asOf))
      const files = filesOfFormat(format)
      const scope = asOf === null ? 'every version' : `in force on ${asOf}`
      const summary = () => `${counts.agreements} agreement versions, ${counts.clauses} clauses (${scope})`
      if (out === null) {
        await writeAll(EXPORT_FILES[files[0]!].render(snapshot), process.stdout)
        console.error(`export: ${summary()}`)
        return
      }
      const paths = format === 'csv' ? files.map((f) => join(out, f)) : [out]
      if (format === 'csv') await mkdir(out, { recursive: true })
      await writeFiles(files.map((file, i) => ({ path: paths[i]!, text: EXPORT_FILES[file].render(snapshot) })))
      console.error(`export: wrote ${paths.join(', ')}: ${summary()}`)
    } finally {
      await session.close()
    }
  } finally {
    await prisma.$disconnect()
    await database.stop()
  }
}

try {
  await main()
} catch (error) {
  console.error('export failed:', error instanceof Error ? error.message : error)
  process.exitCode = 1
}
