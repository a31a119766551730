import { randomUUID } from 'node:crypto'
import { createInMemoryCache, hashSHA256, useResponseCache } from '@graphql-yoga/plugin-response-cache'
import type { Plugin } from 'graphql-yoga'
import { primaryPrisma } from '../db/setup/prisma.js'

/**
 * The data's version: the newest WriteHistory row. Every write through the API or the importer
 * appends one, in the same transaction, so a cached answer keyed by this version can never outlive
 * the data it was computed from, whichever process or replica made the write. Read on the primary:
 * a read replica may not have replayed the newest write yet.
 *
 * An id is taken when a writer inserts its row, not when it commits, so while a writer holds one
 * (a RowExclusiveLock on the table until its commit) a committed id above it does not mean the data
 * has it: then there is no version (null), and the answer is not cached.
 */
async function dataVersion(): Promise<string | null> {
  const [row] = await primaryPrisma().$queryRaw<{ version: string | null; writing: boolean }[]>`
    SELECT max("id")::text AS version,
      EXISTS (SELECT 1 FROM pg_locks l
              WHERE l.locktype = 'relation' AND l.relation = '"WriteHistory"'::regclass AND l.mode = 'RowExclusiveLock'
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.pid <> pg_backend_pid()) AS writing
    FROM "WriteHistory"`
  return row?.writing ? null : (row?.version ?? '0')
}

/** Keys under which nothing is stored: one of its own for each read made while a write is in flight. */
const UNCACHED = 'uncached:'

/**
 * A response cache for reads (reads are public, so one cache serves every client). Keys include
 * the data version: a write invalidates every cached answer at once. Errors are never cached.
 * The validators it adds (its key as ETag, Last-Modified) are replaced by http-cache.ts's one rule.
 */
export function responseCache(ttlMs: number): Plugin {
  return useResponseCache({
    session: () => null,
    ttl: ttlMs,
    cache: createInMemoryCache({ max: 5_000 }),
    invalidateViaMutation: false,
    buildResponseCacheKey: async ({ documentString, variableValues, operationName }) => {
      const version = await dataVersion()
      if (version === null) return `${UNCACHED}${randomUUID()}`
      return hashSHA256([version, documentString, operationName ?? '', JSON.stringify(variableValues ?? {})].join('\u0000'))
    },
    shouldCacheResult: ({ cacheKey, result }) => !cacheKey.startsWith(UNCACHED) && !result.errors,
  }) as Plugin
}
