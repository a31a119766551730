import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer } from '../../src/yoga.js'
import type { GraphQLResponse } from '../helpers/api.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { AMENDED_CITATIONS, baseAgreement, buildWorld, mutationDocument, RESULT, SOURCE_A } from '../helpers/write-fixtures.js'

// Idempotency-Key on mutations (issue 19 #8): a retry of a write that committed gets that write's
// answer, never a second write nor a ConflictError against itself. The fault itself (PostgreSQL
// stopping between the commit and the answer) is test/hardening/idempotent-retry.test.ts.

let api: WriteApi
let yoga: ReturnType<typeof createServer>
let writeKey: string
beforeAll(async () => {
  api = await startWriteApi()
  writeKey = await api.key(['WRITE'], 'writer')
  await buildWorld(api, writeKey)
  yoga = createServer({ graphiql: false })
}, 60_000)
afterAll(async () => {
  await yoga?.dispose()
  await api?.close()
})

interface Request {
  query: string
  variables?: Record<string, unknown>
}

interface Answer {
  status: number
  replayed: string | null
  json: GraphQLResponse
}

async function send(request: Request, idempotencyKey: string | null, apiKey = writeKey): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }
  if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey
  const response = await yoga.fetch('http://yoga/graphql', { method: 'POST', headers, body: JSON.stringify(request) })
  return { status: response.status, replayed: response.headers.get('idempotent-replayed'), json: (await response.json()) as GraphQLResponse }
}

const writeHistoryRows = async () => (await api.counts()).WriteHistory!

