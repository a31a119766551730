// `npm run soak`: the production server under a steady mixed load for minutes, to see whether its
// memory settles or keeps growing, and whether any request fails.
//
//   npm run soak -- [--minutes 10] [--warmup-minutes 1] [--connections 10] [--write-percent 10]
//                   [--size 100000] [--database-url URL] [--runner node] [--node-args "…"] [--env NAME=VALUE,…]
//
// The server runs as production runs it (bench/lib/api-runners.ts; built first) on a generated graph
// (bench_<size>, or --database-url). `connections` clients send requests back to back: the bench's
// read queries in turn (bench/lib/mixed-reads.ts) and, every so often, a write with an API key made
// for the run (a new source, or an update of one the run made; revoked at the end). Its RSS (VmRSS)
// and V8 heap (/metrics) are read every 5 s. Reported: RSS after the warm-up and at the end, the
// growth between them, requests and errors by HTTP status, GraphQL error codes and write refusals.
// It exits 1 when RSS grew by 10 % or more after the warm-up, or any answer was a 5xx.
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { parseArgs } from 'node:util'
import { createApiKey, revokeApiKey } from '../src/db/api-keys.js'
import { createPrismaClient } from '../src/db/setup/client.js'
import { buildServer, productionSettings, RUNNER_COMMANDS, RUNNERS, type Runner, type RunningApi, startApi } from './lib/api-runners.js'
import { ensureBenchDatabase, openTarget, pickVariables, sizeOf } from './lib/databases.js'
import { mixedReadBodies } from './lib/mixed-reads.js'
import { freePort } from './lib/processes.js'
import { rssMb } from './lib/rss.js'
import { envOption, numberOption } from './lib/options.js'

const GROWTH_GOAL_PERCENT = 10
const SAMPLE_MS = 5_000
const log = (line: string) => console.log(line)

interface Options {
  minutes: number
  warmupMinutes: number
  connections: number
  writePercent: number
  size: number
  databaseUrl: string | undefined
  runner: Runner
  nodeArgs: string[]
  env: Record<string, string>
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      'warmup-minutes': { type: 'string', default: '1' },
      connections: { type: 'string', default: '10' },
      'write-percent': { type: 'string', default: '10' },
      size: { type: 'string', default: '100000' },
      'database-url': { type: 'string' },
      runner: { type: 'string', default: 'node' },
      'node-args': { type: 'string', default: '' },
      env: { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log(
      'Usage: npm run soak -- [--minutes 10] [--warmup-minutes 1] [--connections 10] [--write-percent 10] [--size 100000] [--database-url URL] [--runner node|tsx|npm] [--node-args="…"] [--env NAME=VALUE,…]',
    )
    process.exit(0)
  }
  if (!RUNNERS.includes(values.runner as Runner)) throw new Error(`--runner: unknown "${values.runner}" (runners: ${RUNNERS.join(', ')})`)
  const minutes = numberOption('minutes', values.minutes, 0.1, 24 * 60)
  const warmupMinutes = numberOption('warmup-minutes', values['warmup-minutes'], 0, minutes)
  if (warmupMinutes >= minutes) throw new Error('--warmup-minutes must be shorter than --minutes')
  return {
    minutes,
    warmupMinutes,
    connections: Math.round(numberOption('connections', values.connections, 1, 256)),
    writePercent: numberOption('write-percent', values['write-percent'], 0, 100),
    size: Math.round(numberOption('size', values.size, 1, 2_000_000)),
    databaseUrl: values['database-url'],
    runner: values.runner as Runner,
    nodeArgs: values['node-args'].split(/\s+/).filter(Boolean),
    env: envOption(values.env),
  }
}

interface Answer {
  status: number
  text: string
}

/** One POST on a kept-alive connection; a socket error is status 0. */
function post(agent: http.Agent, url: string, path: string, body: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.request(
      `${url}${path}`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }))
        response.on('error', () => resolve({ status: 0, text: '' }))
      },
    )
    request.setTimeout(60_000, () => request.destroy(new Error('timeout')))
    request.on('error', (error) => resolve({ status: 0, text: error.message }))
    request.end(body)
  })
}

/** Writes of the run: new sources, and updates of those it made (each one held by one client at a time, so none conflicts). */
class Writes {
  private created = 0
  private written = 0
  private readonly idle: { url: string; version: number }[] = []
  constructor(private readonly run: string) {}

