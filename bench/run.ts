// `npm run bench`: load tests of the real HTTP server on generated graphs of two sizes.
//
//   npm run bench -- [--sizes 1000,100000] [--seconds 10] [--warmup 3] [--connections 10]
//                    [--only signature,q1,q2,q3,changes,path-hubs,path-asof,path-far,neighborhood,search] [--seed 42] [--profile] [--cached]
//                    [--resolvers] [--fresh-statements] [--rounds 1] [--peer | --no-peer]
//
// For each size (agreement versions; companies = agreements / 10) a database bench_<size> on the
// target server holds a generated graph (synthetic/), made once and reused until the generator
// version, seed or size changes. The target server is DATABASE_URL (it must be on 127.0.0.1) or the
// embedded PostgreSQL. The API runs as it does in production (src/main.ts in a child process,
// NODE_ENV=production, SEED_ON_START=false, rate limiting off: the load comes from one IP).
//
// Q1–Q3 (bench/lib/queries.ts) are queries clients send: the README's signature query with `sources`
// and `totalCount`, a Relay page of licences, a company page. They, the bench's own `signature`
// query, `changes`, `search`, partnershipPath (path-hubs, path-asof, path-far) and neighborhood are
// also asked of two other engines on the same database, each measured as its own row:
// - floor: one hand-written SQL statement per query over plain node:http (bench/lib/floor-server.ts,
//   bench/lib/client-floors.ts, text-floors.ts, graph-floors.ts), answering with the API's exact JSON;
// - peer: PostGraphile v5 (bench/peer/, bench/lib/peer.ts), what a PostgreSQL + GraphQL user would
//   pick instead, with the SQL functions and smart tags its users write. It runs on Node 22, which
//   bench/peer/setup.sh installs from the npm registry into bench/peer/.cache (git-ignored). It runs
//   whenever that is installed; --peer installs it first when it is not, --no-peer leaves it out.
// Before measuring, every variable set of these queries is asked of all engines and their data must
// be the same (the floor's exactly, PostGraphile's after mapping its field names, IDs and cursors
// aside), or the bench stops and shows the first difference. The table gives, on the project's
// rows, its req/s ÷ the floor's and ÷ PostGraphile's for the same query and size.
//
// Each case gets a warm-up, then a fixed time of
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
// --fresh-statements runs the API with SQL_STATEMENT_CACHE=0: the planner builds every statement
// anew, as for a request never sent before (the cases' variable sets repeat, so by default their
// statements are built once and kept).
//
// --profile runs the largest size only (and only the signature query unless --only says) with the
// server under `node --cpu-prof`, and prints where its CPU time went while the first case ran, by
// layer (bench/lib/profile.ts).
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { projectRoot } from '../src/db/setup/project-paths.js'
import { GENERATOR_VERSION } from '../synthetic/generate.js'
import { type BenchSize, ensureBenchDatabase, openTarget, type Picks, pickVariables, sizeOf } from './lib/databases.js'
import { CLIENT_QUERIES, type ClientQueryName, differenceFromProject, floorStatement } from './lib/client-queries.js'
import { type LoadResult, runLoad } from './lib/load.js'
import { describeCounts, timeLicenceCounts } from './lib/count-timing.js'
import { installPeer, peerInstalled, startPeer } from './lib/peer.js'
import { type Child, freePort, startChild } from './lib/processes.js'
import { printProfile, summariseProfile, type ProfileSummary } from './lib/profile.js'
import { mergeRounds, printScaling, scaling } from './lib/scaling.js'
import { LICENCE_VARIABLES, SIGNATURE_VARIABLES } from './lib/queries.js'
import { type GraphQLAnswer, inProcessApi } from './lib/statements.js'
import { wholeOption } from './lib/options.js'

const CASES = ['signature', 'q1', 'q2', 'q3', 'changes', 'path-hubs', 'path-asof', 'path-far', 'neighborhood', 'search'] as const
type CaseName = (typeof CASES)[number]

