import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../bench/lib/processes.js'
import { runAs, serverUser } from '../src/db/setup/embedded-access.js'
import { binariesFor } from '../src/db/setup/embedded-binaries.js'
import { startEmbeddedPostgres } from '../src/db/setup/embedded.js'
import { projectRoot } from '../src/db/setup/project-paths.js'
import { startServer } from './helpers/server-process.js'

// The first start of the embedded PostgreSQL wherever the clone is (as root: from a folder the
// `postgres` user cannot enter), and every way it cannot start ending in one line on stderr.
// The machines and CI run this as root; as another user the same cases run as that user.

const root = os.userInfo().uid === 0
const user = serverUser()
const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** A folder only root (or whoever runs the tests) can enter, as /root is. */
function privateFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'partnerships-private-'))
  expect(statSync(dir).mode & 0o777).toBe(0o700)
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A data folder in the temp folder, which the server user can reach: it is used where it is. */
function reachableDataFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'partnerships-start-pg-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

interface Failed {
  code: number | null
  stdout: string
  stderr: string
}

/** `npm start`'s program in a process of its own, run until it exits (it should fail). */
function startExpectingFailure(settings: Record<string, string>): Promise<Failed> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', ENV_FILE: '', SEED_ON_START: 'false', ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000)
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    }),
  )
}

/** Exit code 1 and, on stderr, exactly one line matching `pattern`: no stack trace, nothing else. */
function expectOneLine(result: Failed, pattern: RegExp): void {
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '')
  expect(lines, result.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^Cannot start the embedded PostgreSQL/)
  expect(lines[0]).toMatch(pattern)
  expect(result.stderr + result.stdout).not.toMatch(/^\s+at /m)
  expect(result.code).toBe(1)
}

describe('the first start from a private folder', () => {
  it('serves, with its data where the server user can reach it and owned by that user', { timeout: 90_000 }, async () => {
    const wanted = path.join(privateFolder(), 'data')
    const server = await startServer({ EMBEDDED_PG_DIR: wanted, EMBEDDED_PG_PORT: String(await freePort()), SEED_ON_START: 'false' })
    const log = server.output.join('')
    const dataDir = /Embedded PostgreSQL running, data in (\S+)/.exec(log)?.[1]
    cleanups.push(async () => {
      server.child.kill('SIGTERM')
      await server.exited
      if (dataDir && dataDir !== wanted) rmSync(dataDir, { recursive: true, force: true })
    })
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
    const answer = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ companies { totalCount } }' }),
    })
    expect(await answer.json()).toEqual({ data: { companies: { totalCount: 0 } } })
    expect(user?.name).toBe(root ? 'postgres' : undefined)
    if (user) {
      // Root: PostgreSQL runs as `postgres`, which cannot enter the private folder.
      expect(dataDir).toMatch(/^\/(var\/lib|tmp)\/.*ai-partnerships-graph\/data-data-[0-9a-f]{12}$/)
      expect(log).toContain(`(the "postgres" user it runs as cannot reach ${wanted})`)
      expect(statSync(dataDir!).uid).toBe(user.uid)
    } else {
      expect(dataDir).toBe(wanted)
    }
    expect(readFileSync(path.join(dataDir!, 'PG_VERSION'), 'utf8').trim()).toBe('18')

    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
  })

  it('runs binaries it cannot reach from a copy it owns, made once', { timeout: 60_000 }, async () => {
    // The installed package, copied into a private folder under a version no real run uses.
    const { bin } = await binariesFor(undefined)
    const packaged = path.join(privateFolder(), 'linux-x64')
    cpSync(path.resolve(bin, '..', '..'), packaged, { recursive: true, verbatimSymlinks: true })
    const version = `0.0.0-test-${process.pid}-${Date.now()}`
    writeFileSync(path.join(packaged, 'package.json'), JSON.stringify({ version }))

    const binaries = await binariesFor(user, path.join(packaged, 'native'))
    expect(binaries.major).toBe(18)
    if (user) {
      const copy = path.resolve(binaries.bin, '..')
      cleanups.push(() => rmSync(copy, { recursive: true, force: true }))
      expect(copy).toMatch(new RegExp(`ai-partnerships-graph/postgres-${version}$`))
      expect(statSync(path.join(binaries.bin, 'postgres')).uid).toBe(user.uid)
      expect(await binariesFor(user, path.join(packaged, 'native'))).toEqual(binaries)
    } else {
      expect(binaries.bin).toBe(path.join(packaged, 'native', 'bin'))
    }
  })
})

describe('a start that cannot succeed says why in one line', () => {
  it('names the port in use and the setting to change', { timeout: 60_000 }, async () => {
    const port = await freePort()
    const taken: Server = await new Promise((resolve) => {
      const server = createServer().listen(port, '127.0.0.1', () => resolve(server))
    })
    cleanups.push(() => new Promise((resolve) => taken.close(resolve)))
    const result = await startExpectingFailure({ EMBEDDED_PG_DIR: reachableDataFolder(), EMBEDDED_PG_PORT: String(port) })
    expectOneLine(result, new RegExp(`port ${port} is already in use\\. Set EMBEDDED_PG_PORT to a free port`))
  })

  it('refuses a data folder of another PostgreSQL major version', { timeout: 60_000 }, async () => {
    const dataDir = reachableDataFolder()
    writeFileSync(path.join(dataDir, 'PG_VERSION'), '12\n')
    const result = await startExpectingFailure({ EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) })
    expectOneLine(result, /holds data of PostgreSQL 12, and this one is PostgreSQL 18\. Move that folder away/)
  })

  it('names the process a stale postmaster.pid points at, and what to do', { timeout: 60_000 }, async () => {
    const dataDir = reachableDataFolder()
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true })
    await first.stop()
    // A live process of the server's user that is no PostgreSQL, as after a crash and a reused pid.
    const sleeper = spawn('sleep', ['60'], { ...runAs(user), stdio: 'ignore' })
    cleanups.push(() => sleeper.kill('SIGKILL'))
    writeFileSync(path.join(dataDir, 'postmaster.pid'), `${sleeper.pid}\n${dataDir}\n`)

    const result = await startExpectingFailure({ EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) })
    expectOneLine(
      result,
      new RegExp(
        `postmaster\\.pid says process ${sleeper.pid} is serving that folder.*kill -INT ${sleeper.pid}.*delete .*postmaster\\.pid and start again`,
      ),
    )
  })

  it('starts over a postmaster.pid whose process is gone', { timeout: 60_000 }, async () => {
    const dataDir = reachableDataFolder()
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true })
    await first.stop()
    const gone = spawn('true')
    await new Promise((resolve) => gone.once('exit', resolve))
    writeFileSync(path.join(dataDir, 'postmaster.pid'), `${gone.pid}\n${dataDir}\n`)

    const again = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true })
    expect(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]).not.toBe(String(gone.pid))
    await again.stop()
  })
})
