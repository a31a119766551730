import { timingSafeEqual } from 'node:crypto'
import type { Plugin } from 'graphql-yoga'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { onStatementTimed } from '../db/setup/statement-scope.js'
import { rawAccessOf } from '../db/setup/client.js'
import { prisma } from '../db/setup/prisma.js'
import { readRoutingCounts, replicaLagBytes } from '../db/setup/read-replica.js'
import { type Env, env } from '../env.js'
import { fallbackCounts } from '../sql-execution/fallbacks.js'
import type { RequestSummary } from './request-outcome.js'
import { notFound, routeOf } from './routes.js'

// GET /metrics in Prometheus' text format: the process's requests, errors, how queries were
// answered, the database pool, the response cache, rate-limit refusals and prom-client's process
// metrics. One registry per process, as Prometheus scrapes each process (replica) on its own.
// Every label value comes from a bounded set, so a client cannot grow the series without end.

export const registry = new Registry()

/** Distinct values a label keeps before the rest are counted as "other". */
const MAX_LABEL_VALUES = 100
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/

/** The first MAX_LABEL_VALUES values that `valid` accepts, as themselves; the rest as "other". */
function boundedLabel(valid: RegExp): (value: string) => string {
  const seen = new Set<string>()
  return (value) => {
    if (!valid.test(value)) return 'other'
    if (seen.has(value)) return value
    if (seen.size >= MAX_LABEL_VALUES) return 'other'
    seen.add(value)
    return value
  }
}
const operationLabel = boundedLabel(GRAPHQL_NAME)
const codeLabel = boundedLabel(/^(ok|HTTP_\d{3}|[A-Z][A-Z0-9_]{0,63})$/)

const duration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from a request to its response headers, by route, GraphQL operation name and outcome (ok or an error code).',
  labelNames: ['route', 'operation', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
  registers: [registry],
})

const statementDuration = new Histogram({
  name: 'db_statement_duration_seconds',
  help: 'Time of each SQL statement a query sends, from sending it to its answer.',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
})
onStatementTimed((ms) => statementDuration.observe(ms / 1000))

const errors = new Counter({
  name: 'graphql_errors_total',
  help: 'Errors in responses, by extensions.code.',
  labelNames: ['code'] as const,
  registers: [registry],
})

const answered = new Counter({
  name: 'graphql_queries_answered_total',
  help: 'Queries by what answered them: planned (one SQL statement), resolvers, or cache.',
  labelNames: ['by'] as const,
  registers: [registry],
})

const cacheLookups = new Counter({
  name: 'graphql_response_cache_total',
  help: 'Queries looked up in the response cache (when it is on), by result: hit or miss.',
  labelNames: ['result'] as const,
  registers: [registry],
})

const rateLimited = new Counter({
  name: 'http_rate_limited_total',
  help: 'Requests refused by the rate limit (HTTP 429, RATE_LIMITED).',
  registers: [registry],
})

/** Fallback reasons name fields (bounded by the schema); a planner failure's message is cut off. */
const reasonLabel = (() => {
  const bounded = boundedLabel(/^[^\n]{1,160}$/)
  return (reason: string) => bounded(reason.startsWith('the planner failed') ? 'the planner failed' : reason)
})()

new Counter({
  name: 'graphql_sql_fallbacks_total',
  help: 'Queries the SQL planner left to the resolvers, by reason (src/sql-execution/fallbacks.ts).',
  labelNames: ['reason'] as const,
  registers: [registry],
  collect() {
    this.reset()
    for (const [reason, count] of fallbackCounts()) this.inc({ reason: reasonLabel(reason) }, count)
  },
})

/** The pool of the process's Prisma client, once the database is connected. */
function pool() {
  try {
    return rawAccessOf(prisma())?.pool
  } catch {
    return undefined
  }
}

new Gauge({
  name: 'db_pool_connections',
  help: 'Connections of the database pool, by state: in_use or idle.',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    const current = pool()
    if (!current) return
    this.set({ state: 'in_use' }, current.totalCount - current.idleCount)
    this.set({ state: 'idle' }, current.idleCount)
  },
})

new Gauge({
  name: 'db_pool_waiting',
  help: 'Requests waiting for a database connection.',
  registers: [registry],
  collect() {
    const current = pool()
    if (current) this.set(current.waitingCount)
  },
})

new Counter({
  name: 'db_reads_total',
  help: 'Query executions and exports by the pool that read them (replica, primary) and why: caught_up, behind, unreachable, resting (after a failure). Only with DATABASE_READ_URL.',
  labelNames: ['pool', 'reason'] as const,
  registers: [registry],
  collect() {
    this.reset()
    for (const { pool, reason, count } of readRoutingCounts()) this.inc({ pool, reason }, count)
  },
})

new Gauge({
  name: 'db_read_replica_lag_bytes',
  help: 'WAL bytes the read replica had still to replay at the last read (0: caught up).',
  registers: [registry],
  collect() {
    const lag = replicaLagBytes()
    if (lag !== undefined) this.set(lag)
  },
})

let processMetrics = false

/** prom-client's process metrics (CPU, memory, event loop lag, handles), started with the first server. */
function startProcessMetrics(): void {
  if (processMetrics) return
  processMetrics = true
  collectDefaultMetrics({ register: registry })
}

/** Records one request's summary (request-outcome.ts). */
export function recordRequest(summary: RequestSummary, options: { responseCache: boolean }): void {
  const operation = summary.route === 'graphql' ? operationLabel(summary.operation ?? 'anonymous') : ''
  duration.observe({ route: summary.route ?? 'none', operation, outcome: codeLabel(summary.outcome) }, summary.durationMs / 1000)
  for (const code of summary.errorCodes) errors.inc({ code: codeLabel(code) })
  if (summary.status === 429 && summary.errorCodes.includes('RATE_LIMITED')) rateLimited.inc()
  if (summary.answeredBy) answered.inc({ by: summary.answeredBy })
  if (options.responseCache && summary.answeredBy) cacheLookups.inc({ result: summary.answeredBy === 'cache' ? 'hit' : 'miss' })
}

export interface MetricsAccess {
  /** The Bearer token a scrape must carry; none: open, or 404 when not `open`. */
  token?: string | undefined
  /** Served without a token (development, test). */
  open: boolean
}

export function metricsAccessFromEnv(config: Env = env): MetricsAccess {
  return { token: config.METRICS_TOKEN, open: config.NODE_ENV !== 'production' }
}

function carriesToken(request: Request, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.get('authorization') ?? '')
  const sent = Buffer.from(match?.[1] ?? '')
  const expected = Buffer.from(token)
  return sent.length === expected.length && timingSafeEqual(sent, expected)
}

/** GET /metrics; placed with the health checks, before the rate limit. */
export function metricsRoute(access: MetricsAccess): Plugin {
  startProcessMetrics()
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (routeOf(url) !== 'metrics') return
      if (!access.token && !access.open) return endResponse(notFound(fetchAPI.Response, url))
      if (access.token && !carriesToken(request, access.token)) {
        return endResponse(
          new fetchAPI.Response('/metrics needs Authorization: Bearer <METRICS_TOKEN>.\n', {
            status: 401,
            headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' },
          }),
        )
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(
          new fetchAPI.Response('Only GET.\n', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } }),
        )
      }
      endResponse(
        new fetchAPI.Response(await registry.metrics(), {
          status: 200,
          headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
        }),
      )
    },
  }
}
