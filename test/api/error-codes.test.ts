import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CSRF_HEADER } from '../../src/yoga.js'
import { startHardeningApi, type HardeningApi, type Served } from '../hardening/helpers.js'
import { buildSyntheticGraph } from '../helpers/synthetic-graph.js'

// Every refusal, sent over HTTP under both media types a client may accept: its stable
// extensions.code, the status the GraphQL-over-HTTP spec gives it, whether `data` is present
// (a request error has none, a field error has it), and nothing internal in the answer.
// Request errors: 400 for application/graphql-response+json, 200 for plain application/json.

const GRAPHQL_RESPONSE = 'application/graphql-response+json'
const JSON_TYPE = 'application/json'

interface Request {
  query?: string
  variables?: Record<string, unknown>
  operationName?: string
  /** A raw body instead of { query, variables, operationName }. */
  body?: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
}

interface Case {
  name: string
  request: Request
  code: string
  /** Status under application/graphql-response+json and under application/json. */
  status: [number, number]
  /** A field error: executed, `data` present. Else a request error: no `data`, no SQL. */
  fieldError?: boolean
  /** Text the message must hold. */
  says?: RegExp
  /** extensions besides the code. */
  extensions?: Record<string, unknown>
}

const b64 = (text: string) => Buffer.from(text).toString('base64')
const REQUEST_ERROR: [number, number] = [400, 200]

