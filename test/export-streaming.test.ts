import { get as httpGet, type IncomingMessage, createServer as createHttpServer } from 'node:http'
import { createBrotliDecompress } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../src/db/setup/client.js'
import { usePrisma } from '../src/db/setup/prisma.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { generateGraph } from '../synthetic/generate.js'
import { createServer, type ServerOptions } from '../src/yoga.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'
import { exportBackends, exportConnectionsGone as connectionsGone, readBody } from './helpers/exports.js'

// Exports of a graph of thousands of agreements (tens of MB per file), as an attacker found them
// at 100k: every full export failed at the 10 s statement_timeout, and a few at once held GBs.
// Exports now stream from cursors on a connection of their own: they are served whatever the
// pool's statement limit, start before the last rows are read, run a bounded number at a time and
// within a time limit, and end (releasing their connection) when the client leaves.

/** The per-statement limit of the query pool here: far below what a full export takes. */
const STATEMENT_TIMEOUT_MS = 50
const AGREEMENTS = 6_000

let database: TestDatabase
let loader: PrismaClient
let pooled: PrismaClient
beforeAll(async () => {
  database = await createTestDatabase()
  await generateGraph({ url: database.url, companies: 1_500, agreements: AGREEMENTS, seed: 19 })
  loader = createPrismaClient(database.url)
  // The server's pool: one connection, with a statement limit no full export could meet.
  pooled = createPrismaClient(database.url, { pool: { max: 1, acquireTimeoutMs: 2_000, statementTimeoutMs: STATEMENT_TIMEOUT_MS } })
  usePrisma(pooled)
}, 120_000)
afterAll(async () => {
  await pooled?.$disconnect()
  await loader?.$disconnect()
  await database?.drop()
})

const serve = (exports: ServerOptions['exports'] = { maxConcurrent: 1, timeoutMs: 60_000 }) => createServer({ graphiql: false, exports })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const exportConnectionsGone = () => connectionsGone(database.url)

async function readAll(response: Response): Promise<string> {
  expect(response.status).toBe(200)
  return response.text()
}

describe('a full export of a large graph', () => {
  it('is served although it takes far longer than the statement limit of pooled connections', { timeout: 120_000 }, async () => {
    // The limit is real: a pooled statement that runs longer is cancelled.
    await expect(pooled.$queryRaw`SELECT pg_sleep(0.2)`).rejects.toThrow(/statement timeout/)

    const yoga = serve()
    const started = performance.now()
    const text = await readAll(await yoga.fetch('http://yoga/export/graph.json'))
    expect(performance.now() - started).toBeGreaterThan(STATEMENT_TIMEOUT_MS)
    const dataset = JSON.parse(text) as { agreements: { clauses: unknown[] }[]; companies: unknown[] }
    expect(dataset.agreements).toHaveLength(AGREEMENTS)
    expect(dataset.agreements.flatMap((a) => a.clauses)).toHaveLength(await loader.clause.count())
    expect(dataset.companies).toHaveLength(await loader.company.count())
    await exportConnectionsGone()
  })

  it('starts before the last rows are read: first bytes arrive while its cursor is open, and GraphQL is served meanwhile', {
    timeout: 120_000,
  }, async () => {
    const yoga = serve()
    const response = await yoga.fetch('http://yoga/export/graph.graphml')
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    expect(new TextDecoder().decode(first.value).startsWith('<?xml')).toBe(true)

    // The client has not read further, so the export waits inside its transaction, on its own
    // connection: the graph is read as the client takes it, not ahead of it.
    const [backend, ...others] = await exportBackends(database.url)
    expect(others).toEqual([])
    expect(backend).toMatchObject({ inTransaction: true })
    expect(backend!.query).toMatch(/^(FETCH|DECLARE) /)

    // The pool's one connection is free for GraphQL.
    const answer = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ company(slug: "no-such-company") { slug } }' }),
    })
    expect(await answer.json()).toEqual({ data: { company: null } })

    let size = first.value!.length
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) size += chunk.value.length
    // What came first was a small part of the file.
    expect(first.value!.length).toBeLessThan(size / 20)
    await exportConnectionsGone()
  })
})

