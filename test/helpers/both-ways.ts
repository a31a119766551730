import { expect } from 'vitest'
import { loadDataset, loadShippedData } from '../../seed/load.js'
import { SQL_EXECUTION_MARK } from '../../src/sql-execution/plugin.js'
import { startTestApi, type TestApi } from './api.js'
import { termsDeal } from './terms-deal.js'

// What the planner's tests share: the data they run on, and running a query both ways.

/** An API over the shipped data and a deal with every term of issue 20 (qualified amounts, tranches, …). */
export const startShippedDataApi = () =>
  startTestApi(async (prisma) => {
    await loadShippedData(prisma)
    await loadDataset(prisma, termsDeal())
  })

/**
 * Runs the query through the server and through the resolvers alone, expects the same JSON text,
 * and tells whether the server answered with one planned statement (its last one) and how many it sent.
 */
export async function bothWays(api: TestApi, query: string, variables?: Record<string, unknown>) {
  const answer = await api.query(query, variables)
  const marked = api.statements.filter((statement) => statement.includes(SQL_EXECUTION_MARK))
  const bySql = marked.length === 1 && api.statements.at(-1) === marked[0]
  const statements = api.statements.length
  const expected = await api.queryViaExecutor(query, variables)
  expect(JSON.stringify(answer)).toBe(JSON.stringify(expected))
  return { answer, bySql, statements }
}
