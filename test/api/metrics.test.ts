import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/env.js'
import { metricsAccessFromEnv } from '../../src/server/metrics.js'
import { type HardeningApi, type Served, startHardeningApi } from '../hardening/helpers.js'

// GET /metrics through HTTP: after a few requests its counters and histograms have moved by what
// those requests did; it is open in development, needs its token when one is set, and is 404 in
// production without one. The registry is the process's, so each check reads a difference.

let api: HardeningApi
beforeAll(async () => {
  api = await startHardeningApi()
})
afterAll(() => api?.close())

const TOKEN = 'a-metrics-token-of-32-characters'
const PLANNED = 'query CountCompanies { companies { totalCount } }'
// Introspection is not something SQL answers: the resolvers do, and the planner says why.
const FALLS_BACK = 'query SchemaName { __schema { queryType { name } } }'

/** Parses the text format into `name{labels}` → value. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const space = line.lastIndexOf(' ')
    samples.set(line.slice(0, space), Number(line.slice(space + 1)))
  }
  return samples
}

async function scrape(server: Served, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const response = await server.send('/metrics', { headers })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return parse(await response.text())
}

const value = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0

describe('GET /metrics', () => {
  it('counts requests by operation and outcome, errors by code, and what answered each query', async () => {
    const server = api.serve()
    const before = await scrape(server)
    expect((await server.post({ query: PLANNED })).json.data).toEqual({ companies: { totalCount: 0 } })
    expect((await server.post({ query: PLANNED })).status).toBe(200)
    expect((await server.post({ query: FALLS_BACK })).json.data).toEqual({ __schema: { queryType: { name: 'Query' } } })
    const invalid = await server.post({ query: 'query Broken { nope }' })
    expect(invalid.json.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' })
    const after = await scrape(server)
    const delta = (key: string) => value(after, key) - value(before, key)

    expect(delta('http_request_duration_seconds_count{route="graphql",operation="CountCompanies",outcome="ok"}')).toBe(2)
    expect(delta('http_request_duration_seconds_count{route="graphql",operation="SchemaName",outcome="ok"}')).toBe(1)
    expect(delta('http_request_duration_seconds_count{route="graphql",operation="Broken",outcome="GRAPHQL_VALIDATION_FAILED"}')).toBe(1)
    expect(delta('http_request_duration_seconds_bucket{le="+Inf",route="graphql",operation="CountCompanies",outcome="ok"}')).toBe(2)
    expect(delta('http_request_duration_seconds_sum{route="graphql",operation="CountCompanies",outcome="ok"}')).toBeGreaterThan(0)
    expect(delta('graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1)
    expect(delta('graphql_queries_answered_total{by="planned"}')).toBe(2)
    expect(delta('graphql_queries_answered_total{by="resolvers"}')).toBe(1)
    expect(delta('graphql_sql_fallbacks_total{reason="__schema is not a query field"}')).toBe(1)
    // Each planned query sends one statement; introspection none.
    expect(delta('db_statement_duration_seconds_count')).toBe(2)
    expect(delta('db_statement_duration_seconds_sum')).toBeGreaterThan(0)
    // The scrape before counts as a request to /metrics.
    expect(delta('http_request_duration_seconds_count{route="metrics",operation="",outcome="ok"}')).toBe(1)
  })

  it('shows the database pool and the process metrics', async () => {
    const samples = await scrape(api.serve())
    expect(samples.has('db_pool_connections{state="in_use"}')).toBe(true)
    expect(value(samples, 'db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(1)
    expect(value(samples, 'db_pool_waiting')).toBe(0)
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0)
    expect(samples.has('nodejs_eventloop_lag_seconds')).toBe(true)
  })

  it('counts response-cache hits and misses', async () => {
    const server = api.serve({ responseCacheTtlMs: 60_000 })
    const before = await scrape(server)
    const query = { query: 'query CachedCount { companies { totalCount } }' }
    expect((await server.post(query)).json).toEqual({ data: { companies: { totalCount: 0 } } })
    expect((await server.post(query)).json).toEqual({ data: { companies: { totalCount: 0 } } })
    const after = await scrape(server)
    const delta = (key: string) => value(after, key) - value(before, key)
    expect(delta('graphql_response_cache_total{result="miss"}')).toBe(1)
    expect(delta('graphql_response_cache_total{result="hit"}')).toBe(1)
    expect(delta('graphql_queries_answered_total{by="cache"}')).toBe(1)
    expect(delta('http_request_duration_seconds_count{route="graphql",operation="CachedCount",outcome="ok"}')).toBe(2)
  })

  it('counts rate-limit refusals, and scrapes are never rate limited', async () => {
    const server = api.serve({
      rateLimit: { windowSeconds: 60, perIp: 1, perKey: 1, redisPrefix: 'test:metrics', trustProxyHops: 0 },
    })
    const before = await scrape(server)
    expect((await server.post({ query: PLANNED })).status).toBe(200)
    expect((await server.post({ query: PLANNED })).status).toBe(429)
    for (let i = 0; i < 3; i++) expect((await server.send('/metrics')).status).toBe(200)
    const after = await scrape(server)
    const delta = (key: string) => value(after, key) - value(before, key)
    expect(delta('http_rate_limited_total')).toBe(1)
    expect(delta('graphql_errors_total{code="RATE_LIMITED"}')).toBe(1)
    expect(delta('http_request_duration_seconds_count{route="graphql",operation="anonymous",outcome="RATE_LIMITED"}')).toBe(1)
  })

  it('keeps the operation label bounded whatever names clients make up', async () => {
    const server = api.serve()
    for (let i = 0; i < 120; i++) await server.post({ query: `query MadeUp${i} { __typename }` })
    const samples = await scrape(server)
    const operations = new Set(
      [...samples.keys()].filter((key) => key.startsWith('http_request_duration_seconds_count{')).map((key) => /operation="([^"]*)"/.exec(key)![1]),
    )
    expect(operations.size).toBeLessThanOrEqual(102)
    expect(value(samples, 'http_request_duration_seconds_count{route="graphql",operation="other",outcome="ok"}')).toBeGreaterThanOrEqual(20)
  })
})

describe('who may scrape', () => {
  it('is an exact route: other spellings are 404', async () => {
    const server = api.serve()
    for (const path of ['/metrics/', '/Metrics', '/graphql/metrics', '/metricsx']) expect((await server.send(path)).status).toBe(404)
    expect((await server.send('/metrics?format=text')).status).toBe(200)
  })

  it('in production without METRICS_TOKEN: 404, as if nothing were there', async () => {
    const server = api.serve({ metrics: { open: false } })
    const response = await server.send('/metrics')
    expect(response.status).toBe(404)
    expect(await response.text()).not.toMatch(/http_request|process_/)
  })

  it('with a token: 401 without it or with another one, the metrics with it', async () => {
    for (const open of [false, true]) {
      const server = api.serve({ metrics: { open, token: TOKEN } })
      const refused = await server.send('/metrics')
      expect(refused.status).toBe(401)
      expect(refused.headers.get('www-authenticate')).toBe('Bearer')
      expect((await server.send('/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401)
      expect((await server.send('/metrics', { headers: { authorization: `Bearer ${TOKEN.slice(1)}x` } })).status).toBe(401)
      const samples = await scrape(server, { authorization: `Bearer ${TOKEN}` })
      expect(samples.has('process_resident_memory_bytes')).toBe(true)
    }
  })

  it('follows NODE_ENV and METRICS_TOKEN from the configuration', () => {
    expect(metricsAccessFromEnv(parseEnv({ NODE_ENV: 'production' }))).toEqual({ token: undefined, open: false })
    expect(metricsAccessFromEnv(parseEnv({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN }))).toEqual({ token: TOKEN, open: false })
    expect(metricsAccessFromEnv(parseEnv({ NODE_ENV: 'development' }))).toEqual({ token: undefined, open: true })
    expect(() => parseEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/)
    expect(parseEnv({ NODE_ENV: 'test' }).LOG_LEVEL).toBe('warn')
    expect(parseEnv({ NODE_ENV: 'production' }).LOG_LEVEL).toBe('info')
    expect(() => parseEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/)
  })
})
