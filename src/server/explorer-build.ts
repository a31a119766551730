import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../db/setup/project-paths.js'

// The explorer's files (explorer/): codegen types its queries and writes their manifest, esbuild
// bundles the page's script and styles under content-hashed names into explorer/dist/. Run at
// start when the files are missing or older than their sources, so no one builds them by hand.

export const explorerDir = path.join(projectRoot, 'explorer')
export const explorerDist = path.join(explorerDir, 'dist')
const manifestPath = path.join(explorerDist, 'manifest.json')

export interface ExplorerManifest {
  /** Digest of everything the build reads: a different one means the files are stale. */
  sourceHash: string
  /** File names under explorer/dist/assets/. */
  script: string
  style: string
  /** The explorer's persisted documents, hash → document (codegen's manifest). */
  documents: Record<string, string>
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) return entry.name === 'gql' ? [] : filesUnder(full)
      return [full]
    })
    .sort()
}

/** The sources, the schema, the build itself and the bundled libraries' versions. */
export function explorerSourceHash(): string {
  const hash = createHash('sha256')
  const inputs = [
    ...filesUnder(path.join(explorerDir, 'src')),
    path.join(explorerDir, 'codegen.ts'),
    path.join(projectRoot, 'schema.graphql'),
    new URL(import.meta.url).pathname,
    path.join(projectRoot, 'node_modules', 'cytoscape', 'package.json'),
  ]
  for (const file of inputs) hash.update(path.relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0')
  return hash.digest('hex')
}

export function readExplorerManifest(): ExplorerManifest | null {
  if (!existsSync(manifestPath)) return null
  return JSON.parse(readFileSync(manifestPath, 'utf8')) as ExplorerManifest
}

/** Codegen, then the bundle, written to a fresh folder that replaces explorer/dist/ whole. */
async function build(): Promise<ExplorerManifest> {
  const sourceHash = explorerSourceHash()
  // Build tools are loaded only when a build runs; a server with its files built needs neither.
  const { generate } = await import('@graphql-codegen/cli').catch(() => {
    throw new Error('Building the explorer needs the development dependencies (npm install without --omit=dev), or EXPLORER=false.')
  })
  const { default: codegenConfig } = await import('../../explorer/codegen.js')
  await generate(codegenConfig, true)
  const esbuild = await import('esbuild')
  const staging = `${explorerDist}.${process.pid}.tmp`
  rmSync(staging, { recursive: true, force: true })
  const result = await esbuild.build({
    entryPoints: [path.join(explorerDir, 'src', 'main.ts')],
    outdir: path.join(staging, 'assets'),
    entryNames: '[name].[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    legalComments: 'eof',
    metafile: true,
    logLevel: 'silent',
  })
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file))
  const script = outputs.find((file) => file.endsWith('.js'))
  const style = outputs.find((file) => file.endsWith('.css'))
  if (!script || !style) throw new Error(`The explorer's build wrote ${outputs.join(', ')}: a script and a stylesheet were expected`)
  const documents = JSON.parse(readFileSync(path.join(explorerDir, 'src', 'gql', 'persisted-documents.json'), 'utf8')) as Record<string, string>
  const manifest: ExplorerManifest = { sourceHash, script, style, documents }
  writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  rmSync(explorerDist, { recursive: true, force: true })
  mkdirSync(path.dirname(explorerDist), { recursive: true })
  renameSync(staging, explorerDist)
  return manifest
}

const lockPath = `${explorerDist}.lock`
const LOCK_STALE_MS = 120_000

/** One build at a time across processes (test files, a server starting): a folder made exclusively. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockPath)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      // A lock left by a process that died mid-build is taken over once it is old.
      const held = statSync(lockPath, { throwIfNoEntry: false })
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmSync(lockPath, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  try {
    return await work()
  } finally {
    rmSync(lockPath, { recursive: true, force: true })
  }
}

/** Builds the files now, whether or not they are current (`npm run explorer:build`). */
export const buildExplorer = (): Promise<ExplorerManifest> => withBuildLock(build)

const isCurrent = (manifest: ExplorerManifest | null): manifest is ExplorerManifest => manifest?.sourceHash === explorerSourceHash()

/** The built files, rebuilt first when they are missing or stale; `log` hears when that happens. */
export async function ensureExplorerBuilt(log: (line: string) => void = () => {}): Promise<ExplorerManifest> {
  const current = readExplorerManifest()
  // A production image ships the built files without their sources (npm run build made them).
  if (current && !existsSync(path.join(explorerDir, 'src'))) return current
  if (isCurrent(current)) return current
  return withBuildLock(async () => {
    // Another process may have built them while this one waited.
    const built = readExplorerManifest()
    if (isCurrent(built)) return built
    const started = performance.now()
    log(built ? 'The explorer changed since its last build: building it again…' : 'Building the explorer (first start)…')
    const manifest = await build()
    log(`Built the explorer in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return manifest
  })
}

export const explorerAssetFile = (name: string): string => path.join(explorerDist, 'assets', name)
