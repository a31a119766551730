import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveActor, type StoredKey } from '../../src/auth/actor.js'
import { generateApiKey, hashApiKey, keyMatches, prefixOf } from '../../src/auth/api-key.js'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { AMENDED_CITATIONS, baseAgreement, buildWorld, mutationDocument, SOURCE_A } from '../helpers/write-fixtures.js'

// Reads are public; writes need `Authorization: Bearer <key>` with the write scope (admin things
// the admin scope). Every refusal is a typed top-level error and writes nothing.

describe('resolveActor (the pure part of context creation)', () => {
  const { key, prefix, hash } = generateApiKey()
  const stored: StoredKey = { id: 'k1', name: 'tool', scopes: ['WRITE'], hash, revokedAt: null }
  const lookups: string[] = []
  const lookup = async (p: string) => {
    lookups.push(p)
    return p === prefix ? stored : null
  }

  it('no header is anonymous, without a lookup', async () => {
    expect(await resolveActor(null, lookup)).toEqual({ kind: 'anonymous' })
    expect(await resolveActor('  ', lookup)).toEqual({ kind: 'anonymous' })
    expect(lookups).toEqual([])
  })

  it('a good key is that key, with its scopes', async () => {
    expect(await resolveActor(`Bearer ${key}`, lookup)).toEqual({ kind: 'key', id: 'k1', name: 'tool', scopes: ['WRITE'] })
    expect(await resolveActor(`bearer   ${key} `, lookup)).toMatchObject({ kind: 'key' })
  })

  it.each([
    ['another scheme', `Basic ${key}`, /must be "Bearer <API key>"/],
    ['no key after Bearer', 'Bearer', /must be "Bearer <API key>"/],
    ['two tokens', `Bearer ${key} extra`, /must be "Bearer <API key>"/],
    ['a key of the wrong shape', 'Bearer abc', /not recognised/],
    ['an unknown key', `Bearer ${generateApiKey().key}`, /not recognised/],
    ['a known prefix with the wrong secret', `Bearer ${prefix}${'A'.repeat(key.length - prefix.length)}`, /not recognised/],
  ])('%s is rejected', async (_, header, reason) => {
    const actor = await resolveActor(header, lookup)
    expect(actor.kind).toBe('rejected')
    expect(actor.kind === 'rejected' && actor.reason).toMatch(reason)
  })

  it('a revoked key is rejected as revoked', async () => {
    const revoked = async () => ({ ...stored, revokedAt: new Date() })
    expect(await resolveActor(`Bearer ${key}`, revoked)).toEqual({ kind: 'rejected', reason: 'The API key has been revoked.' })
  })

  it('keys are random, stored as a SHA-256 digest, and compared by hash', () => {
    const other = generateApiKey()
    expect(key).toMatch(/^kgk_[A-Za-z0-9_-]{43}$/)
    expect(other.key).not.toBe(key)
    expect(hash).toBe(hashApiKey(key))
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(prefixOf(key)).toBe(prefix)
    expect(keyMatches(key, hash)).toBe(true)
    expect(keyMatches(other.key, hash)).toBe(false)
  })
})

