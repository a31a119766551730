// `npm run bench`: load tests of the real HTTP server on generated graphs of two sizes.
//
//   npm run bench -- [--sizes 1000,100000] [--seconds 10] [--warmup 3] [--connections 10]
//                    [--only signature,floor,changes,path-hubs,path-asof,path-far,neighborhood,search] [--seed 42] [--profile] [--cached]
//                    [--resolvers] [--rounds 1]
//
// For each size (agreement versions; companies = agreements / 10) a database bench_<size> on the
// target server holds a generated graph (src/synthetic/), made once and reused until the generator
// version, seed or size changes. The target server is DATABASE_URL (it must be on 127.0.0.1) or the
// embedded PostgreSQL. The API runs as it does in production (src/main.ts in a child process,
// NODE_ENV=production, SEED_ON_START=false, rate limiting off: the load comes from one IP); the floor (bench/lib/floor-server.ts) answers the
// signature query with one hand-written SQL statement over plain node:http, and must return the
// same data as the API, or the bench stops. Each case gets a warm-up, then a fixed time of
// `connections` concurrent connections (autocannon). SQL statements per request are counted by
// running each query once in this process through createServer() with a counting Prisma client.
// All sizes are served at once and measured case by case, so the sizes of one case are measured
// seconds apart (the machine's speed drifts over minutes); the table ends with each case's latency
// on the largest size ÷ on the smallest. --rounds N measures everything N times, the order of the
// sizes turned round each time, and reports the median of the rounds' percentiles.
// Results are printed and written to bench/results/latest.json (git-ignored).
//
// --cached runs the API with its response cache on (RESPONSE_CACHE_TTL_MS); figures from such a run
// are the cached ones, to be reported beside, never instead of, the uncached default.
//
// --resolvers runs the API with SQL_EXECUTION=false: every query through the resolvers, none
// answered by SQL-built statements (src/sql-execution/), to measure what those add.
//
// --profile runs the largest size only (and only the signature query unless --only says) with the
// server under `node --cpu-prof`, and prints where its CPU time went while the first case ran, by
// layer (bench/lib/profile.ts).
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startEmbeddedPostgres } from '../src/db/embedded.js'
import { projectRoot } from '../src/db/paths.js'
import { env } from '../src/env.js'
import { GENERATOR_VERSION } from '../src/synthetic/generate.js'
import { type BenchSize, ensureBenchDatabase, type Picks, pickVariables, sizeOf } from './lib/databases.js'
import { FLOOR_SQL, firstDifference } from './lib/floor.js'
import { type LoadResult, runLoad } from './lib/load.js'
import { type Child, freePort, startChild } from './lib/processes.js'
import { printProfile, summariseProfile, type ProfileSummary } from './lib/profile.js'
import { mergeRounds, printScaling, scaling } from './lib/scaling.js'
import {
  CHANGES_QUERY,
  SEARCH_HIT_TYPES,
  NEIGHBORHOOD_QUERY,
  PATH_QUERY,
  searchQuery,
  SIGNATURE_QUERY,
  SIGNATURE_VARIABLES,
} from './lib/queries.js'
import { type GraphQLAnswer, inProcessApi } from './lib/statements.js'

const CASES = ['signature', 'floor', 'changes', 'path-hubs', 'path-asof', 'path-far', 'neighborhood', 'search'] as const
type CaseName = (typeof CASES)[number]

interface Options {
  sizes: number[]
  seconds: number
  warmup: number
  connections: number
  only: Set<CaseName>
  seed: number
  profile: boolean
  cached: boolean
  resolvers: boolean
  rounds: number
}

/** When the first case of a size was measured (the signature query, unless --only leaves it out), for the CPU profile. */
interface ProfileWindow {
  from: number
  to: number
  requests: number
}

interface CaseResult extends LoadResult {
  size: string
  name: CaseName
  description: string
  /** SQL statements per request (the floor: 1). */
  statements: number | null
  /** req/s of this case ÷ req/s of the floor (signature query only). */
  ratioToFloor: number | null
  note?: string
}

