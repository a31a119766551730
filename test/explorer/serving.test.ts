import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import { type ExplorerManifest, ensureExplorerBuilt } from '../../src/server/explorer-build.js'
import { createServer } from '../../src/yoga.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// How the explorer's page and files are served: hashed names, immutable caching, compression,
// the size budget, EXPLORER=false, and its documents where only trusted documents run.

const BUDGET_BYTES = 500 * 1024
let manifest: ExplorerManifest
let api: TestApi
beforeAll(async () => {
  manifest = await ensureExplorerBuilt()
  api = await startTestApi()
}, 120_000)
afterAll(() => api?.close())

const server = (explorer = true) => createServer({ graphiql: false, explorer, rateLimit: false })
const get = (yoga: ReturnType<typeof server>, path: string, headers: Record<string, string> = {}) => yoga.fetch(`http://yoga${path}`, { headers })

async function assetPaths(yoga: ReturnType<typeof server>): Promise<string[]> {
  const page = await (await get(yoga, '/')).text()
  return [...page.matchAll(/(?:src|href)="(\/explorer\/assets\/[^"]+)"/g)].map((match) => match[1]!)
}

describe('the explorer’s page and files', () => {
  it('type-checks against the types codegen wrote from schema.graphql', async () => {
    // Its own tsconfig (DOM types); a schema change that breaks one of its queries fails here.
    await promisify(execFile)(path.join(projectRoot, 'node_modules', '.bin', 'tsc'), ['-p', path.join(projectRoot, 'explorer', 'tsconfig.json')], {
      cwd: projectRoot,
    })
  }, 120_000)

  it('serves the page at / (any query string), revalidated each time, under a content security policy', async () => {
    const yoga = server()
    for (const path of ['/', '/?view=licences&asOf=2026-01-01']) {
      const response = await get(yoga, path)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(response.headers.get('cache-control')).toBe('no-cache')
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    }
    const etag = (await get(yoga, '/')).headers.get('etag')!
    expect((await get(yoga, '/', { 'if-none-match': etag })).status).toBe(304)
    expect(await assetPaths(yoga)).toEqual([`/explorer/assets/${manifest.style}`, `/explorer/assets/${manifest.script}`])
    expect((await get(yoga, '/index.html')).status).toBe(404)
  })

  it('serves its files by content-hashed names, immutable, compressed, within the 500 KB budget', async () => {
    const yoga = server()
    let compressed = 0
    for (const path of await assetPaths(yoga)) {
      expect(path).toMatch(/\/main\.[A-Z0-9]{8}\.(js|css)$/)
      const plain = await get(yoga, path)
      expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      const raw = (await plain.arrayBuffer()).byteLength
      const brotli = await get(yoga, path, { 'accept-encoding': 'br, gzip' })
      expect(brotli.headers.get('content-encoding')).toBe('br')
      const size = (await brotli.arrayBuffer()).byteLength
      expect(size).toBeLessThan(raw)
      compressed += size
      const gzip = await get(yoga, path, { 'accept-encoding': 'gzip' })
      expect(gzip.headers.get('content-encoding')).toBe('gzip')
      console.log(`explorer: ${path} ${raw} bytes, ${size} brotli, ${(await gzip.arrayBuffer()).byteLength} gzip`)
    }
    expect(compressed).toBeLessThan(BUDGET_BYTES)
    expect((await get(yoga, '/explorer/assets/main.NOTAFILE.js')).status).toBe(404)
    expect((await yoga.fetch(`http://yoga${(await assetPaths(yoga))[0]}`, { method: 'POST' })).status).toBe(405)
  })

  it('is off with EXPLORER=false: / and its files are 404', async () => {
    const yoga = server(false)
    const page = await get(yoga, '/')
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('the explorer is off')
    expect((await get(yoga, `/explorer/assets/${manifest.script}`)).status).toBe(404)
  })

  it('adds its documents to the trusted ones: they run where nothing else may', async () => {
    const yoga = createServer({
      graphiql: false,
      rateLimit: false,
      persistedQueries: { redisPrefix: 'unused', ttlSeconds: 60, maxEntries: 10, manifest: new Map(), only: true },
    })
    const [hash] = Object.entries(manifest.documents).find(([, document]) => document.startsWith('query ExplorerDeals'))!
    const params = new URLSearchParams({ variables: '{}', extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) })
    const trusted = await yoga.fetch(`http://yoga/graphql?${params}`, { headers: { 'x-graphql-csrf': '1' } })
    expect(trusted.status).toBe(200)
    expect(await trusted.json()).toEqual({ data: { deals: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } })
    const other = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ deals { totalCount } }' }),
    })
    expect(other.status).toBe(400)
  })
})
