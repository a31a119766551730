import type { Plugin } from 'graphql-yoga'
import pg from 'pg'
import { rawAccessOf } from '../db/setup/client.js'
import { prisma } from '../db/setup/prisma.js'
import { migrationNames } from '../db/setup/schema-engine.js'
import { databaseFault } from './errors.js'
import { routeOf } from './routes.js'

// GET /healthz: the process is up and serving HTTP (no database: a liveness probe must not restart
// a healthy process because PostgreSQL is away). GET /readyz: the database answers and every
// migration folder is applied, so a load balancer sends traffic only where it can be served;
// 503 while the database is unreachable or too slow to answer, a migration is pending, or the
// server is shutting down.

export interface Readiness {
  /** ok: it answered in time; slow: it took the connection but no answer came in time; unreachable: no connection. */
  database: 'ok' | 'slow' | 'unreachable'
  /** Migration folders not (or not successfully) applied to the database. */
  pending: string[]
}

let running: Promise<Readiness> | undefined

/**
 * Asks the database on a connection of its own, not one of the pool: a pool whose connections are
 * all busy (slow requests, writes waiting on locks) is not a database that cannot be reached.
 * Concurrent probes share one check, so probes never add more than one connection.
 */
export function checkReadiness(timeoutMs: number): Promise<Readiness> {
  running ??= check(timeoutMs).finally(() => {
    running = undefined
  })
  return running
}

async function check(timeoutMs: number): Promise<Readiness> {
  const access = rawAccessOf(prisma())
  if (!access) throw new Error('readiness needs a Prisma client made by createPrismaClient')
  // The server cancels a statement past statement_timeout ("slow"); query_timeout covers a server that never answers.
  const client = new pg.Client({
    ...access.pool.options,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 500,
  })
  client.on('error', () => {})
  try {
    await client.connect()
  } catch {
    return { database: 'unreachable', pending: [] }
  }
  try {
    const applied = await appliedMigrations(client)
    return { database: 'ok', pending: migrationNames().filter((name) => !applied.has(name)) }
  } catch (error) {
    return { database: databaseFault(error) === 'timeout' ? 'slow' : 'unreachable', pending: [] }
  } finally {
    await client.end().catch(() => {})
  }
}

async function appliedMigrations(client: pg.Client): Promise<Set<string>> {
  const { rows: tables } = await client.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`)
  if (!tables[0]?.exists) return new Set()
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  )
  return new Set(rows.map((row) => row.migration_name))
}

export function healthRoutes(options: { readinessTimeoutMs: number; isStopping: () => boolean }): Plugin {
  const json = (Response: typeof globalThis.Response, status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    })
  return {
    async onRequest({ url, fetchAPI, endResponse }) {
      const route = routeOf(url)
      if (route === 'liveness') {
        endResponse(json(fetchAPI.Response, 200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) }))
      } else if (route === 'readiness') {
        if (options.isStopping()) {
          endResponse(json(fetchAPI.Response, 503, { status: 'stopping' }))
          return
        }
        const readiness = await checkReadiness(options.readinessTimeoutMs)
        const ready = readiness.database === 'ok' && readiness.pending.length === 0
        const status = ready ? 'ready' : readiness.database === 'ok' ? 'migrations pending' : `database ${readiness.database}`
        endResponse(json(fetchAPI.Response, ready ? 200 : 503, { status, ...readiness }))
      }
    },
  }
}
