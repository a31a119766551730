import { parse } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Prisma } from '../../src/generated/prisma/client.js'
import { StatementCache } from '../../src/sql-execution/statement-cache.js'
import { generateGraph } from '../../synthetic/generate.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// Statements the planner built are kept for the same request sent again
// (src/sql-execution/statement-cache.ts): PostgreSQL still runs them, so answers follow the data.

const built = (text: string) => ({ statement: { text } as unknown as Prisma.Sql, answer: () => ({ data: null }) })

describe('the statement cache', () => {
  it('keys a request by its parsed document, operation and variables', () => {
    const cache = new StatementCache(4)
    const document = parse('{ __typename }')
    expect(cache.keyOf(document, null, { a: 1 })).toBe(cache.keyOf(document, null, { a: 1 }))
    expect(cache.keyOf(document, null, { a: 1 })).not.toBe(cache.keyOf(document, null, { a: 2 }))
    expect(cache.keyOf(document, 'A', {})).not.toBe(cache.keyOf(document, 'B', {}))
    expect(cache.keyOf(document, null, {})).not.toBe(cache.keyOf(parse('{ __typename }'), null, {}))
    expect(cache.keyOf(document, null, { long: 'x'.repeat(3000) })).toBeNull()
    expect(new StatementCache(0).keyOf(document, null, {})).toBeNull()
  })

  it('drops the least recently used first', () => {
    const cache = new StatementCache(2)
    cache.set('a', built('A'))
    cache.set('b', built('B'))
    expect(cache.get('a')?.statement.text).toBe('A')
    cache.set('c', built('C'))
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')?.statement.text).toBe('A')
    expect(cache.get('c')?.statement.text).toBe('C')
  })
})

describe('a request sent again', () => {
  let api: TestApi
  let slugs: string[]
  beforeAll(async () => {
    api = await startTestApi()
    await generateGraph({ url: api.url, companies: 20, agreements: 60, seed: 5 })
    slugs = (await api.prisma.company.findMany({ select: { slug: true }, orderBy: { slug: 'asc' }, take: 3 })).map((c) => c.slug)
  }, 120_000)
  afterAll(async () => {
    await api?.close()
  })

  const PAGE = /* GraphQL */ `
    query Page($slug: String!) {
      company(slug: $slug) { name agreements(first: 5) { edges { node { roles agreement { slug title } } } } }
    }
  `

  it('runs the same statement again, answering from the data as it is now', async () => {
    const first = await api.query(PAGE, { slug: slugs[0] })
    const statement = api.statements.at(-1)
    expect(first.errors).toBeUndefined()
    await api.prisma.company.update({ where: { slug: slugs[0]! }, data: { name: 'Renamed Company' } })
    const second = await api.query(PAGE, { slug: slugs[0] })
    expect(api.statements.at(-1)).toBe(statement)
    expect(second.data?.company.name).toBe('Renamed Company')
    expect(second.data?.company.agreements).toEqual(first.data?.company.agreements)
  })

  it('builds another for other variables, and answers as the resolvers do', async () => {
    for (const slug of slugs) {
      for (let i = 0; i < 2; i++) {
        const answer = await api.query(PAGE, { slug })
        expect(answer.data?.company).not.toBeNull()
        expect(answer).toEqual(await api.queryViaExecutor(PAGE, { slug }))
      }
    }
  })

  it('still names a slug that names nothing, every time', async () => {
    const LICENCES = 'query L($by: String) { licenses(first: 3, filter: { licensor: $by }) { totalCount } }'
    for (let i = 0; i < 2; i++) {
      const answer = await api.query(LICENCES, { by: 'no-such-company' })
      expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    }
    for (let i = 0; i < 2; i++) expect((await api.query(LICENCES, { by: slugs[0] })).errors).toBeUndefined()
  })
})
