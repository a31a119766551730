// `npm run bench:memory`: how much memory the API server holds, idle and under load, as the kernel
// counts it (VmRSS), on a generated graph (bench_<size>, made as `npm run bench` makes it, or the
// database of --database-url).
//
//   npm run bench:memory -- [--size 100000] [--database-url URL] [--runners node,tsx,npm]
//                           [--connections 10] [--seconds 30] [--warmup 5] [--node-args "--max-semi-space-size=4"]
//                           [--env NAME=VALUE,…] [--bare] [--heap-snapshot]
//
// For each runner (bench/lib/api-runners.ts: node = the build under node, as production runs it,
// with the Dockerfile's ENV unless --bare;
// tsx = src/main.ts under tsx's loader; npm = `npm start`) the server starts in production mode and
// is measured: right after start, idle 5 s later, every 250 ms during a load of `connections`
// connections for `seconds` (after a warm-up; the bench's read queries in turn,
// bench/lib/mixed-reads.ts), and idle 5 s after it. The server's own RSS and its process tree's
// (npm and tsx's CLI included) are both reported; then SIGTERM, and its exit code.
// --heap-snapshot writes a V8 heap snapshot of the node runner after the load into bench/results/.
// Figures only, no thresholds.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { projectRoot } from '../src/db/setup/project-paths.js'
import { buildServer, productionSettings, RUNNER_COMMANDS, RUNNERS, type Runner, type RunningApi, startApi } from './lib/api-runners.js'
import { ensureBenchDatabase, openTarget, pickVariables, sizeOf } from './lib/databases.js'
import { type LoadResult, runLoad } from './lib/load.js'
import { mixedReadBodies } from './lib/mixed-reads.js'
import { freePort } from './lib/processes.js'
import { cpuMs, processTree, rssMb, treeRssMb } from './lib/rss.js'
import { envOption, wholeOption } from './lib/options.js'

const resultsDir = path.join(projectRoot, 'bench', 'results')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const log = (line: string) => console.log(line)

interface Options {
  size: number
  databaseUrl: string | undefined
  runners: Runner[]
  connections: number
  seconds: number
  warmup: number
  nodeArgs: string[]
  /** More settings for the server's environment (MALLOC_ARENA_MAX=2, say). */
  env: Record<string, string>
  /** The node runner without the Dockerfile's ENV (MALLOC_ARENA_MAX, NODE_OPTIONS). */
  bare: boolean
  heapSnapshot: boolean
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '100000' },
      'database-url': { type: 'string' },
      runners: { type: 'string', default: 'node' },
      connections: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '5' },
      'node-args': { type: 'string', default: '' },
      env: { type: 'string', default: '' },
      bare: { type: 'boolean', default: false },
      'heap-snapshot': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log(
      'Usage: npm run bench:memory -- [--size 100000] [--database-url URL] [--runners node,tsx,npm] [--connections 10] [--seconds 30] [--warmup 5] [--node-args "…"] [--env NAME=VALUE,…] [--bare] [--heap-snapshot]',
    )
    process.exit(0)
  }
  const runners = values.runners.split(',').map((r) => r.trim())
  for (const runner of runners)
    if (!RUNNERS.includes(runner as Runner)) throw new Error(`--runners: unknown "${runner}" (runners: ${RUNNERS.join(', ')})`)
  return {
    size: wholeOption('size', values.size, 1, 2_000_000),
    databaseUrl: values['database-url'],
    runners: runners as Runner[],
    connections: wholeOption('connections', values.connections, 1, 256),
    seconds: wholeOption('seconds', values.seconds, 1, 600),
    warmup: wholeOption('warmup', values.warmup, 0, 120),
    nodeArgs: values['node-args'].split(/\s+/).filter(Boolean),
    env: envOption(values.env),
    bare: values.bare,
    heapSnapshot: values['heap-snapshot'],
  }
}

