import { randomUUID } from 'node:crypto'
import { type ExecutionResult, getOperationAST, parse } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { statementTimings } from '../db/setup/statement-scope.js'
import { type Route, routeOf } from './routes.js'

// What became of each request, gathered along Yoga's hooks and handed to `done` once its response
// is ready: the request ID, the operation, how long it took, its outcome (ok or the first error's
// extensions.code) and, for a query, what answered it. The log (request-log.ts) and the metrics
// (metrics.ts) are both made from this one summary.

export const REQUEST_ID_HEADER = 'x-request-id'

/** An ID a client or proxy sent is kept when it is a plain token; anything else gets a fresh one. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

export function requestIdOf(request: Request): string {
  const sent = request.headers.get(REQUEST_ID_HEADER)
  return sent !== null && SANE_REQUEST_ID.test(sent) ? sent : randomUUID()
}

/** planned: one SQL statement built the answer (src/sql-execution/); resolvers: the executor; cache: the response cache. */
export type AnsweredBy = 'planned' | 'resolvers' | 'cache'

export interface RequestSummary {
  requestId: string
  method: string
  /** The path only: a GET's query string holds the query and its variables. */
  path: string
  route: Route | null
  status: number
  /** The operation's name as sent or in its document; null when the request named none or never got that far. */
  operation: string | null
  operationType: 'query' | 'mutation' | 'subscription' | null
  /** 'ok', else the extensions.code of the first error (UNKNOWN when it has none), else HTTP_<status>. */
  outcome: string
  /** extensions.code of every error in the response. */
  errorCodes: string[]
  /** Queries only; null for writes and for requests refused before they ran. */
  answeredBy: AnsweredBy | null
  durationMs: number
  /** A query's SQL statements: how many, their total and the slowest, in ms; null for other requests. */
  statements: { count: number; totalMs: number; slowestMs: number } | null
}

interface State {
  requestId: string
  startedAt: number
  operation: string | null
  /** The document as sent, kept to name a cache hit (which is answered before it is parsed). */
  document: string | null
  operationType: RequestSummary['operationType']
  executed: boolean
  resolvers: boolean
  cached: boolean
  errorCodes: string[] | null
  /** The GraphQL context of the execution, which statement-scope.ts keys its timings by. */
  context: object | null
}

const SERVED_FROM_CACHE = Symbol.for('servedFromResponseCache')

const codesOf = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
  (errors ?? []).map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN'))

/** The codes of an answer a plugin ended early with (a rate limit, a refused document): small JSON bodies. */
async function earlyResponseCodes(response: Response): Promise<string[] | null> {
  if (response.status < 400 || !response.headers.get('content-type')?.includes('json')) return null
  try {
    const body = (await response.clone().json()) as ExecutionResult
    return Array.isArray(body.errors) ? codesOf(body.errors) : null
  } catch {
    return null
  }
}

function statementsSummary(timings: readonly number[] | null | undefined): RequestSummary['statements'] {
  if (!timings) return null
  return { count: timings.length, totalMs: timings.reduce((a, b) => a + b, 0), slowestMs: Math.max(0, ...timings) }
}

function operationNameIn(document: string): string | null {
  try {
    return getOperationAST(parse(document))?.name?.value ?? null
  } catch {
    return null
  }
}

/**
 * Two plugins: `observe` goes first (it times the whole request and sets the x-request-id header)
 * and `beforePlanner` just before the SQL planner, where the executor's function it wraps is only
 * called when the resolvers answer.
 */
export function requestOutcomes(done: (summary: RequestSummary) => void): { observe: Plugin; beforePlanner: Plugin } {
  const states = new WeakMap<Request, State>()
  const stateOf = (request: Request | undefined) => (request ? states.get(request) : undefined)
  const observe: Plugin = {
    onRequest({ request }) {
      states.set(request, {
        requestId: requestIdOf(request),
        startedAt: performance.now(),
        operation: null,
        document: null,
        operationType: null,
        executed: false,
        resolvers: false,
        cached: false,
        errorCodes: null,
        context: null,
      })
    },
    onParams({ request, params }) {
      const state = stateOf(request)
      if (!state) return
      if (typeof params.operationName === 'string') state.operation = params.operationName
      if (typeof params.query === 'string') state.document = params.query
    },
    onParse({ context }) {
      // Named from the document as soon as it parses, so a request refused by validation has its name too.
      return ({ result }) => {
        const state = stateOf((context as { request?: Request }).request)
        if (state && !(result instanceof Error) && result !== null && 'kind' in result) {
          state.operation ??= getOperationAST(result, (context as { params?: { operationName?: string } }).params?.operationName)?.name?.value ?? null
        }
      }
    },
    onResultProcess({ request, result }) {
      const state = stateOf(request)
      if (!state || Symbol.asyncIterator in result) return
      const results = Array.isArray(result) ? result : [result]
      state.errorCodes = results.flatMap((one) => codesOf(one.errors))
      state.cached = results.some((one) => (one as Record<symbol, unknown>)[SERVED_FROM_CACHE] === true)
      if (state.cached && state.operation === null && state.document !== null) state.operation = operationNameIn(state.document)
    },
    async onResponse({ request, response }) {
      const state = stateOf(request)
      if (!state) return
      states.delete(request)
      response.headers.set(REQUEST_ID_HEADER, state.requestId)
      const errorCodes = state.errorCodes ?? (await earlyResponseCodes(response)) ?? []
      const url = new URL(request.url, 'http://localhost')
      const isQuery = state.operationType === 'query' || (state.cached && state.operationType === null)
      const answeredBy: AnsweredBy | null = state.cached ? 'cache' : !isQuery || !state.executed ? null : state.resolvers ? 'resolvers' : 'planned'
      done({
        requestId: state.requestId,
        method: request.method,
        path: url.pathname,
        route: routeOf(url),
        status: response.status,
        operation: state.operation,
        operationType: state.cached ? 'query' : state.operationType,
        outcome: errorCodes[0] ?? (response.status >= 400 ? `HTTP_${response.status}` : 'ok'),
        errorCodes,
        answeredBy,
        durationMs: performance.now() - state.startedAt,
        statements: statementsSummary(state.context && statementTimings.get(state.context)),
      })
    },
  }
  const beforePlanner: Plugin = {
    onExecute({ args, executeFn, setExecuteFn }) {
      const state = stateOf((args.contextValue as { request?: Request }).request)
      if (!state) return
      const operation = getOperationAST(args.document, args.operationName)
      state.operation ??= operation?.name?.value ?? null
      state.operationType = operation?.operation ?? null
      state.executed = true
      state.context = args.contextValue as object
      setExecuteFn((executionArgs) => {
        state.resolvers = true
        return executeFn(executionArgs)
      })
    },
  }
  return { observe, beforePlanner }
}
