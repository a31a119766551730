// Runs once per vitest run, before any worker: picks the server (TEST_DATABASE_URL, DATABASE_URL,
// else an embedded PostgreSQL in a temp folder), and migrates one template database that every
// test file clones (cloning takes milliseconds; migrating takes a few hundred).
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { env } from '../src/env.js'
import { startEmbeddedPostgres } from '../src/db/setup/embedded.js'
import { EmbeddedStartError } from '../src/db/setup/embedded-errors.js'
import { applyMigrations } from '../src/db/setup/schema-engine.js'
import { adminQuery, databaseUrl, uniqueName } from './helpers/admin.js'

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { adminUrl: string; template: string }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = env.TEST_DATABASE_URL ?? env.DATABASE_URL
  let dataDir: string | undefined
  let stopServer = async () => {}
  let adminUrl: string
  if (external) {
    adminUrl = external
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'partnerships-test-pg-'))
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true }).catch((error: unknown) => {
      // As for `npm start`: a server that cannot start is one line saying what to do.
      if (!(error instanceof EmbeddedStartError)) throw error
      console.error(`${error.message} Or set TEST_DATABASE_URL to run the tests on a server of your own.`)
      process.exit(1)
    })
    adminUrl = server.adminUrl
    stopServer = server.stop
  }

  const template = uniqueName('test_template')
  await adminQuery(adminUrl, `CREATE DATABASE "${template}"`)
  await applyMigrations(databaseUrl(adminUrl, template))
  // Nobody may connect to the template any more: a connection would block every clone.
  await adminQuery(adminUrl, `ALTER DATABASE "${template}" ALLOW_CONNECTIONS false`)
  project.provide('testDatabase', { adminUrl, template })

  return async () => {
    try {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${template}"`)
    } finally {
      await stopServer()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
