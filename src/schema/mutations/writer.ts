import type { Context } from '../../builder.js'
import { refusal } from '../../auth/errors.js'
import type { Writer } from '../../db/write.js'

/**
 * The API key making a write (scope-auth has let the field run, so there is one), and the
 * write's place in a request sent with an Idempotency-Key. Call it once per mutation field.
 */
export async function writerOf(context: Context): Promise<Writer> {
  const actor = await context.auth.actor()
  if (actor.kind !== 'key') throw refusal(actor, 'WRITE')
  return { id: actor.id, name: actor.name, idempotency: context.idempotency?.nextWrite() }
}
