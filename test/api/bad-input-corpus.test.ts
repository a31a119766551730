import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BadCall, categories } from '../helpers/bad-inputs.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { AMENDED_CITATIONS, buildWorld, mutationDocument, ok } from '../helpers/write-fixtures.js'

// A generated corpus of bad mutation calls (test/helpers/bad-inputs.ts): every one is refused
// with a typed result (ValidationError, NotFoundError, ConflictError) or a GraphQL validation
// error naming the variable, never a masked internal error, and the database is unchanged: the
// same row count in every table, WriteHistory included. The seed is fixed so runs repeat;
// FC_SEED=<n> explores others.

const SEED = Number(process.env.FC_SEED ?? 20261127)
const TYPED = new Set(['ValidationError', 'NotFoundError', 'ConflictError'])

let api: WriteApi
let key: string
let baseline: Record<string, number>
const tally = new Map<string, number>()

beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'], 'corpus')
  await buildWorld(api, key)
  await ok(api, key, 'amendAgreement', {
    slug: 'ms-oai-2019',
    input: { slug: 'ms-oai-2025', effectiveOn: '2025-10-28', citations: AMENDED_CITATIONS },
  })
  baseline = await api.counts()
}, 60_000)

afterAll(async () => {
  const total = [...tally.values()].reduce((a, b) => a + b, 0)
  console.log(`bad-input corpus: ${total} cases (seed ${SEED}): ${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')}`)
  await api?.close()
})

async function refused(call: BadCall): Promise<void> {
  const result = await api.query(mutationDocument(call.field), call.variables, key)
  const context = JSON.stringify({ call, result }).slice(0, 2000)
  if (result.errors) {
    // Refused before execution: the variables do not fit the schema's types.
    expect(result.data?.[call.field] ?? null, context).toBeNull()
    for (const error of result.errors) {
      expect(error.message, context).not.toMatch(/unexpected error/i)
      expect(error.message, context).toMatch(/^Variable "\$(input|slug)"|^Invalid value for argument/)
    }
    tally.set('GraphQL validation error', (tally.get('GraphQL validation error') ?? 0) + 1)
  } else {
    const outcome = result.data![call.field] as { __typename: string; message: string; issues?: { path: string; message: string }[] }
    expect(TYPED.has(outcome.__typename), context).toBe(true)
    expect(outcome.message, context).toBeTruthy()
    for (const issue of outcome.issues ?? []) {
      expect(issue.path, context).toMatch(/^(input|slug)\b/)
      expect(issue.message, context).toBeTruthy()
    }
    tally.set(outcome.__typename, (tally.get(outcome.__typename) ?? 0) + 1)
  }
  expect(await api.counts(), context).toEqual(baseline)
}

describe('bad-input corpus', () => {
  it.each(categories)(
    '%s',
    async (_, arbitrary, runs) => {
      await fc.assert(fc.asyncProperty(arbitrary, refused), { numRuns: runs, seed: SEED, endOnFailure: true })
    },
    120_000,
  )

  it('has at least 200 cases', () => {
    expect(categories.reduce((sum, [, , runs]) => sum + runs, 0)).toBeGreaterThanOrEqual(200)
  })
})
