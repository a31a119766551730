import { describe, expect, it } from 'vitest'
import { lsnBytes } from '../../src/db/setup/read-replica.js'
import { parseEnv } from '../../src/env.js'

describe('read replica settings', () => {
  it('refuses DATABASE_READ_URL without the primary it replicates', () => {
    expect(() => parseEnv({ DATABASE_READ_URL: 'postgresql://replica/db' })).toThrow(/DATABASE_READ_URL needs DATABASE_URL/)
    const settings = parseEnv({ DATABASE_URL: 'postgresql://primary/db', DATABASE_READ_URL: 'postgresql://replica/db' })
    expect(settings.DATABASE_READ_URL).toBe('postgresql://replica/db')
    expect(settings.DATABASE_READ_RETRY_MS).toBe(5_000)
  })
})

describe('WAL positions', () => {
  it('compare as PostgreSQL orders them, across the high word', () => {
    expect(lsnBytes('0/0')).toBe(0n)
    expect(lsnBytes('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n)
    expect(lsnBytes('1/0') > lsnBytes('0/FFFFFFFF')).toBe(true)
    expect(lsnBytes('0/A0') > lsnBytes('0/9F')).toBe(true)
  })
})
