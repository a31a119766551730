import { createPrismaClient } from '../../src/db/setup/client.js'
import { usePrisma } from '../../src/db/setup/prisma.js'
import { createServer } from '../../src/yoga.js'

// SQL statements per request: the same query run once in this process through createServer(),
// with a Prisma client that counts what it sends (as test/helpers/api.ts does).

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null
  errors?: { message: string }[]
}

export interface InProcessApi {
  /** Runs the query twice (the first warms caches) and counts the statements of the second. */
  count(query: string, variables: Record<string, unknown>): Promise<{ statements: number; answer: GraphQLAnswer }>
  close(): Promise<void>
}

export function inProcessApi(url: string, server: { sqlExecution: boolean }): InProcessApi {
  const statements: string[] = []
  const prisma = createPrismaClient(url, { onQuery: (sql) => statements.push(sql) })
  usePrisma(prisma)
  const yoga = createServer({ graphiql: false, sqlExecution: server.sqlExecution })
  const run = async (query: string, variables: Record<string, unknown>) => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    })
    return (await response.json()) as GraphQLAnswer
  }
  return {
    async count(query, variables) {
      await run(query, variables)
      statements.length = 0
      const answer = await run(query, variables)
      return { statements: statements.length, answer }
    },
    close: () => prisma.$disconnect(),
  }
}
