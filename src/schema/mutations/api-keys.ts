import { builder } from '../../builder.js'
import { type ApiKeyInfo, findApiKey, listApiKeys, revokeApiKey } from '../../db/api-keys.js'
import { prisma } from '../../db/setup/prisma.js'
import { rowJson } from '../../db/snapshots.js'
import { runWrite } from '../../db/write.js'
import { NotFoundError } from '../../domain/write-errors.js'
import { ApiScope } from '../../generated/prisma/enums.js'
import { writeResult } from './errors.js'
import { writerOf } from './writer.js'

// Admin-only: list keys (never their secrets or hashes) and revoke one. Keys are created with
// `npm run apikey -- create`, which is the only place a secret is ever shown.

const ApiScopeEnum = builder.enumType(ApiScope, {
  name: 'ApiScope',
  values: { WRITE: { description: 'Create, update, amend and withdraw records.' }, ADMIN: { description: 'Everything, and managing keys.' } },
})

const ApiKeyRef = builder.objectRef<ApiKeyInfo>('ApiKey').implement({
  description: 'An API key for writes. Only its prefix is shown; the key itself is stored as a hash.',
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to recognise it.' }),
    scopes: t.field({ type: [ApiScopeEnum], resolve: (k) => k.scopes }),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.revokedAt }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, description: 'Updated at most once a minute.', resolve: (k) => k.lastUsedAt }),
  }),
})

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKeyRef],
    description: 'Every API key, oldest first (admin scope).',
    authScopes: { admin: true },
    resolve: () => listApiKeys(prisma()),
  }),
)

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: ApiKeyRef,
    description: 'Revokes a key by id or prefix (admin scope); requests with it are refused from then on.',
    authScopes: { admin: true },
    errors: writeResult('RevokeApiKey', 'apiKey'),
    args: { key: t.arg.string({ required: true, description: 'The key’s id or prefix.' }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      return runWrite(writer, async (tx, log) => {
        const before = await findApiKey(tx, args.key)
        if (!before) throw new NotFoundError(`No API key has the id or prefix ${JSON.stringify(args.key)}.`, 'key')
        const after = (await revokeApiKey(tx, before.id))!
        log.record('ApiKey', before.id, 'UPDATE', rowJson({ ...before }), rowJson({ ...after }))
        return after
      })
    },
  }),
)
