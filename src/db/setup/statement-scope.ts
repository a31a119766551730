import { AsyncLocalStorage } from 'node:async_hooks'
import type pg from 'pg'

// The statements a request has running in PostgreSQL, so that a request stopped early (its time
// limit, the client gone) cancels them instead of leaving them to run until statement_timeout.
// Every pooled connection records itself in the scope of the request that sends on it.

interface Scope {
  /** Connections running a statement of the request now. */
  running: Set<pg.Client>
  /** Set once the request is stopped: later statements are not sent. */
  cancelled: boolean
  /** How long each finished statement took, in ms (the slow-request log reads them). */
  timings: number[]
}

const scopes = new AsyncLocalStorage<Scope>()

let statementTimed: ((ms: number) => void) | undefined

/** The statement durations (ms) of each query, by its GraphQL context (the request log reads them). */
export const statementTimings = new WeakMap<object, readonly number[]>()

/** Calls `listener` with the duration of every statement a request sends (the metrics' histogram). */
export function onStatementTimed(listener: (ms: number) => void): void {
  statementTimed = listener
}

/** What a statement of a stopped request fails with: PostgreSQL's query_canceled, so it reads as TIMEOUT. */
function cancelledError(): Error {
  return Object.assign(new Error('canceling statement: the request was stopped'), { code: '57014' })
}

type Query = (...args: unknown[]) => unknown
interface Cancellable {
  activeQuery?: unknown
  cancel(client: pg.Client, query: unknown): void
  connection: { on(event: 'error', listener: () => void): void }
}

/**
 * Records the statements of `pool`'s connections in the scope of the request that sends them.
 * Connections handed over from a waiting queue call back in the releasing request's context, so
 * `connect` binds its callback to the caller's.
 */
export function trackStatements(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (callback?: (...args: unknown[]) => void) => unknown
  pool.connect = ((callback?: (...args: unknown[]) => void) => connect(callback && AsyncLocalStorage.bind(callback))) as typeof pool.connect
  pool.on('connect', (client) => {
    const query = client.query as unknown as Query
    ;(client as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
      const scope = scopes.getStore()
      if (!scope) return query.apply(this, args)
      const last = args.at(-1)
      if (scope.cancelled) {
        // Resolvers already under way when the request stopped: their statements are not sent.
        if (typeof last !== 'function') return Promise.reject(cancelledError())
        process.nextTick(last, cancelledError())
        return undefined
      }
      scope.running.add(client)
      const started = performance.now()
      const done = () => {
        scope.running.delete(client)
        const ms = performance.now() - started
        scope.timings.push(ms)
        statementTimed?.(ms)
      }
      if (typeof last === 'function') {
        args[args.length - 1] = (...result: unknown[]) => {
          done()
          return last(...result)
        }
        return query.apply(this, args)
      }
      const result = query.apply(this, args)
      if (result instanceof Promise) result.then(done, done)
      return result
    }
  })
}

export interface StatementScope {
  /** Asks PostgreSQL to cancel the statements of this scope still running; later ones are not sent. */
  cancel(): void
  /** The durations of the statements finished so far, in ms, in the order they ended. */
  readonly timings: readonly number[]
}

/**
 * Runs `run` with its statements recorded. A connection is in the scope only while the request
 * holds it, so a cancel reaches the request's own statement; one that ends in the millisecond the
 * cancel message travels can let it reach the next statement on that connection, which then fails
 * as TIMEOUT and can be retried.
 */
export function withStatementScope<T>(run: (scope: StatementScope) => T): T {
  const state: Scope = { running: new Set(), cancelled: false, timings: [] }
  const scope: StatementScope = {
    timings: state.timings,
    cancel() {
      state.cancelled = true
      for (const client of state.running) {
        const target = client as unknown as Cancellable
        // pg sends PostgreSQL's CancelRequest on a connection of its own, outside the pool.
        const canceller = new (client.constructor as new (config: unknown) => Cancellable)(
          (client as unknown as { connectionParameters: unknown }).connectionParameters,
        )
        canceller.connection.on('error', () => {})
        canceller.cancel(client, target.activeQuery)
      }
      state.running.clear()
    },
  }
  return scopes.run(state, () => run(scope))
}