/** Who answers: the project's API, the floor (one SQL statement), PostGraphile v5. */
const ENGINES = ['project', 'floor', 'peer'] as const
type Engine = (typeof ENGINES)[number]

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
  freshStatements: boolean
  rounds: number
  peer: boolean
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
  engine: Engine
  description: string
  /** SQL statements per request (the floor: 1; PostGraphile: not counted). */
  statements: number | null
  /** On the project's rows: its req/s ÷ the floor's for the same query and size. */
  ratioToFloor: number | null
  /** On the project's rows: its req/s ÷ PostGraphile's for the same query and size. */
  ratioToPeer: number | null
  note?: string
}

interface Skipped {
  size: string
  name: CaseName
  engine: Engine
  reason: string
}

/** The row label: the case, and the engine when it is not the project. */
const label = (r: { name: string; engine: Engine }) => (r.engine === 'project' ? r.name : `${r.name} ${r.engine}`)

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
      'fresh-statements': { type: 'boolean', default: false },
      rounds: { type: 'string', default: '1' },
      peer: { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowNegative: true,
  })
  if (values.help) {
    console.log(
      'Usage: npm run bench -- [--sizes 1000,100000] [--seconds 10] [--warmup 3] [--connections 10] [--only a,b] [--seed 42] [--profile] [--cached] [--resolvers] [--fresh-statements] [--rounds 1] [--peer | --no-peer]',
    )
    process.exit(0)
  }
  const positive = (name: string, value: string, max: number) => wholeOption(name, value, 1, max)
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
    freshStatements: values['fresh-statements'],
    rounds: positive('rounds', values.rounds, 20),
    // On when installed; --peer installs it when it is not (main), --no-peer leaves it out.
    peer: values.peer ?? peerInstalled(),
  }
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
  engine: Engine
  description: string
  /** The GraphQL document (the project's or PostGraphile's spelling); none for the floor. */
  query?: string
  /** The floor's name of the query, for the floor engine. */
  floor?: ClientQueryName
  variables: Record<string, unknown>[]
  note?: string
}

/** A query of CLIENT_QUERIES on every engine running: the project, the floor and PostGraphile. */
function onEngines(name: ClientQueryName & CaseName, description: string, variables: Record<string, unknown>[], peer: boolean): Case[] {
  const query = CLIENT_QUERIES[name]
  return [
    { name, engine: 'project', description, query: query.project, variables },
    { name, engine: 'floor', description: `${name} as one SQL statement (node:http + pg)`, floor: name, variables },
    ...(peer ? [{ name, engine: 'peer' as const, description: `${name} on PostGraphile v5`, query: query.peer, variables }] : []),
  ]
}

function typo(word: string): string {
  return word.length < 5 ? word : `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`
}

/** The search case's terms: a hub's whole name, a word of another's with two letters swapped, a third's in capitals, clause words. */
function searchTerms(picks: Picks): string[] {
  const [hubA, hubB, hubC] = picks.hubs
  const word = (hub: typeof hubA) => (hub ? hub.name.split(' ')[0]!.toLowerCase() : 'cloud')
  return [hubA?.name.toLowerCase() ?? 'cloud', typo(word(hubB)), word(hubC).toUpperCase(), 'exclusive licence']
}

/**
 * The queries every engine is asked, with their variable sets and why a case is skipped when it has none.
 * The server runs in production mode, where introspection is off: the search hit types are the
 * members of the SearchHit union in schema.graphql (SEARCH_HIT_TYPES).
 */