const cases: Case[] = [
  // Parse and validation (graphql-js, Yoga).
  { name: 'a syntax error', request: { query: '{ licenses {' }, code: 'GRAPHQL_PARSE_FAILED', status: REQUEST_ERROR },
  { name: 'an unknown field', request: { query: '{ nope }' }, code: 'GRAPHQL_VALIDATION_FAILED', status: REQUEST_ERROR },
  {
    name: 'an unknown argument',
    request: { query: '{ licenses(sort: 1) { totalCount } }' },
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: REQUEST_ERROR,
  },
  {
    name: 'a bad Date literal',
    request: { query: '{ licenses(filter: { activeOn: "2026-02-30" }) { totalCount } }' },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    says: /argument "filter".*2026-02-30/,
    extensions: { argument: 'filter' },
  },
  {
    name: 'an unknown enum value',
    request: { query: '{ licenses(filter: { exclusivity: EXCLUSIV }) { totalCount } }' },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
  },
  {
    name: 'an Int literal past 32 bits',
    request: { query: '{ licenses(first: 99999999999) { totalCount } }' },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
  },
  // Variables (coerced by the executor before it runs).
  {
    name: 'a bad Date variable',
    request: { query: 'query($d: Date) { licenses(filter: { activeOn: $d }) { totalCount } }', variables: { d: 'yesterday' } },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    says: /\$d.*yesterday/,
    extensions: { variable: 'd' },
  },
  {
    name: 'a bad Date inside an input variable',
    request: { query: 'query($f: LicenseFilter) { licenses(filter: $f) { totalCount } }', variables: { f: { activeOn: '2024-02-30' } } },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    says: /\$f.*activeOn/,
    extensions: { variable: 'f' },
  },
  {
    name: 'a missing required variable',
    request: { query: 'query($s: String!) { company(slug: $s) { slug } }' },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    says: /"\$s".*not provided/,
    extensions: { variable: 's' },
  },
  {
    name: 'a string for an Int variable',
    request: { query: 'query($n: Int) { licenses(first: $n) { totalCount } }', variables: { n: 'ten' } },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
  },
  // Page sizes, cursors and global IDs: checked before any resolver (src/server/argument-checks.ts).
  {
    name: 'first: 101',
    request: { query: '{ licenses(first: 101) { totalCount } }' },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    says: /"first" must be between 0 and 100/,
    extensions: { argument: 'first' },
  },
  {
    name: 'last: -1 in a variable',
    request: { query: 'query($n: Int) { companies(last: $n) { totalCount } }', variables: { n: -1 } },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    extensions: { argument: 'last' },
  },
  {
    name: 'a nested page of 200',
    request: { query: '{ companies(first: 1) { nodes { licensesGranted(first: 200) { totalCount } } } }' },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
  },
  {
    name: 'a cursor that is not base64 of one',
    request: { query: '{ licenses(after: "garbage") { totalCount } }' },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    says: /"after" is not a cursor/,
    extensions: { argument: 'after' },
  },
  {
    name: 'a cursor that decodes but names no UUID',
    request: { query: `{ companies(after: "${b64('GPC:S:not-a-uuid')}") { totalCount } }` },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    extensions: { argument: 'after' },
  },
  {
    name: 'a bad "before" cursor in a variable, nested',
    request: {
      query: 'query($c: String) { companies(first: 1) { nodes { agreements(last: 2, before: $c) { totalCount } } } }',
      variables: { c: 'zzz' },
    },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    extensions: { argument: 'before' },
  },
  {
    name: 'a history cursor that is not one (its own format, a field error)',
    request: { query: '{ agreements(first: 1) { nodes { history(after: "zz") { totalCount } } } }' },
    code: 'BAD_USER_INPUT',
    status: [200, 200],
    fieldError: true,
    extensions: { argument: 'after' },
  },
  {
    name: 'node(id:) with no global ID',
    request: { query: '{ node(id: "not-an-id") { id } }' },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    says: /"id" is not a global ID/,
    extensions: { argument: 'id' },
  },
  {
    name: 'node(id:) naming no node type',
    request: { query: `{ node(id: "${b64('Query:00000000-0000-0000-0000-000000000000')}") { id } }` },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    says: /no node type "Query"/,
  },
  {
    name: 'nodes(ids:) with one bad ID in a variable',
    request: {
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      variables: { ids: [b64('Company:00000000-0000-0000-0000-000000000000'), 'x'] },
    },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
    extensions: { argument: 'ids' },
  },
  {
    name: 'a control character in a slug',
    request: { query: '{ company(slug: "open\\u0000ai") { slug } }' },
    code: 'BAD_USER_INPUT',
    status: REQUEST_ERROR,
  },
  // Limits (src/server/limits.ts).
  {
    name: 'a query over the cost limit, naming its costliest field',
    request: {
      query:
        '{ companies(first: 100) { nodes { licensesGranted(first: 100) { nodes { grantee { licensesReceived(first: 100) { nodes { key } } } } } } } }',
    },
    code: 'QUERY_TOO_COMPLEX',
    status: REQUEST_ERROR,
    says: /costliest field: companies → nodes ×100 → licensesGranted → nodes ×100 → grantee/,
  },
  {
    name: 'a query too deep',
    request: { query: `{ company(slug: "x") { ${'parent { '.repeat(11)}slug${' }'.repeat(11)} } }` },
    code: 'QUERY_TOO_DEEP',
    status: REQUEST_ERROR,
  },
  {
    name: 'too many aliases',
    request: { query: `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: company(slug: "x") { slug }`).join(' ')} }` },
    code: 'TOO_MANY_ALIASES',
    status: REQUEST_ERROR,
  },
  {
    name: 'too many tokens',
    request: { query: `{ ${'__typename '.repeat(1001)}}` },
    code: 'TOO_MANY_TOKENS',
    status: REQUEST_ERROR,
  },
  {
    name: 'a string over the limit',
    request: { query: 'query($q: String!) { search(query: $q) { __typename } }', variables: { q: 'x'.repeat(20_001) } },
    code: 'STRING_TOO_LONG',
    status: REQUEST_ERROR,
  },
  // Operations and transport (Yoga).
  {
    name: 'an unknown operationName',
    request: { query: 'query A { __typename }', operationName: 'B' },
    code: 'OPERATION_RESOLUTION_FAILURE',
    status: [400, 400],
  },
  { name: 'a batch', request: { body: '[{"query":"{ __typename }"}]' }, code: 'BATCHING_NOT_SUPPORTED', status: [400, 400] },
  { name: 'a body that is not JSON', request: { body: '{"query":' }, code: 'BAD_REQUEST', status: [400, 400] },
  {
    name: 'a body over 2 MiB',
    request: { body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(2 * 1024 * 1024)}` }) },
    code: 'REQUEST_ENTITY_TOO_LARGE',
    status: [413, 413],
  },
  {
    name: 'a GET without the CSRF header',
    request: { method: 'GET', query: '{ __typename }' },
    code: 'CSRF_REJECTED',
    status: [403, 403],
  },
  {
    name: 'a mutation over GET',
    request: {
      method: 'GET',
      query: 'mutation { createSource(input: { url: "https://example.com" }) { __typename } }',
      headers: { [CSRF_HEADER]: '1' },
    },
    code: 'BAD_REQUEST',
    status: [405, 405],
  },
  // Field errors: executed, `data` answers what it can.
  {
    name: 'a path from an unknown company',
    request: { query: '{ partnershipPath(from: "nope", to: "company-0") { hops } }' },
    code: 'NOT_FOUND',
    status: [200, 200],
    fieldError: true,
    extensions: { argument: 'from' },
  },
  {
    name: 'a filter naming an unknown company',
    request: { query: '{ licenses(filter: { licensor: "syn-lab-01" }) { totalCount } }' },
    code: 'NOT_FOUND',
    status: [200, 200],
    fieldError: true,
    extensions: { argument: 'filter.licensor', value: 'syn-lab-01' },
  },
  {
    name: 'maxHops out of range',
    request: { query: '{ partnershipPath(from: "syn-lab-001", to: "syn-big-001", maxHops: 99) { hops } }' },
    code: 'BAD_USER_INPUT',
    status: [200, 200],
    fieldError: true,
    extensions: { argument: 'maxHops' },
  },
  {
    name: 'a mutation without an API key',
    request: { query: 'mutation { createSource(input: { url: "https://example.com/a" }) { __typename } }' },
    code: 'UNAUTHENTICATED',
    status: [200, 200],
    fieldError: true,
  },
  {
    name: 'a bad Idempotency-Key',
    request: { query: 'mutation { createSource(input: { url: "https://example.com/a" }) { __typename } }', headers: { 'idempotency-key': '' } },
    code: 'BAD_IDEMPOTENCY_KEY',
    status: [400, 400],
  },
]

