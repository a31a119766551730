import { createPrismaClient } from '../../src/db/setup/client.js'
import { usePrisma } from '../../src/db/setup/prisma.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { createServer, type ServerOptions } from '../../src/yoga.js'
import { createTestDatabase } from './database.js'

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[]
}

export interface TestApi {
  prisma: PrismaClient
  /** The test database's connection URL. */
  url: string
  /** SQL statements sent since the last `query` began. */
  statements: string[]
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>
  /** The same query answered by resolvers alone, without the SQL-built answers (src/sql-execution/). */
  queryViaExecutor<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>
  close(): Promise<void>
}

/**
 * A fresh migrated database for this test file, the one Prisma client pointed at it (counting
 * statements), and the Yoga server called through `fetch`, with no port.
 */
export async function startTestApi(fill?: (prisma: PrismaClient) => Promise<unknown>, options: ServerOptions = {}): Promise<TestApi> {
  const database = await createTestDatabase()
  const statements: string[] = []
  const prisma = createPrismaClient(database.url, { onQuery: (sql) => statements.push(sql) })
  usePrisma(prisma)
  if (fill) await fill(prisma)
  const yoga = createServer({ graphiql: false, ...options })
  const executorOnly = createServer({ graphiql: false, ...options, sqlExecution: false })
  const send = async (server: typeof yoga, query: string, variables?: Record<string, unknown>) => {
    statements.length = 0
    const response = await server.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    })
    return (await response.json()) as GraphQLResponse<any>
  }
  return {
    prisma,
    url: database.url,
    statements,
    query: (query, variables) => send(yoga, query, variables),
    queryViaExecutor: (query, variables) => send(executorOnly, query, variables),
    async close() {
      await prisma.$disconnect()
      await database.drop()
    },
  }
}
