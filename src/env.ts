import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseEnv as parseEnvFile } from 'node:util'
import { z } from 'zod'
import { projectRoot } from './db/setup/project-paths.js'

// Configuration, parsed once at start-up from the environment and the settings file (.env in the
// project folder, or ENV_FILE; the environment wins); nothing else reads process.env.
const flag = z.enum(['true', 'false']).transform((v) => v === 'true')

/** Browser origins (scheme, host, port) as a comma-separated list, or * for any. */
const origins = z.string().transform((value, context): '*' | string[] => {
  const list = value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '')
  if (list.length === 1 && list[0] === '*') return '*'
  for (const origin of list) {
    if (!isOrigin(origin))
      context.addIssue({
        code: 'custom',
        message: `"${origin}" is not an origin such as https://app.example.com (no path, no slash at the end), nor *`,
      })
  }
  return list
})

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value
  } catch {
    return false
  }
}

const schema = z.object({
  /** The settings file read before parsing; default .env in the project folder; empty: none. */
  ENV_FILE: z.string().optional(),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  /** External PostgreSQL; when absent an embedded server is started. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * A streaming replica of DATABASE_URL for GraphQL queries and exports; each read checks it has
   * replayed the primary's latest WAL, else the primary answers (writes, migrations, readiness: always the primary).
   */
  DATABASE_READ_URL: z.string().url().optional(),
  /** After the read replica failed to answer, how long reads go to the primary before it is tried again. */
  DATABASE_READ_RETRY_MS: z.coerce.number().int().min(100).default(5_000),
  /** Database the test suite uses; falls back to DATABASE_URL, then the embedded server. */
  TEST_DATABASE_URL: z.string().url().optional(),
  /** Where the embedded PostgreSQL keeps its data between runs. */
  EMBEDDED_PG_DIR: z.string().default('.data/postgres'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Load the shipped dataset into an empty database at start-up. */
  SEED_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),

  // Hardening (README "Running in production"). Switches left unset follow NODE_ENV.
  /** GraphiQL at /graphql; default on except in production. */
  GRAPHIQL: flag.optional(),
  /** Schema introspection (__schema, __type); default on except in production. */
  INTROSPECTION: flag.optional(),
  /** The web explorer at / (its files under /explorer/assets/); on everywhere unless set to false. */
  EXPLORER: flag.default(true),
  /** Connections in the pg pool of this process. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** How long a request waits for a free pool connection (or a new one) before SERVICE_UNAVAILABLE. */
  DB_POOL_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** PostgreSQL statement_timeout of every pooled connection; 0 turns it off. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** How long an API write waits for a row another transaction holds (an import, another write) before ConflictError. */
  DB_WRITE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(1).default(3_000),
  /** Exports (GET /export/*) streamed at once by one process; more are refused with 429. */
  EXPORT_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100).default(2),
  /** Time limit of one export, on a connection of its own (DB_STATEMENT_TIMEOUT_MS does not apply). */
  EXPORT_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(300_000),
  /** Time limit of one GraphQL query (mutations are bounded by statement and transaction limits). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** On SIGTERM/SIGINT, how long in-flight requests may still run before their connections are cut. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
  /** Rate limiting; default on except under NODE_ENV=test. */
  RATE_LIMIT: flag.optional(),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Requests per window per client IP (no key, or a key that is not valid). */
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(300),
  /** Requests per window per valid API key. */
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(1_200),
  /** Proxies in front of the server whose X-Forwarded-For entries name the client (0: the socket address). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Redis for state replicas share (rate-limit counters); in memory when unset. */
  REDIS_URL: z.string().url().optional(),
  REDIS_PREFIX: z.string().min(1).default('partnerships'),
  /**
   * Keep query responses this long (ms); 0 = no response cache. Any write through the API or the
   * importer (anything that adds to WriteHistory) makes every cached response stale at once.
   */
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(0),
  /** Browser pages on these origins may call the API (comma-separated, or *); default * except in production (none). */
  CORS_ORIGINS: origins.optional(),
  /** How long browsers and shared caches may keep a public GET query's answer (0: revalidate every time). */
  HTTP_CACHE_MAX_AGE_S: z.coerce.number().int().min(0).default(30),
  /** How long after that a cache may still serve it while it revalidates in the background. */
  HTTP_CACHE_SWR_S: z.coerce.number().int().min(0).default(60),
  /** How long an automatic persisted query (APQ) is kept after a client sent it (s); in Redis when REDIS_URL is set. */
  PERSISTED_QUERIES_TTL_S: z.coerce.number().int().min(1).default(86_400),
  /** APQ documents one process keeps in memory (without Redis), the least recently used dropped first. */
  PERSISTED_QUERIES_MAX_ENTRIES: z.coerce.number().int().min(1).default(1_000),
  /** A manifest of trusted documents (JSON: hash → document, as codegen's persistedDocuments writes it); its hashes are always known. */
  PERSISTED_DOCUMENTS: z.string().min(1).optional(),
  /** Only the manifest's documents run: any request not naming one of its hashes is refused (PERSISTED_QUERY_NOT_ALLOWED). */
  PERSISTED_DOCUMENTS_ONLY: flag.default(false),
  /** Answer the queries SQL can answer whole with one JSON-building statement (src/sql-execution/). */
  SQL_EXECUTION: flag.default(true),
  /** Statements the planner built kept for the same request again (document, operation, variables); 0 = off. */
  SQL_STATEMENT_CACHE: z.coerce.number().int().min(0).default(256),
  /** A file each query the planner leaves to the resolvers is appended to (a JSON line with its reason), for `npm run fallbacks`. */
  SQL_FALLBACK_LOG: z.string().min(1).optional(),

  // Observability (README "Running in production").
  /** Least severe log line written (JSON lines on stdout, one per request at info); default info, warn under NODE_ENV=test. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** A request that takes longer (ms) also logs a warn line with its operation and duration; 0 = never. */
  SLOW_REQUEST_MS: z.coerce.number().int().min(0).default(1_000),
  /** Bearer token GET /metrics needs; in production /metrics is 404 without it, elsewhere it is open unless set. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
})

const parsed = schema
  .refine((env) => env.DATABASE_READ_URL === undefined || env.DATABASE_URL !== undefined, {
    message: 'DATABASE_READ_URL needs DATABASE_URL (the primary it replicates); the embedded PostgreSQL has no replica',
    path: ['DATABASE_READ_URL'],
  })
  .refine((env) => !env.PERSISTED_DOCUMENTS_ONLY || env.PERSISTED_DOCUMENTS !== undefined, {
    message: 'PERSISTED_DOCUMENTS_ONLY=true needs PERSISTED_DOCUMENTS (the manifest of the documents to allow)',
    path: ['PERSISTED_DOCUMENTS_ONLY'],
  })
  .transform((env) => {
    const production = env.NODE_ENV === 'production'
    return {
      ...env,
      GRAPHIQL: env.GRAPHIQL ?? !production,
      INTROSPECTION: env.INTROSPECTION ?? !production,
      RATE_LIMIT: env.RATE_LIMIT ?? env.NODE_ENV !== 'test',
      CORS_ORIGINS: env.CORS_ORIGINS ?? (production ? [] : ('*' as const)),
      LOG_LEVEL: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    }
  })

export type Env = z.infer<typeof parsed>

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = parsed.safeParse(source)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid configuration:\n${problems}`)
  }
  return result.data
}

export interface SettingsFile {
  /** The file read, or null when there is none. */
  path: string | null
  /** Settings taken from it (the environment had none of them). */
  applied: string[]
  /** Names in it that are not settings (typos, say): kept out of process.env, reported at start-up. */
  unknown: string[]
}

