import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { graphiqlAssetPaths } from '../../src/server/graphiql-assets.js'
import { createServer } from '../../src/yoga.js'

// GraphiQL is served from the installed package (no CDN), with the example queries as tabs: a
// small page that refers to its files by content-named paths, which browsers cache for good.

const page = (yoga: ReturnType<typeof createServer>, headers: Record<string, string> = {}) =>
  yoga.fetch('http://yoga/graphql', { headers: { accept: 'text/html', ...headers } })

/** Every same-origin path the page loads: stylesheet, icon, script, and the editor's workers. */
const referencedPaths = (html: string) => [...html.matchAll(/"(\/graphiql\/assets\/[^"]+)"/g)].map((match) => match[1]!)

describe('GraphiQL', () => {
  it('opens offline with the example queries', async () => {
    const yoga = createServer({ graphiql: true })
    const response = await page(yoga)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn\.jsdelivr)/)
    for (const name of ['NonExclusiveLicences', 'LatestMicrosoftOpenAIChanges', 'MicrosoftOpenAITermsOn', 'GraphQuestions']) {
      expect(html).toContain(name)
    }
  })

  it('can be switched off, with its files', async () => {
    const yoga = createServer({ graphiql: false })
    const response = await page(yoga)
    expect(response.status).not.toBe(200)
    const [asset] = graphiqlAssetPaths()
    expect((await yoga.fetch(`http://yoga${asset}`)).status).toBe(404)
  })
})

describe("GraphiQL's files", () => {
  it('the page is small and refers to every file, none inlined', async () => {
    const html = await (await page(createServer({ graphiql: true }))).text()
    expect(html.length).toBeLessThan(20_000)
    expect(referencedPaths(html).sort()).toEqual(graphiqlAssetPaths().sort())
    expect(html).toMatch(/<script src="\/graphiql\/assets\/graphiql\.[\w-]+\.js"><\/script>/)
    expect(html).toMatch(/<link rel="stylesheet" href="\/graphiql\/assets\/graphiql\.[\w-]+\.css" \/>/)
    expect(html).not.toContain('data:image')
  })

  it.each(['br', 'gzip'] as const)(
    'a first load is under 3 MB with %s; a reload fetches the page alone, which revalidates to 304',
    async (encoding) => {
      const yoga = createServer({ graphiql: true })
      const first = await page(yoga, { 'accept-encoding': encoding })
      expect(first.headers.get('content-encoding')).toBe(encoding)
      expect(first.headers.get('cache-control')).toBe('no-cache')
      const etag = first.headers.get('etag')!
      const pageBytes = Buffer.from(await first.arrayBuffer())
      const html = (encoding === 'br' ? brotliDecompressSync(pageBytes) : gunzipSync(pageBytes)).toString()

      let total = pageBytes.length
      for (const path of referencedPaths(html)) {
        const response = await yoga.fetch(`http://yoga${path}`, { headers: { 'accept-encoding': encoding } })
        expect(response.status).toBe(200)
        expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
        expect(response.headers.get('content-encoding')).toBe(encoding)
        expect(response.headers.get('vary')).toMatch(/Accept-Encoding/)
        const bytes = (await response.arrayBuffer()).byteLength
        expect(Number(response.headers.get('content-length'))).toBe(bytes)
        total += bytes
      }
      expect(total).toBeLessThan(3_000_000)

      // A reload: the files are fresh in the browser's cache (immutable); the page is revalidated.
      const reload = await page(yoga, { 'accept-encoding': encoding, 'if-none-match': etag })
      expect(reload.status).toBe(304)
      expect((await reload.arrayBuffer()).byteLength).toBe(0)
    },
  )

  it('are served uncompressed as they ship, with the right types', async () => {
    const yoga = createServer({ graphiql: true })
    const types = new Map<string, string>()
    for (const path of graphiqlAssetPaths()) {
      const response = await yoga.fetch(`http://yoga${path}`)
      expect(response.headers.get('content-encoding')).toBeNull()
      types.set(path.replace(/\.[\w-]+\.(\w+)$/, '.$1'), response.headers.get('content-type')!)
      const body = Buffer.from(await response.arrayBuffer())
      if (path.endsWith('.js')) expect(body.length).toBeGreaterThan(100_000)
    }
    expect(Object.fromEntries(types)).toEqual({
      '/graphiql/assets/graphiql.js': 'text/javascript; charset=utf-8',
      '/graphiql/assets/graphiql.css': 'text/css; charset=utf-8',
      '/graphiql/assets/favicon.ico': 'image/x-icon',
      '/graphiql/assets/editor.worker.js': 'text/javascript; charset=utf-8',
      '/graphiql/assets/json.worker.js': 'text/javascript; charset=utf-8',
      '/graphiql/assets/graphql.worker.js': 'text/javascript; charset=utf-8',
    })
  })

  it('only at their exact names, for GET', async () => {
    const yoga = createServer({ graphiql: true })
    const [asset] = graphiqlAssetPaths()
    for (const path of ['/graphiql/assets/', '/graphiql/assets/graphiql.js', `${asset}/`, `${asset}x`, '/graphiql', '/graphiql/']) {
      expect((await yoga.fetch(`http://yoga${path}`)).status, path).toBe(404)
    }
    expect((await yoga.fetch(`http://yoga${asset}`, { method: 'POST', body: '' })).status).toBe(405)
  })
})
