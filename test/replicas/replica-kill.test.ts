import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sleep } from '../helpers/server-process.js'
import { CREATE_COMPANY, type Cluster, post, startCluster } from './cluster.js'

// Writes and reads through two replicas, one of them killed with SIGKILL mid-stream: every write a
// client saw acknowledged is in the database, the survivor answers every request, and a client
// that lost its answer retries on the survivor with the same Idempotency-Key, writing nothing twice.

let cluster: Cluster
beforeAll(async () => {
  cluster = await startCluster(2)
}, 60_000)
afterAll(() => cluster?.close())

type Server = Cluster['servers'][number]

interface Write {
  slug: string
  /** Where it was first sent, and whether that process answered it. */
  first: { server: 'a' | 'b'; answered: boolean; at: number }
  /** Its acknowledgement (by the first process, or by the survivor on a retry: replayed when the first had committed). */
  acknowledged?: { replayed: boolean }
}

describe('a replica killed mid-load', () => {
  it('loses no acknowledged write, and the other keeps serving', { timeout: 60_000 }, async () => {
    const [a, b] = cluster.servers as [Server, Server]
    const names = new Map<Server, 'a' | 'b'>([
      [a, 'a'],
      [b, 'b'],
    ])
    const writes: Write[] = []
    const survivorAnswers: { at: number; ok: boolean; detail: string }[] = []
    let killedAt = Number.POSITIVE_INFINITY
    let streaming = true
    let sequence = 0

    const send = async (server: Server, body: unknown, key: string) => {
      try {
        const answer = await post(server, body, { key: cluster.writeKey, headers: { 'idempotency-key': key } })
        return answer.status === 200 && answer.json.data ? answer : undefined
      } catch {
        // The process is gone: the connection was refused or cut.
        return undefined
      }
    }

    const worker = async (index: number) => {
      while (streaming) {
        const n = sequence++
        const slug = `kill-load-${n}`
        const first = n % 2 === 0 ? a : b
        const key = randomUUID()
        const body = { query: CREATE_COMPANY, variables: { input: { slug, name: `Kill load ${n}` } } }
        const write: Write = { slug, first: { server: names.get(first)!, answered: false, at: performance.now() } }
        writes.push(write)
        let answer = await send(first, body, key)
        write.first.answered = answer !== undefined
        if (first === b) survivorAnswers.push({ at: write.first.at, ok: answer !== undefined, detail: slug })
        if (!answer && first === a) {
          // What a load balancer or client does with a lost answer: the same request to the survivor.
          answer = await send(b, body, key)
          survivorAnswers.push({ at: performance.now(), ok: answer !== undefined, detail: `${slug} (retry)` })
        }
        if (answer) {
          expect(answer.json.data).toEqual({ createCompany: { __typename: 'CreateCompanyPayload', company: { slug } } })
          write.acknowledged = { replayed: answer.headers.get('idempotent-replayed') === 'true' }
        }
        // Reads between the writes, on the survivor.
        const read = await post(b, { query: '{ companies(first: 1) { totalCount } }' }).catch(() => undefined)
        survivorAnswers.push({ at: performance.now(), ok: read?.status === 200 && read.json.errors === undefined, detail: `read ${index}` })
      }
    }

    // A process's first write and read prepare what later ones reuse: done before the load.
    for (const [server, name] of names) {
      const body = { query: CREATE_COMPANY, variables: { input: { slug: `kill-warm-${name}`, name: `Warm ${name}` } } }
      expect((await send(server, body, randomUUID()))?.status).toBe(200)
      expect((await post(server, { query: '{ companies(first: 1) { totalCount } }' })).status).toBe(200)
    }
    const workers = Array.from({ length: 6 }, (_, index) => worker(index))
    // Killed once it has acknowledged writes under the load.
    const deadline = performance.now() + 20_000
    while (writes.filter((w) => w.first.server === 'a' && w.first.answered).length < 20) {
      if (performance.now() > deadline) throw new Error('the first process did not acknowledge 20 writes within 20 s')
      await sleep(20)
    }
    killedAt = performance.now()
    a.child.kill('SIGKILL')
    await a.exited
    await sleep(1_500)
    streaming = false
    await Promise.all(workers)

    const stored = new pg.Client({ connectionString: cluster.database.url })
    await stored.connect()
    const companies = (await stored.query<{ slug: string }>(`SELECT slug FROM "Company" WHERE slug LIKE 'kill-load-%'`)).rows.map((r) => r.slug)
    const histories = Number(
      (
        await stored.query<{ n: string }>(
          `SELECT count(*) AS n FROM "WriteHistory" h JOIN "Company" c ON c.id = h."entityId" WHERE h."entityType" = 'Company' AND c.slug LIKE 'kill-load-%'`,
        )
      ).rows[0]!.n,
    )
    await stored.end()

    const acknowledged = writes.filter((w) => w.acknowledged)
    const lostOnA = writes.filter((w) => w.first.server === 'a' && !w.first.answered)
    const replayed = acknowledged.filter((w) => w.acknowledged!.replayed)
    console.log(
      `SIGKILL under load: ${writes.length} writes (${acknowledged.length} acknowledged), ${lostOnA.length} lost their answer on the killed process ` +
        `and were retried on the survivor (${replayed.length} of them had committed and were replayed); ` +
        `${survivorAnswers.length} requests on the survivor, ${survivorAnswers.filter((r) => r.at > killedAt).length} after the kill`,
    )

    // It was mid-load: the killed process had answered writes, then lost some.
    expect(writes.filter((w) => w.first.server === 'a' && w.first.answered).length).toBeGreaterThan(0)
    expect(lostOnA.length).toBeGreaterThan(0)
    // Every acknowledged write is stored, once: the retries wrote nothing twice.
    expect(acknowledged.length).toBe(writes.length)
    expect(new Set(companies)).toEqual(new Set(acknowledged.map((w) => w.slug)))
    expect(companies.length).toBe(acknowledged.length)
    expect(histories).toBe(acknowledged.length)
    // The survivor answered everything sent to it, before and after the kill.
    expect(survivorAnswers.filter((r) => !r.ok)).toEqual([])
    expect(survivorAnswers.filter((r) => r.at > killedAt).length).toBeGreaterThan(10)
    expect((await fetch(`${b.url}/readyz`)).status).toBe(200)
  })
})
