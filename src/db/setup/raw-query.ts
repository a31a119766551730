import type { Prisma } from '../../generated/prisma/client.js'
import { rawAccessOf, statementName } from './client.js'
import { prisma } from './prisma.js'

/**
 * Runs a statement written as SQL here (a path walk, a SQL-built answer) on the client's own pg
 * pool, past Prisma's query pipeline: that pipeline cost about 0.25 ms of CPU a statement, more
 * than some of these statements take in PostgreSQL. Same pool, same settings, same statement
 * counting (onQuery) and kept-plan names (statementName); rows come as pg parses them (cast int8
 * and dates in the SQL). Every client of the process is made by createPrismaClient, which records
 * its pool.
 */
export async function queryRows<T>(statement: Prisma.Sql): Promise<T[]> {
  const raw = rawAccessOf(prisma())
  if (!raw) throw new Error('queryRows needs a client made by createPrismaClient (src/db/setup/client.ts)')
  const text = statement.text
  raw.onQuery?.(text)
  const result = await raw.pool.query({ text, values: statement.values, name: statementName({ sql: text }) })
  return result.rows as T[]
}