interface Skipped {
  size: string
  name: CaseName
  reason: string
}

const resultsDir = path.join(projectRoot, 'bench', 'results')
/** The monotonic clock V8's CPU profiles use, shared by all processes of this machine. */
const microseconds = () => Number(process.hrtime.bigint() / 1000n)
const log = (line: string) => console.log(line)

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,100000' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      only: { type: 'string' },
      seed: { type: 'string', default: '42' },
      profile: { type: 'boolean', default: false },
      cached: { type: 'boolean', default: false },
      resolvers: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log('Usage: npm run bench -- [--sizes 1000,100000] [--seconds 10] [--warmup 3] [--connections 10] [--only a,b] [--seed 42] [--profile] [--cached] [--resolvers] [--rounds 1]')
    process.exit(0)
  }
  const positive = (name: string, value: string, max: number) => {
    const n = Number(value.replace(/_/g, ''))
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max} (got "${value}")`)
    return n
  }
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : values.profile ? ['signature'] : [...CASES]
  for (const name of only) if (!CASES.includes(name as CaseName)) throw new Error(`--only: unknown case "${name}" (cases: ${CASES.join(', ')})`)
  const sizes = values.sizes.split(',').map((s) => positive('sizes', s.trim(), 2_000_000))
  return {
    sizes: values.profile ? [Math.max(...sizes)] : sizes,
    seconds: positive('seconds', values.seconds, 120),
    warmup: positive('warmup', values.warmup, 60),
    connections: positive('connections', values.connections, 256),
    only: new Set(only as CaseName[]),
    seed: positive('seed', values.seed, 2 ** 31),
    profile: values.profile,
    cached: values.cached,
    resolvers: values.resolvers,
    rounds: positive('rounds', values.rounds, 20),
  }
}

/** The server that holds the bench databases: DATABASE_URL on this machine, else the embedded one. */
async function openTarget(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL)
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
      throw new Error(`The bench only connects to 127.0.0.1; DATABASE_URL points at ${url.hostname}`)
    }
    url.hostname = '127.0.0.1'
    return { adminUrl: url.toString(), stop: async () => {} }
  }
  const server = await startEmbeddedPostgres()
  return { adminUrl: server.adminUrl, stop: server.stop }
}

async function post(url: string, body: string): Promise<GraphQLAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(120_000),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`)
  return JSON.parse(text) as GraphQLAnswer
}

interface Case {
  name: CaseName
  description: string
  target: 'api' | 'floor'
  query?: string
  variables: Record<string, unknown>[]
  note?: string
}

function typo(word: string): string {
  return word.length < 5 ? word : `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`
}

