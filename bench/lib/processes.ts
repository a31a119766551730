import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import { environmentSubset } from '../../src/env.js'

// The servers under test run as child processes on 127.0.0.1: the project's TypeScript through
// tsx's loader, or any other program (`command`, as the peer runs under its own Node).

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export interface Child {
  name: string
  url: string
  process: ChildProcess
  /** Asks it to stop (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>
}

/**
 * Starts `script` (a path from the project root) or `command` with `env`, and waits until a POST to
 * `${url}/graphql` answers. Its output is kept and shown only if it fails to start.
 */
export async function startChild(options: {
  name: string
  script?: string
  /** Arguments after `script`. */
  scriptArgs?: string[]
  command?: { file: string; args: string[]; cwd: string }
  port: number
  env: Record<string, string>
  nodeArgs?: string[]
  readyBody?: string
  timeoutMs?: number
}): Promise<Child> {
  const output: string[] = []
  const [file, args, cwd] = options.command
    ? [options.command.file, options.command.args, options.command.cwd]
    : [
        process.execPath,
        [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(projectRoot, options.script ?? ''), ...(options.scriptArgs ?? [])],
        projectRoot,
      ]
  const child = spawn(file, args, {
    cwd,
    // ENV_FILE empty: a developer's .env must not change what the bench measures.
    env: { ...environmentSubset(['PATH', 'HOME']), ENV_FILE: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString())
    if (output.length > 200) output.shift()
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${options.port}`

  const deadline = Date.now() + (options.timeoutMs ?? 90_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited during start-up:\n${output.join('')}`)
    try {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: options.readyBody ?? JSON.stringify({ query: '{ __typename }' }),
      })
      await response.arrayBuffer()
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${options.name} did not answer within ${(options.timeoutMs ?? 90_000) / 1000} s:\n${output.join('')}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }

  return {
    name: options.name,
    url,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    },
  }
}
