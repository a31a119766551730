import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bothWays } from '../helpers/both-ways.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { buildWorldWithHistory } from '../helpers/write-fixtures.js'

// `history` planned in SQL: the same pages as the resolvers (oldest first, cursors, totalCount,
// pageInfo), one statement however large the page, nested under connections.

let api: WriteApi
beforeAll(async () => {
  api = await startWriteApi()
  const key = await api.key(['WRITE'], 'history writer')
  await buildWorldWithHistory(api, key, ['US', 'GB'])
}, 60_000)
afterAll(() => api?.close())

const ENTRY = 'action at before after actor { apiKeyId name }'
const HISTORY = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${ENTRY} } }`

describe('history in SQL', () => {
  it.each([
    ['a company', `{ company(slug: "openai") { slug history { ${HISTORY} } } }`],
    ['an asset', `{ asset(slug: "gpt") { history(first: 1) { ${HISTORY} } } }`],
    ['a cloud provider', `{ cloudProvider(slug: "aws") { history { nodes { action } totalCount } } }`],
    [
      'an agreement and its sources',
      `{ agreement(slug: "ms-oai-2025") { history { ${HISTORY} } citations { source { url history { ${HISTORY} } } } } }`,
    ],
    ['a clause', `{ clause(key: "ms-oai-2025#2") { history(first: 100) { ${HISTORY} } } }`],
    ['under connections', `{ clauses(first: 10, orderBy: KEY) { nodes { key history(first: 2) { totalCount nodes { action at } } } } }`],
    ['a page of none', `{ company(slug: "openai") { history(first: 0) { ${HISTORY} } } }`],
  ])('%s: one statement, the resolvers’ answer', async (_name, query) => {
    const { answer, bySql } = await bothWays(api, query)
    expect(answer.errors).toBeUndefined()
    expect(bySql).toBe(true)
  })

  it('pages forwards with cursors to the end, oldest first', async () => {
    const seen: string[] = []
    let after: string | null = null
    for (let page = 0; page < 10; page += 1) {
      const query = `query($after: String) { company(slug: "openai") { history(first: 1, after: $after) { ${HISTORY} } } }`
      const { answer, bySql } = await bothWays(api, query, { after })
      expect(bySql).toBe(true)
      const history = answer.data!.company.history
      expect(history.totalCount).toBe(4)
      expect(history.pageInfo.hasPreviousPage).toBe(after !== null)
      seen.push(...history.edges.map((e: { node: { action: string } }) => e.node.action))
      after = history.pageInfo.endCursor
      if (!history.pageInfo.hasNextPage) break
    }
    expect(seen).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE'])
  })

  it('gives `at` as the DateTime scalar does', async () => {
    const { answer } = await bothWays(api, `{ company(slug: "openai") { history(first: 1) { nodes { at } } } }`)
    expect(answer.data!.company.history.nodes[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('leaves a bad cursor to the resolvers’ error', async () => {
    const { answer, bySql } = await bothWays(api, `{ company(slug: "openai") { history(after: "nope") { totalCount } } }`)
    expect(bySql).toBe(false)
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('sends as many statements for 1 entry as for 100, nested or not', async () => {
    const counts = []
    for (const first of [1, 100]) {
      const query = `{ clauses(first: 10, orderBy: KEY) { nodes { history(first: ${first}) { nodes { action } } } } company(slug: "openai") { history(first: ${first}) { totalCount } } }`
      const { bySql, statements } = await bothWays(api, query)
      expect(bySql).toBe(true)
      counts.push(statements)
    }
    expect(counts).toEqual([1, 1])
  })
})
