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
  const { text, name } = rendered(statement)
  raw.onQuery?.(text)
  const result = await raw.pool.query({ text, values: statement.values, name })
  return result.rows as T[]
}

// A statement object sent again (the planner keeps built ones) is not joined into text and
// looked up by that text again.
const renderings = new WeakMap<Prisma.Sql, { text: string; name: string | undefined }>()

function rendered(statement: Prisma.Sql): { text: string; name: string | undefined } {
  let known = renderings.get(statement)
  if (!known) {
    const text = statement.text
    renderings.set(statement, (known = { text, name: statementName({ sql: text }) }))
  }
  return known
}
