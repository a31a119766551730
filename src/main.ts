import { createServer as createHttpServer } from 'node:http'
import { loadShippedData } from '../seed/load.js'
import { createPrismaClient } from './db/setup/client.js'
import { openDatabase } from './db/setup/database.js'
import { EmbeddedStartError } from './db/setup/embedded-errors.js'
import { usePrisma } from './db/setup/prisma.js'
import { createReadReplica } from './db/setup/read-replica.js'
import { describeSettings, env } from './env.js'
import { draining } from './server/drain.js'
import { ensureExplorerBuilt } from './server/explorer-build.js'
import { withOriginForm } from './server/request-target.js'
import { createServer } from './yoga.js'

// Start-up: database (embedded unless DATABASE_URL is set), migrations, shipped data when the
// database is empty, then the HTTP server. Ctrl-C / SIGTERM drain the requests in flight, then
// stop everything cleanly.
const startedAt = performance.now()
for (const line of describeSettings()) console.log(line)
const database = await openDatabase({ url: env.DATABASE_URL }).catch((error: unknown) => {
  // A database that cannot start is a set-up problem: one line saying what to do, no stack trace.
  if (!(error instanceof EmbeddedStartError)) throw error
  console.error(error.message)
  process.exit(1)
})
if (database.description) console.log(database.description)
const pool = { max: env.DB_POOL_MAX, acquireTimeoutMs: env.DB_POOL_ACQUIRE_TIMEOUT_MS, statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS }
const prisma = createPrismaClient(database.url, {
  pool,
  // A restarting or failing-over database ends idle connections; the pool replaces them.
  onPoolError: (error) => console.warn(`[database] a pooled connection failed: ${error.message}`),
})
// Queries and exports read from it when it has replayed every acknowledged write (read-replica.ts).
const replica = env.DATABASE_READ_URL
  ? createReadReplica(env.DATABASE_READ_URL, {
      // A replica that does not connect at once is skipped: the primary answers meanwhile.
      pool: { ...pool, acquireTimeoutMs: Math.min(pool.acquireTimeoutMs, 1_000) },
      retryMs: env.DATABASE_READ_RETRY_MS,
      onPoolError: (error) => console.warn(`[read replica] a pooled connection failed: ${error.message}`),
      onStateChange: (message) => console.warn(`[read replica] ${message}`),
    })
  : undefined
if (replica) console.log('Reads from DATABASE_READ_URL when it has caught up with the primary')
usePrisma(prisma, replica)

if (env.SEED_ON_START && (await prisma.agreement.count()) === 0) {
  const result = await loadShippedData(prisma)
  console.log(`Loaded the shipped dataset (${result.created} records)`)
}

// The explorer's files, built here when missing or stale (src/server/explorer-build.ts); the API
// is served whether or not that works.
if (env.EXPLORER)
  await ensureExplorerBuilt((line) => console.log(line)).catch((error: Error) =>
    console.error(`The explorer could not be built (${error.message}): / answers 503 until it is; EXPLORER=false turns it off.`),
  )

const requests = draining()
const yoga = createServer({ isStopping: () => requests.stopping })
const server = createHttpServer(requests.handler(withOriginForm(yoga)))
server.listen(env.PORT, env.HOST, () => {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1)
  const where = `http://localhost:${env.PORT}${yoga.graphqlEndpoint}`
  console.log(`${env.GRAPHIQL ? 'GraphiQL' : 'GraphQL'} ready at ${where} (started in ${seconds} s)`)
  if (env.EXPLORER) console.log(`Explorer at http://localhost:${env.PORT}/`)
})

// A port already taken is a setup problem, not a crash: say so and stop the database cleanly.
server.on('error', (error: NodeJS.ErrnoException) => {
  const reason = error.code === 'EADDRINUSE' ? `port ${env.PORT} is already in use (set PORT to another one)` : error.message
  console.error(`Cannot listen on ${env.HOST}:${env.PORT}: ${reason}`)
  void stopEverything().then(() => process.exit(1))
})

async function stopEverything() {
  await replica?.disconnect()
  await prisma.$disconnect()
  await database.stop()
}

async function shutdown(signal: string) {
  if (requests.stopping) return
  console.log(`${signal}: stopping; ${requests.inFlight} request(s) in flight…`)
  const cut = await requests.drain(server, env.SHUTDOWN_GRACE_MS)
  if (cut > 0) console.warn(`${cut} request(s) still running after ${env.SHUTDOWN_GRACE_MS} ms were cut off`)
  await yoga.dispose()
  await stopEverything()
  console.log('Stopped.')
  process.exit(0)
}
function onSignal(signal: string) {
  shutdown(signal).catch((error: unknown) => {
    console.error('Shutdown failed:', error)
    process.exit(1)
  })
}
process.on('SIGINT', () => onSignal('SIGINT'))
process.on('SIGTERM', () => onSignal('SIGTERM'))
