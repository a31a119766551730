import type { PrismaClient } from '../../generated/prisma/client.js'
import { createPrismaClient, type PoolSettings, rawAccessOf } from './client.js'
import type { ReadSource } from './prisma.js'

// A streaming read replica (DATABASE_READ_URL). Read-your-own-writes without the client's help:
// before a read runs on the replica, the primary's current WAL position and the replica's replayed
// one are asked (in parallel); the replica answers only when it has replayed up to the primary's
// position, so every write acknowledged before the read arrived is visible there. Otherwise, and
// whenever the replica fails to answer, the primary does; every choice is counted for /metrics.

/** Why a read went where it went. */
export type ReadReason = 'caught_up' | 'behind' | 'unreachable' | 'resting'
export type ReadPool = 'replica' | 'primary'

export interface ReadReplicaOptions {
  pool: PoolSettings
  /** After the replica failed to answer, reads skip it this long (ms) rather than wait on it each time. */
  retryMs: number
  /** How long the position check may take on the replica before the primary answers instead (ms). */
  checkTimeoutMs?: number
  onPoolError?: (error: Error) => void
  /** Told once each time the replica starts or stops failing. */
  onStateChange?: (message: string) => void
}

export interface ReadReplica extends ReadSource {
  client: PrismaClient
  disconnect(): Promise<void>
}

const counts = new Map<string, number>()
let lastLagBytes: number | undefined

/** Reads routed so far in this process, by pool and reason. */
export function readRoutingCounts(): { pool: ReadPool; reason: ReadReason; count: number }[] {
  return [...counts].map(([key, count]) => {
    const [pool, reason] = key.split(':') as [ReadPool, ReadReason]
    return { pool, reason, count }
  })
}

/** How far (bytes of WAL) the replica was behind the primary at the last check; undefined before any. */
export function replicaLagBytes(): number | undefined {
  return lastLagBytes
}

function count(pool: ReadPool, reason: ReadReason): void {
  const key = `${pool}:${reason}`
  counts.set(key, (counts.get(key) ?? 0) + 1)
}

/** A pg_lsn's text (`16/B374D848`) as a number of bytes. */
export function lsnBytes(text: string): bigint {
  const [high, low] = text.split('/')
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`)
}

const PRIMARY_POSITION = 'SELECT pg_current_wal_lsn()::text AS lsn'
// A server that is not in recovery (DATABASE_READ_URL naming the primary itself) counts by its own position.
const REPLAYED_POSITION = 'SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn'

async function position(client: PrismaClient, sql: string): Promise<bigint | null> {
  const raw = rawAccessOf(client)
  if (!raw) throw new Error('read routing needs clients made by createPrismaClient')
  const { rows } = await raw.pool.query<{ lsn: string | null }>(sql)
  const lsn = rows[0]?.lsn
  return lsn ? lsnBytes(lsn) : null
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

export function createReadReplica(url: string, options: ReadReplicaOptions): ReadReplica {
  const client = createPrismaClient(url, {
    pool: { ...options.pool, readOnly: true, applicationName: options.pool.applicationName ?? 'partnerships-read' },
    onPoolError: options.onPoolError,
  })
  const checkTimeoutMs = options.checkTimeoutMs ?? 1_000
  let restingUntil = 0
  let failing = false
  const fail = (error: Error) => {
    restingUntil = Date.now() + options.retryMs
    if (!failing) options.onStateChange?.(`read replica unreachable (${error.message}): reads go to the primary, retried every ${options.retryMs} ms`)
    failing = true
    count('primary', 'unreachable')
  }

  return {
    client,
    async choose(primary) {
      if (Date.now() < restingUntil) {
        count('primary', 'resting')
        return primary
      }
      // The replica's answer is awaited apart: its failure sends the read to the primary, the primary's is the read's own.
      const replayed = withTimeout(position(client, REPLAYED_POSITION), checkTimeoutMs).then(
        (lsn) => ({ lsn }),
        (error: unknown) => ({ error: error as Error }),
      )
      const current = await position(primary, PRIMARY_POSITION)
      const replica = await replayed
      if ('error' in replica) {
        fail(replica.error)
        return primary
      }
      if (failing) options.onStateChange?.('read replica answers again: reads go to it when it has caught up')
      failing = false
      if (current === null || replica.lsn === null) {
        count('primary', 'behind')
        return primary
      }
      lastLagBytes = Number(current > replica.lsn ? current - replica.lsn : 0n)
      if (replica.lsn < current) {
        count('primary', 'behind')
        return primary
      }
      count('replica', 'caught_up')
      return client
    },
    failed: (error) => fail(error instanceof Error ? error : new Error(String(error))),
    disconnect: () => client.$disconnect(),
  }
}
