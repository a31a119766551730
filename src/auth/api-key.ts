import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

// API keys: `kgk_` + 43 base64url characters (256 random bits). Only the SHA-256 digest is
// stored: a key that random needs no slow hash, and a leaked table reveals no key. The first 12
// characters are the public prefix, shown in lists and used to find the row.

const MARK = 'kgk_'
const SHAPE = /^kgk_[A-Za-z0-9_-]{43}$/
export const PREFIX_LENGTH = 12

export interface NewApiKey {
  key: string
  prefix: string
  hash: string
}

export function generateApiKey(): NewApiKey {
  const key = `${MARK}${randomBytes(32).toString('base64url')}`
  return { key, prefix: key.slice(0, PREFIX_LENGTH), hash: hashApiKey(key) }
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** The lookup prefix of a well-formed key, or null when `key` cannot be one of ours. */
export function prefixOf(key: string): string | null {
  return SHAPE.test(key) ? key.slice(0, PREFIX_LENGTH) : null
}

/** Whether `key` hashes to `storedHash`, compared in constant time. */
export function keyMatches(key: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex')
  const actual = createHash('sha256').update(key, 'utf8').digest()
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}