  /** Creates and updates in turn (a create when no source is free to update). */
  next(): { body: string; done(answer: unknown): string } {
    this.written += 1
    const source = this.written % 2 === 0 ? this.idle.shift() : undefined
    if (source) {
      const body = JSON.stringify({
        query:
          'mutation($input: UpdateSourceInput!) { updateSource(input: $input) { __typename ... on UpdateSourcePayload { source { url version } } } }',
        variables: { input: { url: source.url, expectedVersion: source.version, note: `soak update at ${new Date().toISOString()}` } },
      })
      return { body, done: (answer) => this.keep(answer, 'updateSource') }
    }
    this.created += 1
    const body = JSON.stringify({
      query:
        'mutation($input: CreateSourceInput!) { createSource(input: $input) { __typename ... on CreateSourcePayload { source { url version } } } }',
      variables: { input: { url: `https://soak.example.com/${this.run}/${this.created}`, title: `Soak source ${this.created}`, publisher: 'Soak' } },
    })
    return { body, done: (answer) => this.keep(answer, 'createSource') }
  }

  /** The written source goes back to the pool with its new version; the payload's type name is the outcome. */
  private keep(answer: unknown, field: string): string {
    const result = (answer as { data?: Record<string, { __typename: string; source?: { url: string; version: number } }> }).data?.[field]
    if (result?.source) this.idle.push(result.source)
    return result?.__typename ?? 'no result'
  }
}

interface Tally {
  requests: number
  writes: number
  byStatus: Map<number, number>
  graphqlErrors: Map<string, number>
  writeOutcomes: Map<string, number>
  latencies: number[]
}

const newTally = (): Tally => ({ requests: 0, writes: 0, byStatus: new Map(), graphqlErrors: new Map(), writeOutcomes: new Map(), latencies: [] })
const bump = (map: Map<string | number, number>, key: string | number) => map.set(key, (map.get(key) ?? 0) + 1)

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** V8's heap as the server reports it on /metrics (MB used), or NaN when it does not answer. */
async function heapUsedMb(api: RunningApi, token: string): Promise<number> {
  try {
    const response = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    const match = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(await response.text())
    return match ? Number(match[1]) / 1048576 : NaN
  } catch {
    return NaN
  }
}

interface Sample {
  at: number
  rss: number
  heap: number
}

async function soak(api: RunningApi, reads: string[], key: string, metricsToken: string, options: Options) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
  const writes = new Writes(randomBytes(4).toString('hex'))
  const total = newTally()
  let minute = newTally()
  const samples: Sample[] = []
  const started = Date.now()
  const end = started + options.minutes * 60_000
  const warmupEnd = started + options.warmupMinutes * 60_000
  let sent = 0

  async function client(): Promise<void> {
    while (Date.now() < end) {
      sent += 1
      const isWrite = options.writePercent > 0 && sent % Math.round(100 / options.writePercent) === 0
      const write = isWrite ? writes.next() : undefined
      const body = write?.body ?? reads[sent % reads.length]!
      const began = performance.now()
      const answer = await post(agent, api.url, '/graphql', body, write ? { authorization: `Bearer ${key}` } : {})
      const ms = performance.now() - began
      let parsed: { errors?: { extensions?: { code?: string } }[] } | undefined
      try {
        parsed = JSON.parse(answer.text) as typeof parsed
      } catch {
        parsed = undefined
      }
      for (const tally of [total, minute]) {
        tally.requests += 1
        bump(tally.byStatus, answer.status)
        tally.latencies.push(ms)
        for (const error of parsed?.errors ?? []) bump(tally.graphqlErrors, error.extensions?.code ?? 'no code')
        if (write) tally.writes += 1
      }
      if (write) bump(total.writeOutcomes, write.done(parsed ?? {}))
    }
  }

  const sampler = setInterval(() => {
    void heapUsedMb(api, metricsToken).then((heap) => samples.push({ at: Date.now(), rss: rssMb(api.serverPid) ?? NaN, heap }))
  }, SAMPLE_MS)
  const reporter = setInterval(() => {
    const last = samples.at(-1)
    const m = minute
    minute = newTally()
    log(
      `  minute ${Math.round((Date.now() - started) / 60_000)
        .toString()
        .padStart(2)}: ${String(m.requests).padStart(6)} requests (${(m.requests / 60).toFixed(0)}/s, ${m.writes} writes),` +
        ` p50 ${percentile(m.latencies, 50).toFixed(0)} ms, p95 ${percentile(m.latencies, 95).toFixed(0)} ms,` +
        ` RSS ${last?.rss.toFixed(0) ?? '?'} MB, heap used ${last?.heap.toFixed(0) ?? '?'} MB${[...m.byStatus.keys()].some((s) => s !== 200) ? `, statuses ${JSON.stringify(Object.fromEntries(m.byStatus))}` : ''}`,
    )
  }, 60_000)
  try {
    await Promise.all(Array.from({ length: options.connections }, () => client()))
  } finally {
    clearInterval(sampler)
    clearInterval(reporter)
    agent.destroy()
  }
  samples.push({ at: Date.now(), rss: rssMb(api.serverPid) ?? NaN, heap: await heapUsedMb(api, metricsToken) })
  return { total, samples, warmupEnd, seconds: (Date.now() - started) / 1000 }
}

