import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import { parseEnv } from '../../src/env.js'

// docker-compose.yml runs the topology the other tests of this folder prove with processes: app
// replicas behind a load balancer, one primary with a streaming read replica, one Redis. No Docker
// engine runs in CI, so the file is read here: services wired to each other, settings the app
// knows, every mounted file present.

interface Service {
  image?: string
  build?: string
  command?: string[]
  entrypoint?: string[]
  environment?: Record<string, string>
  ports?: string[]
  expose?: string[]
  volumes?: string[]
  deploy?: { replicas?: number }
  depends_on?: Record<string, { condition: string }>
  healthcheck?: { test: string[] }
}

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8')
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> }
const { db, 'db-replica': replica, redis, seed, app, lb } = compose.services as Record<string, Service>

describe('docker-compose.yml', () => {
  it('runs two app replicas built from the Dockerfile, behind the load balancer only', () => {
    expect(app?.build).toBe('.')
    expect(app?.image).toBeUndefined()
    expect(app?.deploy?.replicas).toBeGreaterThanOrEqual(2)
    // Replicas publish no host port (two could not bind the same one): the load balancer does.
    expect(app?.ports).toBeUndefined()
    expect(app?.expose).toEqual(['4000'])
    expect(lb?.ports).toEqual(['4000:4000'])
    expect(lb?.depends_on?.app?.condition).toBe('service_healthy')
    expect(app?.healthcheck?.test.join(' ')).toContain('/readyz')
  })

  it('points every replica at the primary, its read replica and Redis, with settings the app accepts', () => {
    const settings = app!.environment!
    const parsed = parseEnv(settings)
    for (const name of Object.keys(settings)) expect(parsed, `${name} is not a setting of src/env.ts`).toHaveProperty(name)
    const primary = new URL(settings.DATABASE_URL!)
    const reads = new URL(settings.DATABASE_READ_URL!)
    expect([primary.hostname, reads.hostname]).toEqual(['db', 'db-replica'])
    for (const url of [primary, reads]) {
      expect(url.pathname).toBe(`/${db!.environment!.POSTGRES_DB}`)
      expect(url.username).toBe(db!.environment!.POSTGRES_USER)
      expect(url.password).toBe(db!.environment!.POSTGRES_PASSWORD)
    }
    expect(new URL(settings.REDIS_URL!).hostname).toBe('redis')
    // One proxy appends the client's address; the dataset is loaded once, by `seed`, not by each replica.
    expect(parsed.TRUST_PROXY_HOPS).toBe(1)
    expect(parsed.SEED_ON_START).toBe(false)
    expect(app!.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      'db-replica': { condition: 'service_started' },
      redis: { condition: 'service_healthy' },
      seed: { condition: 'service_completed_successfully' },
    })
    expect(seed?.build).toBe('.')
    expect(seed?.command).toEqual(['npm', 'run', 'seed'])
    expect(seed?.environment?.DATABASE_URL).toBe(settings.DATABASE_URL)
    expect(redis?.image).toMatch(/^redis:\d+/)
  })

  it('makes db-replica a streaming replica of db', () => {
    expect(db?.image).toMatch(/^postgres:\d+/)
    expect(replica?.image).toBe(db?.image)
    expect(db?.command?.join(' ')).toContain('wal_level=replica')
    expect(db?.volumes).toContain('./deploy/postgres/allow-replication.sh:/docker-entrypoint-initdb.d/allow-replication.sh:ro')
    expect(read('deploy/postgres/allow-replication.sh')).toContain('host replication all all')
    const script = read('deploy/postgres/replica.sh')
    expect(script).toMatch(/pg_basebackup .*-R/)
    expect(script).toContain('hot_standby=on')
    expect(replica?.entrypoint).toEqual(['bash', '/deploy/replica.sh'])
    expect(replica?.environment?.PRIMARY_HOST).toBe('db')
    expect(replica?.depends_on?.db?.condition).toBe('service_healthy')
  })

  it('mounts only files that exist, and names volumes it declares', () => {
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':') as [string]
        if (source.startsWith('./')) expect(existsSync(path.join(projectRoot, source)), source).toBe(true)
        else expect(compose.volumes, source).toHaveProperty(source)
      }
    }
  })

  it('balances over the app replicas and passes the client address on', () => {
    const nginx = read('deploy/nginx.conf')
    expect(lb?.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro')
    expect(nginx).toMatch(/upstream app \{[^}]*server app:4000 resolve;/)
    expect(nginx).toContain('proxy_pass http://app;')
    expect(nginx).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;')
    // `resolve` in an upstream needs nginx 1.27.3 or later.
    const [major, minor] = /^nginx:(\d+)\.(\d+)/
      .exec(lb?.image ?? '')!
      .slice(1)
      .map(Number) as [number, number]
    expect(major * 100 + minor).toBeGreaterThanOrEqual(127)
  })
})
