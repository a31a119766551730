// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded server.
import { env } from '../../env.js'
import { startEmbeddedPostgres } from './embedded.js'
import { applyMigrations } from './schema-engine.js'

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}

async function main(): Promise<void> {
  const started = Date.now()
  const server = env.DATABASE_URL ? undefined : await startEmbeddedPostgres()
  const url = env.DATABASE_URL ?? server!.url
  try {
    const applied = await applyMigrations(url)
    const summary = applied.length === 0 ? 'already up to date' : `applied ${applied.join(', ')}`
    console.log(`${redact(url)}: ${summary} (${Date.now() - started} ms)`)
  } finally {
    await server?.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