describe('the API', () => {
  let api: WriteApi
  let writer: string
  let admin: string
  let revoked: string
  beforeAll(async () => {
    api = await startWriteApi()
    writer = await api.key(['WRITE'], 'writer')
    admin = await api.key(['ADMIN'], 'admin')
    revoked = await api.key(['WRITE'], 'revoked')
    await buildWorld(api, writer)
    await api.prisma.apiKey.update({ where: { prefix: prefixOf(revoked)! }, data: { revokedAt: new Date() } })
  }, 60_000)
  afterAll(() => api?.close())

  // One valid call of every write, in an order in which each succeeds: only authorisation stops it.
  const writes: [string, Record<string, unknown>][] = [
    ['createCompany', { input: { slug: 'meta', name: 'Meta' } }],
    ['updateCompany', { input: { slug: 'openai', expectedVersion: 1, name: 'X' } }],
    ['createAsset', { input: { slug: 'llama', name: 'Llama', kind: 'MODEL' } }],
    ['updateAsset', { input: { slug: 'gpt', expectedVersion: 1, name: 'X' } }],
    ['createCloudProvider', { input: { slug: 'oci', name: 'OCI', operator: 'amazon' } }],
    ['updateCloudProvider', { input: { slug: 'aws', expectedVersion: 1, name: 'X' } }],
    ['createSource', { input: { url: 'https://example.org/new' } }],
    ['updateSource', { input: { url: SOURCE_A, expectedVersion: 1, title: 'X' } }],
    ['createAgreement', { input: baseAgreement('new-deal') }],
    ['amendAgreement', { slug: 'ms-oai-2019', input: { slug: 'ms-oai-2025', effectiveOn: '2025', citations: AMENDED_CITATIONS } }],
    ['setAgreementStatus', { input: { slug: 'new-deal', expectedVersion: 1, status: 'TERMINATED', note: 'x' } }],
    ['setClauseStatus', { input: { key: 'new-deal#1', expectedVersion: 1, status: 'WITHDRAWN', note: 'x' } }],
  ]

  const refusals: [string, () => string | null, string, RegExp][] = [
    ['no key', () => null, 'UNAUTHENTICATED', /needs an API key/],
    ['an unknown key', () => generateApiKey().key, 'UNAUTHENTICATED', /not recognised/],
    ['a malformed header', () => 'Token abc', 'UNAUTHENTICATED', /Bearer <API key>/],
    ['a revoked key', () => revoked, 'UNAUTHENTICATED', /revoked/],
  ]

  describe.each(refusals)('with %s', (_, auth, code, message) => {
    it.each(writes)('%s is refused and writes nothing', async (field, variables) => {
      const before = await api.counts()
      const result = await api.query(mutationDocument(field), variables, auth())
      expect(result.data).toBeNull()
      expect(result.errors).toHaveLength(1)
      expect(result.errors![0]).toMatchObject({ path: [field], extensions: { code } })
      expect(result.errors![0]!.message).toMatch(message)
      expect(api.statements.filter((s) => !s.includes('"ApiKey"'))).toEqual([])
      expect(await api.counts()).toEqual(before)
    })
  })

  it('the same writes succeed with a write key (so the refusals above were about the key)', async () => {
    for (const [field, variables] of writes) {
      const result = await api.query(mutationDocument(field), variables, writer)
      expect(result.data![field].__typename, `${field}: ${JSON.stringify(result)}`).toMatch(/Payload$/)
    }
  })

  it('admin-only things refuse a write key with FORBIDDEN and work with an admin key', async () => {
    const before = await api.counts()
    const list = await api.query('{ apiKeys { name prefix scopes revokedAt } }', {}, writer)
    expect(list.errors![0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: 'The API key "writer" lacks the admin scope this operation needs.',
    })
    const revoke = await api.query(`mutation { revokeApiKey(key: "${prefixOf(admin)}") { __typename } }`, {}, writer)
    expect(revoke.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' })
    expect(await api.counts()).toEqual(before)

    const listed = await api.query('{ apiKeys { name prefix scopes revokedAt lastUsedAt } }', {}, admin)
    expect(listed.data!.apiKeys.map((k: any) => [k.name, k.scopes, k.revokedAt === null])).toEqual([
      ['writer', ['WRITE'], true],
      ['admin', ['ADMIN'], true],
      ['revoked', ['WRITE'], false],
    ])
    expect(JSON.stringify(listed)).not.toContain(writer)
    expect(listed.data!.apiKeys[0].lastUsedAt).not.toBeNull()
  })

  it('an admin revokes a key, which is refused from then on; the revocation is in the history', async () => {
    const spare = await api.key(['WRITE'], 'spare')
    const result = await api.query(
      `mutation { revokeApiKey(key: "${prefixOf(spare)}") { __typename ... on RevokeApiKeyPayload { apiKey { name revokedAt } } } }`,
      {},
      admin,
    )
    expect(result.data!.revokeApiKey.apiKey.name).toBe('spare')
    const refused = await api.query(mutationDocument('createCompany'), { input: { slug: 'spare-co', name: 'Spare' } }, spare)
    expect(refused.errors![0]).toMatchObject({ message: 'The API key has been revoked.', extensions: { code: 'UNAUTHENTICATED' } })
    expect(await api.prisma.writeHistory.count({ where: { entityType: 'ApiKey', actor: 'admin' } })).toBe(1)
  })

  it('reads stay public, with no key and even with a bad one, and cost no key lookup', async () => {
    for (const auth of [null, 'Bearer nonsense', revoked]) {
      const result = await api.query('{ company(slug: "openai") { name } }', {}, auth)
      expect(result).toEqual({ data: { company: { name: 'X' } } })
      expect(api.statements.some((s) => s.includes('"ApiKey"'))).toBe(false)
    }
  })

  it('the database holds only hashes, never a key', async () => {
    const rows = await api.prisma.$queryRawUnsafe<{ row: string }[]>('SELECT row_to_json(k)::text AS row FROM "ApiKey" k')
    for (const secret of [writer, admin, revoked]) expect(rows.some((r) => r.row.includes(secret))).toBe(false)
  })
})

describe('npm run apikey', () => {
  let api: WriteApi
  beforeAll(async () => {
    api = await startWriteApi()
  })
  afterAll(() => api?.close())

  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/apikey.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: api.url },
    })

  it('creates a key (printed once), lists and revokes it by prefix', async () => {
    const created = await run('create', '--scope', 'write', '--name', 'CLI test')
    const key = created.stdout.trim().split('\n').at(-1)!
    expect(key).toMatch(/^kgk_/)
    const outcome = await api.query(mutationDocument('createCompany', 'slug'), { input: { slug: 'cli-co', name: 'CLI' } }, key)
    expect(outcome.data!.createCompany.__typename).toBe('CreateCompanyPayload')

    const listed = await run('list')
    expect(listed.stdout).toContain(prefixOf(key)!)
    expect(listed.stdout).toContain('CLI test')
    expect(listed.stdout).not.toContain(key)

    const revokedOut = await run('revoke', prefixOf(key)!)
    expect(revokedOut.stdout).toContain('Revoked API key "CLI test"')
    const refused = await api.query(mutationDocument('createCompany'), { input: { slug: 'cli-co-2', name: 'CLI' } }, key)
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' })
  }, 60_000)

  it('refuses a bad scope', async () => {
    await expect(run('create', '--scope', 'read', '--name', 'x')).rejects.toMatchObject({
      stderr: expect.stringContaining('--scope must be write or admin'),
    })
  }, 30_000)
})
