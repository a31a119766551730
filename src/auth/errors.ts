import { GraphQLError } from 'graphql'
import type { Actor, Scope } from './actor.js'

// Refusals of a write, as top-level GraphQL errors with stable codes: UNAUTHENTICATED when no
// usable key was sent, FORBIDDEN when the key lacks the scope.

export function refusal(actor: Actor | undefined, scope: Scope): GraphQLError {
  if (actor === undefined || actor.kind === 'anonymous') {
    return new GraphQLError('This operation needs an API key: send "Authorization: Bearer <API key>".', {
      extensions: { code: 'UNAUTHENTICATED' },
    })
  }
  if (actor.kind === 'rejected') return new GraphQLError(actor.reason, { extensions: { code: 'UNAUTHENTICATED' } })
  return new GraphQLError(`The API key "${actor.name}" lacks the ${scope.toLowerCase()} scope this operation needs.`, {
    extensions: { code: 'FORBIDDEN', scope: scope.toLowerCase() },
  })
}
