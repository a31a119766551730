import type { IncomingMessage } from 'node:http'
import type { Plugin, YogaLogger } from 'graphql-yoga'
import { Redis } from 'ioredis'
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import { resolveActor } from '../auth/actor.js'
import { hashApiKey, prefixOf } from '../auth/api-key.js'
import { findApiKeyByPrefix } from '../db/api-keys.js'
import { prisma } from '../db/setup/prisma.js'
import { isRateLimited } from './routes.js'

// Requests per window, counted per API key for requests that carry a valid key and per client IP
// for the rest, in Redis when REDIS_URL is set (replicas share the counters) and in memory
// otherwise. A refusal is HTTP 429 with Retry-After and a GraphQL error RATE_LIMITED. What counts
// is decided with the routes (src/server/routes.ts): everything but health checks and CORS preflights.

export interface RateLimitOptions {
  windowSeconds: number
  /** Requests per window for one client IP (anonymous, or with a key that is not valid). */
  perIp: number
  /** Requests per window for one valid API key. */
  perKey: number
  /** Shared counters; memory when absent. */
  redisUrl?: string | undefined
  /** Prefix of the Redis keys (one per deployment, or per test). */
  redisPrefix: string
  /** Proxies in front of the server whose X-Forwarded-For entries are trusted (0: use the socket address). */
  trustProxyHops: number
}

/** How long a key's validity is remembered for counting (authorisation itself always asks the database). */
const KEY_CACHE_MS = 60_000
const KEY_CACHE_SIZE = 10_000

/** The client address: the socket's, or the one the trusted proxies recorded in X-Forwarded-For. */
export function clientIp(request: Request, serverContext: unknown, trustProxyHops: number): string {
  const socketAddress = (serverContext as { req?: IncomingMessage } | undefined)?.req?.socket?.remoteAddress ?? 'unknown'
  if (trustProxyHops <= 0) return socketAddress
  const forwarded = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return forwarded[forwarded.length - trustProxyHops] ?? forwarded[0] ?? socketAddress
}

function bearerToken(request: Request): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.get('authorization') ?? '')
  return match && prefixOf(match[1]!) !== null ? match[1]! : null
}

export function rateLimit(options: RateLimitOptions): Plugin {
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 })
    : undefined
  const limiter = (name: string, points: number): RateLimiterAbstract => {
    const common = { keyPrefix: `${options.redisPrefix}:${name}`, points, duration: options.windowSeconds }
    if (!redis) return new RateLimiterMemory(common)
    // While Redis is unreachable each process counts on its own rather than refusing everyone.
    return new RateLimiterRedis({ ...common, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(common) })
  }
  // Requests arriving while the first connection is made wait for it (2 s at most) rather than
  // being counted apart in memory.
  const connecting = redis
    ? new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000)
        redis.once('ready', () => {
          clearTimeout(timer)
          resolve()
        })
      })
    : undefined
  const perIp = limiter('ip', options.perIp)
  const perKey = limiter('key', options.perKey)
  /** SHA-256 of a bearer token -> the key's id (null: not a valid key) and until when that holds. */
  const keys = new Map<string, { id: string | null; until: number }>()
  let logger: YogaLogger | undefined

  async function validKeyId(token: string): Promise<string | null> {
    const actor = await resolveActor(`Bearer ${token}`, (prefix) => findApiKeyByPrefix(prisma(), prefix))
    return actor.kind === 'key' ? actor.id : null
  }

  /** The bucket to charge: a known valid key, else the IP (a key seen for the first time is checked after). */
  function bucket(request: Request, serverContext: unknown): { limiter: RateLimiterAbstract; key: string; check?: { token: string; hash: string } } {
    const ip = { limiter: perIp, key: clientIp(request, serverContext, options.trustProxyHops) }
    const token = bearerToken(request)
    if (!token) return ip
    const hash = hashApiKey(token)
    const known = keys.get(hash)
    if (known && known.until > Date.now()) return known.id ? { limiter: perKey, key: known.id } : ip
    // Charged to the IP: made-up keys cannot mint fresh allowances, and their look-ups are bounded
    // by the IP's allowance.
    return { ...ip, check: { token, hash } }
  }

  async function remember({ token, hash }: { token: string; hash: string }): Promise<void> {
    const id = await validKeyId(token)
    if (keys.size >= KEY_CACHE_SIZE) keys.delete(keys.keys().next().value!)
    keys.set(hash, { id, until: Date.now() + KEY_CACHE_MS })
  }

  return {
    onYogaInit({ yoga }) {
      logger = yoga.logger
    },
    async onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (!isRateLimited(request, url)) return
      await connecting
      const { limiter: chosen, key, check } = bucket(request, serverContext)
      try {
        await chosen.consume(key)
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) {
          // The store failed and so did its insurance: serve rather than refuse everyone.
          logger?.error(refusal)
          return
        }
        endResponse(tooManyRequests(fetchAPI.Response, refusal, chosen.points))
        return
      }
      if (check) await remember(check).catch((error: unknown) => logger?.warn('API key check for rate limiting failed', error))
    },
    async onDispose() {
      redis?.disconnect()
    },
  }
}

function tooManyRequests(Response: typeof globalThis.Response, refusal: RateLimiterRes, limit: number): Response {
  const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000))
  const body = {
    errors: [
      {
        message: `Too many requests: the limit is ${limit} per window; retry in ${seconds} s.`,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds },
      },
    ],
  }
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'retry-after': String(seconds),
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(seconds),
    },
  })
}
