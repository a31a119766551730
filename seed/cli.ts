// `npm run seed`: loads seed/data/*.json into DATABASE_URL, or into the embedded server when no
// URL is configured (migrations are applied first either way).
import { createPrismaClient } from '../src/db/client.js'
import { openDatabase } from '../src/db/database.js'
import { env } from '../src/env.js'
import { DatasetError, loadShippedData } from './load.js'

const database = await openDatabase({ url: env.DATABASE_URL })
const prisma = createPrismaClient(database.url)
try {
  const result = await loadShippedData(prisma, { log: (msg) => console.log(msg) })
  if (result.created + result.updated === 0) console.log('seed: the database already holds the shipped data')
} catch (error) {
  console.error(error instanceof DatasetError ? error.message : error)
  process.exitCode = 1
} finally {
  await prisma.$disconnect()
  await database.stop()
}
