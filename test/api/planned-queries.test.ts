import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GraphQLInt, GraphQLObjectType, GraphQLString, parse } from 'graphql'
import { schema } from '../../src/schema/index.js'
import { fieldSqlOf, rootFieldSqlOf, sqlField } from '../../src/sql-execution/field-sql.js'
import { fallbackCounts } from '../../src/sql-execution/fallbacks.js'
import { compileOperation } from '../../src/sql-execution/plugin.js'
import { loadShippedData } from '../../seed/load.js'
import { startTestApi, type TestApi } from '../helpers/api.js'
import { createServer } from '../../src/yoga.js'
import { clientQueries } from '../helpers/client-queries.js'

// Every read query the README, GraphiQL and the bench send is answered by one planned statement
// (src/sql-execution/): a query that starts falling back fails this test with the planner's
// reason. Planning runs no SQL, so no database is needed.

const VARIABLES = { slug: 'openai', from: 'openai', to: 'amazon', exclusivity: 'EXCLUSIVE', activeOn: '2025-01-01', first: 5 }

describe('the queries clients send', () => {
  it('are all planned', () => {
    const refusals: Record<string, string> = {}
    for (const query of clientQueries('2026-12-07')) {
      const compiled = compileOperation(schema, query.document, null, VARIABLES)
      if ('refusal' in compiled) refusals[query.name] = compiled.refusal
    }
    expect(refusals).toEqual({})
  })
})

describe('the planner fails closed', () => {
  const refusalOf = (query: string, variables = {}) => {
    const compiled = compileOperation(schema, parse(query), null, variables)
    return 'refusal' in compiled ? compiled.refusal : null
  }

  it('plans a query whose every field has a SQL form', () => {
    expect(refusalOf('{ licenses(first: 2) { nodes { id key grantor { slug } subjects { name } agreement { parties { role } } } } }')).toBeNull()
  })

  it('refuses a field argument its form does not read', () => {
    // Every field's form reads all its arguments today: the form of Clause.history, made to list `first` only.
    const clause = schema.getType('Clause') as GraphQLObjectType
    const history = clause.getFields().history!
    const partial = new GraphQLObjectType({
      name: 'Clause',
      interfaces: clause.getInterfaces(),
      extensions: clause.extensions,
      fields: {
        history: {
          type: history.type,
          args: { first: { type: GraphQLInt }, after: { type: GraphQLString } },
          extensions: { ...history.extensions, ...sqlField(() => null, ['first']) },
        },
      },
    })
    expect(fieldSqlOf(clause, history)).toBeTypeOf('function')
    expect(fieldSqlOf(partial, partial.getFields().history!)).toBe('Clause.history(after:) has no SQL form')
  })

  it('refuses a field with a resolver of its own', () => {
    const clause = schema.getType('Clause') as GraphQLObjectType
    const own = new GraphQLObjectType({
      name: 'Clause',
      interfaces: clause.getInterfaces(),
      extensions: clause.extensions,
      fields: { shout: { type: GraphQLString, resolve: (c) => (c as { key: string }).key.toUpperCase() } },
    })
    expect(fieldSqlOf(own, own.getFields().shout!)).toBe('Clause.shout has a resolver of its own and no SQL form')
  })

  it('refuses a directive it does not apply', () => {
    expect(refusalOf('{ licenses { nodes { key @deprecated } } }')).toBe('@deprecated on Clause.key')
  })

  it('refuses mutations, and root fields without a form', () => {
    expect(refusalOf('mutation { __typename }')).toBe('a mutation')
    const licenses = schema.getQueryType()!.getFields().licenses!
    const bare = new GraphQLObjectType({ name: 'Query', fields: { licenses: { type: licenses.type } } })
    expect(rootFieldSqlOf(bare, bare.getFields().licenses!)).toBe('Query.licenses has no SQL form')
  })

  it('refuses a field behind auth scopes, though its form is known', () => {
    const clause = schema.getType('Clause') as GraphQLObjectType
    const key = clause.getFields().key!
    const guarded = new GraphQLObjectType({
      name: 'Clause',
      interfaces: clause.getInterfaces(),
      extensions: clause.extensions,
      fields: { key: { type: key.type, extensions: { ...key.extensions, pothosOptions: { authScopes: { admin: true } } } } },
    })
    expect(fieldSqlOf(clause, key)).toBeTypeOf('function')
    expect(fieldSqlOf(guarded, guarded.getFields().key!)).toBe('Clause.key has auth scopes')
  })
})

describe('a query the planner refuses, through the server', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi(loadShippedData)
  }, 60_000)
  afterAll(() => api?.close())

  it('is answered by the resolvers and counted with its reason', async () => {
    // More IDs than the planner reads in one statement: the resolvers load them (null for none).
    const reason = 'Query.nodes: more than 100 IDs'
    const before = fallbackCounts().get(reason) ?? 0
    const ids = Array.from({ length: 101 }, (_, i) =>
      Buffer.from(`Company:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).toString('base64'),
    )
    const answer = await api.query('query($ids: [ID!]!) { nodes(ids: $ids) { id } licenses(first: 3) { nodes { key } } }', { ids })
    expect(answer.errors).toBeUndefined()
    expect((answer.data as { nodes: unknown[] }).nodes).toEqual(ids.map(() => null))
    expect((answer.data as { licenses: { nodes: unknown[] } }).licenses.nodes).toHaveLength(3)
    expect(fallbackCounts().get(reason)).toBe(before + 1)
  })
})

describe('a planned answer, through the server', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi(loadShippedData)
  }, 60_000)
  afterAll(() => api?.close())

  it('is sent as PostgreSQL wrote it, not parsed and written again by any plugin on the way', async () => {
    const response = await createServer({ graphiql: false }).fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ company(slug: "openai") { slug name } }' }),
    })
    // PostgreSQL's json_build_object writes `"key" : value`; JSON.stringify would not.
    expect(await response.text()).toBe('{"data":{"company" : {"slug" : "openai", "name" : "OpenAI"}}}')
  })
})
