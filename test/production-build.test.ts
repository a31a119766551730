import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCopy, type RuntimeStage, runtimeStage } from '../bench/lib/dockerfile.js'
import { freePort } from '../bench/lib/processes.js'
import { processTree } from '../bench/lib/rss.js'
import { projectRoot } from '../src/db/setup/project-paths.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'

// The production image, run outside Docker (no Docker engine on these machines): `npm run build`
// (the build stage's last step), then the Dockerfile's last stage replayed step by step in a temp
// folder (its COPYs, from the project or from the build; its `npm ci`, with --prefer-offline so
// it reads the local npm cache; RUNs that only prepare the image are left out), then its CMD with
// its ENV against an empty database, and its HEALTHCHECK.

const run = promisify(execFile)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let stage: RuntimeStage
let image: string
let database: TestDatabase
let server: { url: string; port: number; child: ChildProcess; output: string[]; exited: Promise<number | null> }

/** The runtime stage's steps in `dir`: copies and the production install. */
async function replayRuntimeStage(dir: string): Promise<void> {
  for (const { keyword, text } of stage.instructions) {
    if (keyword === 'COPY') {
      const copy = parseCopy(text)
      // The build stage works in the same WORKDIR on a copy of the project: its files are the project's.
      const sourceOf = (source: string) =>
        copy.from === null ? path.join(projectRoot, source) : path.join(projectRoot, path.relative(stage.workdir, source))
      for (const source of copy.sources) {
        const target = copy.dest.endsWith('/') ? path.join(dir, copy.dest, path.basename(source)) : path.join(dir, copy.dest)
        mkdirSync(path.dirname(target), { recursive: true })
        cpSync(sourceOf(source), target, { recursive: true })
      }
    } else if (keyword === 'RUN') {
      for (const command of text.split('&&').map((part) => part.trim())) {
        if (command.startsWith('npm ci')) await run('sh', ['-c', `${command} --prefer-offline`], { cwd: dir, env: process.env })
      }
    }
  }
}

async function startImageCommand(): Promise<typeof server> {
  const port = await freePort()
  const [program, ...args] = stage.cmd
  expect(program).toBe('node')
  const child = spawn(process.execPath, args, {
    cwd: image,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...stage.env,
      ENV_FILE: '',
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      // On, to prove its files are found from the built server (production leaves it off).
      GRAPHIQL: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  for (const deadline = Date.now() + 120_000; ; await sleep(200)) {
    if (child.exitCode !== null) throw new Error(`The built server exited during start-up:\n${output.join('')}`)
    if (Date.now() > deadline) throw new Error(`The built server did not get ready:\n${output.join('')}`)
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) return { url, port, child, output, exited }
  }
}

beforeAll(async () => {
  stage = runtimeStage()
  await run('npm', ['run', 'build'], { cwd: projectRoot, env: process.env })
  image = mkdtempSync(path.join(os.tmpdir(), 'partnerships-image-'))
  await replayRuntimeStage(image)
  database = await createTestDatabase({ empty: true })
  server = await startImageCommand()
}, 300_000)

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL')
    await server.exited
  }
  await database?.drop()
  if (image) rmSync(image, { recursive: true, force: true })
})

const ask = async (query: string) => {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  })
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] } }
}

describe('the Dockerfile', () => {
  it('builds in a stage of its own and runs node on dist/main.js as a non-root user, checked on /readyz', () => {
    const dockerfile = readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8')
    expect(dockerfile).toMatch(/^RUN .*npm run build/m)
    expect(stage.cmd).toEqual(['node', 'dist/main.js'])
    expect(stage.entrypoint).toBeNull()
    expect(stage.user).toBe('node')
    expect(stage.runs.some((command) => /npm ci --omit=dev --ignore-scripts/.test(command))).toBe(true)
    expect(stage.env.NODE_ENV).toBe('production')
    expect(stage.healthcheck.join(' ')).toContain('/readyz')
  })
})

