// API keys for writes: `npm run apikey -- create --scope write --name "Analyst tool"` prints the
// key once (only its hash is stored); `revoke <id or prefix>` and `list` manage them. Works on
// DATABASE_URL, else on the embedded database (also while `npm start` is serving it).
import { parseArgs } from 'node:util'
import type { Scope } from '../src/auth/actor.js'
import { createPrismaClient } from '../src/db/setup/client.js'
import { createApiKey, listApiKeys, revokeApiKey } from '../src/db/api-keys.js'
import { type Database, openDatabase } from '../src/db/setup/database.js'
import { env } from '../src/env.js'

const usage = `usage:
  npm run apikey -- create --scope write|admin [--scope …] --name "<who uses it>"
  npm run apikey -- revoke <id or prefix>
  npm run apikey -- list`

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

async function open(): Promise<Database> {
  try {
    return await openDatabase({ url: env.DATABASE_URL })
  } catch (error) {
    // The embedded server is already up (npm start): use it rather than start a second one.
    if (env.DATABASE_URL || !String(error).includes('already in use')) throw error
    return { url: `postgresql://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/partnerships`, stop: async () => {} }
  }
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { scope: { type: 'string', multiple: true }, name: { type: 'string' } },
})
const [command, target] = positionals
if (!command || !['create', 'revoke', 'list'].includes(command)) fail(usage)

const scopes = (values.scope ?? []).map((s) => s.toUpperCase())
if (command === 'create') {
  if (scopes.length === 0 || scopes.some((s) => s !== 'WRITE' && s !== 'ADMIN')) fail(`--scope must be write or admin\n${usage}`)
  if (!values.name?.trim()) fail(`--name is required\n${usage}`)
}
if (command === 'revoke' && !target) fail(usage)

const database = await open()
const prisma = createPrismaClient(database.url)
const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-')
try {
  if (command === 'create') {
    const key = await createApiKey(prisma, values.name!.trim(), [...new Set(scopes)] as Scope[])
    console.log(`Created API key "${key.name}" (id ${key.id}, scopes ${key.scopes.join(', ').toLowerCase()}).`)
    console.log('Store it now; it is not shown again. Send it as "Authorization: Bearer <key>":')
    console.log(key.key)
  } else if (command === 'revoke') {
    const key = await revokeApiKey(prisma, target!)
    if (!key) fail(`No API key has the id or prefix "${target}".`)
    console.log(`Revoked API key "${key.name}" (${key.prefix}…) at ${when(key.revokedAt)}.`)
  } else {
    const keys = await listApiKeys(prisma)
    if (keys.length === 0) console.log('No API keys yet: npm run apikey -- create --scope write --name "…"')
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${when(k.revokedAt)}` : 'active'
      console.log(
        `${k.id}  ${k.prefix}…  ${k.scopes.join(',').toLowerCase().padEnd(11)}  ${state.padEnd(24)}  last used ${when(k.lastUsedAt)}  ${k.name}`,
      )
    }
  }
} finally {
  await prisma.$disconnect()
  await database.stop()
}
