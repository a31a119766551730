import { readFileSync } from 'node:fs'
import { type APQStore, createInMemoryAPQStore, useAPQ } from '@graphql-yoga/plugin-apq'
import { GraphQLError } from 'graphql'
import type { Plugin, YogaLogger } from 'graphql-yoga'
import { Redis } from 'ioredis'
import { env } from '../env.js'

// Persisted queries, both ways clients send a hash in extensions.persistedQuery.sha256Hash:
// - automatic (APQ, Apollo's PersistedQueryLink): an unknown hash answers PersistedQueryNotFound, the
//   client resends hash and document, and the document is kept (in Redis when set, so every replica
//   knows it; else in an in-memory LRU), bounded in entries, size and time;
// - trusted documents: a manifest (hash → document, as codegen's `persistedDocuments` writes it)
//   whose hashes are always known; made mandatory, nothing else runs.

export interface PersistedQueryOptions {
  /** Keep APQ documents in Redis (shared by replicas); in memory when absent. */
  redisUrl?: string | undefined
  redisPrefix: string
  /** How long an APQ document is kept after it was sent (s). */
  ttlSeconds: number
  /** APQ documents one process keeps in memory (Redis: bounded by the TTL and its maxmemory). */
  maxEntries: number
  /** Trusted documents, hash → document. */
  manifest?: ReadonlyMap<string, string> | undefined
  /** Only the manifest's documents run; nothing is registered. */
  only: boolean
}

/** Longer documents still run, but are not kept: a client sends them whole each time. */
export const MAX_PERSISTED_DOCUMENT_CHARS = 32 * 1024

export function persistedQueriesFromEnv(): PersistedQueryOptions {
  return {
    redisUrl: env.REDIS_URL,
    redisPrefix: `${env.REDIS_PREFIX}:apq`,
    ttlSeconds: env.PERSISTED_QUERIES_TTL_S,
    maxEntries: env.PERSISTED_QUERIES_MAX_ENTRIES,
    manifest: env.PERSISTED_DOCUMENTS ? readManifest(env.PERSISTED_DOCUMENTS) : undefined,
    only: env.PERSISTED_DOCUMENTS_ONLY,
  }
}

/** A manifest file: a JSON object of hash → document; anything else fails at start-up. */
export function readManifest(file: string): Map<string, string> {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`PERSISTED_DOCUMENTS: cannot read ${file} as JSON (${(error as Error).message})`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`PERSISTED_DOCUMENTS: ${file} is not a JSON object of hash → document`)
  }
  const manifest = new Map<string, string>()
  for (const [hash, document] of Object.entries(parsed)) {
    if (typeof document !== 'string') throw new Error(`PERSISTED_DOCUMENTS: the entry ${hash} in ${file} is not a document (a string)`)
    manifest.set(hash, document)
  }
  return manifest
}

/** The hash a request names, as APQ sends it (version 1). */
function hashOf(extensions: Record<string, unknown> | undefined): string | null {
  const persisted = extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined
  return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null
}

function notTrusted(): GraphQLError {
  return new GraphQLError(
    'This server only runs trusted documents: send extensions.persistedQuery.sha256Hash naming a document of its manifest (the persisted documents the client was built with).',
    { extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED', http: { status: 400 } } },
  )
}

/** Manifest hashes become their documents; in only mode every other request is refused. */
function trustedDocuments(manifest: ReadonlyMap<string, string>, only: boolean): Plugin {
  return {
    onParams({ params, setParams }) {
      const hash = hashOf(params.extensions)
      const document = hash === null ? undefined : manifest.get(hash)
      if (document === undefined) {
        if (only) throw notTrusted()
        return
      }
      // The manifest's text runs, whatever text came along; APQ below has nothing left to do.
      const { persistedQuery: _, ...extensions } = params.extensions ?? {}
      setParams({ ...params, query: document, extensions })
    },
  }
}

/**
 * APQ documents in Redis under `prefix:<hash>`. While Redis is unreachable a look-up is a miss (the
 * client resends the document) and nothing waits for it; requests during the first connection wait
 * for it (2 s at most), as the rate limiter's do.
 */
function redisStore(redis: Redis, options: PersistedQueryOptions, log: () => YogaLogger | undefined): APQStore {
  let reported = false
  redis.on('error', (error) => {
    if (!reported) log()?.warn('Redis for persisted queries is unreachable: hashes miss until it is back', error)
    reported = true
  })
  redis.on('ready', () => {
    reported = false
  })
  const connecting = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000)
    redis.once('ready', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  const key = (hash: string) => `${options.redisPrefix}:${hash}`
  return {
    async get(hash) {
      await connecting
      return redis.get(key(hash)).catch(() => null)
    },
    async set(hash, document) {
      await connecting
      await redis.set(key(hash), document, 'EX', options.ttlSeconds).catch(() => undefined)
    },
  }
}

function bounded(store: APQStore): APQStore {
  return {
    get: (hash) => store.get(hash),
    set: (hash, document) => (document.length <= MAX_PERSISTED_DOCUMENT_CHARS ? store.set(hash, document) : undefined),
  }
}

/** The plugins, in order: trusted documents, then APQ (unless only trusted documents run). */
export function persistedQueries(options: PersistedQueryOptions = persistedQueriesFromEnv()): Plugin[] {
  const plugins: Plugin[] = []
  if (options.manifest || options.only) plugins.push(trustedDocuments(options.manifest ?? new Map(), options.only))
  if (options.only) return plugins
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 })
    : undefined
  let logger: YogaLogger | undefined
  const store = redis ? redisStore(redis, options, () => logger) : createInMemoryAPQStore({ max: options.maxEntries, ttl: options.ttlSeconds * 1000 })
  plugins.push(
    {
      onYogaInit({ yoga }) {
        logger = yoga.logger
      },
      onDispose() {
        redis?.disconnect()
      },
    },
    // 404 for an unknown hash, as Apollo's link expects; 400 for a hash that is not the document's.
    useAPQ({ store: bounded(store) }),
  )
  return plugins
}
