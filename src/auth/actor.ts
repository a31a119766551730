import { hashApiKey, keyMatches, prefixOf } from './api-key.js'

// Who is calling: the pure part of context creation (src/auth/context.ts is the HTTP part), so
// every case is testable without a server or a database.

export type Scope = 'WRITE' | 'ADMIN'

export interface StoredKey {
  id: string
  name: string
  scopes: Scope[]
  hash: string
  revokedAt: Date | null
}

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'key'; id: string; name: string; scopes: Scope[] }
  /** A key was sent but cannot be used; `reason` is safe to show to the caller. */
  | { kind: 'rejected'; reason: string }

export type KeyLookup = (prefix: string) => Promise<StoredKey | null>

const NOT_RECOGNISED = 'The API key is not recognised.'
// Compared against when no row matches, so a miss costs the same hashing as a hit.
const DUMMY_HASH = hashApiKey('kgk_not-a-key')

export async function resolveActor(authorization: string | null | undefined, lookup: KeyLookup): Promise<Actor> {
  if (authorization === null || authorization === undefined || authorization.trim() === '') return { kind: 'anonymous' }
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)
  if (!match) return { kind: 'rejected', reason: 'The Authorization header must be "Bearer <API key>".' }
  const key = match[1]!
  const prefix = prefixOf(key)
  const stored = prefix === null ? null : await lookup(prefix)
  if (!keyMatches(key, stored?.hash ?? DUMMY_HASH) || !stored) return { kind: 'rejected', reason: NOT_RECOGNISED }
  if (stored.revokedAt !== null) return { kind: 'rejected', reason: 'The API key has been revoked.' }
  return { kind: 'key', id: stored.id, name: stored.name, scopes: stored.scopes }
}

/** ADMIN includes WRITE: an administrator can do everything a writer can. */
export function hasScope(actor: Actor, scope: Scope): boolean {
  if (actor.kind !== 'key') return false
  return actor.scopes.includes(scope) || actor.scopes.includes('ADMIN')
}
