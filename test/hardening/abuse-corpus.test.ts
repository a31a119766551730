import { getIntrospectionQuery, getNullableType, type GraphQLInputType, isInputObjectType, isListType } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { graphiqlTabs } from '../../src/graphiql-examples.js'
import { schema } from '../../src/schema/index.js'
import { QUERY_LIMITS } from '../../src/server/limits.js'
import { CSRF_HEADER } from '../../src/yoga.js'
import { buildTinyGraph } from '../helpers/tiny-graph.js'
import { type HardeningApi, type Served, startHardeningApi } from './helpers.js'

// The abuse corpus: requests that must be refused before any SQL runs, each with a stable
// extensions.code, against a development server and (introspection) a production one.

let api: HardeningApi
let dev: Served
let prod: Served
beforeAll(async () => {
  api = await startHardeningApi((prisma) =>
    buildTinyGraph(prisma, {
      // Amazon too, for the graph questions tab (no path to it here: null, not an error).
      companies: ['openai', 'microsoft', 'amazon'],
      assets: [['gpt', 'openai']],
      agreements: [
        {
          slug: 'ms-oai',
          announcedOn: '2019',
          parties: [
            ['microsoft', 'LICENSEE'],
            ['openai', 'LICENSOR'],
          ],
          clauses: [{ kind: 'LICENSE_GRANT', grantor: 'openai', grantee: 'microsoft', subjects: ['gpt'] }],
        },
      ],
    }),
  )
  dev = api.serve({ introspection: true })
  prod = api.serve({ introspection: false })
})
afterAll(() => api?.close())

type Send = { body: unknown; headers?: Record<string, string>; method?: string; path?: string; stream?: boolean }
interface Case {
  name: string
  request: Send
  code: string
  status: number
  production?: boolean
}

