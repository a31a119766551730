import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { buildSyntheticGraph } from '../helpers/synthetic-graph.js'

// Bad input gets a clear, typed error naming the argument and the rule; no stack trace, SQL or
// Prisma text ever reaches the client; unknown slugs in single lookups are null.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => buildSyntheticGraph(prisma, 2))
}, 60_000)
afterAll(() => api?.close())

function expectClean(errors: { message: string; extensions?: Record<string, unknown> }[]) {
  const text = JSON.stringify(errors)
  for (const leak of [/stack/i, /prisma/i, /SELECT|INSERT|WHERE/, /postgres/i, /\.[jt]s:\d+/, /\bat \S+ \(/]) {
    expect(leak.test(text), `error leaks ${leak}: ${text}`).toBe(false)
  }
}

describe('impossible dates', () => {
  it.each([
    ['2026-02-30', /day/],
    ['2026-13-01', /month/],
    ['2025-02-29', /day/],
    ['2026', /YYYY-MM-DD/],
    ['yesterday', /YYYY-MM-DD/],
  ])('literal %s is refused with the argument named', async (day, rule) => {
    const result = await api.query(`{ licenses(filter: { activeOn: "${day}" }) { totalCount } }`)
    expect(result.data).toBeUndefined()
    const [error] = result.errors!
    expect(error!.message).toContain('argument "filter"')
    expect(error!.message).toContain(day)
    expect(error!.message).toMatch(rule)
    expect(error!.extensions?.code).toBe('BAD_USER_INPUT')
    expectClean(result.errors!)
  })

  it('a variable with an impossible date names the variable and the path', async () => {
    const result = await api.query('query($f: LicenseFilter) { licenses(filter: $f) { totalCount } }', {
      f: { activeOn: '2024-02-30' },
    })
    const [error] = result.errors!
    expect(error!.message).toContain('$f')
    expect(error!.message).toContain('activeOn')
    expect(error!.message).toMatch(/day/)
    expectClean(result.errors!)
  })

  it('a leap day is accepted', async () => {
    const result = await api.query('{ licenses(filter: { activeOn: "2024-02-29" }) { totalCount } }')
    expect(result.errors).toBeUndefined()
    expect(result.data!.licenses.totalCount).toBe(2)
  })

  it('inForce(on:) validates its day too', async () => {
    const result = await api.query('{ clauses(first: 1) { nodes { inForce(on: "2023-04-31") } } }')
    expect(result.errors![0]!.message).toContain('argument "on"')
  })
})

describe('unknown enum values', () => {
  it('names the argument and lists nothing internal', async () => {
    const result = await api.query('{ licenses(filter: { exclusivity: EXCLUSIV }) { totalCount } }')
    const [error] = result.errors!
    expect(error!.message).toContain('argument "filter"')
    expect(error!.message).toContain('EXCLUSIV')
    expect(error!.message).toContain('Exclusivity')
    expect(error!.extensions?.code).toBe('BAD_USER_INPUT')
    expectClean(result.errors!)
  })

  it('in a variable', async () => {
    const result = await api.query('query($k: ClauseKind) { clauses(filter: { kind: $k }) { totalCount } }', { k: 'LICENCE' })
    expect(result.errors![0]!.message).toContain('$k')
    expect(result.errors![0]!.message).toContain('LICENCE')
  })
})

describe('page sizes', () => {
  it.each([
    ['licenses', 101],
    ['clauses', 1000],
    ['agreements', -1],
    ['companies', 500],
    ['assets', -5],
    ['cloudProviders', 101],
  ])('%s(first: %i) is refused before any SQL runs', async (field, first) => {
    const result = await api.query(`{ ${field}(first: ${first}) { totalCount } }`)
    // A request error: refused before execution, so no `data` at all.
    expect(result.data).toBeUndefined()
    const [error] = result.errors!
    expect(error!.message).toContain('"first"')
    expect(error!.message).toContain('between 0 and 100')
    expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' })
    expect(api.statements).toHaveLength(0)
  })

  it('nested connections are capped too', async () => {
    const result = await api.query('{ companies(first: 1) { nodes { licensesGranted(first: 200) { totalCount } } } }')
    expect(result.errors![0]!.message).toContain('between 0 and 100')
  })

  it('100 and 0 are allowed', async () => {
    const result = await api.query('{ a: clauses(first: 100) { totalCount nodes { key } } b: clauses(first: 0) { nodes { key } } }')
    expect(result.errors).toBeUndefined()
    expect(result.data!.a.nodes).toHaveLength(12)
    expect(result.data!.b.nodes).toHaveLength(0)
  })
})

describe('lookups', () => {
  it.each(['company', 'cloudProvider', 'asset', 'agreement'])('unknown %s slug is null, not an error', async (field) => {
    const result = await api.query(`{ ${field}(slug: "no-such-thing") { slug } }`)
    expect(result.errors).toBeUndefined()
    expect(result.data![field]).toBeNull()
  })

  it('a malformed global ID is a clean error', async () => {
    const result = await api.query('{ node(id: "not-an-id") { id } }')
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' })
    expectClean(result.errors!)
  })

  it('an ID whose payload is not a UUID is null, not an error', async () => {
    const id = Buffer.from('Company:not-a-uuid').toString('base64')
    const result = await api.query(`{ node(id: "${id}") { id } }`)
    expect(result.errors).toBeUndefined()
    expect(result.data!.node).toBeNull()
  })

  it('a well-formed ID of a missing row is null', async () => {
    const id = Buffer.from('Company:00000000-0000-0000-0000-000000000000').toString('base64')
    const result = await api.query(`{ node(id: "${id}") { id } }`)
    expect(result.errors).toBeUndefined()
    expect(result.data!.node).toBeNull()
  })
})