async function buildCases(picks: Picks, only: Set<CaseName>): Promise<{ cases: Case[]; skipped: { name: CaseName; reason: string }[] }> {
  const cases: Case[] = []
  const skipped: { name: CaseName; reason: string }[] = []
  const [hubA, hubB, hubC] = picks.hubs
  cases.push({
    name: 'signature',
    description: 'licences by exclusivity and date, 50 per page, nested',
    target: 'api',
    query: SIGNATURE_QUERY,
    variables: SIGNATURE_VARIABLES.map((v) => ({ ...v })),
  })
  cases.push({
    name: 'floor',
    description: 'the signature query as one SQL statement (node:http + pg)',
    target: 'floor',
    variables: SIGNATURE_VARIABLES.map((v) => ({ ...v })),
  })
  if (picks.amended.length > 0) {
    cases.push({
      name: 'changes',
      description: 'an amended agreement with versions and changes',
      target: 'api',
      query: CHANGES_QUERY,
      variables: picks.amended.map((slug) => ({ slug })),
    })
  } else skipped.push({ name: 'changes', reason: 'no amended agreement in the graph' })
  if (hubA && hubB) {
    cases.push({
      name: 'path-hubs',
      description: `partnershipPath between the two biggest hubs (${hubA.degree} and ${hubB.degree} deals)`,
      target: 'api',
      query: PATH_QUERY,
      variables: [{ from: hubA.slug, to: hubB.slug, maxHops: 4 }],
    })
  } else skipped.push({ name: 'path-hubs', reason: 'fewer than two hubs' })
  if (hubA && hubB && picks.asOf) {
    cases.push({
      name: 'path-asof',
      description: `partnershipPath between the two biggest hubs as of ${picks.asOf} (three years before the newest start), through the in-force windows`,
      target: 'api',
      query: PATH_QUERY,
      variables: [{ from: hubA.slug, to: hubB.slug, maxHops: 4, activeOn: picks.asOf }],
    })
  } else skipped.push({ name: 'path-asof', reason: 'fewer than two hubs or no dated agreement' })
  if (picks.smallPairs.length > 0) {
    cases.push({
      name: 'path-far',
      description: `partnershipPath between two small players (one deal each), ${picks.smallPairs.length} pairs in turn`,
      target: 'api',
      query: PATH_QUERY,
      variables: picks.smallPairs.map(([from, to]) => ({ from, to, maxHops: 4 })),
    })
  } else skipped.push({ name: 'path-far', reason: 'no two companies with a single deal' })
  if (picks.smallPlayer) {
    cases.push({
      name: 'neighborhood',
      description: 'neighborhood two deals around a small player, for a graph view (default budget: 500 edges)',
      target: 'api',
      query: NEIGHBORHOOD_QUERY,
      variables: [{ slug: picks.smallPlayer, depth: 2 }],
    })
  } else skipped.push({ name: 'neighborhood', reason: 'no company with a single deal' })

  // The server runs in production mode, where introspection is off: the hit types are the
  // members of the SearchHit union in schema.graphql.
  const word = (hub: typeof hubA) => (hub ? hub.name.split(' ')[0]!.toLowerCase() : 'cloud')
  const terms = [hubA?.name.toLowerCase() ?? 'cloud', typo(word(hubB)), word(hubC).toUpperCase(), 'exclusive licence']
  cases.push({
    name: 'search',
    description: `search, 10 hits: ${terms.map((t) => `"${t}"`).join(', ')}`,
    target: 'api',
    query: searchQuery(SEARCH_HIT_TYPES),
    variables: terms.map((query) => ({ query, first: 10 })),
  })
  return { cases: cases.filter((c) => only.has(c.name)), skipped: skipped.filter((s) => only.has(s.name)) }
}

/** The floor must answer exactly what the API answers, for every variable set; else the bench stops. */
async function checkFloor(api: Child, floor: Child): Promise<number> {
  let rows = 0
  for (const variables of SIGNATURE_VARIABLES) {
    const fromApi = await post(api.url, JSON.stringify({ query: SIGNATURE_QUERY, variables }))
    if (fromApi.errors) throw new Error(`The API failed the signature query: ${JSON.stringify(fromApi.errors)}`)
    const fromFloor = await post(floor.url, JSON.stringify({ variables }))
    const difference = firstDifference(fromApi, fromFloor)
    if (difference) {
      throw new Error(`The floor and the API disagree for ${JSON.stringify(variables)} at ${difference}\nFloor SQL:\n${FLOOR_SQL}`)
    }
    rows += ((fromApi.data as { licenses: { nodes: unknown[] } }).licenses.nodes).length
  }
  if (rows === 0) throw new Error('The signature query found no licences: the check would prove nothing')
  return rows
}