const gql = (query: string, variables?: Record<string, unknown>): Send => ({ body: { query, variables } })
const repeat = (n: number, f: (i: number) => string, sep = ' ') => Array.from({ length: n }, (_, i) => f(i)).join(sep)
/** `a { b { … leaf } }` for the fields given, outermost first. */
const path = (fields: string[], leaf: string) => `${fields.map((f) => `${f} { `).join('')}${leaf}${' }'.repeat(fields.length)}`
/** `field { field { … leaf } }`, n deep. */
const nest = (n: number, field: string, leaf: string) => path(Array<string>(n).fill(field), leaf)
const times = (n: number, fields: string[]) => Array.from({ length: n }, () => fields).flat()
const giant = 'x'.repeat(QUERY_LIMITS.maxStringLength + 1)
const mib = (n: number) => 'y'.repeat(n * 1024 * 1024)
/** A JSON body whose variable `name` is `depth` arrays nested in each other (written out: JSON.stringify would recurse). */
const deepBody = (query: string, name: string, depth: number) =>
  `{"query":${JSON.stringify(query)},"variables":{"${name}":${'['.repeat(depth)}${']'.repeat(depth)}}}`

const corpus: Case[] = [
  // Depth: the deepest query of the suite needs 8 levels.
  { name: 'company.parent × 12', request: gql(`{ company(slug: "openai") { ${nest(12, 'parent', 'slug')} } }`), code: 'QUERY_TOO_DEEP', status: 400 },
  {
    name: 'agreement.amends × 12',
    request: gql(`{ agreement(slug: "ms-oai") { ${nest(12, 'amends', 'slug')} } }`),
    code: 'QUERY_TOO_DEEP',
    status: 400,
  },
  {
    name: 'clause → agreement → clauses cycle',
    request: gql(`{ clauses(first: 1) { nodes { ${path(times(5, ['agreement', 'clauses']), 'key')} } } }`),
    code: 'QUERY_TOO_DEEP',
    status: 400,
  },
  {
    name: 'subsidiaries × 11 under companies',
    request: gql(`{ companies(first: 1) { nodes { ${nest(11, 'subsidiaries', 'slug')} } } }`),
    code: 'QUERY_TOO_DEEP',
    status: 400,
  },
  {
    name: 'depth through named fragments',
    request: gql(
      `{ company(slug: "openai") { ...A } } fragment A on Company { parent { parent { parent { ...B } } } } fragment B on Company { parent { parent { parent { ...C } } } } fragment C on Company { parent { parent { parent { slug } } } }`,
    ),
    code: 'QUERY_TOO_DEEP',
    status: 400,
  },
  {
    name: 'depth through inline fragments',
    request: gql(`{ node(id: "x") { ${path(times(6, ['... on Company', 'parent']), 'slug')} } }`),
    code: 'QUERY_TOO_DEEP',
    status: 400,
  },
  {
    name: 'depth in a mutation payload',
    request: gql(
      `mutation { createCompany(input: { slug: "a", name: "A" }) { ... on CreateCompanyPayload { company { ${nest(10, 'parent', 'slug')} } } } }`,
    ),
    code: 'QUERY_TOO_DEEP',
    status: 400,
  },
  {
    name: '__type ofType × 12 (introspection depth counts outside __schema)',
    request: gql(`{ __type(name: "Company") { ${nest(12, 'ofType', 'name')} } }`),
    code: 'QUERY_TOO_DEEP',
    status: 400,
  },

  // Aliases: the suite uses at most 3.
  {
    name: '11 aliases of company',
    request: gql(`{ ${repeat(11, (i) => `c${i}: company(slug: "openai") { slug }`)} }`),
    code: 'TOO_MANY_ALIASES',
    status: 400,
  },
  {
    name: '50 aliases of licenses',
    request: gql(`{ ${repeat(50, (i) => `l${i}: licenses(first: 1) { totalCount }`)} }`),
    code: 'TOO_MANY_ALIASES',
    status: 400,
  },
  {
    name: 'aliases on nested fields',
    request: gql(`{ company(slug: "openai") { ${repeat(11, (i) => `n${i}: name`)} } }`),
    code: 'TOO_MANY_ALIASES',
    status: 400,
  },
  {
    name: 'aliases hidden in a fragment',
    request: gql(`{ company(slug: "openai") { ...F } } fragment F on Company { ${repeat(12, (i) => `s${i}: slug`)} }`),
    code: 'TOO_MANY_ALIASES',
    status: 400,
  },
  {
    name: 'aliased fragment spread twice',
    request: gql(
      `{ a: company(slug: "openai") { ...F } b: company(slug: "microsoft") { ...F } } fragment F on Company { ${repeat(5, (i) => `s${i}: slug`)} }`,
    ),
    code: 'TOO_MANY_ALIASES',
    status: 400,
  },
  {
    name: 'alias flood of 400 (token limit first)',
    request: gql(`{ ${repeat(400, (i) => `a${i}: company(slug: "x") { slug }`)} }`),
    code: 'TOO_MANY_TOKENS',
    status: 400,
  },

  // Directives: no example uses any.
  {
    name: '11 @include',
    request: gql(`{ ${repeat(11, () => 'company(slug: "openai") @include(if: true) { slug }')} }`),
    code: 'TOO_MANY_DIRECTIVES',
    status: 400,
  },
  {
    name: '@skip on 30 fields',
    request: gql(`{ company(slug: "openai") { ${repeat(30, () => 'slug @skip(if: false)')} } }`),
    code: 'TOO_MANY_DIRECTIVES',
    status: 400,
  },
  {
    name: 'directives on inline fragments',
    request: gql(`{ company(slug: "openai") { ${repeat(12, () => '... on Company @include(if: true) { slug }')} } }`),
    code: 'TOO_MANY_DIRECTIVES',
    status: 400,
  },
  {
    name: 'the same directive repeated on one field',
    request: gql(`{ company(slug: "openai") { slug ${repeat(20, () => '@include(if: true)')} } }`),
    code: 'TOO_MANY_DIRECTIVES',
    status: 400,
  },
  {
    name: 'directives with variables',
    request: gql(`query($y: Boolean!) { company(slug: "openai") { ${repeat(15, () => 'name @include(if: $y)')} } }`, { y: true }),
    code: 'TOO_MANY_DIRECTIVES',
    status: 400,
  },

  // Tokens: the longest document of the suite has 225.
  { name: '1,001 __typename', request: gql(`{ ${repeat(1001, () => '__typename')} }`), code: 'TOO_MANY_TOKENS', status: 400 },
  {
    name: 'a 1,000-item list literal',
    request: gql(`{ nodes(ids: [${repeat(1000, () => '"a"', ',')}]) { id } }`),
    code: 'TOO_MANY_TOKENS',
    status: 400,
  },
  {
    name: '400 variable definitions',
    request: gql(`query(${repeat(400, (i) => `$v${i}: Int`, ', ')}) { __typename }`),
    code: 'TOO_MANY_TOKENS',
    status: 400,
  },
  {
    name: '300 operations in one document',
    request: { body: { query: repeat(300, (i) => `query Q${i} { __typename }`), operationName: 'Q1' } },
    code: 'TOO_MANY_TOKENS',
    status: 400,
  },
  {
    name: '300 fragment definitions',
    request: gql(`{ company(slug: "openai") { ...F0 } } ${repeat(300, (i) => `fragment F${i} on Company { slug }`)}`),
    code: 'TOO_MANY_TOKENS',
    status: 400,
  },
  {
    name: 'a deep input object literal',
    request: gql(`{ companies(filter: ${'{ a: '.repeat(300)}1${' }'.repeat(300)}) { totalCount } }`),
    code: 'TOO_MANY_TOKENS',
    status: 400,
  },
  { name: 'a 20,000-level nesting bomb', request: gql(`{ ${'a {'.repeat(20_000)}${'}'.repeat(20_000)} }`), code: 'TOO_MANY_TOKENS', status: 400 },

  // Cost: the most objects the response can hold (each page and list times its items) over
  // 300,000. Two nested full pages hold 10,201 and pass (below); three do not.
  {
    name: '100 companies × 100 licences × 100 licences of each licensee',
    request: gql(
      '{ companies(first: 100) { nodes { licensesGranted(first: 100) { nodes { grantee { licensesReceived(first: 100) { nodes { key } } } } } } } }',
    ),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },
  {
    name: 'the same with page sizes in variables',
    request: gql(
      'query($a: Int, $b: Int, $c: Int) { companies(first: $a) { nodes { licensesGranted(first: $b) { nodes { grantee { licensesReceived(first: $c) { nodes { key } } } } } } } }',
      { a: 100, b: 100, c: 100 },
    ),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },
  {
    name: '100 licences × their grantors × 100 licences each × their grantees × 100 more',
    request: gql(
      '{ licenses(first: 100) { nodes { grantor { licensesGranted(first: 100) { nodes { grantee { licensesReceived(first: 100) { nodes { key } } } } } } } } }',
    ),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },
  {
    name: '10 aliases × a full page of licences × 100 licences of each grantor',
    request: gql(
      `{ ${repeat(10, (i) => `l${i}: licenses(first: 100) { nodes { key grantor { licensesGranted(first: 100) { nodes { key agreement { parties { company { slug } } } } } } } }`)} }`,
    ),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },
  {
    name: 'histories of 100 licences of 100 companies × 100 entries',
    request: gql(
      '{ companies(first: 100) { nodes { licensesGranted(first: 100) { nodes { history(first: 100) { nodes { action actor { name } before after } } } } } } }',
    ),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },
  {
    name: 'clauses granted × agreements × parties × their clauses granted',
    request: gql(
      '{ companies(first: 100) { nodes { clausesGranted(first: 100) { nodes { agreement { parties { company { clausesGranted(first: 100) { nodes { key } } } } } } } } } }',
    ),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },
  {
    name: 'variables page sizes in a fragment',
    request: gql(
      'query($n: Int) { companies(first: $n) { ...C } } fragment C on CompanyConnection { nodes { licensesGranted(first: $n) { nodes { grantee { licensesReceived(first: $n) { nodes { key } } } } } } }',
      { n: 100 },
    ),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },
  {
    name: 'a nodes(ids:) list of 5,000 IDs in a variable',
    request: gql('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Company { licensesGranted(first: 100) { nodes { key } } } } }', {
      ids: Array.from({ length: 5_000 }, (_, i) => Buffer.from(`Company:${i}`).toString('base64')),
    }),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },
  {
    name: 'a neighborhood at its 5,000-edge budget × every party × 100 of their licences',
    request: gql(
      '{ neighborhood(slug: "openai", maxEdges: 5000) { edges { agreement { parties { company { licensesGranted(first: 100) { nodes { key } } } } } } } }',
    ),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },

  // Fragment cycles (graphql-js refuses them; the limit rules must not loop on them).
  {
    name: 'fragment cycle A ↔ B',
    request: gql('{ company(slug: "openai") { ...A } } fragment A on Company { ...B } fragment B on Company { ...A }'),
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
  },
  {
    name: 'self-spreading fragment',
    request: gql('{ company(slug: "openai") { ...A } } fragment A on Company { parent { ...A } }'),
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
  },
  {
    name: 'three-fragment cycle',
    request: gql(
      '{ company(slug: "openai") { ...A } } fragment A on Company { slug ...B } fragment B on Company { name ...C } fragment C on Company { parent { ...A } }',
    ),
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
  },
  {
    name: 'fragment cycle in a mutation',
    request: gql(
      'mutation { createCompany(input: { slug: "a", name: "A" }) { ...R } } fragment R on CreateCompanyResult { ... on CreateCompanyPayload { company { parent { id } } } ...R }',
    ),
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
  },

  // Page sizes: at most 100, refused before the first resolver, nested ones too.
  { name: 'companies(first: 1000)', request: gql('{ companies(first: 1000) { totalCount } }'), code: 'BAD_USER_INPUT', status: 400 },
  {
    name: 'a nested page of 1000 under a single company',
    request: gql('{ company(slug: "openai") { licensesGranted(first: 1000) { totalCount } } }'),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  { name: 'first: -1', request: gql('{ agreements(first: -1) { totalCount } }'), code: 'BAD_USER_INPUT', status: 400 },
  {
    name: 'first from a variable: 5000',
    request: gql('query($n: Int) { clauses(first: $n) { totalCount } }', { n: 5000 }),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  { name: 'last: 101', request: gql('{ company(slug: "openai") { agreements(last: 101) { totalCount } } }'), code: 'BAD_USER_INPUT', status: 400 },
  { name: 'search(first: 500)', request: gql('{ search(query: "open", first: 500) { __typename } }'), code: 'BAD_USER_INPUT', status: 400 },
  {
    name: 'history(first: 101) of a company',
    request: gql('{ company(slug: "openai") { history(first: 101) { totalCount } } }'),
    code: 'BAD_USER_INPUT',
    status: 400,
  },

  // Giant strings: 4× the longest text any input accepts.
  { name: 'a giant slug literal', request: gql(`{ company(slug: "${giant}") { slug } }`), code: 'STRING_TOO_LONG', status: 400 },
  {
    name: 'a giant search term in a variable',
    request: gql('query($q: String!) { search(query: $q) { __typename } }', { q: giant }),
    code: 'STRING_TOO_LONG',
    status: 400,
  },
  {
    name: 'a giant company name in a mutation',
    request: gql('mutation($input: CreateCompanyInput!) { createCompany(input: $input) { __typename } }', { input: { slug: 'a', name: giant } }),
    code: 'STRING_TOO_LONG',
    status: 400,
  },
  {
    name: 'a giant string deep in an input list',
    request: gql('mutation($input: CreateCompanyInput!) { createCompany(input: $input) { __typename } }', {
      input: { slug: 'a', name: 'A', aliases: ['a', 'b', giant] },
    }),
    code: 'STRING_TOO_LONG',
    status: 400,
  },
  { name: 'a giant string in an unused variable', request: gql('{ __typename }', { unused: giant }), code: 'STRING_TOO_LONG', status: 400 },
  { name: 'a giant block string', request: gql(`{ company(slug: """${giant}""") { slug } }`), code: 'STRING_TOO_LONG', status: 400 },

  // Deep variables (issue 19, #12): 900,000 nested arrays fit in a 2 MiB body and overflowed the
  // call stack of the variables walk (a 500), used or not.
  {
    name: 'an unused variable nested 900,000 arrays deep',
    request: { body: deepBody('{ __typename }', 'unused', 900_000) },
    code: 'VARIABLES_TOO_DEEP',
    status: 400,
  },
  {
    name: 'a used list variable nested 900,000 arrays deep',
    request: { body: deepBody('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', 'ids', 900_000) },
    code: 'VARIABLES_TOO_DEEP',
    status: 400,
  },
  {
    name: 'an input object nested 100,000 objects deep',
    request: {
      body: `{"query":"query($f: CompanyFilter) { companies(filter: $f) { totalCount } }","variables":{"f":${'{"name":'.repeat(100_000)}"x"${'}'.repeat(100_000)}}}`,
    },
    code: 'VARIABLES_TOO_DEEP',
    status: 400,
  },
  {
    name: `a variable one level deeper than ${QUERY_LIMITS.maxVariablesDepth}`,
    request: { body: deepBody('{ __typename }', 'v', QUERY_LIMITS.maxVariablesDepth) },
    code: 'VARIABLES_TOO_DEEP',
    status: 400,
  },

  // Control characters in read arguments (issue 19, #10): NUL reached PostgreSQL, which refuses it
  // in text (INTERNAL_SERVER_ERROR); the rest is nobody's input.
  { name: 'NUL in a slug literal', request: gql('{ company(slug: "open\\u0000ai") { slug } }'), code: 'BAD_USER_INPUT', status: 400 },
  {
    name: 'NUL in a search variable',
    request: gql('query($q: String!) { search(query: $q) { __typename } }', { q: 'open\u0000ai' }),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  {
    name: 'NUL in a filter literal',
    request: gql('{ companies(filter: { name: "Open\\u0000" }) { totalCount } }'),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  {
    name: 'NUL in a filter variable',
    request: gql('query($f: LicenseFilter) { licenses(filter: $f) { totalCount } }', { f: { licensor: 'openai\u0000' } }),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  {
    name: 'NUL in a path end',
    request: gql('query($to: String!) { partnershipPath(from: "microsoft", to: $to) { hops } }', { to: '\u0000' }),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  {
    name: 'ESC in a neighborhood slug',
    request: gql('{ neighborhood(slug: "openai\\u001b[2J") { truncated } }'),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  { name: 'NUL in a node ID', request: gql('{ node(id: "\\u0000") { id } }'), code: 'BAD_USER_INPUT', status: 400 },
  {
    name: 'BEL in one ID of a list',
    request: gql('query($x: ID!) { nodes(ids: ["a", $x]) { id } }', { x: 'b\u0007' }),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  {
    name: 'DEL in an agreement filter',
    request: gql('{ agreements(filter: { party: "openai\\u007f" }) { totalCount } }'),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  {
    name: 'NUL in an argument inside a fragment',
    request: gql('{ ...Q } fragment Q on Query { asset(slug: "gpt\\u0000") { slug } }'),
    code: 'BAD_USER_INPUT',
    status: 400,
  },

  // Bodies over 2 MiB.
  { name: 'a 3 MiB JSON body', request: gql('{ __typename }', { padding: mib(3) }), code: 'REQUEST_ENTITY_TOO_LARGE', status: 413 },
  {
    name: 'a 3 MiB body streamed without Content-Length',
    request: { ...gql('{ __typename }', { padding: mib(3) }), stream: true },
    code: 'REQUEST_ENTITY_TOO_LARGE',
    status: 413,
  },
  {
    name: '3 MiB of short variables',
    request: gql('{ __typename }', { list: Array.from({ length: 400_000 }, () => 'abcd') }),
    code: 'REQUEST_ENTITY_TOO_LARGE',
    status: 413,
  },
  { name: 'a 3 MiB query document', request: { body: { query: `{ __typename } # ${mib(3)}` } }, code: 'REQUEST_ENTITY_TOO_LARGE', status: 413 },

  // Batching is off.
  {
    name: 'a batch of 2',
    request: { body: [{ query: '{ companies { totalCount } }' }, { query: '{ agreements { totalCount } }' }] },
    code: 'BATCHING_NOT_SUPPORTED',
    status: 400,
  },
  {
    name: 'a batch of 1,000',
    request: { body: Array.from({ length: 1000 }, () => ({ query: '{ companies { totalCount } }' })) },
    code: 'BATCHING_NOT_SUPPORTED',
    status: 400,
  },
  { name: 'a batch of 1', request: { body: [{ query: '{ companies { totalCount } }' }] }, code: 'BATCHING_NOT_SUPPORTED', status: 400 },

  // CSRF: what a cross-site page can send without a preflight.
  {
    name: 'GET /graphql?query without the CSRF header',
    request: { method: 'GET', path: `/graphql?query=${encodeURIComponent('{ companies { totalCount } }')}`, body: undefined },
    code: 'CSRF_REJECTED',
    status: 403,
  },
  {
    name: 'a text/plain POST',
    request: { body: JSON.stringify({ query: '{ companies { totalCount } }' }), headers: { 'content-type': 'text/plain' } },
    code: 'CSRF_REJECTED',
    status: 403,
  },
  {
    name: 'a form POST',
    request: {
      body: `query=${encodeURIComponent('{ companies { totalCount } }')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    code: 'CSRF_REJECTED',
    status: 403,
  },

  // Introspection: explosive shapes in development, all of it in production.
  {
    name: 'types × fields × type × fields × … in __schema (development)',
    request: gql(`{ ${path(['__schema', 'types', ...times(3, ['fields', 'type'])], 'name')} }`),
    code: 'INTROSPECTION_TOO_DEEP',
    status: 400,
  },
  {
    name: 'the full introspection query (production)',
    request: gql(getIntrospectionQuery()),
    code: 'INTROSPECTION_DISABLED',
    status: 400,
    production: true,
  },
  {
    name: '__type(name) (production)',
    request: gql('{ __type(name: "Company") { fields { name } } }'),
    code: 'INTROSPECTION_DISABLED',
    status: 400,
    production: true,
  },
  {
    name: '__schema behind an alias (production)',
    request: gql('{ s: __schema { queryType { name } } }'),
    code: 'INTROSPECTION_DISABLED',
    status: 400,
    production: true,
  },
  {
    name: '__schema inside a fragment (production)',
    request: gql('{ ...Q } fragment Q on Query { __schema { types { name } } }'),
    code: 'INTROSPECTION_DISABLED',
    status: 400,
    production: true,
  },
]

async function send(server: Served, request: Send): Promise<Response> {
  const body = typeof request.body === 'string' || request.body === undefined ? request.body : JSON.stringify(request.body)
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method ?? 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...request.headers },
  }
  if (request.method === 'GET') init.headers = { ...request.headers }
  if (body !== undefined) {
    if (request.stream) {
      const bytes = new TextEncoder().encode(body)
      init.body = new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024))
          controller.close()
        },
      })
      init.duplex = 'half'
    } else init.body = body
  }
  return server.send(request.path ?? '/graphql', init)
}

describe('the abuse corpus', () => {
  it('has at least 50 requests', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50)
  })

  it.each(corpus.map((c) => [c.name, c] as const))('refuses %s before any SQL', async (_, c) => {
    const response = await send(c.production ? prod : dev, c.request)
    const json = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }
    expect(api.statements, 'SQL statements').toEqual([])
    expect(
      json.errors?.map((e) => e.extensions?.code),
      JSON.stringify(json.errors).slice(0, 300),
    ).toContain(c.code)
    expect(response.status).toBe(c.status)
    expect(json.data ?? null).toBeNull()
    // A refusal names the rule, never an internal detail.
    for (const error of json.errors ?? []) expect(error.message).not.toMatch(/prisma|postgres|stack|Unexpected error/i)
  })
})

describe('what the limits let through', () => {
  it('a real query still runs SQL (the counter works)', async () => {
    const { json } = await dev.post({ query: '{ company(slug: "openai") { slug licensesGranted(first: 100) { totalCount } } }' })
    expect(json.errors).toBeUndefined()
    expect(api.statements.length).toBeGreaterThan(0)
  })

  it('the GraphiQL tabs pass, in production too', async () => {
    for (const server of [dev, prod]) {
      for (const tab of graphiqlTabs('2026-11-27')) {
        const { json } = await server.post({ query: tab.query })
        expect(json.errors, tab.query.split('\n')[0]).toBeUndefined()
      }
    }
  })

  it("GraphiQL's introspection query passes in development", async () => {
    const { json } = await dev.post({
      query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }),
    })
    expect(json.errors).toBeUndefined()
    expect(json.data!.__schema.queryType.name).toBe('Query')
  })

  it('exactly at each limit is allowed', async () => {
    const atLimit = [
      `{ company(slug: "openai") { ${nest(QUERY_LIMITS.maxDepth - 2, 'parent', 'slug')} } }`,
      `{ ${repeat(QUERY_LIMITS.maxAliases, (i) => `c${i}: company(slug: "openai") { slug }`)} }`,
      `{ company(slug: "openai") { ${repeat(QUERY_LIMITS.maxDirectives, () => 'slug @include(if: true)')} } }`,
      `{ company(slug: "${'z'.repeat(QUERY_LIMITS.maxStringLength)}") { slug } }`,
      '{ companies(first: 100) { nodes { slug licensesGranted(first: 10) { nodes { key } } } } }',
      // Two nested full pages: at most 10,201 objects.
      '{ companies(first: 100) { nodes { licensesGranted(first: 100) { nodes { key } } } } }',
    ]
    for (const query of atLimit) {
      const { json } = await dev.post({ query })
      expect(json.errors, query.slice(0, 80)).toBeUndefined()
    }
  })

  it('variables up to the depth limit pass, and a used one too deep for its type gets graphql-js’s typed error', async () => {
    // The deepest input of the schema, in the variables object, fits.
    const depthOf = (type: GraphQLInputType): number => {
      const inner = getNullableType(type)
      if (isListType(inner)) return 1 + depthOf(inner.ofType as GraphQLInputType)
      if (isInputObjectType(inner)) return 1 + Math.max(0, ...Object.values(inner.getFields()).map((f) => depthOf(f.type)))
      return 0
    }
    const roots = [schema.getQueryType()!, schema.getMutationType()!]
    const deepest = Math.max(...roots.flatMap((root) => Object.values(root.getFields()).flatMap((f) => f.args.map((a) => depthOf(a.type)))))
    expect(1 + deepest).toBeLessThan(QUERY_LIMITS.maxVariablesDepth)
    const unused = await send(dev, { body: deepBody('{ __typename }', 'v', QUERY_LIMITS.maxVariablesDepth - 1) })
    expect(await unused.json()).toEqual({ data: { __typename: 'Query' } })
    const used = await send(dev, { body: deepBody('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', 'ids', QUERY_LIMITS.maxVariablesDepth - 1) })
    const json = (await used.json()) as { errors: { message: string; extensions?: { code?: string } }[] }
    expect(json.errors[0]!.message).toMatch(/Variable "\$ids" got invalid value \[\[\[/)
    expect(json.errors[0]!.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR')
    expect(api.statements).toEqual([])
  })

  it('a control character is refused naming the argument and where in it; tabs and line breaks pass', async () => {
    const literal = await dev.post({ query: '{ companies(filter: { kind: AI_LAB, name: "Open\\u0000AI" }) { totalCount } }' })
    expect(literal.json.errors![0]!.message).toBe(
      'Argument "filter.name" of "companies" contains the control character U+0000; no argument accepts control characters.',
    )
    expect(literal.json.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'filter' })
    const variable = await dev.post({ query: 'query($x: ID!) { nodes(ids: ["a", $x]) { id } }', variables: { x: 'b\u001b' } })
    expect(variable.json.errors![0]!.message).toContain('Argument "ids[1]" of "nodes" contains the control character U+001B')
    expect(api.statements).toEqual([])
    const spaced = await dev.post({ query: 'query($q: String!) { search(query: $q) { __typename } }', variables: { q: 'open\tai\nmicrosoft\r' } })
    expect(spaced.json.errors).toBeUndefined()
  })

  it('GET with the CSRF header works, and so do the export downloads without it', async () => {
    const get = await dev.send(`/graphql?query=${encodeURIComponent('{ companies { totalCount } }')}`, { headers: { [CSRF_HEADER]: '1' } })
    expect(get.status).toBe(200)
    expect(((await get.json()) as { data: { companies: { totalCount: number } } }).data.companies.totalCount).toBe(3)
    const csv = await dev.send('/export/nodes.csv')
    expect(csv.status).toBe(200)
    expect(await csv.text()).toContain('company:openai')
  })

  it('field suggestions are hidden when introspection is off', async () => {
    const { json } = await prod.post({ query: '{ compan(slug: "x") { slug } }' })
    expect(json.errors![0]!.message).not.toContain('Did you mean')
    const { json: inDev } = await dev.post({ query: '{ compan(slug: "x") { slug } }' })
    expect(inDev.errors![0]!.message).toContain('Did you mean')
  })
})
