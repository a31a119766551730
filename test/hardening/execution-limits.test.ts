import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../seed/load.js'
import { createPrismaClient } from '../../src/db/setup/client.js'
import { usePrisma } from '../../src/db/setup/prisma.js'
import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { QUERY_LIMITS } from '../../src/server/limits.js'
import { createServer, type ServerOptions } from '../../src/yoga.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'

// Limits that hold while a query runs (issue 19, #2), on the shipped data. A query priced under the
// cost limit can still ask for a lot: every field of 24 × 24 × 24 clauses is 13,824 clauses and
// about 7 MB. Such an answer is stopped at the response cap instead of being built (the attack's
// was 162 MB), and the time limit holds while resolvers work, not only while SQL runs.

// A client without statement logging (test/helpers/api.ts logs every statement): Prisma's query
// events for the thousands of ids of these loads cost tens of seconds, production has none.
let database: TestDatabase
let prisma: PrismaClient
let server: Server
beforeAll(async () => {
  database = await createTestDatabase()
  prisma = createPrismaClient(database.url)
  usePrisma(prisma)
  await loadShippedData(prisma)
  server = createServer({ graphiql: false })
}, 120_000)
afterAll(async () => {
  await prisma?.$disconnect()
  await database?.drop()
})

type Server = ReturnType<typeof createServer>
const serve = (options: ServerOptions) => createServer({ graphiql: false, ...options })

const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ')
const CLAUSE_FIELDS = 'id key kind summary exclusivity percentage capped condition note status statusNote'
const EVERY_CLAUSE_FIELD = `${CLAUSE_FIELDS} startsOn { text precision earliest latest } endsOn { text precision earliest latest } amount { amount currency } cap { amount currency }`
/** `aliases` × the clauses of the clauses' agreements' clauses' agreements of the latest Microsoft–OpenAI version. */
const threeLevels = (aliases: number, fields: string) =>
  `{ ${repeat(aliases, (i) => `a${i}: agreement(slug: "microsoft-openai-2026-04-amendment") { clauses { agreement { clauses { agreement { clauses { ${fields} } } } } } }`)} }`

async function post(target: Server, query: string) {
  const started = performance.now()
  const response = await target.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  })
  const text = await response.text()
  return {
    status: response.status,
    text,
    json: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
    ms: performance.now() - started,
  }
}

describe('the response cap', () => {
  it('stops an answer past 8 MiB with RESPONSE_TOO_LARGE instead of building it', { timeout: 60_000 }, async () => {
    const { status, text, json } = await post(server, threeLevels(4, EVERY_CLAUSE_FIELD))
    expect(json.errors?.map((e) => e.extensions?.code)).toEqual(['RESPONSE_TOO_LARGE'])
    expect(json.errors![0]!.message).toBe('The response would exceed 8 MiB and was stopped; ask for fewer fields or smaller pages.')
    expect(status).toBe(400)
    expect(json.data ?? null).toBeNull()
    expect(text.length).toBeLessThan(500)
    // The server goes on answering.
    expect((await post(server, '{ company(slug: "openai") { slug } }')).json).toEqual({ data: { company: { slug: 'openai' } } })
  })

  it('lets an answer just under it through, whole', { timeout: 60_000 }, async () => {
    const { status, text, json } = await post(server, threeLevels(10, 'key'))
    expect(json.errors).toBeUndefined()
    expect(status).toBe(200)
    expect(text.length).toBeGreaterThan(6_000_000)
    expect(text.length).toBeLessThan(QUERY_LIMITS.maxResponseBytes)
  })
})

describe('the time limit', () => {
  it('holds for the resolvers’ own work: TIMEOUT while they run, not a whole answer once they are done', { timeout: 240_000 }, async () => {
    // 13,824 clauses: their statement takes about a quarter of the time; building the objects and
    // resolving every field, one synchronous run, the rest.
    const query = threeLevels(1, CLAUSE_FIELDS)
    // Timed on a server that lets it finish, however busy the machine.
    const patient = serve({ requestTimeoutMs: 120_000 })
    let fastest = Infinity
    for (let run = 0; run < 3; run++) {
      const whole = await post(patient, query)
      expect(whole.json.errors).toBeUndefined()
      fastest = Math.min(fastest, whole.ms)
    }
    // A time limit that runs out in the middle of that run, after the statement came back. Before
    // the resolvers gave the loop back, its timer could only fire once the answer was whole.
    const hurried = serve({ requestTimeoutMs: Math.round(fastest * 0.45) })
    const cut = await post(hurried, query)
    expect(cut.json).toEqual({
      data: null,
      errors: [{ message: expect.stringContaining('The query took too long'), extensions: { code: 'TIMEOUT' } }],
    })
    expect(cut.status).toBe(504)
    expect((await post(hurried, '{ company(slug: "openai") { slug } }')).json).toEqual({ data: { company: { slug: 'openai' } } })
  })
})
