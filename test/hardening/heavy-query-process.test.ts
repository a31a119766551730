import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../bench/lib/processes.js'
import { loadShippedData } from '../../seed/load.js'
import { createPrismaClient } from '../../src/db/setup/client.js'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'

// The attack of issue 19 (#2) against the real server (src/main.ts, production mode, the shipped
// data): one request held the event loop — /healthz stalled 24.7 s — until a 162 MB answer was
// built. Here /healthz is asked every 25 ms while the heaviest requests the limits still let run
// are served, and must keep answering. How long its worst answer takes is a speed figure of a
// shared, noisy machine (bench/RESULTS.md "Worst requests"); what is asserted is that it keeps
// answering while the request runs, never stalled for most of it as it was then.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let database: TestDatabase
let child: ChildProcess
let url: string
const output: string[] = []

beforeAll(async () => {
  database = await createTestDatabase()
  const prisma = createPrismaClient(database.url)
  await loadShippedData(prisma)
  await prisma.$disconnect()
  const port = await freePort()
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      SEED_ON_START: 'false',
      RATE_LIMIT: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  url = `http://127.0.0.1:${port}`
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null || tries > 600) throw new Error(`The server did not start:\n${output.join('')}`)
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    await sleep(100)
  }
}, 120_000)
afterAll(async () => {
  child?.kill('SIGTERM')
  if (child && child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve))
  await database?.drop()
})

interface Measured {
  status: number
  code?: string
  bytes: number
  ms: number
  /** The slowest /healthz answer while the request ran. */
  healthMs: number
  /** /healthz answers received while the request ran. */
  healthAnswers: number
}

/** Sends `query` while /healthz is asked every 25 ms (each waiting for the one before). */
async function underWatch(query: string): Promise<Measured> {
  let running = true
  let healthMs = 0
  let healthAnswers = 0
  const watching = (async () => {
    while (running) {
      const started = performance.now()
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      healthMs = Math.max(healthMs, performance.now() - started)
      if (running) healthAnswers++
      await sleep(25)
    }
  })()
  const started = performance.now()
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  })
  const text = await response.text()
  const ms = performance.now() - started
  running = false
  await watching
  const code =
    text.length < 10_000 ? (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code : undefined
  return { status: response.status, ...(code && { code }), bytes: text.length, ms, healthMs, healthAnswers }
}

const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ')
const EVERY_CLAUSE_FIELD =
  'id key kind summary exclusivity percentage capped condition note status statusNote startsOn { text precision earliest latest } endsOn { text precision earliest latest } amount { amount currency } cap { amount currency }'
const fanOut = (aliases: number, levels: number, fields: string) => {
  const nest = (level: number): string => (level === 1 ? `clauses { ${fields} }` : `clauses { agreement { ${nest(level - 1)} } }`)
  return `{ ${repeat(aliases, (i) => `a${i}: agreement(slug: "microsoft-openai-2026-04-amendment") { ${nest(levels)} }`)} }`
}

/** Peak resident memory of the server process so far (Linux). */
const peakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024

/**
 * /healthz kept answering while the request ran: several answers, and no stall over most of the
 * request (the longest is Prisma turning one large result into objects, in one piece).
 */
function expectHealthzAnswered(measured: Measured): void {
  expect(measured.healthAnswers).toBeGreaterThanOrEqual(3)
  expect(measured.healthMs).toBeLessThan(0.9 * measured.ms)
}

describe('the real server under the attack of issue 19', () => {
  it('refuses the attack at once, and /healthz keeps answering', { timeout: 60_000 }, async () => {
    const attack = await underWatch(fanOut(10, 4, 'key'))
    console.log('the attack:', attack)
    expect(attack).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' })
    expect(attack.ms).toBeLessThan(2_000)
  })

  it('stops the heaviest fan-out the price lets through at the response cap; /healthz answers meanwhile', { timeout: 120_000 }, async () => {
    // Four aliases of three levels with every clause field: priced about 281,000 of 300,000,
    // 32 MB had it been built. Measured the second time, as a server that has been up a while
    // (the first run also compiles the code it goes through).
    await underWatch(fanOut(4, 3, EVERY_CLAUSE_FIELD))
    const heaviest = await underWatch(fanOut(4, 3, EVERY_CLAUSE_FIELD))
    console.log('the heaviest fan-out:', heaviest, `peak RSS ${Math.round(peakRssMb())} MB`)
    expect(heaviest).toMatchObject({ status: 400, code: 'RESPONSE_TOO_LARGE' })
    expect(heaviest.bytes).toBeLessThan(500)
    expectHealthzAnswered(heaviest)
  })

  it('answers the largest fan-out under the cap whole, /healthz answering meanwhile', { timeout: 120_000 }, async () => {
    const largest = await underWatch(fanOut(10, 3, 'key'))
    console.log('the largest answer:', largest, `peak RSS ${Math.round(peakRssMb())} MB`)
    expect(largest.status).toBe(200)
    expect(largest.bytes).toBeGreaterThan(6_000_000)
    expectHealthzAnswered(largest)
  })
})
