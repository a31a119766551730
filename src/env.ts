import { z } from 'zod'

// Configuration, parsed once at start-up; nothing else reads process.env.
const flag = z.enum(['true', 'false']).transform((v) => v === 'true')

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  /** External PostgreSQL; when absent an embedded server is started. */
  DATABASE_URL: z.string().url().optional(),
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
  /** Connections in the pg pool of this process. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** How long a request waits for a free pool connection (or a new one) before SERVICE_UNAVAILABLE. */
  DB_POOL_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** PostgreSQL statement_timeout of every pooled connection; 0 turns it off. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
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
  /** Answer the queries SQL can answer whole with one JSON-building statement (src/sql-execution/). */
  SQL_EXECUTION: flag.default(true),
})

const parsed = schema.transform((env) => {
  const production = env.NODE_ENV === 'production'
  return {
    ...env,
    GRAPHIQL: env.GRAPHIQL ?? !production,
    INTROSPECTION: env.INTROSPECTION ?? !production,
    RATE_LIMIT: env.RATE_LIMIT ?? env.NODE_ENV !== 'test',
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

export const env = parseEnv(process.env)
