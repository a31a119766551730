import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { freePort } from '../../bench/lib/processes.js'
import { giveTo, runAs, serverUser } from '../../src/db/setup/embedded-access.js'

// A PostgreSQL primary made with initdb and a streaming replica of it made with pg_basebackup -R,
// from the machine's PostgreSQL binaries (Debian's postgresql package), each on a port of its own,
// with every statement logged so a test can tell which server answered.

const SEARCHED = '/usr/lib/postgresql'
const NEEDED = ['initdb', 'pg_ctl', 'pg_basebackup']

/** The newest /usr/lib/postgresql/<major>/bin with what a replica needs; one line saying what to install if none. */
export function postgresBinaries(): string {
  const majors = existsSync(SEARCHED) ? readdirSync(SEARCHED).filter((name) => /^\d+$/.test(name)) : []
  for (const major of majors.sort((x, y) => Number(y) - Number(x))) {
    const bin = path.join(SEARCHED, major, 'bin')
    if (NEEDED.every((tool) => existsSync(path.join(bin, tool)))) return bin
  }
  throw new Error(
    `The read-replica test needs PostgreSQL's server binaries (${NEEDED.join(', ')}) in ${SEARCHED}/<version>/bin: install them (apt-get install postgresql).`,
  )
}

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

export async function startStreamingPair(): Promise<StreamingPair> {
  const bin = postgresBinaries()
  const user = serverUser()
  const root = mkdtempSync(path.join(os.tmpdir(), 'partnerships-streaming-'))
  giveTo(user, root)
  const run = (tool: string, args: string[]) => {
    const result = spawnSync(path.join(bin, tool), args, { ...runAs(user), encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`)
  }
  const node = (dir: string, port: number): Node => {
    const logFile = path.join(dir, 'server.log')
    // Throw-away data: no fsync; the socket in the data folder, reachable by the server's user.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c log_statement=all -c wal_level=replica`
    return {
      port,
      dir,
      url: (database = DATABASE) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
      log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
      start: () => run('pg_ctl', ['-D', dir, '-l', logFile, '-o', options, '-w', 'start']),
      kill: () => run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']),
    }
  }
  const nodes: Node[] = []
  const close = () => {
    for (const started of nodes) spawnSync(path.join(bin, 'pg_ctl'), ['-D', started.dir, '-m', 'immediate', 'stop'], runAs(user))
    rmSync(root, { recursive: true, force: true })
  }
  try {
    const primary = node(path.join(root, 'primary'), await freePort())
    run('initdb', ['-D', primary.dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'])
    nodes.push(primary)
    primary.start()
    await query(primary.url('postgres'), `CREATE DATABASE ${DATABASE}`)
    const replica = node(path.join(root, 'replica'), await freePort())
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
    run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      replica.dir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ])
    nodes.push(replica)
    replica.start()
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
