import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agreementSnapshot, clauseSnapshots, rowJson } from '../../src/db/snapshots.js'
import type { Tx } from '../../src/db/write.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { buildWorldWithHistory } from '../helpers/write-fixtures.js'

// Every write leaves one WriteHistory entry per changed record, with who, when, and the record
// before and after; the entries of a record chain up (each `before` is the previous `after`) and
// end at the record as it is now. Entities expose them as a connection, without N+1.

let api: WriteApi
let key: string
let keyId: string
beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'], 'history writer')
  keyId = (await api.prisma.apiKey.findFirstOrThrow({ where: { name: 'history writer' } })).id
  await buildWorldWithHistory(api, key, ['US'])
}, 60_000)
afterAll(() => api?.close())

interface Entry {
  entityType: string
  entityId: string
  action: string
  actor: string
  apiKeyId: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

async function entries(): Promise<Entry[]> {
  return api.prisma.$queryRawUnsafe<Entry[]>(
    'SELECT "entityType", "entityId"::text AS "entityId", action, actor, "apiKeyId"::text AS "apiKeyId", before, after FROM "WriteHistory" ORDER BY id',
  )
}

/** Each record as history keeps it now. */
async function currentSnapshots(): Promise<Map<string, unknown>> {
  const db = api.prisma as unknown as Tx
  const now = new Map<string, unknown>()
  for (const c of await api.prisma.company.findMany()) now.set(c.id, rowJson(c))
  for (const a of await api.prisma.asset.findMany()) now.set(a.id, rowJson(a))
  for (const c of await api.prisma.cloudProvider.findMany()) now.set(c.id, rowJson(c))
  for (const s of await api.prisma.source.findMany()) now.set(s.id, rowJson(s))
  for (const a of await api.prisma.agreement.findMany()) now.set(a.id, await agreementSnapshot(db, a.id))
  for (const [id, snapshot] of await clauseSnapshots(db, {})) now.set(id, snapshot)
  return now
}

describe('WriteHistory', () => {
  it('has one entry per write of each record, by the key that made it', async () => {
    const all = await entries()
    const counts = { Company: 0, Asset: 0, CloudProvider: 0, Source: 0, Agreement: 0, Clause: 0 } as Record<string, number>
    for (const e of all) counts[e.entityType]!++
    // 4 companies + 2 updates; 2 assets + 1; 2 clouds + 1; 2 sources + 1; 2 versions + supersede + status; 3 + 2 clauses + status.
    expect(counts).toEqual({ Company: 6, Asset: 3, CloudProvider: 3, Source: 3, Agreement: 4, Clause: 6 })
    expect(new Set(all.map((e) => `${e.actor}|${e.apiKeyId}`))).toEqual(new Set([`history writer|${keyId}`]))
  })

  it('chains: every record starts with CREATE, each before is the previous after, the last after is the record now', async () => {
    const now = await currentSnapshots()
    const byRecord = new Map<string, Entry[]>()
    for (const e of await entries()) byRecord.set(e.entityId, [...(byRecord.get(e.entityId) ?? []), e])
    expect([...byRecord.keys()].sort()).toEqual([...now.keys()].sort())
    for (const [id, list] of byRecord) {
      expect(list[0]).toMatchObject({ action: 'CREATE', before: null })
      for (let i = 1; i < list.length; i++) expect(list[i]!.before, `${list[i]!.entityType} ${id} entry ${i}`).toEqual(list[i - 1]!.after)
      expect(list.at(-1)!.after, `${list[0]!.entityType} ${id}`).toEqual(now.get(id))
      // Every change bumps the version, so a record at version n has exactly n entries.
      expect((list.at(-1)!.after as { version: number }).version).toBe(list.length)
    }
  })

  it('records what changed: an amendment supersedes the old version and creates the new one with its clauses', async () => {
    const all = await entries()
    const old = await api.prisma.agreement.findUniqueOrThrow({ where: { slug: 'ms-oai-2019' } })
    const supersede = all.find((e) => e.entityId === old.id && e.action === 'SUPERSEDE')!
    expect(supersede.before).toMatchObject({ status: 'ACTIVE', version: 1 })
    expect(supersede.after).toMatchObject({ status: 'SUPERSEDED', version: 2 })
    const withdrawn = all.find((e) => e.action === 'SET_STATUS' && e.entityType === 'Clause')!
    expect(withdrawn.before).toMatchObject({ key: 'ms-oai-2025#2', status: 'ACTIVE', statusNote: null })
    expect(withdrawn.after).toMatchObject({ key: 'ms-oai-2025#2', status: 'WITHDRAWN', statusNote: 'test', cloudProviderIds: [expect.any(String)] })
  })

  it('cannot be removed through the API: no mutation deletes anything, and the table refuses changes', async () => {
    const result = await api.query('{ __schema { mutationType { fields { name } } } }')
    const names: string[] = result.data!.__schema.mutationType.fields.map((f: { name: string }) => f.name)
    expect(names.filter((n) => /delete|remove|purge|truncate/i.test(n))).toEqual([])
    await expect(api.prisma.$executeRawUnsafe('DELETE FROM "WriteHistory"')).rejects.toThrow(/append-only/)
    await expect(api.prisma.$executeRawUnsafe(`UPDATE "WriteHistory" SET actor = 'x'`)).rejects.toThrow(/append-only/)
  })
})

describe('history connection', () => {
  const HISTORY = `history(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { action at actor { name apiKeyId } before after } }`

  it('pages through a record’s entries, oldest first, with who and when', async () => {
    const query = `query($first: Int, $after: String) { company(slug: "openai") { ${HISTORY} } }`
    const first = await api.query(query, { first: 2 })
    const page1 = first.data!.company.history
    expect(page1.totalCount).toBe(3)
    expect(page1.nodes.map((n: any) => n.action)).toEqual(['CREATE', 'UPDATE'])
    expect(page1.nodes[0]).toMatchObject({
      actor: { name: 'history writer', apiKeyId: keyId },
      before: null,
      after: { slug: 'openai', name: 'OpenAI' },
    })
    expect(page1.nodes[1]).toMatchObject({ before: { name: 'OpenAI' }, after: { name: 'OpenAI Group PBC', aliases: ['OpenAI'] } })
    expect(Date.parse(page1.nodes[0].at)).toBeGreaterThan(Date.now() - 120_000)
    expect(page1.pageInfo.hasNextPage).toBe(true)
    const second = await api.query(query, { first: 2, after: page1.pageInfo.endCursor })
    const page2 = second.data!.company.history
    expect(page2.nodes.map((n: any) => [n.action, n.after.country])).toEqual([['UPDATE', 'US']])
    expect(page2).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } })
  })

  it('is on every editable type', async () => {
    const result = await api.query(`{
      asset(slug: "gpt") { history { totalCount } }
      cloudProvider(slug: "aws") { history { totalCount } }
      agreement(slug: "ms-oai-2019") { history { totalCount } clauses { history { totalCount } } }
      licenses { nodes { history { nodes { action } } } }
    }`)
    expect(result.errors).toBeUndefined()
    expect(result.data!.asset.history.totalCount).toBe(2)
    expect(result.data!.cloudProvider.history.totalCount).toBe(2)
    expect(result.data!.agreement.history.totalCount).toBe(2)
    expect(result.data!.agreement.clauses.map((c: any) => c.history.totalCount)).toEqual([1, 1, 1])
    const sourceId = (await api.prisma.source.findFirstOrThrow({ where: { publisher: 'Example' } })).id
    const sources = await api.query(
      `{ node(id: "${Buffer.from(`Source:${sourceId}`).toString('base64')}") { ... on Source { history { totalCount } } } }`,
    )
    expect(sources.data!.node.history.totalCount).toBe(2)
  })

  it('loads without N+1: one statement for the histories of a whole page', async () => {
    const query = `query($n: Int) { companies(first: $n) { nodes { slug history(first: 5) { totalCount nodes { action } } } } }`
    await api.query(query, { n: 1 })
    const few = api.statements.length
    const result = await api.query(query, { n: 4 })
    expect(result.data!.companies.nodes).toHaveLength(4)
    expect(api.statements.length).toBe(few)
    expect(api.statements.filter((s) => s.includes('WriteHistory'))).toHaveLength(1)
  })

  it('refuses a bad cursor and a page over 100', async () => {
    const bad = await api.query('{ company(slug: "openai") { history(after: "nonsense") { totalCount } } }')
    expect(bad.errors![0]).toMatchObject({ message: 'Argument "after" is not a history cursor.', extensions: { code: 'BAD_USER_INPUT' } })
    const big = await api.query('{ company(slug: "openai") { history(first: 101) { totalCount } } }')
    expect(big.errors![0]!.message).toContain('between 0 and 100')
  })
})
