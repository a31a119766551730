// `npm run import -- [--actor <name>] <files or folders>`: checks every .json file named (folders:
// every .json inside, recursively), reports every problem with its place and exits 1 without
// writing, or writes everything in one transaction and prints a summary. Progress goes to stderr.
import { parseArgs } from 'node:util'
import { createPrismaClient } from '../src/db/client.js'
import { openDatabase } from '../src/db/database.js'
import { env } from '../src/env.js'
import { DatasetError, importFiles } from '../seed/load.js'
import { formatSummary } from '../seed/summary.js'

const { values, positionals } = parseArgs({ options: { actor: { type: 'string', default: 'import' } }, allowPositionals: true })
if (positionals.length === 0) {
  console.error('usage: npm run import -- [--actor <name>] <file.json | folder>...')
  process.exit(2)
}

// A line per chunk of a long table (more than one chunk), so short imports stay quiet.
const LONG = 1000
const database = await openDatabase({ url: env.DATABASE_URL })
const prisma = createPrismaClient(database.url)
try {
  const report = await importFiles(prisma, positionals, {
    actor: values.actor,
    onValidated: (ms) => console.error(`import: checked, no problems (${(ms / 1000).toFixed(2)} s); writing…`),
    onProgress: ({ step, done, total }) => {
      if (total > LONG) console.error(`import: ${step} ${done}/${total} (${Math.round((100 * done) / total)}%)`)
    },
  })
  console.log(formatSummary(report.summary, report, report.files.length))
} catch (error) {
  if (!(error instanceof DatasetError)) throw error
  console.error(error.message)
  process.exitCode = 1
} finally {
  await prisma.$disconnect()
  await database.stop()
}
