import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import { type Child, startChild } from './processes.js'

// The peer: PostGraphile v5 over the same bench database, run by its own Node 22 (it does not run
// on the project's Node 20). bench/peer/setup.sh installs both from the npm registry into
// bench/peer/.cache (git-ignored); its .sql files add the SQL functions its users would write, and
// graphile.config.mjs its smart tags and settings. Nothing here is part of the project.

const peerDir = path.join(projectRoot, 'bench', 'peer')
const cache = path.join(peerDir, '.cache')
const node = path.join(cache, 'node22', 'bin', 'node')
const pg5 = path.join(cache, 'pg5')
const postgraphile = path.join(pg5, 'node_modules', '.bin', 'postgraphile')

export function peerInstalled(): boolean {
  return existsSync(node) && existsSync(postgraphile)
}

/** Runs setup.sh (Node 22 and postgraphile 5.1.5 from the npm registry; a minute or so the first time). */
export function installPeer(log: (line: string) => void): void {
  log(`installing the peer (PostGraphile v5 and Node 22) into ${path.relative(projectRoot, cache)}`)
  execFileSync('bash', [path.join(peerDir, 'setup.sh'), cache], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (!peerInstalled()) throw new Error(`bench/peer/setup.sh ran but ${path.relative(projectRoot, postgraphile)} is missing`)
}

/** Loads bench/peer/*.sql (schema `peer`, idempotent), in name order, into the bench database. */
export async function loadPeerSql(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('SET client_min_messages = warning')
    const files = readdirSync(peerDir).filter((f) => f.endsWith('.sql'))
    for (const file of files.sort()) {
      await client.query(readFileSync(path.join(peerDir, file), 'utf8'))
    }
  } finally {
    await client.end()
  }
}

/** PostGraphile on `port` over `url`, in production mode, as its users deploy it. */
export async function startPeer(label: string, url: string, port: number): Promise<Child> {
  await loadPeerSql(url)
  // The config imports `postgraphile`: it runs from beside the installed node_modules.
  copyFileSync(path.join(peerDir, 'graphile.config.mjs'), path.join(pg5, 'graphile.config.mjs'))
  return startChild({
    name: `PostGraphile (${label})`,
    command: { file: node, args: [postgraphile, '-C', 'graphile.config.mjs'], cwd: pg5 },
    port,
    env: { DATABASE_URL: url, PORT: String(port), NODE_ENV: 'production' },
  })
}
