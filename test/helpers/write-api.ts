import { createPrismaClient } from '../../src/db/setup/client.js'
import { createApiKey } from '../../src/db/api-keys.js'
import { usePrisma } from '../../src/db/setup/prisma.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { createServer, type ServerOptions } from '../../src/yoga.js'
import type { GraphQLResponse } from './api.js'
import { createTestDatabase } from './database.js'

// The API of test/helpers/api.ts with an Authorization header: a database of this file's own,
// API keys made on it, and row counts of every table to prove a refused write changed nothing.

export interface WriteApi {
  prisma: PrismaClient
  url: string
  statements: string[]
  /** Sends the query with `Authorization: Bearer <key>` when a key (or any header text) is given. */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, auth?: string | null): Promise<GraphQLResponse<T>>
  /** The same query (no key) answered by resolvers alone, without the SQL-built answers (src/sql-execution/). */
  queryViaExecutor<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>
  /** Creates an API key and returns the secret. */
  key(scopes: ('WRITE' | 'ADMIN')[], name?: string): Promise<string>
  /** Rows per table, WriteHistory included. */
  counts(): Promise<Record<string, number>>
  close(): Promise<void>
}

const TABLES = [
  'Company',
  'CloudProvider',
  'Asset',
  'Source',
  'Agreement',
  'AgreementParty',
  'Clause',
  'AgreementCitation',
  'ClauseCitation',
  '_AssetToClause',
  '_ClauseToCloudProvider',
  'WriteHistory',
  'ApiKey',
]

export async function startWriteApi(fill?: (prisma: PrismaClient) => Promise<unknown>, server: ServerOptions = {}): Promise<WriteApi> {
  const database = await createTestDatabase()
  const statements: string[] = []
  const prisma = createPrismaClient(database.url, { onQuery: (sql) => statements.push(sql) })
  usePrisma(prisma)
  if (fill) await fill(prisma)
  const yoga = createServer({ graphiql: false, ...server })
  const executorOnly = createServer({ graphiql: false, ...server, sqlExecution: false })
  const send = async (to: typeof yoga, query: string, variables?: Record<string, unknown>, auth?: string | null) => {
    statements.length = 0
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (auth !== undefined && auth !== null) headers.authorization = auth.startsWith('kgk_') ? `Bearer ${auth}` : auth
    const response = await to.fetch('http://yoga/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) })
    return (await response.json()) as GraphQLResponse<any>
  }
  return {
    prisma,
    url: database.url,
    statements,
    query: (query, variables, auth) => send(yoga, query, variables, auth),
    queryViaExecutor: (query, variables) => send(executorOnly, query, variables),
    async key(scopes, name = `test ${scopes.join('+').toLowerCase()}`) {
      return (await createApiKey(prisma, name, scopes)).key
    },
    async counts() {
      const sql = TABLES.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL ')
      const rows = await prisma.$queryRawUnsafe<{ t: string; n: number }[]>(sql)
      return Object.fromEntries(rows.map((r) => [r.t, r.n]))
    },
    async close() {
      await prisma.$disconnect()
      await database.drop()
    },
  }
}
