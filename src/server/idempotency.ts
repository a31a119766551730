import { createHash } from 'node:crypto'
import { type DocumentNode, type ExecutionResult, getOperationAST, GraphQLError, print } from 'graphql'
import { isAsyncIterable, type Plugin } from 'graphql-yoga'
import type { Context } from '../builder.js'
import { IdempotentRequest } from '../db/idempotency.js'

// The HTTP side of idempotent writes (src/db/idempotency.ts keeps the records): a mutation sent
// with an `Idempotency-Key` header carries the key and a hash of the request to its writes; an
// answer that replayed a recorded write says so in `Idempotent-Replayed: true`; and the 503 of a
// mutation says how to retry it safely.

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'
export const REPLAYED_HEADER = 'idempotent-replayed'

/**
 * The key of an Idempotency-Key header: a structured-field string (`"…"`, as the IETF draft
 * writes it) or the bare value; 1–255 printable ASCII characters. Null when it cannot be one.
 */
export function parseIdempotencyKey(header: string): string | null {
  let key = header
  if (header.startsWith('"')) {
    const quoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(header)
    if (!quoted) return null
    key = quoted[1]!.replace(/\\(["\\])/g, '$1')
  }
  return /^[\x20-\x7e]{1,255}$/.test(key) ? key : null
}

/** Object keys in one order, so the same variables always hash the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  )
}

/** What the key is bound to: the operation (printed, so layout does not count) and its variables. */
export function requestHash(document: DocumentNode, operationName: string | null | undefined, variables: unknown): string {
  const request = JSON.stringify([print(document), operationName ?? null, canonical(variables ?? {})])
  return createHash('sha256').update(request).digest('hex')
}

function badKey(): GraphQLError {
  return new GraphQLError('The Idempotency-Key header must be 1–255 printable ASCII characters, e.g. a UUID (quoted or not); nothing was run.', {
    extensions: { code: 'BAD_IDEMPOTENCY_KEY', http: { status: 400 } },
  })
}

const RETRY_WITH_KEY =
  'The write may have committed before the connection was lost. Retry with the same Idempotency-Key: a write that committed is returned, not made again.'
const RETRY_WITHOUT_KEY =
  'The write may have committed before the connection was lost: read before retrying. Send writes with an Idempotency-Key header to make retrying them safe.'

type Result = ExecutionResult & { extensions?: { http?: { headers?: Record<string, string> } } & Record<string, unknown> }

/** The 503 of a mutation, with advice on retrying it in `extensions.retry`. */
function withRetryAdvice(result: Result, idempotency: IdempotentRequest | undefined): Result {
  if (!result.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return result
  const retry = idempotency ? RETRY_WITH_KEY : RETRY_WITHOUT_KEY
  const errors = result.errors.map((e) =>
    e.extensions?.code === 'SERVICE_UNAVAILABLE'
      ? new GraphQLError(e.message, { nodes: e.nodes, path: e.path, extensions: { ...e.extensions, retry } })
      : e,
  )
  return { ...result, errors }
}

/** Marks an answer that replayed a recorded write (Yoga sends `extensions.http.headers` as headers). */
function markedReplayed(result: Result): Result {
  const http = result.extensions?.http ?? {}
  return { ...result, extensions: { ...result.extensions, http: { ...http, headers: { ...http.headers, [REPLAYED_HEADER]: 'true' } } } }
}

export function idempotency(): Plugin<Context> {
  const mutations = new WeakSet<object>()
  return {
    onExecute({ args, extendContext, setResultAndStopExecution }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return
      const context = args.contextValue
      mutations.add(context)
      const header = context.request?.headers.get(IDEMPOTENCY_KEY_HEADER)
      if (header === null || header === undefined) return
      const key = parseIdempotencyKey(header)
      if (key === null) {
        setResultAndStopExecution({ errors: [badKey()] })
        return
      }
      extendContext({ idempotency: new IdempotentRequest(key, requestHash(args.document, args.operationName, args.variableValues)) })
    },
    onExecutionResult({ context, result, setResult }) {
      if (!mutations.has(context) || !result || isAsyncIterable(result)) return
      const { idempotency } = context as Partial<Context>
      const advised = withRetryAdvice(result as Result, idempotency)
      const answer = idempotency?.replayed ? markedReplayed(advised) : advised
      if (answer !== result) setResult(answer)
    },
  }
}
