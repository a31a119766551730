import { builder } from '../../builder.js'
import { ConflictError, type Issue, NotFoundError, ValidationError } from '../../domain/write-errors.js'

// Expected failures of a mutation, returned as members of its result union so clients can
// switch on __typename. Refusals (no key, wrong scope) stay top-level errors with
// extensions.code UNAUTHENTICATED / FORBIDDEN; anything unexpected is masked.

const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'A failure a client can act on. Every mutation result union has these members.',
  fields: (t) => ({ message: t.exposeString('message') }),
})

const IssueRef = builder.objectRef<Issue>('ValidationIssue').implement({
  description: 'One broken rule.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Where in the arguments, e.g. `input.clauses[1].endsOn`.' }),
    message: t.exposeString('message', { description: 'The rule and the offending value.' }),
    code: t.exposeString('code', {
      description: 'Stable rule name: partial_date, too_big, too_small, format, invalid_type, not_found, not_a_party, duplicate, …',
    }),
  }),
})

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input breaks one or more rules; nothing was written.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ issues: t.field({ type: [IssueRef], resolve: (e) => e.issues }) }),
})

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The record to change does not exist; nothing was written.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ path: t.exposeString('path', { description: 'The argument that named it, e.g. `input.slug`.' }) }),
})

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description:
    'The write clashes with the current state: a unique value already taken, a stale expectedVersion, or an agreement already amended. Nothing was written; read again and retry.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The argument in conflict (`input` when the whole write is), e.g. `input.slug`.' }),
    currentVersion: t.exposeInt('currentVersion', { nullable: true, description: 'The version of the record now.' }),
  }),
})

/** The `errors` option of a mutation: `<Name>Result = <Name>Payload | ValidationError | …`. */
export function writeResult<F extends string>(name: string, dataField: F) {
  return {
    types: [ValidationError, NotFoundError, ConflictError],
    union: { name: `${name}Result` },
    result: { name: `${name}Payload` },
    dataField: { name: dataField },
  }
}
