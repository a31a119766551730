import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../seed/load.js'
import { projectRoot } from '../src/db/setup/project-paths.js'
import { type PersistedQueryOptions, readManifest } from '../src/server/persisted-queries.js'
import { createServer } from '../src/yoga.js'
import { startTestApi, type TestApi } from './helpers/api.js'

// examples/client cannot rot: codegen writes its types and manifest from schema.graphql, tsc checks
// it, and its three operations run against the shipped data, by APQ and as trusted documents.

const run = promisify(execFile)
const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', name)
const example = path.join(projectRoot, 'examples', 'client')

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => loadShippedData(prisma))
  await run(bin('graphql-codegen'), ['--config', path.join(example, 'codegen.ts')], { cwd: projectRoot })
}, 120_000)
afterAll(() => api?.close())

type Sent = { method: string; status: number }
interface ClientModule {
  createClient(options: { uri: string; fetch: typeof fetch; trustedDocuments: boolean }): unknown
}
interface Answers {
  licensed: string[]
  totalLicences: number
  deals: string[]
  totalDeals: number
  changes: string[]
}
interface RunModule {
  runExample(client: unknown): Promise<Answers>
}

async function runAgainst(persistedQueries: PersistedQueryOptions, trustedDocuments: boolean) {
  // Imported once codegen has written src/gql/, by a path tsc does not follow (the example has its own tsconfig).
  const { createClient }: ClientModule = await import(path.join(example, 'src', 'client.ts'))
  const { runExample }: RunModule = await import(path.join(example, 'src', 'run.ts'))
  const server = createServer({ graphiql: false, persistedQueries })
  const sent: Sent[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await server.fetch(new Request(String(input), init))
    sent.push({ method: init?.method ?? 'GET', status: response.status })
    return response
  }
  return { result: await runExample(createClient({ uri: 'http://yoga/graphql', fetch, trustedDocuments })), sent }
}

const apq: PersistedQueryOptions = { redisPrefix: 'unused', ttlSeconds: 60, maxEntries: 100, only: false }

function expectAnswers(result: Answers) {
  expect(result.totalLicences).toBeGreaterThan(0)
  expect(result.licensed).toContain(
    'OpenAI → Microsoft: Microsoft–OpenAI amendment: non-exclusive licence, multi-cloud serving, capped revenue share',
  )
  // Two pages of two merged by relayStylePagination, no slug twice.
  expect(result.totalDeals).toBeGreaterThan(4)
  expect(result.deals).toHaveLength(4)
  expect(new Set(result.deals).size).toBe(4)
  expect(result.changes).toEqual(expect.arrayContaining(['ADDED CLOUD_PRIMACY', 'REMOVED EXCLUSIVITY', 'MODIFIED REVENUE_SHARE (summary, endsOn)']))
}

describe('examples/client', () => {
  it('type-checks against the generated types', async () => {
    await run(bin('tsc'), ['-p', path.join(example, 'tsconfig.json')], { cwd: projectRoot })
  }, 120_000)

  it('runs its operations with automatic persisted queries', async () => {
    const { result, sent } = await runAgainst(apq, false)
    expectAnswers(result)
    // Each of the three documents is unknown once (404 to a GET by hash), then registered by POST;
    // the second page goes by hash alone.
    expect(sent.filter((request) => request.status === 404)).toHaveLength(3)
    expect(sent).toHaveLength(7)
    expect(sent.every((request) => request.status === 200 || (request.status === 404 && request.method === 'GET'))).toBe(true)
  })

  it('runs them as trusted documents from the manifest codegen wrote, where nothing else may run', async () => {
    const manifest = readManifest(path.join(example, 'src', 'gql', 'persisted-documents.json'))
    expect(manifest.size).toBe(3)
    const { result, sent } = await runAgainst({ ...apq, manifest, only: true }, true)
    expectAnswers(result)
    expect(sent.map((request) => `${request.method} ${request.status}`)).toEqual(Array(sent.length).fill('GET 200'))
  })
})
