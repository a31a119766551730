import { createHash } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../../generated/prisma/client.js'
import { trackStatements } from './statement-scope.js'

export type Db = PrismaClient

export interface PoolSettings {
  /** Connections in the pool (pg's default: 10). */
  max?: number
  /** How long a query waits for a connection before failing (pg's default: forever). */
  acquireTimeoutMs?: number
  /** PostgreSQL statement_timeout of every connection; 0 or absent: none. */
  statementTimeoutMs?: number
  /** Refuse writes on every connection (a read replica's pool: a write sent there is a bug, not a lag). */
  readOnly?: boolean
  /** Shown in pg_stat_activity and the server's log lines (%a). */
  applicationName?: string
}

export interface PrismaClientOptions {
  /** Called with each SQL statement Prisma sends (tests count statements per request). */
  onQuery?: (sql: string) => void
  pool?: PoolSettings
  /**
   * Errors of idle pooled connections (the server restarted or ended them). pg-pool drops such a
   * connection and opens a new one on the next query; without a listener the error would crash
   * the process.
   */
  onPoolError?: (error: Error) => void
}

/**
 * A statement whose text starts with this comment is prepared once per connection, under a name
 * derived from its text, so PostgreSQL keeps its plan. Only for a few statements of fixed text
 * whose planning costs about as much as their run (the path search, the ranked search): each
 * name lives as long as its connection.
 */
export const KEEP_PLAN = '/* keep-plan */'

/**
 * The same for a statement whose text follows the client's selection (a path's SQL-built
 * answer). Clients could make ever more such texts, so only the first MAX_SELECTION_PLANS get
 * names: later ones are planned each time, and each connection holds at most that many of them.
 * Statements of fixed text (KEEP_PLAN) are not counted, so they always keep theirs.
 */
export const KEEP_SELECTION_PLAN = '/* keep-plan per selection */'

export const MAX_SELECTION_PLANS = 64

const statementNames = new Map<string, string>()
let selectionPlans = 0

const nameOf = (text: string) => `keep_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`

/**
 * The prepared statement name of a statement that keeps its plan; none for others (unnamed:
 * planned each time).
 */
export function statementName(query: { sql: string }): string | undefined {
  const fixed = query.sql.startsWith(KEEP_PLAN)
  if (!fixed && !query.sql.startsWith(KEEP_SELECTION_PLAN)) return undefined
  let name = statementNames.get(query.sql)
  if (!name && (fixed || selectionPlans < MAX_SELECTION_PLANS)) {
    name = nameOf(query.sql)
    statementNames.set(query.sql, name)
    if (!fixed) selectionPlans += 1
  }
  return name
}

/** What queryRows (raw-query.ts) needs of a client made here: its pool, and who counts its statements. */
export interface RawAccess {
  pool: pg.Pool
  onQuery?: (sql: string) => void
}

const rawAccess = new WeakMap<PrismaClient, RawAccess>()

export function rawAccessOf(client: PrismaClient): RawAccess | undefined {
  return rawAccess.get(client)
}

/** A Prisma client over the pg driver adapter, for any PostgreSQL URL (embedded or external). */
export function createPrismaClient(connectionString: string, options: PrismaClientOptions = {}): PrismaClient {
  const { max, acquireTimeoutMs, statementTimeoutMs, readOnly, applicationName } = options.pool ?? {}
  // Our own pool, so its limits and listeners are set here rather than inside the adapter.
  const pool = new pg.Pool({
    connectionString,
    ...(max !== undefined && { max }),
    ...(acquireTimeoutMs !== undefined && { connectionTimeoutMillis: acquireTimeoutMs }),
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    ...(applicationName !== undefined && { application_name: applicationName }),
    // Notices a dead server or network path on idle connections instead of waiting on them.
    keepAlive: true,
    // No JIT: compiling costs tens of milliseconds, more than any statement of this API runs, and
    // the row estimates of recursive walks (partnershipPath) push their cost past jit_above_cost.
    options: readOnly ? '-c jit=off -c default_transaction_read_only=on' : '-c jit=off',
  })
  // So a request stopped early can cancel its statements (statement-scope.ts, request-timeout.ts).
  trackStatements(pool)
  const onPoolError = options.onPoolError ?? (() => {})
  pool.on('error', onPoolError)
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    onConnectionError: onPoolError,
    // pg prepares a query that has a name once per connection; undefined leaves it unnamed.
    statementNameGenerator: statementName as (query: { sql: string }) => string,
  })
  const onQuery = options.onQuery
  let client: PrismaClient
  if (onQuery) {
    const logging = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] })
    logging.$on('query', (event) => onQuery(event.query))
    client = logging
  } else client = new PrismaClient({ adapter })
  rawAccess.set(client, { pool, onQuery })
  return client
}
