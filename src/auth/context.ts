import { findApiKeyByPrefix, touchApiKey } from '../db/api-keys.js'
import { primaryPrisma } from '../db/setup/prisma.js'
import { type Actor, resolveActor } from './actor.js'

// The HTTP part of context creation. The key is looked up lazily, on the first field that needs
// to know who is calling, so public reads with or without a header cost no SQL. On the primary, even
// inside a query on a read replica: a key made a moment ago is known, and its use is recorded.

export interface Auth {
  /** Who is calling; resolved once per request. */
  actor(): Promise<Actor>
  /** The actor once `actor()` has settled (scope-auth builds its error from it synchronously). */
  readonly resolved: Actor | undefined
}

export function authFromRequest(request: Request): Auth {
  let pending: Promise<Actor> | undefined
  let resolved: Actor | undefined
  return {
    actor() {
      pending ??= resolveActor(request.headers.get('authorization'), (prefix) => findApiKeyByPrefix(primaryPrisma(), prefix)).then(async (actor) => {
        if (actor.kind === 'key') await touchApiKey(primaryPrisma(), actor.id)
        resolved = actor
        return actor
      })
      return pending
    },
    get resolved() {
      return resolved
    },
  }
}
