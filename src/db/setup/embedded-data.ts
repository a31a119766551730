// The embedded server's data folder: where it is asked for when the server's user can reach that
// place, else in a folder of its own under a reachable home; checked before PostgreSQL sees it.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { canEnter, giveTo, reachableHome, type ServerUser } from './embedded-access.js'
import { EmbeddedStartError, otherMajorVersion } from './embedded-errors.js'

export interface DataFolder {
  dir: string
  /** Why it is not where it was asked for, when it is not. */
  movedBecause?: string
}

function makeFolder(dir: string, mode: number): void {
  try {
    mkdirSync(dir, { recursive: true, mode })
  } catch (error) {
    throw new EmbeddedStartError(
      `Cannot start the embedded PostgreSQL: cannot make its data folder ${dir} (${(error as NodeJS.ErrnoException).code}). Set EMBEDDED_PG_DIR to a folder that can be made.`,
    )
  }
}

/** The data folder for `wanted`, made and owned by the server's user. */
export function placeDataFolder(user: ServerUser | undefined, wanted: string): DataFolder {
  let folder: DataFolder = { dir: path.resolve(wanted) }
  makeFolder(path.dirname(folder.dir), 0o755)
  if (user && !canEnter(user, path.dirname(folder.dir))) {
    // A folder per asked-for path, so two clones keep apart what each would have kept at home.
    const key = createHash('sha256').update(folder.dir).digest('hex').slice(0, 12)
    folder = {
      dir: path.join(reachableHome(user), `data-${path.basename(folder.dir)}-${key}`),
      movedBecause: `the "${user.name}" user it runs as cannot reach ${folder.dir}`,
    }
  }
  makeFolder(folder.dir, 0o700)
  giveTo(user, folder.dir)
  return folder
}

/** Whether the folder holds a database cluster already; refuses one of another major version. */
export function isInitialised(dataDir: string, major: number): boolean {
  const versionFile = path.join(dataDir, 'PG_VERSION')
  if (!existsSync(versionFile)) return false
  const found = readFileSync(versionFile, 'utf8').trim()
  if (found !== String(major)) throw otherMajorVersion(dataDir, found, major)
  return true
}
