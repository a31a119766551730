// Who the embedded PostgreSQL runs as, and which folders that user can reach. PostgreSQL refuses to
// run as root, so under root it runs as the `postgres` user, which cannot enter a private folder
// such as /root (mode 700): what it runs and its data must then live somewhere it can reach.
import { spawnSync } from 'node:child_process'
import { chownSync, lchownSync, mkdirSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EmbeddedStartError } from './embedded-errors.js'

export interface ServerUser {
  name: string
  uid: number
  gid: number
}

const userName = 'postgres'

function idOf(flag: '-u' | '-g'): number | undefined {
  const result = spawnSync('id', [flag, userName], { encoding: 'utf8' })
  return result.status === 0 ? Number(result.stdout.trim()) : undefined
}

/** The user the server runs as: undefined means this process's own (it is not root). */
export function serverUser(): ServerUser | undefined {
  if (os.userInfo().uid !== 0) return undefined
  if (idOf('-u') === undefined) {
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', userName], {
      encoding: 'utf8',
    })
    if (made.status !== 0) {
      const why = (made.error?.message ?? made.stderr).trim()
      throw new EmbeddedStartError(
        `Cannot start the embedded PostgreSQL: it cannot run as root and there is no "${userName}" user to run it as (useradd failed: ${why}). ` +
          `Create one (useradd --system --user-group ${userName}) or set DATABASE_URL to an external server.`,
      )
    }
  }
  return { name: userName, uid: idOf('-u')!, gid: idOf('-g')! }
}

/** Options that make a child process run as `user` (nothing when it is this process's own). */
export function runAs(user: ServerUser | undefined): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {}
}

/** Whether `user` can enter `dir` (every folder on the way included), asked of the system itself. */
export function canEnter(user: ServerUser | undefined, dir: string): boolean {
  if (!user) return true
  return spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], runAs(user)).status === 0
}

// Root-owned and world-enterable: /var/lib where it is writable (it is kept across reboots), else
// the temp folder.
const homes = [path.join('/var/lib', 'ai-partnerships-graph'), path.join(os.tmpdir(), 'ai-partnerships-graph')]

/** A folder `user` can reach, kept between runs, for what it cannot reach where it was asked for. */
export function reachableHome(user: ServerUser): string {
  for (const home of homes) {
    try {
      mkdirSync(home, { recursive: true, mode: 0o755 })
      if (canEnter(user, home)) return home
    } catch {
      // Not writable here (a read-only /var, say): try the next place.
    }
  }
  throw new EmbeddedStartError(
    `Cannot start the embedded PostgreSQL: the "${user.name}" user can reach none of ${homes.join(', ')}. ` +
      'Set EMBEDDED_PG_DIR to a folder it can reach, or DATABASE_URL to an external server.',
  )
}

/** Gives `dir` and everything in it to `user` (symbolic links themselves, not what they point to). */
export function giveTo(user: ServerUser | undefined, dir: string, { recursive = false } = {}): void {
  if (!user) return
  chownSync(dir, user.uid, user.gid)
  if (!recursive) return
  for (const entry of readdirSync(dir, { recursive: true })) lchownSync(path.join(dir, String(entry)), user.uid, user.gid)
}