function newestProfile(dir: string): string | null {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  if (files.length === 0) return null
  // The main thread's profile is the biggest one (tsx's loader thread writes a small one too).
  return files.map((f) => path.join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!
}

/** A case ready to load-test on one size: its server, its bodies and what one run of it showed. */
interface ReadyCase extends Case {
  server: Child
  bodies: string[]
  statements: number | null
}

/** One size with its API and floor running, its cases checked and ready to measure. */
interface SizeRun {
  size: BenchSize
  picks: Picks
  floorRows: number
  api: Child
  profileDir: string
  cases: ReadyCase[]
  skipped: Skipped[]
  stop(): Promise<void>
}

async function prepareSize(size: BenchSize, url: string, options: Options): Promise<SizeRun> {
  const picks = await pickVariables(url)
  const profileDir = path.join(resultsDir, `profile-${size.label}`)
  if (options.profile) {
    rmSync(profileDir, { recursive: true, force: true })
    mkdirSync(profileDir, { recursive: true })
  }
  const [apiPort, floorPort] = [await freePort(), await freePort()]
  const children: Child[] = []
  const inProcess = inProcessApi(url, { sqlExecution: !options.resolvers })
  const stop = async () => {
    await inProcess.close()
    for (const child of children.reverse()) await child.stop()
  }
  try {
    const api = await startChild({
      name: `API server (${size.label})`,
      script: 'src/main.ts',
      port: apiPort,
      env: { DATABASE_URL: url, SEED_ON_START: 'false', NODE_ENV: 'production', RATE_LIMIT: 'false', PORT: String(apiPort), HOST: '127.0.0.1',
        ...(options.cached ? { RESPONSE_CACHE_TTL_MS: '600000' } : {}), ...(options.resolvers ? { SQL_EXECUTION: 'false' } : {}) },
      nodeArgs: options.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    })
    children.push(api)
    const floor = await startChild({
      name: `floor server (${size.label})`,
      script: 'bench/lib/floor-server.ts',
      port: floorPort,
      env: { FLOOR_DATABASE_URL: url, FLOOR_PORT: String(floorPort) },
      readyBody: JSON.stringify({ variables: SIGNATURE_VARIABLES[0] }),
    })
    children.push(floor)

    const floorRows = await checkFloor(api, floor)
    log(`  ${size.label}: the floor returns the same data as the API (${floorRows} licences over ${SIGNATURE_VARIABLES.length} variable sets)`)

    const built = await buildCases(picks, options.only)
    const skipped: Skipped[] = built.skipped.map((s) => ({ size: size.label, ...s }))
    const cases: ReadyCase[] = []
    for (const c of built.cases) {
      const ready = await tryCase({ ...c, server: c.target === 'api' ? api : floor }, inProcess, options)
      if ('reason' in ready) {
        skipped.push({ size: size.label, name: c.name, reason: ready.reason })
        log(`  ${size.label} ${c.name.padEnd(10)} ${ready.reason}`)
      } else cases.push(ready)
    }
    return { size, picks, floorRows, api, profileDir, cases, skipped, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * Each variable set once over HTTP (it must answer without errors), then the query once in this
 * process to count its SQL statements and describe its answer. A query that takes a good part of
 * the run on its own would only queue up: it is reported, not load-tested.
 */
async function tryCase(
  c: Case & { server: Child },
  inProcess: ReturnType<typeof inProcessApi>,
  options: Options,
): Promise<ReadyCase | { reason: string }> {
  const bodies = c.variables.map((variables) => JSON.stringify(c.query ? { query: c.query, variables } : { variables }))
  if (!c.query) return { ...c, bodies, statements: 1 }
  let statements: number
  let note: string | undefined
  let slowest = 0
  const answers: GraphQLAnswer[] = []
  try {
    for (const body of bodies) {
      const started = performance.now()
      const answer = await post(c.server.url, body)
      slowest = Math.max(slowest, performance.now() - started)
      if (answer.errors) throw new Error(`failed over HTTP: ${JSON.stringify(answer.errors).slice(0, 300)}`)
      answers.push(answer)
    }
    const counted = await inProcess.count(c.query, c.variables[0]!)
    if (counted.answer.errors) throw new Error(`failed in process: ${JSON.stringify(counted.answer.errors).slice(0, 300)}`)
    statements = counted.statements
    if (c.name.startsWith('path')) note = describePaths(answers)
    if (c.name === 'neighborhood') {
      const graph = (counted.answer.data as { neighborhood: { nodes: unknown[]; edges: unknown[]; truncated: boolean } }).neighborhood
      note = `${graph.nodes.length} nodes, ${graph.edges.length} edges${graph.truncated ? ', cut' : ''}`
    }
  } catch (error) {
    return { reason: `FAILED: ${error instanceof Error ? error.message : String(error)}` }
  }
  if (slowest > (options.seconds * 1000) / 4) {
    return { reason: `too slow for a load test: one request alone took ${(slowest / 1000).toFixed(1)} s (${statements} SQL statements${note ? `, ${note}` : ''})` }
  }
  return { ...c, bodies, statements, ...(note ? { note } : {}) }
}

type PathAnswer = { partnershipPath: { hops: number; chains: unknown[] } | null }

/** What the paths of a case's variable sets look like: "4 hops, 10 chains", or ranges over its pairs. */
function describePaths(answers: GraphQLAnswer[]): string {
  const paths = answers.map((answer) => (answer.data as PathAnswer).partnershipPath)
  if (paths.length === 1) return paths[0] ? `${paths[0].hops} hops, ${paths[0].chains.length} chains` : 'no path'
  const found = paths.filter((path) => path !== null)
  const range = (values: number[]) => {
    const [low, high] = [Math.min(...values), Math.max(...values)]
    return low === high ? `${low}` : `${low}–${high}`
  }
  const shape = found.length > 0 ? `: ${range(found.map((p) => p.hops))} hops, ${range(found.map((p) => p.chains.length))} chains` : ''
  const none = paths.length - found.length
  return `${paths.length} pairs${shape}${none > 0 ? `; ${none} with no path` : ''}`
}

/** A warm-up, then the measured run; the clock readings bound it for the CPU profile. */
async function measureCase(c: ReadyCase, options: Options): Promise<LoadResult & { from: number; to: number }> {
  // The load generator stops at the deadline; the server still answers what was sent. One more
  // request, queued behind those, returns once they are done: the next run starts on an idle server.
  const drain = () => post(c.server.url, c.bodies[0]!)
  await runLoad({ url: c.server.url, bodies: c.bodies, connections: options.connections, seconds: options.warmup })
  await drain()
  const from = microseconds()
  const measured = await runLoad({ url: c.server.url, bodies: c.bodies, connections: options.connections, seconds: options.seconds })
  await drain()
  return { ...measured, from, to: microseconds() }
}

/**
 * Every case on every size, case by case, the sizes one after the other (in turn first and last
 * from round to round): the machine's speed drifts over minutes, and the sizes of one case are
 * then measured seconds apart, not the whole bench apart. Rounds are merged by mergeRounds.
 */
async function measureAll(runs: SizeRun[], options: Options): Promise<{ results: CaseResult[]; profileWindows: Map<SizeRun, ProfileWindow> }> {
  const rounds = new Map<ReadyCase, LoadResult[]>()
  const profileWindows = new Map<SizeRun, ProfileWindow>()
  for (let round = 0; round < options.rounds; round++) {
    for (const name of CASES) {
      for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
        const c = run.cases.find((ready) => ready.name === name)
        if (!c) continue
        const { from, to, ...measured } = await measureCase(c, options)
        rounds.set(c, [...(rounds.get(c) ?? []), measured])
        if (!profileWindows.has(run)) profileWindows.set(run, { from, to, requests: measured.requests })
        log(
          `  ${run.size.label.padEnd(4)} ${name.padEnd(12)}${options.rounds > 1 ? ` round ${round + 1}` : ''} ${measured.rps.toFixed(1).padStart(8)} req/s` +
            `  p50 ${measured.p50.toFixed(1)} ms  p99 ${measured.p99.toFixed(1)} ms` +
            `${measured.non2xx + measured.errors > 0 ? `  (${measured.non2xx} non-2xx, ${measured.errors} errors)` : ''}`,
        )
      }
    }
  }
  const results: CaseResult[] = []
  for (const run of runs) {
    const ofSize: CaseResult[] = run.cases.map((c) => ({
      size: run.size.label,
      name: c.name,
      description: c.description,
      statements: c.statements,
      ratioToFloor: null,
      ...mergeRounds(rounds.get(c)!),
      ...(c.note ? { note: c.note } : {}),
    }))
    const floorResult = ofSize.find((r) => r.name === 'floor')
    const signature = ofSize.find((r) => r.name === 'signature')
    if (floorResult) floorResult.ratioToFloor = 1
    if (floorResult && signature) signature.ratioToFloor = signature.rps / floorResult.rps
    results.push(...ofSize)
  }
  return { results, profileWindows }
}

function printTable(results: CaseResult[], skipped: Skipped[]): void {
  const header = ['size', 'query', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', '× floor', 'SQL/req', 'requests', 'note']
  const rows = results.map((r) => [
    r.size,
    r.name,
    r.rps.toFixed(1),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    r.ratioToFloor === null ? '' : `${r.ratioToFloor.toFixed(2)}×`,
    r.statements === null ? '' : String(r.statements),
    String(r.requests),
    [r.note, r.non2xx + r.errors > 0 ? `${r.non2xx} non-2xx, ${r.errors} errors` : ''].filter(Boolean).join('; '),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  for (const row of rows) console.log(line(row))
  for (const s of skipped) console.log(`(${s.size} ${s.name} skipped: ${s.reason})`)
}

function gitRevision(): string {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot }).toString().trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: projectRoot }).toString().trim()
    return dirty ? `${rev} (src/ modified)` : rev
  } catch {
    return 'unknown'
  }
}

async function main(): Promise<void> {
  const options = parseOptions()
  const started = performance.now()
  const target = await openTarget()
  const all: CaseResult[] = []
  const skipped: Skipped[] = []
  const sizes: { size: BenchSize; generatedSeconds: number | null; picks: Picks; floorRows: number }[] = []
  const profiles: ProfileSummary[] = []
  const runs: SizeRun[] = []
  try {
    for (const agreements of options.sizes) {
      const size = sizeOf(agreements)
      log(`\n== ${size.label}: ${size.agreements} agreements, ${size.companies} companies ==`)
      const db = await ensureBenchDatabase(target.adminUrl, size, options.seed, log)
      const run = await prepareSize(size, db.url, options)
      runs.push(run)
      skipped.push(...run.skipped)
      sizes.push({ size, generatedSeconds: db.generated?.seconds.total ?? null, picks: run.picks, floorRows: run.floorRows })
    }
    log(`\n== measuring: ${options.rounds > 1 ? `${options.rounds} rounds, ` : ''}case by case, each on every size ==`)
    const { results, profileWindows } = await measureAll(runs, options)
    all.push(...results)
    if (options.profile) {
      for (const run of runs) {
        await run.api.stop()
        const file = newestProfile(run.profileDir)
        const window = profileWindows.get(run)
        if (!file) {
          log('  no CPU profile was written')
          continue
        }
        const profile = summariseProfile(file, window)
        printProfile(profile, window?.requests ?? 0)
        profiles.push(profile)
      }
    }
  } finally {
    for (const run of runs) await run.stop()
    await target.stop()
  }
  printTable(all, skipped)
  // Each case's latency on the largest size ÷ on the smallest, when there are two sizes or more.
  const labels = runs.map((run) => run.size.label)
  const growth = labels.length > 1 ? scaling(all, labels[0]!, labels.at(-1)!) : []
  if (growth.length > 0) printScaling(growth, labels[0]!, labels.at(-1)!)
  const seconds = (performance.now() - started) / 1000
  console.log(`\nBench took ${seconds.toFixed(0)} s (${options.connections} connections, ${options.warmup} s warm-up + ${options.seconds} s per case${options.rounds > 1 ? ` × ${options.rounds} rounds` : ''}${options.cached ? ", response cache ON: cached figures" : ", no response cache"}${options.resolvers ? ', resolvers only (SQL_EXECUTION=false)' : ''}).`)

  mkdirSync(resultsDir, { recursive: true })
  const file = path.join(resultsDir, options.profile ? 'profile.json' : 'latest.json')
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        revision: gitRevision(),
        generatorVersion: GENERATOR_VERSION,
        machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, load: os.loadavg() },
        options: { ...options, only: [...options.only] },
        sizes,
        results: all,
        scaling: growth,
        skipped,
        profiles,
        seconds,
      },
      null,
      2,
    )}\n`,
  )
  console.log(`Results written to ${path.relative(projectRoot, file)}`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
})