interface Measurement {
  runner: Runner
  started: number
  idle: number
  loadMedian: number
  loadMax: number
  after: number
  treeIdle: number
  treeMax: number
  processes: number
  load: LoadResult
  /** The server's CPU time per request of the measured load, ms: less sensitive than req/s to what else the machine runs. */
  cpuPerRequest: number
  exitCode: number | null
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

/** Samples the server's and its tree's RSS every 250 ms while `work` runs. */
async function sampled<T>(api: RunningApi, work: () => Promise<T>): Promise<{ result: T; server: number[]; tree: number[] }> {
  const server: number[] = []
  const tree: number[] = []
  const sample = () => {
    server.push(rssMb(api.serverPid) ?? NaN)
    tree.push(treeRssMb(api.process.pid!))
  }
  sample()
  const timer = setInterval(sample, 250)
  try {
    const result = await work()
    return { result, server, tree }
  } finally {
    clearInterval(timer)
    sample()
  }
}

async function measure(runner: Runner, databaseUrl: string, bodies: string[], options: Options): Promise<Measurement> {
  const snapshots = options.heapSnapshot && runner === 'node'
  if (snapshots) mkdirSync(resultsDir, { recursive: true })
  const nodeArgs = [...options.nodeArgs, ...(snapshots ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${resultsDir}`] : [])]
  const api = await startApi({
    runner,
    databaseUrl,
    port: await freePort(),
    nodeArgs: runner === 'npm' ? [] : nodeArgs,
    env: options.env,
    bare: options.bare,
  })
  try {
    const started = rssMb(api.serverPid)!
    await sleep(5_000)
    const idle = rssMb(api.serverPid)!
    const treeIdle = treeRssMb(api.process.pid!)
    const processes = processTree(api.process.pid!).length
    if (options.warmup > 0) await runLoad({ url: api.url, bodies, connections: options.connections, seconds: options.warmup })
    const cpuBefore = cpuMs(api.serverPid)!
    const loaded = await sampled(api, () => runLoad({ url: api.url, bodies, connections: options.connections, seconds: options.seconds }))
    const cpu = cpuMs(api.serverPid)! - cpuBefore
    if (snapshots) {
      process.kill(api.serverPid, 'SIGUSR2')
      log(`  heap snapshot of the loaded server requested: ${path.relative(projectRoot, resultsDir)}/Heap.*.heapsnapshot`)
    }
    await sleep(5_000)
    const after = rssMb(api.serverPid)!
    await api.stop()
    return {
      runner,
      started,
      idle,
      loadMedian: median(loaded.server),
      loadMax: Math.max(...loaded.server),
      after,
      treeIdle,
      treeMax: Math.max(...loaded.tree),
      processes,
      load: loaded.result,
      cpuPerRequest: cpu / Math.max(1, loaded.result.requests),
      exitCode: api.process.exitCode,
    }
  } catch (error) {
    await api.stop()
    throw error
  }
}

function printTable(rows: Measurement[], options: Options, label: string): void {
  const mb = (n: number) => n.toFixed(0).padStart(6)
  log(`\nRSS in MB (VmRSS), ${label}, ${options.connections} connections for ${options.seconds} s after a ${options.warmup} s warm-up:`)
  log(`${'runner'.padEnd(30)} started   idle  load p50  load max  after | tree idle  tree max  procs |   req/s  CPU ms/req  non-2xx  errors  exit`)
  for (const r of rows) {
    log(
      `${RUNNER_COMMANDS[r.runner].padEnd(30)} ${mb(r.started)} ${mb(r.idle)}    ${mb(r.loadMedian)}    ${mb(r.loadMax)} ${mb(r.after)} |    ${mb(r.treeIdle)}    ${mb(r.treeMax)}  ${String(r.processes).padStart(5)} |` +
        ` ${r.load.rps.toFixed(0).padStart(7)}  ${r.cpuPerRequest.toFixed(1).padStart(10)}  ${String(r.load.non2xx).padStart(7)}  ${String(r.load.errors).padStart(6)}  ${String(r.exitCode).padStart(4)}`,
    )
  }
  log(
    'server = the process listening on the port; tree = it and the processes above it that start it (npm, tsx’s CLI), pages they share counted in each.',
  )
}

async function main(): Promise<void> {
  const options = parseOptions()
  const target = options.databaseUrl ? null : await openTarget()
  try {
    const size = sizeOf(options.size)
    const databaseUrl = options.databaseUrl ?? (await ensureBenchDatabase(target!.adminUrl, size, 42, log)).url
    const label = options.databaseUrl ? `database ${new URL(databaseUrl).pathname.slice(1)}` : `${size.label} agreements`
    if (options.runners.includes('node')) {
      log('Building dist/ (npm run build)…')
      buildServer()
    }
    const bodies = mixedReadBodies(await pickVariables(databaseUrl))
    log(`Load: ${bodies.length} read requests in turn (signature, Q1–Q3, changes, paths, neighborhood, search)`)
    const rows: Measurement[] = []
    for (const runner of options.runners) {
      const settings =
        runner === 'node' && !options.bare ? Object.entries(productionSettings()).filter(([name]) => name !== 'NODE_ENV' && name !== 'PORT') : []
      const extras = [
        ...settings.map(([name, value]) => `${name}="${value}" (Dockerfile)`),
        ...(runner === 'npm' ? [] : options.nodeArgs),
        ...Object.entries(options.env).map(([name, value]) => `${name}=${value}`),
      ]
      log(`Measuring ${RUNNER_COMMANDS[runner]}${extras.length > 0 ? ` with ${extras.join(' ')}` : ''}…`)
      rows.push(await measure(runner, databaseUrl, bodies, options))
    }
    printTable(rows, options, label)
  } finally {
    await target?.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
