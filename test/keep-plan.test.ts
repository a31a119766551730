import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../src/db/client.js'
import { shortestPaths } from '../src/db/partnership-paths.js'
import { usePrisma } from '../src/db/prisma.js'
import { rankSearchHits } from '../src/db/search.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { generateGraph } from '../src/synthetic/generate.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'

// KEEP_PLAN statements (src/db/client.ts) are prepared once per connection under a name taken
// from their text, and live as long as the connection: their text must not depend on the values
// of a request, or every request would leave another prepared statement behind. On a one-connection
// pool, many different path searches and ranked searches must leave exactly the few fixed shapes.

let database: TestDatabase
let prisma: PrismaClient
let slugs: string[]
beforeAll(async () => {
  database = await createTestDatabase()
  await generateGraph({ url: database.url, companies: 40, agreements: 200, seed: 11 })
  prisma = createPrismaClient(database.url, { pool: { max: 1 } })
  usePrisma(prisma)
  slugs = (await prisma.company.findMany({ select: { slug: true }, orderBy: { slug: 'asc' } })).map((c) => c.slug)
}, 120_000)
afterAll(async () => {
  await prisma?.$disconnect()
  await database?.drop()
})

const prepared = async () =>
  (await prisma.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements ORDER BY name`).map((row) => row.name)

describe('statements that keep their plans', () => {
  it('leave one prepared statement per shape, whatever the values', async () => {
    let found = 0
    for (let i = 0; i < 20; i++) {
      const [from, to] = [slugs[i % slugs.length]!, slugs[(i * 7 + 3) % slugs.length]!]
      const paths = await shortestPaths(from, to, 1 + (i % 6), i % 2 === 0 ? null : `20${15 + (i % 10)}-06-30`, 10)
      if (paths.paths) found++
      await rankSearchHits([from, `word ${i}`, `word${i}`][i % 3]!, 1 + (i % 50))
    }
    expect(found).toBeGreaterThan(5)
    // The path search with and without activeOn, and the ranked search of one word and of several.
    const names = await prepared()
    expect(names).toHaveLength(4)
    for (const name of names) expect(name).toMatch(/^keep_[0-9a-f]{20}$/)
  }, 60_000)
})
