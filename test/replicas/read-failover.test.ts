import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../bench/lib/processes.js'
import { createPrismaClient } from '../../src/db/setup/client.js'
import { usePrisma } from '../../src/db/setup/prisma.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { CREATE_COMPANY } from './cluster.js'

// The read replica gone between its check and the query's statements (it passed the check, then
// its server went away): the read runs again on the primary and answers, the replica is reported
// failed so reads leave it alone for a while, and mutations never ask for a read client at all.
// The "replica" is a client of a port nobody listens on, so its every statement fails to connect.

let api: WriteApi
let gone: PrismaClient
let key: string
const chosen: string[] = []
const failures: unknown[] = []

beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'])
  gone = createPrismaClient(`postgresql://postgres@127.0.0.1:${await freePort()}/gone`, { pool: { acquireTimeoutMs: 1_000 } })
  usePrisma(api.prisma, {
    choose: async () => {
      chosen.push('replica')
      return gone
    },
    failed: (error) => failures.push(error),
  })
})
afterAll(async () => {
  await gone?.$disconnect()
  await api?.close()
})

describe('a read replica lost mid-read', () => {
  it('answers from the primary, by the planner and by the resolvers, and reports the replica failed', async () => {
    const created = await api.query(CREATE_COMPANY, { input: { slug: 'acme', name: 'Acme' } }, key)
    expect(created).toEqual({ data: { createCompany: { __typename: 'CreateCompanyPayload', company: { slug: 'acme' } } } })
    expect(chosen).toEqual([])

    const query = '{ companies(first: 5) { totalCount nodes { slug name } } }'
    const expected = { data: { companies: { totalCount: 1, nodes: [{ slug: 'acme', name: 'Acme' }] } } }
    expect(await api.query(query)).toEqual(expected)
    expect(await api.queryViaExecutor(query)).toEqual(expected)
    expect(chosen).toEqual(['replica', 'replica'])
    expect(failures).toHaveLength(2)
    expect(String(failures[0])).toMatch(/ECONNREFUSED|connect|reach/i)
  })

  it('checks a named slug on the primary too: an unknown one is NOT_FOUND, not SERVICE_UNAVAILABLE', async () => {
    const answer = await api.query('{ licenses(filter: { licensor: "nobody-here" }, first: 1) { totalCount } }')
    expect(answer.errors?.map((error) => [error.extensions?.code, error.message.includes('nobody-here')])).toEqual([['NOT_FOUND', true]])
    expect((await api.query('{ company(slug: "acme") { name } }')).data).toEqual({ company: { name: 'Acme' } })
    expect(chosen).toHaveLength(4)
    expect(failures).toHaveLength(4)
  })
})
