import type { Plugin } from 'graphql-yoga'
import { prisma } from '../db/prisma.js'
import { migrationNames } from '../db/schema-engine.js'

// GET /healthz: the process is up and serving HTTP (no database: a liveness probe must not restart
// a healthy process because PostgreSQL is away). GET /readyz: the database answers and every
// migration folder is applied, so a load balancer sends traffic only where it can be served;
// 503 while the database is unreachable, a migration is pending, or the server is shutting down.

export interface Readiness {
  database: 'ok' | 'unreachable'
  /** Migration folders not (or not successfully) applied to the database. */
  pending: string[]
}

export async function checkReadiness(timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('readiness check timed out')), timeoutMs)
  })
  try {
    const applied = await Promise.race([appliedMigrations(), expired])
    return { database: 'ok', pending: migrationNames().filter((name) => !applied.has(name)) }
  } catch {
    return { database: 'unreachable', pending: [] }
  } finally {
    clearTimeout(timer)
  }
}

async function appliedMigrations(): Promise<Set<string>> {
  const [table] = await prisma().$queryRaw<{ exists: boolean }[]>`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`
  if (!table?.exists) return new Set()
  const rows = await prisma().$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
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
      if (url.pathname === '/healthz') {
        endResponse(json(fetchAPI.Response, 200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) }))
      } else if (url.pathname === '/readyz') {
        if (options.isStopping()) {
          endResponse(json(fetchAPI.Response, 503, { status: 'stopping' }))
          return
        }
        const readiness = await checkReadiness(options.readinessTimeoutMs)
        const ready = readiness.database === 'ok' && readiness.pending.length === 0
        const status = ready ? 'ready' : readiness.database === 'ok' ? 'migrations pending' : 'database unreachable'
        endResponse(json(fetchAPI.Response, ready ? 200 : 503, { status, ...readiness }))
      }
    },
  }
}
