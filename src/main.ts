import { createServer as createHttpServer } from 'node:http'
import { loadShippedData } from '../seed/load.js'
import { createPrismaClient } from './db/client.js'
import { openDatabase } from './db/database.js'
import { usePrisma } from './db/prisma.js'
import { env } from './env.js'
import { createServer } from './yoga.js'

// Start-up: database (embedded unless DATABASE_URL is set), migrations, shipped data when the
// database is empty, then the HTTP server. Ctrl-C / SIGTERM stop everything cleanly.
const startedAt = performance.now()
const database = await openDatabase({ url: env.DATABASE_URL })
console.log(env.DATABASE_URL ? 'Using the database at DATABASE_URL' : `Embedded PostgreSQL running, data in ${env.EMBEDDED_PG_DIR}`)
const prisma = createPrismaClient(database.url)
usePrisma(prisma)

if (env.SEED_ON_START && (await prisma.agreement.count()) === 0) {
  const result = await loadShippedData(prisma)
  console.log(`Loaded the shipped dataset (${result.created} records)`)
}

const yoga = createServer()
const server = createHttpServer(yoga)
server.listen(env.PORT, env.HOST, () => {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1)
  console.log(`GraphiQL ready at http://localhost:${env.PORT}${yoga.graphqlEndpoint} (started in ${seconds} s)`)
})

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`${signal}: stopping…`)
  server.close()
  server.closeIdleConnections()
  await prisma.$disconnect()
  await database.stop()
  console.log('Stopped.')
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