export const DEFAULT_SETTINGS_FILE = path.join(projectRoot, '.env')

/** Reads the settings file into `target` (process.env) where the environment has no value of its own. */
export function loadSettingsFile(target: NodeJS.ProcessEnv): SettingsFile {
  const file = target.ENV_FILE === undefined ? DEFAULT_SETTINGS_FILE : target.ENV_FILE || null
  if (!file || !existsSync(file)) return { path: null, applied: [], unknown: [] }
  const known = new Set(Object.keys(schema.shape))
  const applied: string[] = []
  const unknown: string[] = []
  for (const [name, value] of Object.entries(parseEnvFile(readFileSync(file, 'utf8')))) {
    if (!known.has(name)) unknown.push(name)
    else if (target[name] === undefined) {
      target[name] = value
      applied.push(name)
    }
  }
  return { path: file, applied, unknown }
}

export const settingsFile = loadSettingsFile(process.env)
export const env = parseEnv(process.env)

/**
 * The environment a child process starts with (the Prisma CLI): this process's own, over
 * `defaults`. Read here because nothing else reads process.env.
 */
export function childEnvironment(defaults: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...defaults, ...process.env }
}

/** Only the `names` of this process's environment ('' when unset), for a child that must not see the rest. */
export function environmentSubset(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, process.env[name] ?? '']))
}

