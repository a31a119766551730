import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../src/db/setup/client.js'
import { datasetStats, statsMarkdown, withStats, type DatasetStats } from '../src/db/dataset-stats.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { loadShippedData, readShippedData } from '../seed/load.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'

let db: TestDatabase
let prisma: PrismaClient
let stats: DatasetStats

beforeAll(async () => {
  db = await createTestDatabase()
  prisma = createPrismaClient(db.url)
  await loadShippedData(prisma)
  stats = await datasetStats(prisma)
}, 120_000)

afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
})

describe("the README's data section", () => {
  it('states the figures of the shipped dataset (run `npm run data:stats -- --write` after changing it)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    expect(readme).toBe(withStats(readme, statsMarkdown(stats)))
  })

  it('counts what the files hold', async () => {
    const data = await readShippedData()
    expect(stats.versions).toBe(data.agreements.length)
    expect(stats.sources).toBe(data.sources.length)
    expect(stats.companies).toBe(data.companies.length)
    expect(stats.sourcesByKind.reduce((n, r) => n + r.count, 0)).toBe(stats.sources)
  })
})
