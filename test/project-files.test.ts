import { readFileSync } from 'node:fs'
import { printSchema } from 'graphql'
import { describe, expect, it } from 'vitest'
import { schema } from '../src/schema/index.js'

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema:print` after a deliberate change)', () => {
    expect(read('schema.graphql')).toBe(`${printSchema(schema)}\n`)
  })

  it('keeps the names of the API contract', () => {
    const sdl = read('schema.graphql')
    for (const field of [
      'node(id: ID!): Node',
      'nodes(ids: [ID!]!): [Node]!',
      'company(slug: String!): Company',
      'licenses(',
      'agreements(',
      'clauses(',
      'cloudProviders(',
      'assets(',
    ]) {
      expect(sdl).toContain(field)
    }
    for (const type of [
      'input LicenseFilter',
      'enum Exclusivity',
      'enum ClauseKind',
      'enum AgreementStatus',
      'enum ChangeType',
      'type ClauseChange',
      'enum DatePrecision',
      'type PartialDate',
      'type Clause implements Node',
      'type Agreement implements Node',
    ]) {
      expect(sdl).toContain(type)
    }
  })
})

// The compose topology itself (replicas, load balancer, read replica): test/replicas/compose.test.ts.
describe('docker-compose.yml', () => {
  it('builds from a Dockerfile that installs with the lockfile and runs the built server (test/production-build.test.ts runs it)', () => {
    const dockerfile = read('Dockerfile')
    expect(dockerfile).toContain('npm ci')
    expect(dockerfile).toContain('CMD ["node", "dist/main.js"]')
  })
})

describe('.env.example', () => {
  it('documents every setting of src/env.ts', () => {
    const example = read('.env.example')
    for (const key of ['PORT', 'NODE_ENV', 'DATABASE_URL', 'TEST_DATABASE_URL', 'EMBEDDED_PG_DIR', 'EMBEDDED_PG_PORT', 'SEED_ON_START']) {
      expect(example).toContain(key)
    }
  })
})