/** Where the settings came from and what they amount to, for the start-up log (no passwords). */
export function describeSettings(config: Env = env, file: SettingsFile = settingsFile): string[] {
  const lines = [
    file.path
      ? `Settings: ${file.path} (${file.applied.length > 0 ? file.applied.join(', ') : 'nothing the environment did not set already'}), then the environment`
      : 'Settings: the environment and the defaults (no .env file)',
  ]
  if (file.unknown.length > 0) lines.push(`Ignored in ${file.path}: ${file.unknown.join(', ')} (not settings; see .env.example)`)
  const limit = config.RATE_LIMIT
    ? `rate limit ${config.RATE_LIMIT_PER_IP} per IP and ${config.RATE_LIMIT_PER_KEY} per key every ${config.RATE_LIMIT_WINDOW_SECONDS} s, ` +
      `counted ${config.REDIS_URL ? `in Redis at ${withoutPassword(config.REDIS_URL)}` : 'in memory'}, client address ${config.TRUST_PROXY_HOPS > 0 ? `from X-Forwarded-For behind ${config.TRUST_PROXY_HOPS} proxy hop(s)` : 'from the socket'}`
    : 'rate limit off'
  lines.push(
    `Mode ${config.NODE_ENV}: GraphiQL ${config.GRAPHIQL ? 'on' : 'off'}, explorer ${config.EXPLORER ? 'on' : 'off'}, introspection ${config.INTROSPECTION ? 'on' : 'off'}, ${limit}, response cache ${config.RESPONSE_CACHE_TTL_MS > 0 ? `${config.RESPONSE_CACHE_TTL_MS} ms` : 'off'}`,
  )
  const origins = config.CORS_ORIGINS === '*' ? 'any origin' : config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS.join(', ') : 'no other origin'
  lines.push(
    `HTTP: browsers may call from ${origins}; public GET queries cacheable ${config.HTTP_CACHE_MAX_AGE_S} s, then served stale while revalidated for ${config.HTTP_CACHE_SWR_S} s`,
  )
  const apq = `automatic ones kept ${config.PERSISTED_QUERIES_TTL_S} s ${config.REDIS_URL ? 'in Redis' : `in memory (${config.PERSISTED_QUERIES_MAX_ENTRIES} at most)`}`
  lines.push(
    `Persisted queries: ${config.PERSISTED_DOCUMENTS_ONLY ? `only the trusted documents of ${config.PERSISTED_DOCUMENTS}` : config.PERSISTED_DOCUMENTS ? `trusted documents of ${config.PERSISTED_DOCUMENTS} and ${apq}` : apq}`,
  )
  const metrics = config.METRICS_TOKEN ? 'with METRICS_TOKEN' : config.NODE_ENV === 'production' ? 'off (no METRICS_TOKEN)' : 'open'
  lines.push(
    `Logs: JSON lines on stdout at ${config.LOG_LEVEL}, slow requests over ${config.SLOW_REQUEST_MS > 0 ? `${config.SLOW_REQUEST_MS} ms` : '(off)'}; GET /metrics ${metrics}`,
  )
  return lines
}

function withoutPassword(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}
