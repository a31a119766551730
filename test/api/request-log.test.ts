import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../src/db/api-keys.js'
import { createLogger, yogaLogger } from '../../src/server/request-log.js'
import { type HardeningApi, startHardeningApi } from '../hardening/helpers.js'

// The request log through HTTP, its stream captured: one JSON line per request, under the request
// ID the response carries in x-request-id (the client's when it is a plain token), with the
// operation, status, outcome and duration, and never the variables, the query string or a key.

let api: HardeningApi
let key: string
beforeAll(async () => {
  api = await startHardeningApi()
  key = (await createApiKey(api.prisma, 'log test', ['WRITE'])).key
})
afterAll(() => api?.close())

const SECRET = 'variable-value-that-must-not-be-logged'

function capture(options: { slowRequestMs?: number } = {}) {
  const lines: string[] = []
  const logger = createLogger('info', { write: (line: string) => lines.push(line) })
  const server = api.serve({ logger, slowRequestMs: options.slowRequestMs ?? 60_000 })
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  return { server, lines, entries, requests: () => entries().filter((entry) => entry.msg === 'request') }
}

describe('request log', () => {
  it('writes one JSON line per request under the ID it echoes in x-request-id', async () => {
    const { server, lines, requests } = capture()
    const query = 'query FindCompany($slug: String!) { company(slug: $slug) { name } }'
    const response = await server.post({ query, variables: { slug: SECRET } }, { 'x-request-id': 'edge-7f3a.42', authorization: `Bearer ${key}` })
    expect(response.headers.get('x-request-id')).toBe('edge-7f3a.42')
    expect(lines).toHaveLength(1)
    expect(lines[0]!.endsWith('\n')).toBe(true)
    expect(requests()).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'request',
        requestId: 'edge-7f3a.42',
        method: 'POST',
        path: '/graphql',
        status: response.status,
        operation: 'FindCompany',
        operationType: 'query',
        outcome: response.json.errors ? response.json.errors[0]!.extensions!.code : 'ok',
        durationMs: expect.any(Number),
      }),
    ])
    expect(typeof requests()[0]!.time).toBe('string')
    expect(lines.join('')).not.toContain(SECRET)
    expect(lines.join('')).not.toContain(key)
    expect(lines.join('').toLowerCase()).not.toContain('authorization')
  })

  it('makes an ID when the request has none or an unusable one, a different one each time', async () => {
    const { server, requests } = capture()
    const ids: string[] = []
    for (const sent of [undefined, 'has spaces in it', 'x'.repeat(200), '../../etc', '']) {
      const headers: Record<string, string> = sent === undefined ? {} : { 'x-request-id': sent }
      const response = await server.post({ query: '{ __typename }' }, headers)
      const id = response.headers.get('x-request-id')!
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      ids.push(id)
    }
    expect(new Set(ids).size).toBe(5)
    expect(requests().map((entry) => entry.requestId)).toEqual(ids)
  })

  it('logs a GET by its path only: its query string holds the query and the variables', async () => {
    const { server, lines, requests } = capture()
    const search = new URLSearchParams({ query: 'query ($s: String!) { company(slug: $s) { name } }', variables: JSON.stringify({ s: SECRET }) })
    const response = await server.send(`/graphql?${search}`, { headers: { 'x-graphql-csrf': '1' } })
    expect(response.headers.get('x-request-id')).toBeTruthy()
    expect(requests()).toEqual([expect.objectContaining({ method: 'GET', path: '/graphql', status: response.status })])
    expect(lines.join('')).not.toContain(SECRET)
  })

  it('gives the outcome: ok, or the first error code', async () => {
    const { server, requests } = capture()
    await server.post({ query: 'query Planned { companies { totalCount } }' })
    await server.post({ query: 'query Broken { nope }' })
    await server.post({ query: 'mutation { deleteEverything }' })
    expect(requests().map(({ operation, outcome, answeredBy }) => ({ operation, outcome, answeredBy }))).toEqual([
      { operation: 'Planned', outcome: 'ok', answeredBy: 'planned' },
      { operation: 'Broken', outcome: 'GRAPHQL_VALIDATION_FAILED', answeredBy: null },
      { operation: null, outcome: 'GRAPHQL_VALIDATION_FAILED', answeredBy: null },
    ])
  })

  it('logs the other routes too, with their status', async () => {
    const { server, requests } = capture()
    expect((await server.send('/healthz')).status).toBe(200)
    expect((await server.send('/metrics')).status).toBe(200)
    expect(requests().map(({ path, status, outcome }) => ({ path, status, outcome }))).toEqual([
      { path: '/healthz', status: 200, outcome: 'ok' },
      { path: '/metrics', status: 200, outcome: 'ok' },
    ])
  })

  it('adds a warn line for a request slower than SLOW_REQUEST_MS', async () => {
    const slow = capture({ slowRequestMs: 0.001 })
    const response = await slow.server.post({ query: 'query Counted { companies { totalCount } }' }, { 'x-request-id': 'slow-1' })
    expect(response.status).toBe(200)
    const warn = slow.entries().filter((entry) => entry.msg === 'slow request')
    expect(warn).toEqual([
      expect.objectContaining({ level: 'warn', requestId: 'slow-1', operation: 'Counted', path: '/graphql', durationMs: expect.any(Number) }),
    ])
    // With the query's statements: one planned statement, its time within the request's.
    expect(warn[0]!.statements).toEqual({ count: 1, totalMs: expect.any(Number), slowestMs: expect.any(Number) })
    const { totalMs, slowestMs } = warn[0]!.statements as { totalMs: number; slowestMs: number }
    expect(slowestMs).toBeLessThanOrEqual(totalMs)
    expect(totalMs).toBeLessThanOrEqual(warn[0]!.durationMs as number)
    const fast = capture()
    await fast.server.post({ query: 'query Counted { companies { totalCount } }' })
    expect(fast.entries().filter((entry) => entry.msg === 'slow request')).toEqual([])
  })

  it('writes nothing under the chosen level', async () => {
    const lines: string[] = []
    const server = api.serve({ logger: createLogger('warn', { write: (line: string) => lines.push(line) }), slowRequestMs: 60_000 })
    expect((await server.post({ query: '{ __typename }' })).status).toBe(200)
    expect(lines).toEqual([])
  })

  it("writes Yoga's own messages as JSON lines, an error with its message and stack", () => {
    const lines: string[] = []
    const logger = yogaLogger(createLogger('info', { write: (line: string) => lines.push(line) }))
    logger.warn('API key check for rate limiting failed', new Error('connection refused'))
    logger.debug('not written at info')
    const [entry] = lines.map((line) => JSON.parse(line) as { level: string; msg: string; err: { message: string; stack: string } })
    expect(lines).toHaveLength(1)
    expect(entry).toMatchObject({ level: 'warn', msg: 'API key check for rate limiting failed', err: { message: 'connection refused' } })
    expect(entry!.err.stack).toContain('Error: connection refused')
  })
})
