import SchemaBuilder from '@pothos/core'
import ErrorsPlugin from '@pothos/plugin-errors'
import PrismaPlugin from '@pothos/plugin-prisma'
import RelayPlugin from '@pothos/plugin-relay'
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth'
import { hasScope, type Scope } from './auth/actor.js'
import type { Auth } from './auth/context.js'
import { refusal } from './auth/errors.js'
import type { IdempotentRequest } from './db/idempotency.js'
import { prisma } from './db/setup/prisma.js'
import { env } from './env.js'
import type PrismaTypes from './generated/pothos-types.js'
import { getDatamodel } from './generated/pothos-types.js'
import { sqlRootField } from './sql-execution/field-sql.js'
import { nodeById, nodesByIds } from './sql-execution/lookups.js'

export const MAX_PAGE_SIZE = 100
export const DEFAULT_PAGE_SIZE = 20

export interface Context {
  request?: Request
  /** Who is calling (an API key or nobody), looked up only when a field needs to know. */
  auth: Auth
  /** A mutation sent with an Idempotency-Key (src/server/idempotency.ts). */
  idempotency?: IdempotentRequest
}

/** The scope a failed check asked for (the first one, when several were). */
function scopeOf(failure: AuthFailure): Scope {
  if (failure.kind === AuthScopeFailureType.AuthScope) return failure.scope === 'admin' ? 'ADMIN' : 'WRITE'
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    const [first] = failure.failures
    if (first) return scopeOf(first)
  }
  return 'WRITE'
}

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes
  Context: Context
  DefaultFieldNullability: false
  AuthScopes: { write: boolean; admin: boolean }
  Scalars: {
    Date: { Input: string; Output: string }
    DateTime: { Input: Date; Output: Date }
    JSON: { Input: unknown; Output: unknown }
    ID: { Input: string; Output: string | number }
  }
}>({
  // Scope auth first, so no other plugin's wrapper runs before a write is authorised.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      write: async () => hasScope(await context.auth.actor(), 'WRITE'),
      admin: async () => hasScope(await context.auth.actor(), 'ADMIN'),
    }),
    unauthorizedError: (_parent, context, _info, result) => refusal(context.auth.resolved, scopeOf(result.failure)),
  },
  prisma: {
    client: () => prisma(),
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    // A field that asks for a `query` but does not pass it on loads relations one by one.
    onUnusedQuery: env.NODE_ENV === 'production' ? null : 'error',
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    firstArgOptions: { description: `The first this many rows (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` },
    lastArgOptions: { description: `The last this many rows, with \`before\` or alone (at most ${MAX_PAGE_SIZE}).` },
    afterArgOptions: { description: 'Rows after this cursor (an edge’s `cursor` or `pageInfo.endCursor`).' },
    beforeArgOptions: { description: 'Rows before this cursor (an edge’s `cursor` or `pageInfo.startCursor`).' },
    // The plugin makes `node` and `nodes`: their SQL forms are given here.
    nodeQueryOptions: { extensions: sqlRootField(nodeById, ['id']) },
    nodesQueryOptions: { extensions: sqlRootField(nodesByIds, ['ids']) },
  },
})

builder.queryType({})
builder.mutationType({})