function clientVariables(picks: Picks): [ClientQueryName & CaseName, string, Record<string, unknown>[], string][] {
  const terms = searchTerms(picks)
  const [hubA, hubB] = picks.hubs
  const hubs = hubA && hubB ? { from: hubA.slug, to: hubB.slug, maxHops: 4 } : null
  return [
    ['signature', 'licences by exclusivity and date, 50 per page, nested', SIGNATURE_VARIABLES.map((v) => ({ ...v })), ''],
    ['q1', "Q1: the README's signature query (sources, totalCount), 50 licences", LICENCE_VARIABLES.map((v) => ({ ...v })), ''],
    ['q2', 'Q2: a Relay page of 20 licences (edges, cursors, pageInfo, totalCount)', LICENCE_VARIABLES.map((v) => ({ ...v })), ''],
    [
      'q3',
      `Q3: a company page, 20 agreements with clauses, ${picks.hubs.length} hubs in turn`,
      picks.hubs.map((hub) => ({ slug: hub.slug })),
      'no hub in the graph',
    ],
    ['changes', 'an amended agreement with versions and changes', picks.amended.map((slug) => ({ slug })), 'no amended agreement in the graph'],
    ['search', `search, 10 hits: ${terms.map((t) => `"${t}"`).join(', ')}`, terms.map((query) => ({ query, first: 10 })), ''],
    [
      'path-hubs',
      `partnershipPath between the two biggest hubs (${hubA?.degree} and ${hubB?.degree} deals)`,
      hubs ? [hubs] : [],
      'fewer than two hubs',
    ],
    [
      'path-asof',
      `partnershipPath between the two biggest hubs as of ${picks.asOf} (three years before the newest start), through the in-force windows`,
      hubs && picks.asOf ? [{ ...hubs, activeOn: picks.asOf }] : [],
      'fewer than two hubs or no dated agreement',
    ],
    [
      'path-far',
      `partnershipPath between two small players (one deal each), ${picks.smallPairs.length} pairs in turn`,
      picks.smallPairs.map(([from, to]) => ({ from, to, maxHops: 4 })),
      'no two companies with a single deal',
    ],
    [
      'neighborhood',
      'neighborhood two deals around a small player, for a graph view (default budget: 500 edges)',
      picks.smallPlayer ? [{ slug: picks.smallPlayer, depth: 2 }] : [],
      'no company with a single deal',
    ],
  ]
}

function buildCases(
  picks: Picks,
  only: Set<CaseName>,
  peer: boolean,
): { cases: Case[]; skipped: { name: CaseName; engine: Engine; reason: string }[] } {
  const cases: Case[] = []
  const skipped: { name: CaseName; engine: Engine; reason: string }[] = []
  for (const [name, description, variables, whenNone] of clientVariables(picks)) {
    if (variables.length > 0) cases.push(...onEngines(name, description, variables, peer))
    else skipped.push({ name, engine: 'project', reason: whenNone })
  }
  return { cases: cases.filter((c) => only.has(c.name)), skipped: skipped.filter((s) => only.has(s.name)) }
}

/**
 * Every engine must answer the same data as the API for every variable set of the queries of
 * CLIENT_QUERIES; else the bench stops, showing the first difference. Returns what was compared, a line a query.
 */
async function checkSameData(picks: Picks, servers: Record<Engine, Child | null>, only: Set<CaseName>): Promise<string[]> {
  const lines: string[] = []
  for (const [name, , variableSets] of clientVariables(picks)) {
    if (!only.has(name)) continue
    const query = CLIENT_QUERIES[name]
    let rows = 0
    for (const variables of variableSets) {
      const fromApi = await post(servers.project!.url, JSON.stringify({ query: query.project, variables }))
      if (fromApi.errors) throw new Error(`The API failed ${name} for ${JSON.stringify(variables)}: ${JSON.stringify(fromApi.errors)}`)
      rows += countRows(fromApi.data)
      for (const engine of ['floor', 'peer'] as const) {
        const server = servers[engine]
        if (!server) continue
        const body = engine === 'floor' ? { floor: name, variables } : { query: query.peer, variables }
        const answer = await post(server.url, JSON.stringify(body))
        if (answer.errors) throw new Error(`${server.name} failed ${name} for ${JSON.stringify(variables)}: ${JSON.stringify(answer.errors)}`)
        const difference = differenceFromProject(name, engine, fromApi.data, answer.data)
        if (difference) {
          throw new Error(
            `${server.name} and the API answer ${name} differently for ${JSON.stringify(variables)}, first at ${difference}\n` +
              (engine === 'floor' ? `Floor SQL:\n${floorStatement(query, variables).sql}` : `PostGraphile's query:\n${query.peer}`),
          )
        }
      }
    }
    if (rows === 0) throw new Error(`${name} found nothing on any variable set: the check would prove nothing`)
    lines.push(`${name} (${rows} rows over ${variableSets.length} variable sets)`)
  }
  return lines
}

