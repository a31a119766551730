import { generateApiKey } from '../auth/api-key.js'
import type { Scope, StoredKey } from '../auth/actor.js'
import type { PrismaClient } from '../generated/prisma/client.js'

/** A client or a transaction: anything with the apiKey table. */
type Keys = Pick<PrismaClient, 'apiKey'>

// API key rows: created and revoked by scripts/apikey.ts (and the admin mutation), read by the
// request context. Keys are never deleted: history rows point at them.

export interface ApiKeyInfo {
  id: string
  name: string
  scopes: Scope[]
  prefix: string
  createdAt: Date
  revokedAt: Date | null
  lastUsedAt: Date | null
}

const infoSelect = { id: true, name: true, scopes: true, prefix: true, createdAt: true, revokedAt: true, lastUsedAt: true } as const

export async function findApiKeyByPrefix(db: Keys, prefix: string): Promise<StoredKey | null> {
  return db.apiKey.findUnique({ where: { prefix }, select: { id: true, name: true, scopes: true, hash: true, revokedAt: true } })
}

/** Records use at most once a minute, so a busy key does not turn every request into a write. */
export async function touchApiKey(db: Keys, id: string, now = new Date()): Promise<void> {
  await db.apiKey.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
    data: { lastUsedAt: now },
  })
}

/** Creates a key and returns it with the only copy of the secret. */
export async function createApiKey(db: Keys, name: string, scopes: Scope[]): Promise<ApiKeyInfo & { key: string }> {
  const { key, prefix, hash } = generateApiKey()
  const row = await db.apiKey.create({ data: { name, scopes, prefix, hash }, select: infoSelect })
  return { ...row, key }
}

/** Revokes the key with this id or prefix; null when there is none. Revoking twice keeps the first time. */
export async function revokeApiKey(db: Keys, idOrPrefix: string): Promise<ApiKeyInfo | null> {
  const row = await findApiKey(db, idOrPrefix)
  if (!row) return null
  if (row.revokedAt) return row
  return db.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() }, select: infoSelect })
}

/** The key with this id or prefix, without its hash. */
export async function findApiKey(db: Keys, idOrPrefix: string): Promise<ApiKeyInfo | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrPrefix)
  return db.apiKey.findUnique({ where: isUuid ? { id: idOrPrefix } : { prefix: idOrPrefix }, select: infoSelect })
}

export async function listApiKeys(db: Keys): Promise<ApiKeyInfo[]> {
  return db.apiKey.findMany({ select: infoSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
}
