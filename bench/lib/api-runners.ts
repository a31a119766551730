import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import { runtimeStage } from './dockerfile.js'
import { type Child, startChild } from './processes.js'
import { listenerPid } from './rss.js'

// The API started the three ways this project runs it, for figures that compare them:
// - node: production, the build in dist/ under node itself (`npm run build`, then `node dist/main.js`),
//         with the settings the Dockerfile's ENV gives it (memory: MALLOC_ARENA_MAX, NODE_OPTIONS);
// - tsx:  one node process with tsx's loader, as the bench and the tests start src/main.ts;
// - npm:  `npm start` as the README says for development (npm, then tsx's CLI, then the server).

export const RUNNERS = ['node', 'tsx', 'npm'] as const
export type Runner = (typeof RUNNERS)[number]

export const RUNNER_COMMANDS: Record<Runner, string> = {
  node: 'node dist/main.js',
  tsx: 'node --import tsx src/main.ts',
  npm: 'npm start',
}

/** What the image sets for the server (Dockerfile ENV), as it runs outside Docker. */
export function productionSettings(): Record<string, string> {
  return runtimeStage().env
}

/** `npm run build` in this process's project: dist/ from the current sources. */
export function buildServer(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', 'build.ts')], { cwd: projectRoot, stdio: 'pipe' })
}

export interface RunningApi extends Child {
  runner: Runner
  /** The process that listens on the port: the server itself, under npm and tsx's CLI when they wrap it. */
  serverPid: number
}

/** Production settings on `databaseUrl`, rate limiting off (the load comes from one address), warnings only in the log. */
export async function startApi(options: {
  runner: Runner
  databaseUrl: string
  port: number
  /** Flags for node (the node and tsx runners). */
  nodeArgs?: string[]
  env?: Record<string, string>
  /** The node runner without the Dockerfile's ENV. */
  bare?: boolean
}): Promise<RunningApi> {
  const { runner, port } = options
  const nodeArgs = options.nodeArgs ?? []
  const command =
    runner === 'node'
      ? { file: process.execPath, args: [...nodeArgs, 'dist/main.js'], cwd: projectRoot }
      : runner === 'npm'
        ? { file: 'npm', args: ['start', '--silent'], cwd: projectRoot }
        : undefined
  const child = await startChild({
    name: `API (${RUNNER_COMMANDS[runner]})`,
    ...(command ? { command } : { script: 'src/main.ts', nodeArgs }),
    port,
    env: {
      ...(runner === 'node' && !options.bare ? productionSettings() : {}),
      DATABASE_URL: options.databaseUrl,
      SEED_ON_START: 'false',
      NODE_ENV: 'production',
      RATE_LIMIT: 'false',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...options.env,
    },
  })
  const serverPid = listenerPid(child.process.pid!, port)
  if (serverPid === null) {
    await child.stop()
    throw new Error(`No process under ${RUNNER_COMMANDS[runner]} (pid ${child.process.pid}) listens on port ${port}`)
  }
  return {
    ...child,
    runner,
    serverPid,
    // SIGTERM to the server itself: npm passes no signal on to tsx's CLI and would leave it running.
    async stop() {
      const exited = new Promise((resolve) => (child.process.exitCode !== null ? resolve(null) : child.process.once('exit', resolve)))
      try {
        process.kill(serverPid, 'SIGTERM')
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 25_000).unref())])
      await child.stop()
    },
  }
}
