import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/env.js'
import { CORS_MAX_AGE_S } from '../../src/server/cors.js'
import { CSRF_HEADER, createServer } from '../../src/yoga.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// CORS as a browser meets it: a preflight before a JSON POST from a page on another origin, then
// the answer's headers. Development allows any origin, production none unless CORS_ORIGINS lists
// it; credentials are never allowed (the key travels in Authorization, not in cookies).

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api?.close())

const APP = 'https://app.example.com'
const OTHER = 'https://evil.example.net'
const REQUESTED_HEADERS = `content-type, authorization, ${CSRF_HEADER}, idempotency-key, x-request-id`

/** The origins a server in this mode gets from these settings (env.ts decides the defaults). */
const originsIn = (NODE_ENV: 'development' | 'production', CORS_ORIGINS?: string) =>
  parseEnv({ NODE_ENV, ...(CORS_ORIGINS === undefined ? {} : { CORS_ORIGINS }) }).CORS_ORIGINS
const serveIn = (...mode: Parameters<typeof originsIn>) => createServer({ graphiql: false, corsOrigins: originsIn(...mode) })

const preflight = (yoga: ReturnType<typeof serveIn>, origin: string, path = '/graphql') =>
  yoga.fetch(`http://yoga${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': REQUESTED_HEADERS },
  })
const post = (yoga: ReturnType<typeof serveIn>, origin: string) =>
  yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ companies { totalCount } }' }),
  })

function expectAllowedPreflight(response: Response, allowOrigin: string) {
  expect(response.status).toBe(204)
  expect(response.headers.get('access-control-allow-origin')).toBe(allowOrigin)
  expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST')
  const allowed = response.headers.get('access-control-allow-headers')!.split(', ')
  for (const header of REQUESTED_HEADERS.split(', ')) expect(allowed).toContain(header)
  expect(response.headers.get('access-control-max-age')).toBe(String(CORS_MAX_AGE_S))
  expect(response.headers.get('access-control-allow-credentials')).toBeNull()
}

function expectRefused(response: Response) {
  expect(response.headers.get('access-control-allow-origin')).toBeNull()
  expect(response.headers.get('access-control-allow-credentials')).toBeNull()
}

describe('in development', () => {
  it('any origin may call, without credentials, and reads the headers the API sets', async () => {
    expect(originsIn('development')).toBe('*')
    const yoga = serveIn('development')
    expectAllowedPreflight(await preflight(yoga, OTHER), '*')
    const answer = await post(yoga, OTHER)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBe('*')
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull()
    const exposed = answer.headers.get('access-control-expose-headers')!.split(', ')
    for (const header of ['content-disposition', 'retry-after', 'etag', 'idempotent-replayed', 'ratelimit-reset']) expect(exposed).toContain(header)
    // One answer for every origin: nothing to vary on.
    expect(answer.headers.get('vary') ?? '').not.toMatch(/Origin/)
  })

  it('a list in CORS_ORIGINS narrows it', async () => {
    const yoga = serveIn('development', APP)
    expectAllowedPreflight(await preflight(yoga, APP), APP)
    const refused = await preflight(yoga, OTHER)
    expect(refused.status).toBe(403)
    expectRefused(refused)
  })
})

describe('in production', () => {
  it('no other origin may call unless CORS_ORIGINS lists it', async () => {
    expect(originsIn('production')).toEqual([])
    const yoga = serveIn('production')
    const refused = await preflight(yoga, APP)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toMatch(/CORS_ORIGINS/)
    expectRefused(refused)
    // A simple request still gets its answer, which the browser then keeps from the page.
    const answer = await post(yoga, APP)
    expect(answer.status).toBe(200)
    expectRefused(answer)
  })

  it('a listed origin is allowed, named in the answer, which varies by Origin; others are refused', async () => {
    const yoga = serveIn('production', `${APP}, http://localhost:5173`)
    for (const origin of [APP, 'http://localhost:5173']) {
      const allowed = await preflight(yoga, origin)
      expectAllowedPreflight(allowed, origin)
      expect(allowed.headers.get('vary')).toMatch(/Origin/)
    }
    const answer = await post(yoga, APP)
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP)
    expect(answer.headers.get('vary')).toMatch(/Origin/)
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/content-disposition/)

    const refused = await preflight(yoga, OTHER)
    expect(refused.status).toBe(403)
    expectRefused(refused)
    const other = await post(yoga, OTHER)
    expectRefused(other)
    expect(other.headers.get('vary')).toMatch(/Origin/)
  })

  it('exports and GET queries carry the same headers', async () => {
    const yoga = serveIn('production', APP)
    const exported = await yoga.fetch('http://yoga/export/nodes.csv', { headers: { origin: APP } })
    expect(exported.status).toBe(200)
    expect(exported.headers.get('access-control-allow-origin')).toBe(APP)
    expect(exported.headers.get('access-control-expose-headers')).toMatch(/content-disposition/)
    await exported.text()
    const read = await yoga.fetch('http://yoga/graphql?query=%7B__typename%7D', { headers: { origin: APP, [CSRF_HEADER]: '1' } })
    expect(read.headers.get('vary')).toMatch(/Accept.*Origin|Origin.*Accept/)
    expect(read.headers.get('access-control-allow-origin')).toBe(APP)
  })
})

describe('preflights', () => {
  it('to a path the server does not serve are 404 like any request there', async () => {
    expect((await preflight(serveIn('development'), APP, '/graphql/')).status).toBe(404)
  })

  it('an OPTIONS without Origin is told what the server answers', async () => {
    const response = await serveIn('production').fetch('http://yoga/graphql', { method: 'OPTIONS' })
    expect(response.status).toBe(204)
    expect(response.headers.get('allow')).toBe('GET, POST, OPTIONS')
  })
})

describe('CORS_ORIGINS', () => {
  it('takes origins, not URLs with paths or other schemes', () => {
    expect(originsIn('production', ' https://a.example.com ,http://localhost:3000,')).toEqual(['https://a.example.com', 'http://localhost:3000'])
    expect(originsIn('production', '*')).toBe('*')
    expect(originsIn('development', '')).toEqual([])
    for (const bad of ['https://a.example.com/', 'https://a.example.com/app', 'a.example.com', 'ftp://a.example.com', '*, https://a.example.com']) {
      expect(() => originsIn('production', bad)).toThrow(/CORS_ORIGINS: .* is not an origin/)
    }
  })
})
