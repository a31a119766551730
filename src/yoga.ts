import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions'
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention'
import { GraphQLError } from 'graphql'
import { createYoga, type Plugin } from 'graphql-yoga'
import { authFromRequest } from './auth/context.js'
import type { Context } from './builder.js'
import { env } from './env.js'
import { type ExportLimits, exportRoutes } from './export/http.js'
import { graphiqlTabs } from './graphiql-examples.js'
import { validateWithNamedArguments } from './graphql/named-argument-errors.js'
import { schema } from './schema/index.js'
import { bodyLimit } from './server/body-limit.js'
import { compression } from './server/compression.js'
import { type AllowedOrigins, cors, corsOriginsFromEnv } from './server/cors.js'
import { maskError } from './server/errors.js'
import { explorer, withExplorerDocuments } from './server/explorer.js'
import { readExplorerManifest } from './server/explorer-build.js'
import { graphiqlAssets, renderGraphiQLPage } from './server/graphiql-assets.js'
import { healthRoutes } from './server/health.js'
import { knownSlugs } from './server/known-slugs.js'
import { type HttpCacheOptions, httpCache, httpCacheFromEnv } from './server/http-cache.js'
import { IDEMPOTENCY_KEY_HEADER, idempotency } from './server/idempotency.js'
import { heavyQueries, noIntrospection, QUERY_LIMITS, queryLimits } from './server/limits.js'
import { type MetricsAccess, metricsAccessFromEnv, metricsRoute, recordRequest } from './server/metrics.js'
import { type PersistedQueryOptions, persistedQueries, persistedQueriesFromEnv } from './server/persisted-queries.js'
import { rateLimit, type RateLimitOptions } from './server/rate-limit.js'
import { readRouting } from './server/read-routing.js'
import { defaultLogger, type Logger, logRequest, yogaLogger } from './server/request-log.js'
import { requestOutcomes } from './server/request-outcome.js'
import { executionLimits } from './server/request-timeout.js'
import { responseCache } from './server/response-cache.js'
import { exactRoutes, GRAPHQL_PATH, routeOf } from './server/routes.js'
import { sqlExecution } from './sql-execution/plugin.js'

const namedArgumentErrors: Plugin = {
  onValidate: ({ setValidationFn }) => setValidationFn(validateWithNamedArguments),
}

/** The header a GET (or a form-encoded POST) to /graphql must carry; JSON POSTs need none. */
export const CSRF_HEADER = 'x-graphql-csrf'

/**
 * Yoga's CSRF prevention: a request a browser would send cross-site without a preflight (GET,
 * form or text/plain POST) must carry CSRF_HEADER, which such a page cannot set. Yoga's error
 * gets a stable code.
 */
function csrfPrevention(): Plugin {
  const { onRequestParse } = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] })
  return {
    onRequestParse(payload) {
      try {
        return onRequestParse?.(payload)
      } catch {
        throw new GraphQLError(`This request needs the "${CSRF_HEADER}" header (any value) or a JSON body (content-type: application/json).`, {
          extensions: { code: 'CSRF_REJECTED', http: { status: 403 } },
        })
      }
    },
  }
}

export interface ServerOptions {
  /** Default: GRAPHIQL (on except in production). */
  graphiql?: boolean
  /** Default: INTROSPECTION (on except in production). */
  introspection?: boolean
  /** The web explorer at / (src/server/explorer.ts); default EXPLORER (on). */
  explorer?: boolean
  /** Default: from RATE_LIMIT_* and REDIS_URL when RATE_LIMIT is on (it is, except under NODE_ENV=test). */
  rateLimit?: RateLimitOptions | false
  /** Keep query responses this long (ms), 0 = off; default RESPONSE_CACHE_TTL_MS. */
  responseCacheTtlMs?: number
  /** Time limit of one query; default REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number
  /** Resolvers' work before they let the event loop go round; default SLICE_MS (execution-budget.ts). */
  executionSliceMs?: number
  /** Answer the queries SQL can answer with one JSON-building statement (src/sql-execution/); default SQL_EXECUTION. */
  sqlExecution?: boolean
  /** Built statements kept for requests sent again; default SQL_STATEMENT_CACHE (0 = off). */
  statementCacheSize?: number
  /** Exports at once and the time limit of each; default EXPORT_MAX_CONCURRENT and EXPORT_TIMEOUT_MS. */
  exports?: ExportLimits
  /** Origins browser pages may call from; default CORS_ORIGINS. */
  corsOrigins?: AllowedOrigins
  /** Cache-Control of public GET reads; default HTTP_CACHE_MAX_AGE_S and HTTP_CACHE_SWR_S. */
  httpCache?: HttpCacheOptions
  /** APQ store and trusted documents; default PERSISTED_QUERIES_*, PERSISTED_DOCUMENTS(_ONLY) and REDIS_URL. */
  persistedQueries?: PersistedQueryOptions
  /** True once shutdown has begun: /readyz answers 503 so load balancers stop sending traffic. */
  isStopping?: () => boolean
  /** Where request lines and Yoga's messages go; default JSON lines on stdout at LOG_LEVEL (request-log.ts). */
  logger?: Logger
  /** Requests slower than this (ms) log a warn line too; default SLOW_REQUEST_MS. */
  slowRequestMs?: number
  /** Who may scrape GET /metrics; default METRICS_TOKEN, open except in production. */
  metrics?: MetricsAccess
}

export function rateLimitFromEnv(): RateLimitOptions | false {
  if (!env.RATE_LIMIT) return false
  return {
    windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    perIp: env.RATE_LIMIT_PER_IP,
    perKey: env.RATE_LIMIT_PER_KEY,
    redisUrl: env.REDIS_URL,
    redisPrefix: `${env.REDIS_PREFIX}:rate`,
    trustProxyHops: env.TRUST_PROXY_HOPS,
  }
}

