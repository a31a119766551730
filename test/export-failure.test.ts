import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../seed/load.js'
import { createPrismaClient } from '../src/db/setup/client.js'
import { usePrisma } from '../src/db/setup/prisma.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { compareText } from '../src/export/snapshot.js'
import { createServer } from '../src/yoga.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'
import { exportConnectionsGone, readBody } from './helpers/exports.js'

// A streamed export can fail after its first bytes are out: here the last agreement holds a title
// the import format refuses (written behind the API's back), so the JSON export fails near its
// end. Such a file must never look complete: over HTTP the download breaks off unfinished, and
// the CLI exits 1 leaving no file behind.

let database: TestDatabase
let prisma: PrismaClient
/** Where the refused agreement stands in the file's agreement list. */
let index: number
beforeAll(async () => {
  database = await createTestDatabase()
  prisma = createPrismaClient(database.url)
  usePrisma(prisma)
  await loadShippedData(prisma)
  const slugs = (await prisma.agreement.findMany({ select: { slug: true } })).map((a) => a.slug).sort(compareText)
  index = slugs.length - 1
  await prisma.agreement.update({ where: { slug: slugs[index]! }, data: { title: '   ' } })
}, 60_000)
afterAll(async () => {
  await prisma?.$disconnect()
  await database?.drop()
})

describe('an export that fails after its first bytes', () => {
  it('over HTTP: starts as a 200, then breaks off unfinished, and frees its connection', async () => {
    const response = await createServer({ graphiql: false }).fetch('http://yoga/export/graph.json')
    expect(response.status).toBe(200)
    await expect(readBody(response)).rejects.toThrow(`agreements.${index}.title: must not be empty`)
    await exportConnectionsGone(database.url)
  })

  it('from the CLI: exits 1 naming the entry, and leaves no file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-failure-'))
    const out = join(dir, 'graph.json')
    try {
      const run = promisify(execFile)
      const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/export.ts', '--format', 'json', '--out', out], {
        cwd: new URL('..', import.meta.url).pathname,
        env: { ...process.env, DATABASE_URL: database.url },
      }).catch((error: { code: number; stderr: string }) => error)
      expect(failure).toMatchObject({ code: 1 })
      expect((failure as { stderr: string }).stderr).toContain(`agreements.${index}.title: must not be empty`)
      expect([existsSync(out), existsSync(`${out}.partial`)]).toEqual([false, false])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