let api: HardeningApi
let server: Served
beforeAll(async () => {
  api = await startHardeningApi((prisma) => buildSyntheticGraph(prisma, 2))
  server = api.serve()
}, 60_000)
afterAll(() => api?.close())

async function send(request: Request, accept: string): Promise<Response> {
  const headers = { accept, ...request.headers }
  if (request.method === 'GET') {
    const url = new URL('http://yoga/graphql')
    url.searchParams.set('query', request.query ?? '')
    return server.send(`${url.pathname}${url.search}`, { headers })
  }
  const body = request.body ?? JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName })
  return server.send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
}

const LEAKS = [/stack/i, /prisma/i, /\bSELECT\b|\bINSERT\b|\bWHERE\b/, /postgres/i, /\.[jt]s:\d+/, /\bat \S+ \(/, /Unexpected error/]

describe('every refusal has its code and its status', () => {
  it.each(cases.flatMap((c) => [GRAPHQL_RESPONSE, JSON_TYPE].map((accept) => [c.name, accept, c] as const)))('%s (%s)', async (_, accept, c) => {
    const response = await send(c.request, accept)
    const text = await response.text()
    const json = JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }
    expect(response.status, text).toBe(accept === GRAPHQL_RESPONSE ? c.status[0] : c.status[1])
    const error = json.errors?.find((e) => e.extensions?.code === c.code)
    expect(error, text).toBeDefined()
    if (c.says) expect(error!.message).toMatch(c.says)
    if (c.extensions) expect(error!.extensions).toMatchObject(c.extensions)
    if (c.fieldError) expect('data' in json, text).toBe(true)
    else {
      expect('data' in json, text).toBe(false)
      expect(api.statements, 'a request error runs no SQL').toEqual([])
    }
    for (const leak of LEAKS) expect(leak.test(text), `leaks ${leak}: ${text}`).toBe(false)
  })
})

describe('refusals of the transport', () => {
  it('too many requests: RATE_LIMITED, 429 with Retry-After, whatever the client accepts', async () => {
    const limited = api.serve({ rateLimit: { windowSeconds: 60, perIp: 1, perKey: 1, redisPrefix: 'error-codes', trustProxyHops: 0 } })
    for (const accept of [GRAPHQL_RESPONSE, JSON_TYPE]) {
      const ip = accept === JSON_TYPE ? '198.51.100.1' : '198.51.100.2'
      expect((await limited.post({ query: '{ __typename }' }, { accept }, { ip })).status).toBe(200)
      const refused = await limited.post({ query: '{ __typename }' }, { accept }, { ip })
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(refused.json.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' })
      expect('data' in refused.json).toBe(false)
    }
  })
})

describe('what stays an answer', () => {
  it('a well-formed ID of no row is null', async () => {
    const { status, json } = await server.post({ query: `{ node(id: "${b64('Company:not-a-uuid')}") { id } }` }, { accept: GRAPHQL_RESPONSE })
    expect(status).toBe(200)
    expect(json).toEqual({ data: { node: null } })
  })

  it('a cursor read from a page pages on, both ways', async () => {
    const first = await server.post({ query: '{ companies(first: 1) { pageInfo { endCursor } } }' })
    const cursor = first.json.data!.companies.pageInfo.endCursor as string
    const next = await server.post({
      query: 'query($c: String) { a: companies(first: 1, after: $c) { totalCount } b: companies(last: 1, before: $c) { totalCount } }',
      variables: { c: cursor },
    })
    expect(next.json.errors).toBeUndefined()
    expect(next.json.data!.a.totalCount).toBeGreaterThan(0)
  })
})