/** How many list items an answer holds, at any depth (what the same-data check compared). */
function countRows(value: unknown): number {
  if (Array.isArray(value)) return value.length + value.reduce((n: number, v) => n + countRows(v), 0)
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + countRows(v), 0)
  return 0
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

/** One size with its API, floor and peer running, its cases checked and ready to measure. */
interface SizeRun {
  size: BenchSize
  picks: Picks
  /** What the same-data check compared, a line a query. */
  checked: string[]
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
  const [apiPort, floorPort, peerPort] = [await freePort(), await freePort(), await freePort()]
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
      env: {
        DATABASE_URL: url,
        SEED_ON_START: 'false',
        NODE_ENV: 'production',
        RATE_LIMIT: 'false',
        // One log line per request is a cost the figures of earlier runs did not carry.
        LOG_LEVEL: 'warn',
        PORT: String(apiPort),
        HOST: '127.0.0.1',
        ...(options.cached ? { RESPONSE_CACHE_TTL_MS: '600000' } : {}),
        ...(options.resolvers ? { SQL_EXECUTION: 'false' } : {}),
        ...(options.freshStatements ? { SQL_STATEMENT_CACHE: '0' } : {}),
      },
      nodeArgs: options.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    })
    children.push(api)
    const floor = await startChild({
      name: `floor server (${size.label})`,
      script: 'bench/lib/floor-server.ts',
      port: floorPort,
      scriptArgs: [url, String(floorPort)],
      env: {},
      readyBody: JSON.stringify({ variables: SIGNATURE_VARIABLES[0] }),
    })
    children.push(floor)
    const peer = options.peer ? await startPeer(size.label, url, peerPort) : null
    if (peer) children.push(peer)
    const servers: Record<Engine, Child | null> = { project: api, floor, peer }

    const checked = await checkSameData(picks, servers, options.only)
    if (checked.length > 0) {
      log(`  ${size.label}: the floor${peer ? ' and PostGraphile' : ''} answer the same data as the API: ${checked.join(', ')}`)
    }
    if (options.only.has('q1') || options.only.has('q2')) {
      log(`  ${size.label}: Q1 and Q2's totalCount, the statement alone: ${describeCounts(await timeLicenceCounts(url))}`)
    }

    const built = buildCases(picks, options.only, peer !== null)
    const skipped: Skipped[] = built.skipped.map((s) => ({ size: size.label, ...s }))
    const cases: ReadyCase[] = []
    for (const c of built.cases) {
      const ready = await tryCase({ ...c, server: servers[c.engine]! }, inProcess, options)
      if ('reason' in ready) {
        skipped.push({ size: size.label, name: c.name, engine: c.engine, reason: ready.reason })
        log(`  ${size.label} ${label(c).padEnd(16)} ${ready.reason}`)
      } else cases.push(ready)
    }
    return { size, picks, checked, api, profileDir, cases, skipped, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * Each variable set once over HTTP (it must answer without errors), then, for the project, the query
 * once in this process to count its SQL statements and describe its answer. A query that takes a
 * good part of the run on its own would only queue up: it is reported, not load-tested.
 */
async function tryCase(
  c: Case & { server: Child },
  inProcess: ReturnType<typeof inProcessApi>,
  options: Options,
): Promise<ReadyCase | { reason: string }> {
  const bodies = c.variables.map((variables) => JSON.stringify(c.engine === 'floor' ? { floor: c.floor, variables } : { query: c.query, variables }))
  let statements: number | null = c.engine === 'floor' ? 1 : null
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
    if (c.engine !== 'project' || !c.query) return { ...c, bodies, statements }
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
    return {
      reason: `too slow for a load test: one request alone took ${(slowest / 1000).toFixed(1)} s (${statements ?? '?'} SQL statements${note ? `, ${note}` : ''})`,
    }
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
      for (const engine of ENGINES) {
        for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
          const c = run.cases.find((ready) => ready.name === name && ready.engine === engine)
          if (!c) continue
          const { from, to, ...measured } = await measureCase(c, options)
          rounds.set(c, [...(rounds.get(c) ?? []), measured])
          if (!profileWindows.has(run)) profileWindows.set(run, { from, to, requests: measured.requests })
          log(
            `  ${run.size.label.padEnd(4)} ${label(c).padEnd(16)}${options.rounds > 1 ? ` round ${round + 1}` : ''} ${measured.rps.toFixed(1).padStart(8)} req/s` +
              `  p50 ${measured.p50.toFixed(1)} ms  p95 ${measured.p95.toFixed(1)} ms` +
              `${measured.non2xx + measured.errors > 0 ? `  (${measured.non2xx} non-2xx, ${measured.errors} errors)` : ''}`,
          )
        }
      }
    }
  }
  const results: CaseResult[] = []
  for (const run of runs) {
    const ofSize: CaseResult[] = run.cases.map((c) => ({
      size: run.size.label,
      name: c.name,
      engine: c.engine,
      description: c.description,
      statements: c.statements,
      ratioToFloor: null,
      ratioToPeer: null,
      ...mergeRounds(rounds.get(c)!),
      ...(c.note ? { note: c.note } : {}),
    }))
    for (const project of ofSize.filter((r) => r.engine === 'project')) {
      const other = (engine: Engine) => ofSize.find((r) => r.name === project.name && r.engine === engine)
      const [floor, peer] = [other('floor'), other('peer')]
      if (floor) project.ratioToFloor = project.rps / floor.rps
      if (peer) project.ratioToPeer = project.rps / peer.rps
    }
    results.push(...ofSize)
  }
  return { results, profileWindows }
}

