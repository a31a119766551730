import { type ChildProcess, spawn } from 'node:child_process'
import { freePort } from '../../bench/lib/processes.js'
import { projectRoot } from '../../src/db/setup/project-paths.js'

// The real server (src/main.ts) in a process of its own, started as a user starts it.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Its stdout and stderr, the latest 400 chunks. */
  output: string[]
  exited: Promise<number | null>
}

/**
 * Starts src/main.ts with only the given settings (no NODE_ENV=test, no test database, no .env
 * unless ENV_FILE names one) and waits for /healthz.
 */
export async function startServer(settings: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port), ENV_FILE: '', ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString())
    if (output.length > 400) output.shift()
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited during start-up:\n${output.join('')}`)
    if (Date.now() > deadline) throw new Error(`The server did not start:\n${output.join('')}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, output, exited }
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
}
