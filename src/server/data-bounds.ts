import { rawAccessOf } from '../db/setup/client.js'
import { prisma } from '../db/setup/prisma.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import { DATA_BOUNDS_STATEMENT, type DataBounds } from './list-bounds.js'

// The largest list of each kind the data holds, for the query cost. Reading them scans the lists'
// tables (about 2 s on the generated 100k graph), so they are read again only when the data has
// changed: once a minute the newest WriteHistory row (one index lookup) says whether any write
// went through the API or the importer since; writes that keep no history (`npm run generate`,
// raw SQL) are seen within DATA_BOUNDS_MAX_AGE_MS.

/** How often the data version is looked at. */
export const DATA_VERSION_CHECK_MS = 60_000
/** The bounds are read again at least this often, whatever the data version says. */
export const DATA_BOUNDS_MAX_AGE_MS = 10 * 60_000

const DATA_VERSION = `SELECT coalesce(max("id")::text, '0') AS "dataVersion" FROM "WriteHistory"`

export interface Loaded {
  bounds: DataBounds
  /** Changes whenever the bounds are read again (price caches key on it). */
  version: number
  dataVersion: string
  readAt: number
  checkedAt: number
}

interface BoundsCache {
  loaded?: Loaded
  refreshing?: Promise<Loaded>
}

// Per Prisma client: tests point several clients at several databases in one process.
const caches = new WeakMap<PrismaClient, BoundsCache>()
let versions = 0

/**
 * Runs on the client's pool but is not reported to the per-request statement counter (onQuery):
 * it belongs to no request; every request until the next check shares it.
 */
async function rows<T>(client: PrismaClient, text: string): Promise<T[]> {
  const raw = rawAccessOf(client)
  return raw ? (await raw.pool.query(text)).rows : client.$queryRawUnsafe<T[]>(text)
}

async function refresh(client: PrismaClient, loaded: Loaded | undefined): Promise<Loaded> {
  const now = Date.now()
  if (loaded && now - loaded.readAt < DATA_BOUNDS_MAX_AGE_MS) {
    const [current] = await rows<{ dataVersion: string }>(client, DATA_VERSION)
    if (current?.dataVersion === loaded.dataVersion) return { ...loaded, checkedAt: now }
  }
  const [row] = await rows<DataBounds & { dataVersion: string }>(
    client,
    `WITH v AS (${DATA_VERSION}) ${DATA_BOUNDS_STATEMENT}, (SELECT "dataVersion" FROM v) AS "dataVersion"`,
  )
  const { dataVersion, ...bounds } = row!
  return { bounds, version: ++versions, dataVersion, readAt: now, checkedAt: now }
}

/**
 * The data's bounds: read on first use, then checked in the background once a minute (requests
 * meanwhile use the last ones; the execution limits of request-timeout.ts hold whatever they say).
 */
export async function dataBounds(): Promise<Loaded> {
  const client = prisma()
  let cache = caches.get(client)
  if (!cache) caches.set(client, (cache = {}))
  const { loaded } = cache
  if (loaded && Date.now() - loaded.checkedAt < DATA_VERSION_CHECK_MS) return loaded
  const refreshing = (cache.refreshing ??= refresh(client, loaded).then(
    (fresh) => {
      cache.loaded = fresh
      cache.refreshing = undefined
      return fresh
    },
    (error: unknown) => {
      cache.refreshing = undefined
      throw error
    },
  ))
  if (!loaded) return refreshing
  refreshing.catch(() => {}) // A failed check keeps the last bounds; the next request tries again.
  return loaded
}