describe('the production install', () => {
  it('holds no package that only the dev dependencies need: no tsx, vitest, biome or esbuild', () => {
    const lock = JSON.parse(readFileSync(path.join(image, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }
    const devOnly = Object.entries(lock.packages)
      .filter(([where, entry]) => where.startsWith('node_modules/') && entry.dev === true)
      .map(([where]) => where)
    expect(devOnly.length).toBeGreaterThan(0)
    expect(devOnly.filter((where) => existsSync(path.join(image, where)))).toEqual([])
    for (const tool of ['tsx', 'vitest', '@biomejs/biome', 'esbuild', 'autocannon'])
      expect(existsSync(path.join(image, 'node_modules', tool)), tool).toBe(false)
    // The server's own runtime packages are there.
    for (const name of ['graphql-yoga', '@prisma/client', '@prisma/schema-engine-wasm'])
      expect(existsSync(path.join(image, 'node_modules', name)), name).toBe(true)
  })
})

describe('the built server', () => {
  it('is node itself on dist/main.js, with nothing under it and no tsx', () => {
    const tree = processTree(server.child.pid!)
    expect(tree.map((p) => p.command)).toEqual([`${process.execPath} dist/main.js`])
    expect(tree[0]!.command).not.toMatch(/tsx/)
  })

  it('applied every migration to the empty database (the schema engine from dist/) and loaded the shipped data', async () => {
    const readiness = (await (await fetch(`${server.url}/readyz`)).json()) as { status: string; pending: string[] }
    expect(readiness).toMatchObject({ status: 'ready', pending: [] })
    expect(server.output.join('')).toMatch(/Loaded the shipped dataset \(\d+ records\)/)
    const { status, body } = await ask('{ company(slug: "openai") { name } companies { totalCount } }')
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    expect(body.data).toMatchObject({ company: { name: 'OpenAI' } })
    expect((body.data!.companies as { totalCount: number }).totalCount).toBeGreaterThan(10)
  })

  it("passes the image's HEALTHCHECK", async () => {
    const [program, ...args] = stage.healthcheck
    expect(program).toBe('node')
    await expect(run(process.execPath, args, { env: { PATH: process.env.PATH ?? '', PORT: String(server.port) } })).resolves.toBeDefined()
  })

  it('serves the GraphiQL page and its files from the installed package', async () => {
    const page = await (await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } })).text()
    const asset = /src="(\/graphiql\/assets\/[^"]+\.js)"/.exec(page)?.[1]
    expect(asset, page.slice(0, 500)).toBeDefined()
    const file = await fetch(`${server.url}${asset}`)
    expect(file.status).toBe(200)
    expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
  })

  it('serves the explorer built with the server, without its sources', async () => {
    const page = await (await fetch(`${server.url}/`)).text()
    const script = /src="(\/explorer\/assets\/[^"]+\.js)"/.exec(page)?.[1]
    expect(script, page.slice(0, 500)).toBeDefined()
    expect((await fetch(`${server.url}${script}`)).status).toBe(200)
  })

  it('drains a request in flight on SIGTERM, then exits 0', { timeout: 60_000 }, async () => {
    // A lock on "Company" keeps the request waiting in PostgreSQL while the signal arrives.
    const locker = new pg.Client({ connectionString: database.url })
    await locker.connect()
    await locker.query('BEGIN')
    await locker.query('LOCK TABLE "Company" IN ACCESS EXCLUSIVE MODE')
    const inFlight = ask('{ companies { totalCount } }')
    const watcher = new pg.Client({ connectionString: database.url })
    await watcher.connect()
    for (let waiting = 0; waiting === 0; await sleep(50)) {
      const { rows } = await watcher.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      )
      waiting = rows[0]!.n
    }
    await watcher.end()
    server.child.kill('SIGTERM')
    await sleep(300)
    expect(server.child.exitCode).toBeNull()
    await locker.query('COMMIT')
    await locker.end()
    const answer = await inFlight
    expect(answer.status).toBe(200)
    expect(answer.body.errors).toBeUndefined()
    expect(await server.exited, server.output.join('')).toBe(0)
    expect(server.output.join('')).toContain('SIGTERM: stopping; 1 request(s) in flight')
    expect(server.output.join('')).toContain('Stopped.')
  })
})
