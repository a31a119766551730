import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import { DEFAULT_SETTINGS_FILE, loadSettingsFile } from '../../src/env.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { type ServerProcess, startServer } from '../helpers/server-process.js'

// Finding: .env.example says to copy it to .env, but nothing read .env: rate limits,
// TRUST_PROXY_HOPS and REDIS_URL placed there were silently ignored.

let folder: string
let database: TestDatabase
let server: ServerProcess | undefined
beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'partnerships-env-'))
  database = await createTestDatabase()
})
afterAll(async () => {
  server?.child.kill('SIGKILL')
  await database?.drop()
  rmSync(folder, { recursive: true, force: true })
})

it('the server applies the settings of its .env file and says so at start-up', { timeout: 60_000 }, async () => {
  const file = path.join(folder, '.env')
  writeFileSync(
    file,
    [
      '# a copy of .env.example, edited',
      `DATABASE_URL=${database.url}`,
      'SEED_ON_START=false',
      'RATE_LIMIT=true',
      'RATE_LIMIT_PER_IP=2',
      'TRUST_PROXY_HOPS=1',
      'RATE_LIMT_PER_KEY=5',
      'NODE_ENV=production',
    ].join('\n'),
  )
  // The environment wins over the file: NODE_ENV stays development.
  server = await startServer({ ENV_FILE: file, NODE_ENV: 'development' })
  const ask = (client: string) =>
    fetch(`${server!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ query: '{ companies { totalCount } }' }),
    })
  // Two per IP, the IP read from X-Forwarded-For (one trusted hop): the third is refused, another client is not.
  expect([(await ask('203.0.113.1')).status, (await ask('203.0.113.1')).status, (await ask('203.0.113.1')).status]).toEqual([200, 200, 429])
  expect((await ask('203.0.113.2')).status).toBe(200)

  const log = server.output.join('')
  expect(log).toContain(`Settings: ${file} (DATABASE_URL, RATE_LIMIT, RATE_LIMIT_PER_IP, SEED_ON_START, TRUST_PROXY_HOPS), then the environment`)
  expect(log).toContain(`Ignored in ${file}: RATE_LIMT_PER_KEY (not settings; see .env.example)`)
  expect(log).toContain(
    'Mode development: GraphiQL on, explorer on, introspection on, rate limit 2 per IP and 1200 per key every 60 s, counted in memory, client address from X-Forwarded-For behind 1 proxy hop(s)',
  )
})

it('reads .env in the project folder by default, and none when ENV_FILE is empty', () => {
  expect(loadSettingsFile({ ENV_FILE: '' })).toEqual({ path: null, applied: [], unknown: [] })
  const target: NodeJS.ProcessEnv = { ENV_FILE: path.join(folder, 'missing.env') }
  expect(loadSettingsFile(target)).toEqual({ path: null, applied: [], unknown: [] })
  expect(DEFAULT_SETTINGS_FILE).toBe(path.join(projectRoot, '.env'))
  expect(loadSettingsFile({}).path).toBe(existsSync(DEFAULT_SETTINGS_FILE) ? DEFAULT_SETTINGS_FILE : null)
})
