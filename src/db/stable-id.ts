import { createHash } from 'node:crypto'

// The ID a dataset record gets from its natural key (a slug, a clause key, a source URL): a
// name-based UUID (RFC 9562, version 5) in this project's namespace, so the same record has the
// same ID, and the same Relay global ID, on every database the dataset is loaded into.

const NAMESPACE = Buffer.from('f0f5964c1af847e4a7f93d1326684456', 'hex')

/** The UUID of the record of `type` whose natural key is `key`. */
export function stableId(type: string, key: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${type}:${key}`, 'utf8').digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