async function companyWrites(slug: string): Promise<number> {
  const [row] = await api.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "WriteHistory" h JOIN "Company" c ON c.id = h."entityId" WHERE c.slug = ${slug}`
  return row!.n
}

const createCompany = (slug: string, extra: Record<string, unknown> = {}): Request => ({
  query: mutationDocument('createCompany', 'slug name version'),
  variables: { input: { slug, name: slug.toUpperCase(), kinds: ['AI_LAB'], ...extra } },
})

describe('the same request sent again with the same Idempotency-Key', () => {
  it('writes once and answers the same, marked Idempotent-Replayed', async () => {
    const key = randomUUID()
    const first = await send(createCompany('anthropic'), key)
    const written = await api.counts()
    const second = await send(createCompany('anthropic'), key)

    expect(first).toMatchObject({ status: 200, replayed: null })
    expect(first.json.data!.createCompany).toEqual({
      __typename: 'CreateCompanyPayload',
      company: { slug: 'anthropic', name: 'ANTHROPIC', version: 1 },
    })
    expect(second).toEqual({ ...first, replayed: 'true' })
    expect(await api.counts()).toEqual(written)
    expect(await companyWrites('anthropic')).toBe(1)
  })

  it('gives every mutation its own answer back: each kind of record it returns is read again', async () => {
    const admin = await api.key(['ADMIN'], 'admin')
    const spare = await api.key(['WRITE'], 'spare')
    const requests: [string, Request, string?][] = [
      [
        'updateCompany',
        {
          query: mutationDocument('updateCompany', 'slug name version'),
          variables: { input: { slug: 'google', expectedVersion: 1, name: 'Google LLC' } },
        },
      ],
      [
        'createAsset',
        {
          query: mutationDocument('createAsset', 'slug developer { slug } version'),
          variables: { input: { slug: 'o1', name: 'o1', kind: 'MODEL', developer: 'openai' } },
        },
      ],
      [
        'updateAsset',
        {
          query: mutationDocument('updateAsset', 'slug releasedOn { text } version'),
          variables: { input: { slug: 'sora', expectedVersion: 1, releasedOn: '2024-02' } },
        },
      ],
      [
        'createCloudProvider',
        {
          query: mutationDocument('createCloudProvider', 'slug operator { slug }'),
          variables: { input: { slug: 'gcp', name: 'Google Cloud', operator: 'google' } },
        },
      ],
      [
        'updateCloudProvider',
        {
          query: mutationDocument('updateCloudProvider', 'slug name version'),
          variables: { input: { slug: 'aws', expectedVersion: 1, name: 'Amazon Web Services' } },
        },
      ],
      [
        'createSource',
        {
          query: mutationDocument('createSource', 'url title publishedOn version'),
          variables: { input: { url: 'https://example.org/new', title: 'New', publishedOn: '2024-01-02' } },
        },
      ],
      [
        'updateSource',
        {
          query: mutationDocument('updateSource', 'url title version'),
          variables: { input: { url: SOURCE_A, expectedVersion: 1, title: 'Announced, updated' } },
        },
      ],
      [
        'createAgreement',
        {
          query: mutationDocument('createAgreement', 'slug parties { role company { slug } } clauses { key kind }'),
          variables: { input: baseAgreement('ms-oai-copy') },
        },
      ],
      [
        'amendAgreement',
        {
          query: mutationDocument(
            'amendAgreement',
            'slug version amends { slug status version } clauses { key supersedes { key } } changes { type fields }',
          ),
          variables: {
            slug: 'ms-oai-2019',
            input: { slug: 'ms-oai-2025', effectiveOn: '2025-10-28', remove: ['ms-oai-2019#2'], citations: AMENDED_CITATIONS },
          },
        },
      ],
      [
        'setAgreementStatus',
        {
          query: mutationDocument('setAgreementStatus', 'slug status statusNote version'),
          variables: { input: { slug: 'ms-oai-copy', expectedVersion: 1, status: 'EXPIRED', note: 'ran out' } },
        },
      ],
      [
        'setClauseStatus',
        {
          query: mutationDocument('setClauseStatus', 'key status statusNote version'),
          variables: { input: { key: 'ms-oai-copy#2', expectedVersion: 1, status: 'WITHDRAWN', note: 'never agreed' } },
        },
      ],
      [
        'revokeApiKey',
        {
          query: `mutation($key: String!) { revokeApiKey(key: $key) { ${RESULT} ... on RevokeApiKeyPayload { apiKey { name prefix revokedAt } } } }`,
          variables: { key: spare.slice(0, 12) },
        },
        admin,
      ],
    ]
    for (const [field, request, apiKey] of requests) {
      const key = randomUUID()
      const first = await send(request, key, apiKey)
      const history = await writeHistoryRows()
      const second = await send(request, key, apiKey)
      expect(first.json.data?.[field]?.__typename, `${field}: ${JSON.stringify(first.json)}`).toMatch(/Payload$/)
      expect(second, field).toEqual({ ...first, replayed: 'true' })
      expect(await writeHistoryRows(), field).toBe(history)
    }
  })

  it('matches the request by its operation and variables, not by their layout', async () => {
    const key = randomUUID()
    const request = createCompany('deepmind', { country: 'GB' })
    const first = await send(request, key)
    const input = request.variables!.input as Record<string, unknown>
    const relaid = {
      query: request.query.replace(/\s+/g, '  \n '),
      variables: { input: Object.fromEntries(Object.entries(input).reverse()) },
    }
    const second = await send(relaid, key)
    expect(second).toEqual({ ...first, replayed: 'true' })
    expect(await companyWrites('deepmind')).toBe(1)
  })

  it('takes the key quoted, as the IETF draft writes it, or bare', async () => {
    const first = await send(createCompany('xai'), '"quoted-key-1"')
    const second = await send(createCompany('xai'), 'quoted-key-1')
    expect(first.json.data!.createCompany.__typename).toBe('CreateCompanyPayload')
    expect(second).toEqual({ ...first, replayed: 'true' })
  })

  it('sent many times at once, writes once: the duplicates wait for the first and get its answer', async () => {
    const key = randomUUID()
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(createCompany('mistral'), key)))
    expect(answers.filter((a) => a.replayed === null)).toHaveLength(1)
    for (const answer of answers) {
      expect(answer.status).toBe(200)
      expect(answer.json).toEqual({
        data: { createCompany: { __typename: 'CreateCompanyPayload', company: { slug: 'mistral', name: 'MISTRAL', version: 1 } } },
      })
    }
    expect(await companyWrites('mistral')).toBe(1)
  })
})

describe('one key for a request of several mutation fields', () => {
  it('replays the fields that committed and runs the others again', async () => {
    const request = {
      query: `mutation($a: CreateCompanyInput!, $b: CreateCompanyInput!) {
        a: createCompany(input: $a) { ${RESULT} ... on CreateCompanyPayload { company { slug } } }
        b: createCompany(input: $b) { ${RESULT} ... on CreateCompanyPayload { company { slug parent { slug } } } }
      }`,
      variables: { a: { slug: 'cohere', name: 'Cohere' }, b: { slug: 'cohere-labs', name: 'Cohere Labs', parent: 'cohere-holdings' } },
    }
    const key = randomUUID()
    const first = await send(request, key)
    expect(first.json.data).toMatchObject({
      a: { __typename: 'CreateCompanyPayload' },
      b: { __typename: 'ValidationError', issues: [{ path: 'input.parent', code: 'not_found' }] },
    })
    await send(createCompany('cohere-holdings'), null)

    const retried = await send(request, key)
    expect(retried.replayed).toBe('true')
    expect(retried.json.data).toEqual({
      a: { __typename: 'CreateCompanyPayload', company: { slug: 'cohere' } },
      b: { __typename: 'CreateCompanyPayload', company: { slug: 'cohere-labs', parent: { slug: 'cohere-holdings' } } },
    })
    expect(await companyWrites('cohere')).toBe(1)
    expect(await companyWrites('cohere-labs')).toBe(1)
  })
})

describe('what a key is bound to', () => {
  it('the same key with another request is IDEMPOTENCY_KEY_REUSED (422), and nothing is written', async () => {
    const key = randomUUID()
    await send(createCompany('perplexity'), key)
    const before = await api.counts()
    const reused = await send(createCompany('perplexity-ai'), key)
    expect(reused.status).toBe(422)
    expect(reused.json.errors).toEqual([
      expect.objectContaining({
        message: `The Idempotency-Key "${key}" was already used for a different request (another operation or other variables). Use a new key for a new request.`,
        extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
      }),
    ])
    expect(await api.counts()).toEqual(before)
  })

  it('belongs to the API key that sent it: another API key with the same key writes on its own', async () => {
    const key = randomUUID()
    const other = await api.key(['WRITE'], 'other writer')
    await send(createCompany('meta-ai'), key)
    const fromOther = await send(createCompany('meta-ai'), key, other)
    expect(fromOther.replayed).toBeNull()
    expect(fromOther.json.data!.createCompany).toMatchObject({ __typename: 'ConflictError', path: 'input.slug' })
  })

  it('is kept only with a write that committed: after a refused write it can carry the corrected request', async () => {
    const key = randomUUID()
    const refused = await send(createCompany('Not A Slug'), key)
    expect(refused.json.data!.createCompany.__typename).toBe('ValidationError')
    const corrected = await send(createCompany('stability'), key)
    expect(corrected).toMatchObject({ status: 200, replayed: null })
    expect(corrected.json.data!.createCompany.__typename).toBe('CreateCompanyPayload')
  })

  it('is forgotten after a day, with the API key’s other expired keys', async () => {
    const key = randomUUID()
    const other = randomUUID()
    await send(createCompany('inflection'), key)
    await send(createCompany('adept'), other)
    await api.prisma.$executeRaw`
      UPDATE "IdempotencyKey" SET "createdAt" = now() - interval '25 hours', "expiresAt" = now() - interval '1 hour'
      WHERE "key" IN (${key}, ${other})`
    const reused = await send(createCompany('inflection-ai'), key)
    expect(reused).toMatchObject({ status: 200, replayed: null })
    expect(reused.json.data!.createCompany.__typename).toBe('CreateCompanyPayload')
    const kept = await api.prisma.idempotencyKey.findMany({ where: { key: { in: [key, other] } }, select: { key: true } })
    expect(kept).toEqual([{ key }])
  })
})

describe('a malformed Idempotency-Key', () => {
  it('is BAD_IDEMPOTENCY_KEY (400) and nothing runs', async () => {
    const before = await api.counts()
    for (const key of ['', 'x'.repeat(256), 'tab\there', 'clé', '"unterminated']) {
      const answer = await send(createCompany('never-written'), key)
      expect(answer.status, JSON.stringify(key)).toBe(400)
      expect(answer.json.errors?.[0]?.extensions, JSON.stringify(key)).toEqual({ code: 'BAD_IDEMPOTENCY_KEY' })
    }
    expect(await api.counts()).toEqual(before)
  })

  it('on a query changes nothing: reads need no key', async () => {
    const answer = await send({ query: '{ company(slug: "openai") { slug } }' }, '')
    expect(answer).toEqual({ status: 200, replayed: null, json: { data: { company: { slug: 'openai' } } } })
  })
})
