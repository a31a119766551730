// `npm run build`: the server as plain JavaScript in dist/, for production to run with `node
// dist/main.js` (no tsx, no npm in the process tree). esbuild bundles the project's own code, the
// generated Prisma client included; packages stay imports of node_modules, so `npm ci --omit=dev`
// gives the built server all it needs. prisma/ and seed/ are read from the project folder at run
// time (src/db/setup/project-paths.ts), as they are in development.
import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type BuildOptions, build } from 'esbuild'
import { projectRoot } from '../src/db/setup/project-paths.js'
import { buildExplorer } from '../src/server/explorer-build.js'

export const distDir = path.join(projectRoot, 'dist')

/** What dist/ holds: each name becomes dist/<name>.js. */
export const SERVER_ENTRIES = {
  main: 'src/main.ts',
  /** `node dist/migrate.js`: apply the migrations without starting the server. */
  migrate: 'src/db/setup/migrate.ts',
  /** Started by the server for the migrations at start-up, so the schema engine's memory goes with it. */
  'migrate-worker': 'src/db/setup/migrate-worker.ts',
} as const

const serverOptions: BuildOptions = {
  absWorkingDir: projectRoot,
  entryPoints: Object.entries(SERVER_ENTRIES).map(([out, source]) => ({ in: source, out })),
  outdir: distDir,
  bundle: true,
  // Shared code in chunks beside the entries (flat, so `new URL('./migrate-worker.js', import.meta.url)` holds).
  splitting: true,
  chunkNames: 'chunks-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  // Error classes and functions keep their names in messages and logs.
  keepNames: true,
  sourcemap: 'linked',
  logLevel: 'warning',
}

async function bundleServer(): Promise<string> {
  if (!existsSync(path.join(projectRoot, 'src', 'generated', 'prisma', 'client.ts'))) {
    throw new Error('The Prisma client is not generated: run `npm run prisma:generate` (npm install does), then build again.')
  }
  const result = await build({ ...serverOptions, metafile: true })
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'))
  const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0)
  return `server: ${outputs.length} files, ${(bytes / 1e6).toFixed(1)} MB of JavaScript`
}

/** The build's steps in order; another asset build (a web client, say) is one more line here. */
const steps: [name: string, run: () => Promise<string>][] = [
  ['server', bundleServer],
  ['explorer', async () => `explorer/dist/assets/${(await buildExplorer()).script}`],
]

async function main(): Promise<void> {
  const started = performance.now()
  rmSync(distDir, { recursive: true, force: true })
  for (const [name, run] of steps) {
    const summary = await run().catch((error: unknown) => {
      throw new Error(`build step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`)
    })
    console.log(summary)
  }
  console.log(
    `Built ${path.relative(process.cwd(), distDir) || distDir}/ in ${((performance.now() - started) / 1000).toFixed(1)} s; run it with \`node dist/main.js\``,
  )
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
