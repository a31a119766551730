import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../seed/load.js'
import { stableId } from '../src/db/stable-id.js'
import { startTestApi, type TestApi } from './helpers/api.js'

// A record loaded from the dataset has the same ID, and the same global ID, on every database:
// a client's cache or an analyst's saved query keeps working after a reload or on another server.

const QUERY = `{
  company(slug: "openai") { id }
  cloudProvider(slug: "azure") { id }
  licenses(first: 100) { nodes { id key agreement { id slug } subjects { id slug } } }
  sources: clauses(first: 50) { nodes { key sources { id url } } }
}`

let first: TestApi
let second: TestApi
beforeAll(async () => {
  ;[first, second] = await Promise.all([startTestApi(loadShippedData), startTestApi(loadShippedData)])
}, 120_000)
afterAll(async () => {
  await Promise.all([first?.close(), second?.close()])
})

describe('IDs of dataset records', () => {
  it('are the same on two fresh databases', async () => {
    const [a, b] = await Promise.all([first.query(QUERY), second.query(QUERY)])
    expect(a.errors).toBeUndefined()
    expect(a.data!.licenses.nodes.length).toBeGreaterThan(20)
    expect(a.data).toEqual(b.data)
  })

  it('follow from the natural key: a version 5 UUID of the type and the key', async () => {
    const company = await first.prisma.company.findUniqueOrThrow({ where: { slug: 'openai' }, select: { id: true } })
    expect(company.id).toBe(stableId('Company', 'openai'))
    expect(company.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const clause = await first.prisma.clause.findFirstOrThrow({ select: { id: true, key: true } })
    expect(clause.id).toBe(stableId('Clause', clause.key))
  })

  it('stay with a record renamed since; the new record of the old key gets another ID', async () => {
    const before = stableId('Company', 'openai')
    await second.prisma.company.update({ where: { slug: 'openai' }, data: { slug: 'openai-renamed' } })
    await loadShippedData(second.prisma)
    const renamed = await second.prisma.company.findUniqueOrThrow({ where: { slug: 'openai-renamed' }, select: { id: true } })
    const reloaded = await second.prisma.company.findUniqueOrThrow({ where: { slug: 'openai' }, select: { id: true } })
    expect(renamed.id).toBe(before)
    expect(reloaded.id).not.toBe(before)
  })
})