function printTable(results: CaseResult[], skipped: Skipped[]): void {
  const header = ['size', 'query', 'engine', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', '÷ floor', '÷ peer', 'SQL/req', 'requests', 'note']
  const ratio = (value: number | null) => (value === null ? '' : `${value.toFixed(2)}×`)
  const rows = results.map((r) => [
    r.size,
    r.name,
    r.engine,
    r.rps.toFixed(1),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    ratio(r.ratioToFloor),
    ratio(r.ratioToPeer),
    r.statements === null ? '' : String(r.statements),
    String(r.requests),
    [r.note, r.non2xx + r.errors > 0 ? `${r.non2xx} non-2xx, ${r.errors} errors` : ''].filter(Boolean).join('; '),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  for (const row of rows) console.log(line(row))
  if (results.some((r) => r.ratioToFloor !== null || r.ratioToPeer !== null)) {
    console.log("÷ floor, ÷ peer: the project's req/s ÷ the floor's (one SQL statement) and ÷ PostGraphile v5's, same query and size.")
  }
  for (const s of skipped) console.log(`(${s.size} ${label(s)} skipped: ${s.reason})`)
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
  if (options.peer && !peerInstalled()) installPeer(log)
  if (!options.peer) log('PostGraphile (the peer) is not installed or --no-peer was given: measuring the project and the floor only')
  const started = performance.now()
  const target = await openTarget()
  const all: CaseResult[] = []
  const skipped: Skipped[] = []
  const sizes: { size: BenchSize; generatedSeconds: number | null; picks: Picks; checked: string[] }[] = []
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
      sizes.push({ size, generatedSeconds: db.generated?.seconds.total ?? null, picks: run.picks, checked: run.checked })
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
  const growth =
    labels.length > 1
      ? scaling(
          all.map((r) => ({ ...r, name: label(r) })),
          labels[0]!,
          labels.at(-1)!,
        )
      : []
  if (growth.length > 0) printScaling(growth, labels[0]!, labels.at(-1)!)
  const seconds = (performance.now() - started) / 1000
  console.log(
    `\nBench took ${seconds.toFixed(0)} s (${options.connections} connections, ${options.warmup} s warm-up + ${options.seconds} s per case${options.rounds > 1 ? ` × ${options.rounds} rounds` : ''}${options.cached ? ', response cache ON: cached figures' : ', no response cache'}${options.resolvers ? ', resolvers only (SQL_EXECUTION=false)' : ''}${options.freshStatements ? ', every statement built anew (SQL_STATEMENT_CACHE=0)' : ''}).`,
  )

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
