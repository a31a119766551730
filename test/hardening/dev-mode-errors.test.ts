import { afterAll, beforeAll, expect, it } from 'vitest'
import { type HardeningApi, startHardeningApi } from './helpers.js'

// Finding: under NODE_ENV=development Yoga added extensions.originalError (stack, file paths,
// SQL) to masked errors, while the README says unexpected errors are masked in every mode.

let api: HardeningApi
beforeAll(async () => {
  api = await startHardeningApi()
  // An unexpected failure: the table the query reads is gone.
  await api.prisma.$executeRawUnsafe('ALTER TABLE "Company" RENAME TO "CompanyGone"')
})
afterAll(() => api?.close())

it.each(['development', 'production', 'test'])('NODE_ENV=%s: an unexpected error is masked, with no stack, path or SQL', async (mode) => {
  const before = process.env.NODE_ENV
  process.env.NODE_ENV = mode
  try {
    const { status, json } = await api.serve().post({ query: '{ companies(first: 1) { nodes { slug } } }' })
    expect(status).toBe(200)
    expect(json.errors).toEqual([
      { message: 'Unexpected error.', locations: [{ line: 1, column: 3 }], path: ['companies'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ])
    expect(JSON.stringify(json)).not.toMatch(/originalError|stack|CompanyGone|SELECT|\.[jt]s:\d+/)
  } finally {
    process.env.NODE_ENV = before
  }
})
