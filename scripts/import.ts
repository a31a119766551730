// `npm run import -- [--actor <name>] [--lock-timeout <seconds>] <files or folders>`: checks every
// .json file named (folders: every .json inside, recursively), reports every problem with its
// place and exits 1 without writing, or writes everything in one transaction and prints a summary.
// It exits 1 too, writing nothing, when others write the same records meanwhile (a conflict), or
// hold another import or rows it writes longer than the lock timeout. Progress goes to stderr.
import { parseArgs } from 'node:util'
import { createPrismaClient } from '../src/db/setup/client.js'
import { openDatabase } from '../src/db/setup/database.js'
import { env } from '../src/env.js'
import { DatasetError, ImportBlockedError, ImportConflictError, importFiles } from '../seed/load.js'
import { formatSummary } from '../seed/summary.js'
import { LOCK_TIMEOUT_MS } from '../seed/write.js'

const usage = 'usage: npm run import -- [--actor <name>] [--lock-timeout <seconds>] <file.json | folder>...'
const parsed = (() => {
  try {
    return parseArgs({ options: { actor: { type: 'string', default: 'import' }, 'lock-timeout': { type: 'string' } }, allowPositionals: true })
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`)
    process.exit(2)
  }
})()
const { values, positionals } = parsed
const lockTimeout = values['lock-timeout'] === undefined ? LOCK_TIMEOUT_MS / 1000 : Number(values['lock-timeout'])
if (positionals.length === 0 || !(lockTimeout > 0)) {
  console.error(positionals.length === 0 ? usage : `--lock-timeout must be a number of seconds above 0\n${usage}`)
  process.exit(2)
}

// A line per chunk of a long table (more than one chunk), so short imports stay quiet.
const LONG = 1000
const database = await openDatabase({ url: env.DATABASE_URL })
const prisma = createPrismaClient(database.url)
try {
  const report = await importFiles(prisma, positionals, {
    actor: values.actor,
    lockTimeoutMs: Math.round(lockTimeout * 1000),
    onValidated: (ms) => console.error(`import: checked, no problems (${(ms / 1000).toFixed(2)} s); writing…`),
    onProgress: ({ step, done, total }) => {
      if (total > LONG) console.error(`import: ${step} ${done}/${total} (${Math.round((100 * done) / total)}%)`)
    },
  })
  console.log(formatSummary(report.summary, report, report.files.length))
} catch (error) {
  if (!(error instanceof DatasetError || error instanceof ImportConflictError || error instanceof ImportBlockedError)) throw error
  console.error(error.message)
  process.exitCode = 1
} finally {
  await prisma.$disconnect()
  await database.stop()
}
