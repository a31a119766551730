import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils'
import * as runtime from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm'
import { lockfileName, migrationsDir, schemaPath } from './project-paths.js'

// Prisma's own schema engine compiled to WebAssembly: the native binary cannot be downloaded
// here, and this build keeps `_prisma_migrations` identical to what `prisma migrate deploy` writes.
let loaded = false
function loadWasm(): void {
  if (loaded) return
  const entry = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm')
  const bytes = readFileSync(path.join(path.dirname(entry), 'schema_engine_bg.wasm'))
  // The engine arms 10 s timers it never clears; unref them so a finished CLI exits at once.
  const imports: Record<string, unknown> = { ...runtime }
  for (const [name, fn] of Object.entries(runtime)) {
    if (!name.startsWith('__wbg_setTimeout_')) continue
    const setTimer = fn as unknown as (callback: () => void, ms: number) => NodeJS.Timeout
    imports[name] = (callback: () => void, ms: number) => setTimer(callback, ms).unref()
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    './schema_engine_bg.js': imports as WebAssembly.ModuleImports,
  })
  const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start(): void }
  runtime.__wbg_set_wasm(exports)
  exports.__wbindgen_start()
  loaded = true
}

const filters: SchemaFilter = { externalTables: [], externalEnums: [] }

/** Runs `use` with a fresh engine; its logs are kept and printed only when something fails. */
async function withEngine<T>(adapter: SqlMigrationAwareDriverAdapterFactory, use: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  loadWasm()
  const logs: string[] = []
  let engine: SchemaEngine | undefined
  try {
    // No datamodel: migrations and diffs bring their own input, so a half-edited schema.prisma
    // cannot stop the server from migrating at start-up.
    const bound = bindMigrationAwareSqlAdapterFactory(adapter)
    engine = (await runtime.SchemaEngine.new({ datamodels: undefined }, (log: string) => logs.push(log), bound)) as SchemaEngine
    return await use(engine)
  } catch (error) {
    const notable = logs.filter((line) => !/"level":"(INFO|DEBUG|TRACE)"/.test(line))
    if (notable.length > 0) console.error(`schema engine log:\n${notable.join('\n')}`)
    throw error instanceof Error ? error : new Error(`schema engine: ${JSON.stringify(error)}`)
  } finally {
    engine?.free()
  }
}

// The engine probes the server version when it starts, even for a schema-to-schema diff that
// touches no database. This adapter answers that probe and refuses everything else, so diffs run
// offline; the drift test proves its output matches a database built from the migrations.
function offlineAdapter(): SqlMigrationAwareDriverAdapterFactory {
  const refuse = async (query?: SqlQuery | string): Promise<never> => {
    const sql = typeof query === 'string' ? query : query?.sql
    throw new Error(`diffSchemas has no database; the engine tried: ${sql ?? 'a transaction'}`)
  }
  const connection = {
    provider: 'postgres',
    adapterName: 'offline-diff',
    async queryRaw(query: SqlQuery) {
      if (!query.sql.includes('server_version_num')) return refuse(query)
      // Boolean, Text, Int32 column types, as the pg adapter would report them.
      return { columnTypes: [5, 7, 0], columnNames: ['exists', 'version', 'numeric_version'], rows: [[true, 'PostgreSQL 15', 150000]] }
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: () => refuse(),
    async dispose() {},
  } as SqlDriverAdapter
  return {
    provider: 'postgres',
    adapterName: 'offline-diff',
    connect: async () => connection,
    connectToShadowDb: () => refuse('a shadow database'),
  }
}

// @prisma/adapter-pg runs a migration script by splitting it on every ";", which breaks on a
// semicolon inside a comment, string or function body, and commits statement by statement. Send
// the script whole instead: with no parameters pg uses the simple query protocol, which accepts
// many statements and runs them in one implicit transaction, as the native engine does.
function pgAdapter(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(pool)
  const wholeScript = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    adapter.executeScript = async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] })
    }
    return adapter
  }
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wholeScript(await factory.connect()),
    connectToShadowDb: async () => wholeScript(await factory.connectToShadowDb()),
  }
}

/** Migration folder names in the order they apply (timestamp prefixes sort lexically). */
export function migrationNames(): string[] {
  if (!existsSync(migrationsDir)) return []
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(migrationsDir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
}

export function migrationSql(name: string): string {
  return readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8')
}

function migrationsList(): MigrationList {
  const lockPath = path.join(migrationsDir, lockfileName)
  return {
    baseDir: migrationsDir,
    shadowDbInitScript: '',
    lockfile: { path: lockfileName, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    migrationDirectories: migrationNames().map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: migrationSql(name) } },
    })),
  }
}

/** What `prisma migrate deploy` does: applies pending migrations; returns the names applied now. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const list = migrationsList()
  // One connection, so session state the engine relies on (its advisory lock) stays on it.
  const pool = new pg.Pool({ connectionString, max: 1 })
  try {
    return await withEngine(pgAdapter(pool), async (engine) => {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: list, filters })
      return appliedMigrationNames
    })
  } finally {
    await pool.end()
  }
}

/** SQL that turns a database shaped like `from` (null = empty) into one shaped like `to`. */
export async function diffSchemas(from: string | null, to: string): Promise<string> {
  const schema = (content: string) => ({ tag: 'schemaDatamodel' as const, files: [{ path: schemaPath, content }] })
  return withEngine(offlineAdapter(), async (engine) => {
    const result = await engine.diff({
      script: true,
      exitCode: null,
      filters,
      from: from === null ? { tag: 'empty' } : schema(from),
      to: schema(to),
    })
    return result.stdout ?? ''
  })
}