async function main(): Promise<void> {
  const options = parseOptions()
  const target = options.databaseUrl ? null : await openTarget()
  try {
    const size = sizeOf(options.size)
    const databaseUrl = options.databaseUrl ?? (await ensureBenchDatabase(target!.adminUrl, size, 42, log)).url
    if (options.runner === 'node') {
      log('Building dist/ (npm run build)…')
      buildServer()
    }
    const reads = mixedReadBodies(await pickVariables(databaseUrl))
    const prisma = createPrismaClient(databaseUrl)
    const key = await createApiKey(prisma, `soak ${new Date().toISOString()}`, ['WRITE'])
    const metricsToken = randomBytes(24).toString('hex')
    const api = await startApi({
      runner: options.runner,
      databaseUrl,
      port: await freePort(),
      nodeArgs: options.nodeArgs,
      env: { ...options.env, METRICS_TOKEN: metricsToken },
    })
    const idle = rssMb(api.serverPid)!
    const settings = options.runner === 'node' ? Object.entries(productionSettings()).filter(([name]) => name !== 'NODE_ENV' && name !== 'PORT') : []
    const extras = [
      ...settings.map(([name, value]) => `${name}="${value}" (Dockerfile)`),
      ...options.nodeArgs,
      ...Object.entries(options.env).map(([name, value]) => `${name}=${value}`),
    ]
    log(
      `Soak: ${RUNNER_COMMANDS[options.runner]}${extras.length > 0 ? ` with ${extras.join(' ')}` : ''} on ${new URL(databaseUrl).pathname.slice(1)}, ` +
        `${options.connections} connections for ${options.minutes} min (warm-up ${options.warmupMinutes} min), ` +
        `${reads.length} read queries in turn and ${options.writePercent} % writes; RSS ${idle.toFixed(0)} MB idle`,
    )
    let result: Awaited<ReturnType<typeof soak>>
    try {
      result = await soak(api, reads, key.key, metricsToken, options)
    } finally {
      await api.stop()
      await revokeApiKey(prisma, key.id)
      await prisma.$disconnect()
    }
    const { total, samples, warmupEnd, seconds } = result
    const afterWarmup = samples.find((s) => s.at >= warmupEnd) ?? samples[0]!
    const last = samples.at(-1)!
    const peak = Math.max(...samples.filter((s) => s.at >= warmupEnd).map((s) => s.rss))
    const growth = ((last.rss - afterWarmup.rss) / afterWarmup.rss) * 100
    const fiveHundreds = [...total.byStatus].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0)
    const failedSockets = total.byStatus.get(0) ?? 0
    const sorted = (map: Map<string | number, number>) =>
      JSON.stringify(Object.fromEntries([...map].sort(([a], [b]) => String(a).localeCompare(String(b)))))
    log('')
    log(`Requests: ${total.requests} in ${seconds.toFixed(0)} s (${(total.requests / seconds).toFixed(1)}/s), ${total.writes} writes`)
    log(`  by HTTP status: ${sorted(total.byStatus)}${failedSockets > 0 ? ' (0 = no answer: socket error or timeout)' : ''}`)
    log(`  GraphQL errors by code: ${total.graphqlErrors.size === 0 ? 'none' : sorted(total.graphqlErrors)}`)
    log(`  write outcomes: ${sorted(total.writeOutcomes)}`)
    log(
      `  latency p50 ${percentile(total.latencies, 50).toFixed(0)} ms, p95 ${percentile(total.latencies, 95).toFixed(0)} ms, p99 ${percentile(total.latencies, 99).toFixed(0)} ms`,
    )
    log(
      `RSS: ${idle.toFixed(0)} MB idle before, ${afterWarmup.rss.toFixed(0)} MB after the warm-up, ${last.rss.toFixed(0)} MB at the end, ` +
        `peak ${peak.toFixed(0)} MB after the warm-up; growth ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} % (goal < ${GROWTH_GOAL_PERCENT} %)`,
    )
    log(`V8 heap used: ${afterWarmup.heap.toFixed(0)} MB after the warm-up, ${last.heap.toFixed(0)} MB at the end`)
    log(`5xx answers: ${fiveHundreds} (goal 0); server exit code after SIGTERM: ${api.process.exitCode}`)
    const met = growth < GROWTH_GOAL_PERCENT && fiveHundreds === 0 && failedSockets === 0
    log(met ? 'Goals met.' : 'Goals NOT met.')
    if (!met) process.exitCode = 1
  } finally {
    await target?.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