describe('exports at once', () => {
  it('beyond the limit are refused with 429 and Retry-After; a slot frees when an export ends', { timeout: 60_000 }, async () => {
    const yoga = serve({ maxConcurrent: 1, timeoutMs: 60_000 })
    const running = await yoga.fetch('http://yoga/export/edges.csv')
    expect(running.status).toBe(200)
    const reader = running.body!.getReader()
    await reader.read()

    const refused = await yoga.fetch('http://yoga/export/nodes.csv')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.text()).toMatch(/already streaming 1 export\(s\), the most it runs at once; retry in \d+ s/)

    // A client that stops reading (cancels the body) ends the export and frees its slot.
    await reader.cancel()
    await exportConnectionsGone()
    const next = await yoga.fetch('http://yoga/export/nodes.csv')
    expect((await readAll(next)).startsWith('id,type,globalId,label')).toBe(true)
  })

  it('one that runs past its time limit is cut off and releases its connection', { timeout: 60_000 }, async () => {
    const yoga = serve({ maxConcurrent: 1, timeoutMs: 1_000 })
    const response = await yoga.fetch('http://yoga/export/graph.json')
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    await reader.read()
    // A client that stalls holds nothing past the limit: the download breaks off, unfinished.
    await sleep(1_500)
    reader.releaseLock()
    await expect(readBody(response)).rejects.toThrow(/ran past its time limit of 1000 ms/)
    await exportConnectionsGone()
    expect((await readAll(await yoga.fetch('http://yoga/export/nodes.csv?asOf=2020-01-01'))).startsWith('id,type,globalId,label')).toBe(true)
  })
})

describe('a client that disconnects mid-export, over real HTTP', () => {
  it('ends the export and releases its connection and its slot', { timeout: 60_000 }, async () => {
    const yoga = serve({ maxConcurrent: 1, timeoutMs: 60_000 })
    const server = createHttpServer(yoga)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const request = httpGet(`${base}/export/graph.graphml`)
      const response = await new Promise<IncomingMessage>((resolve, reject) => request.once('response', resolve).once('error', reject))
      expect(response.statusCode).toBe(200)
      await new Promise((resolve) => response.once('data', resolve))
      response.pause()
      expect(await exportBackends(database.url)).toMatchObject([{ inTransaction: true }])

      request.destroy()
      await exportConnectionsGone()
      const next = await fetch(`${base}/export/nodes.csv`)
      expect(next.status).toBe(200)
      await next.text()
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('a compressed export', () => {
  it('streams as it is compressed, and a client that disconnects still ends it and frees its slot', { timeout: 60_000 }, async () => {
    const yoga = serve({ maxConcurrent: 1, timeoutMs: 60_000 })
    const server = createHttpServer(yoga)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const request = httpGet(`${base}/export/graph.graphml`, { headers: { 'accept-encoding': 'br' } })
      const response = await new Promise<IncomingMessage>((resolve, reject) => request.once('response', resolve).once('error', reject))
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-encoding']).toBe('br')
      // The first compressed bytes decode to the file's start while its cursor is still open.
      const decoded = response.pipe(createBrotliDecompress())
      const first = (await new Promise<Buffer>((resolve) => decoded.once('data', resolve))).toString()
      expect(first.startsWith('<?xml')).toBe(true)
      response.pause()
      expect(await exportBackends(database.url)).toMatchObject([{ inTransaction: true }])

      request.destroy()
      await exportConnectionsGone()
      const next = await fetch(`${base}/export/nodes.csv`, { headers: { 'accept-encoding': 'gzip' } })
      expect(next.status).toBe(200)
      // fetch decodes gzip itself.
      expect((await next.text()).startsWith('id,type,globalId,label')).toBe(true)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