/** The GraphQL server as a fetch handler; it never listens (see main.ts). */
export function createServer(options: ServerOptions = {}) {
  const graphiql = options.graphiql ?? env.GRAPHIQL
  const introspection = options.introspection ?? env.INTROSPECTION
  const explorerOn = options.explorer ?? env.EXPLORER
  const explorerManifest = explorerOn ? readExplorerManifest() : null
  const cacheTtlMs = options.responseCacheTtlMs ?? env.RESPONSE_CACHE_TTL_MS
  const limits = options.rateLimit ?? rateLimitFromEnv()
  const logger = options.logger ?? defaultLogger()
  const slowRequestMs = options.slowRequestMs ?? env.SLOW_REQUEST_MS
  const outcomes = requestOutcomes((summary) => {
    logRequest(logger, summary, slowRequestMs)
    recordRequest(summary, { responseCache: cacheTtlMs > 0 })
  })
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    logging: yogaLogger(logger),
    // Yoga's own health check answers any URL ending in its endpoint, before every plugin; /healthz
    // and /readyz replace it, and a serialized URL never ends in a space.
    healthCheckEndpoint: ' ',
    // Unexpected errors (Prisma, SQL, bugs) reach clients as "Unexpected error."; expected ones
    // are GraphQLErrors with extensions.code; a database that cannot be reached or a statement
    // that ran too long become SERVICE_UNAVAILABLE and TIMEOUT (src/server/errors.ts).
    // isDev false: Yoga would otherwise add originalError (stack, file paths, SQL) under NODE_ENV=development.
    maskedErrors: { maskError, isDev: false },
    // Yoga renders GraphiQL before any plugin runs, for any URL ending in /graphql: only at the exact path.
    graphiql:
      graphiql &&
      ((request) =>
        routeOf(new URL(request.url)) === 'graphql' && {
          title: 'AI partnerships graph',
          defaultTabs: graphiqlTabs(new Date().toISOString().slice(0, 10)),
        }),
    // GraphiQL from the installed package, not from a CDN, its files served apart (graphiql-assets.ts).
    renderGraphiQL: renderGraphiQLPage,
    // Our own CORS (server/cors.ts): Yoga's reflects any origin with credentials.
    cors: false,
    // Ours (server/body-limit.ts) counts only bodies without a Content-Length.
    maxRequestBodySize: false,
    context: ({ request }) => ({ request, auth: authFromRequest(request) }),
    plugins: [
      // Unknown paths end here, before anything counts or parses them (src/server/routes.ts).
      exactRoutes(),
      // Every request served gets an ID (x-request-id) and, once its response is ready, one log
      // line and its count in /metrics; first, so that its time covers all that follows.
      outcomes.observe,
      // Preflights answered here; then, on the way out, in this order: CORS headers, ETag and
      // Cache-Control of the body as built, and last its compression.
      cors({
        origins: options.corsOrigins ?? corsOriginsFromEnv(),
        allowHeaders: ['content-type', 'authorization', CSRF_HEADER, IDEMPOTENCY_KEY_HEADER, 'x-request-id'],
      }),
      httpCache(options.httpCache ?? httpCacheFromEnv()),
      compression(),
      // Health checks first: never rate limited, never blocked by anything below.
      healthRoutes({ readinessTimeoutMs: 2_000, isStopping: options.isStopping ?? (() => false) }),
      // Scrapes are never rate limited either (a token guards them in production).
      metricsRoute(options.metrics ?? metricsAccessFromEnv()),
      ...(limits ? [rateLimit(limits)] : []),
      namedArgumentErrors,
      graphiqlAssets(graphiql),
      // The explorer's page at / and its files: GETs with no GraphQL in them.
      explorer({ enabled: explorerOn, graphiql, manifest: explorerManifest }),
      // GET /export/* (GraphML, CSV, JSON of the graph as of a day) on the same server.
      exportRoutes(options.exports),
      bodyLimit(QUERY_LIMITS.maxBodyBytes),
      csrfPrevention(),
      // A hash becomes its document here (or the request is refused), before the limits parse it.
      ...persistedQueries(withExplorerDocuments(options.persistedQueries ?? persistedQueriesFromEnv(), explorerManifest)),
      ...queryLimits(),
      ...(introspection ? [] : [noIntrospection(), blockFieldSuggestionsPlugin({ mask: '' })]),
      // Idempotency-Key on mutations: a retry gets the committed write back (README "Writing").
      idempotency(),
      // A slug naming nothing is refused: here before the resolvers, by the planner in its statement.
      knownSlugs(),
      // Just before the planner: what it wraps runs only when the resolvers answer a query.
      outcomes.beforePlanner,
      // Before the time limit, which then covers the SQL-built answers too.
      ...((options.sqlExecution ?? env.SQL_EXECUTION) ? [sqlExecution(options.statementCacheSize ?? env.SQL_STATEMENT_CACHE)] : []),
      // Gates whichever answers, the planner or the resolvers; inside the time limit.
      heavyQueries(),
      executionLimits({
        timeoutMs: options.requestTimeoutMs ?? env.REQUEST_TIMEOUT_MS,
        maxResponseBytes: QUERY_LIMITS.maxResponseBytes,
        sliceMs: options.executionSliceMs,
      }),
      // Around all of the above: a query executes on a read replica that has every acknowledged write, else the primary.
      readRouting(),
      // Last, so a cached answer is only served to a request every check above has let through.
      ...(cacheTtlMs > 0 ? [responseCache(cacheTtlMs)] : []),
    ],
  })
}
