import { createInMemoryCache, hashSHA256, useResponseCache } from '@graphql-yoga/plugin-response-cache'
import type { Plugin } from 'graphql-yoga'
import { primaryPrisma } from '../db/setup/prisma.js'

/**
 * The data's version: the newest WriteHistory row. Every write through the API or the importer
 * appends one, in the same transaction, so a cached answer keyed by this version can never outlive
 * the data it was computed from, whichever process or replica made the write. Read on the primary:
 * a read replica may not have replayed the newest write yet.
 */
async function dataVersion(): Promise<string> {
  const [row] = await primaryPrisma().$queryRaw<{ version: string | null }[]>`SELECT max("id")::text AS version FROM "WriteHistory"`
  return row?.version ?? '0'
}

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
    buildResponseCacheKey: async ({ documentString, variableValues, operationName }) =>
      hashSHA256([await dataVersion(), documentString, operationName ?? '', JSON.stringify(variableValues ?? {})].join('\u0000')),
  }) as Plugin
}
