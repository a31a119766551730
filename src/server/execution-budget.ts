import { defaultFieldResolver, getNamedType, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema, isLeafType, isObjectType } from 'graphql'

// What one query may spend while its resolvers run, checked as each field resolves: the bytes of
// its response so far (estimated from the values resolved: names, strings, numbers) and the event
// loop. Resolvers that return at once complete a whole subtree in one synchronous run (a page of
// agreements with every clause: every field of every object), so after SLICE_MS of work without
// the event loop going round, the next resolvers wait for it (a timer): /healthz and other
// requests are served in between, and the request's own time limit can fire.

/**
 * Longest stretch of work without the event loop going round before resolvers wait for it. Longer
 * than any stretch of the suite's legitimate queries (the longest, a page of 50 agreements with
 * every field, about 130 ms cold): a resolver that waits splits the batches of Pothos' loaders in
 * two, one more SQL statement each.
 */
export const SLICE_MS = 250
/** Resolver calls between two looks at the clock. */
const CALLS_PER_CHECK = 32

export function responseTooLarge(maxBytes: number): GraphQLError {
  const mb = (maxBytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })
  return new GraphQLError(`The response would exceed ${mb} MiB and was stopped; ask for fewer fields or smaller pages.`, {
    extensions: { code: 'RESPONSE_TOO_LARGE', http: { status: 400 } },
  })
}

export class ExecutionBudget {
  private bytes = 0
  private exceeded: GraphQLError | undefined
  private calls = 0
  /** When the current stretch of work without the event loop going round began. */
  private sliceStart = performance.now()
  /** Turns true once the event loop has gone round since `sliceStart` (waiting for SQL, say). */
  private loopTurned: { value: boolean } = { value: false }
  /** Set while the request waits for the event loop: resolvers called meanwhile wait with it. */
  private turn: Promise<void> | null = null
  /** Never settles; one per request, so what waits on it goes when the request does. */
  private readonly stopped = new Promise<never>(() => {})

  constructor(
    private readonly maxBytes: number,
    /** Aborted when a limit is reached (this budget's or the time limit). */
    private readonly signal: AbortSignal,
    private readonly stop: (error: GraphQLError) => void,
    private readonly sliceMs = SLICE_MS,
  ) {
    this.startSlice()
  }

  /**
   * Runs one resolver within the budget: its name and (for a leaf) its value count towards the
   * response. Once the request is stopped, resolvers answer `stopped`, a promise that never
   * settles: the rest of the executor's synchronous run is cheap and makes no error per field
   * (600,000 of them took 20 s), and no promise of it can reject unwatched. The request itself is
   * answered with the limit's error (request-timeout.ts).
   */
  resolve(run: () => unknown, responseName: string, leaf: boolean): unknown {
    if (this.exceeded || this.signal.aborted) return this.stopped
    if (this.turn) return this.turn.then(() => this.resolve(run, responseName, leaf))
    if (++this.calls % CALLS_PER_CHECK === 0) this.checkSlice()
    if (!this.fits(responseName.length + 4)) return this.stopped
    const value = run()
    if (!leaf) return value
    if (isThenable(value)) return value.then((v: unknown) => (this.fits(jsonSize(v)) ? v : this.stopped))
    return this.fits(jsonSize(value)) ? value : this.stopped
  }

  /** Adds `bytes` to the response; false once it holds more than the budget, and the request stops. */
  private fits(bytes: number): boolean {
    this.bytes += bytes
    if (this.bytes <= this.maxBytes) return true
    if (!this.exceeded) {
      const error = (this.exceeded = responseTooLarge(this.maxBytes))
      // Stopped between two synchronous runs of the executor, as the time limit is: the executor
      // then ends its loops as it does for the time limit, watching every promise it made.
      queueMicrotask(() => this.stop(error))
    }
    return false
  }

  private checkSlice(): void {
    if (this.loopTurned.value) this.startSlice()
    else if (performance.now() - this.sliceStart > this.sliceMs) {
      // A timer, not setImmediate: the loop then goes all the way round (timers, I/O, immediates).
      this.turn = new Promise((resume) =>
        setTimeout(() => {
          this.turn = null
          this.startSlice()
          resume()
        }, 0),
      )
    }
  }

  private startSlice(): void {
    this.sliceStart = performance.now()
    const turned: { value: boolean } = (this.loopTurned = { value: false })
    setImmediate(() => (turned.value = true))
  }
}

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function'

/** About the length of `value` as JSON (escapes aside): strings, numbers, lists of them, JSON values. */
export function jsonSize(value: unknown): number {
  if (value === null || value === undefined) return 4
  if (typeof value === 'string') return value.length + 2
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value).length
  if (value instanceof Date) return 26
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + jsonSize(item) + 1, 2)
  return JSON.stringify(value)?.length ?? 4
}

// The budget of each running query, by its context object (one per request).
const budgets = new WeakMap<object, ExecutionBudget>()

export function budgetFor(context: object, budget: ExecutionBudget): () => void {
  budgets.set(context, budget)
  return () => budgets.delete(context)
}

const instrumented = new WeakSet<GraphQLSchema>()

/**
 * Wraps every field resolver of the schema (once) so it runs within its request's budget, when the
 * request has one (queries; mutations run without).
 */
export function instrumentResolvers(schema: GraphQLSchema): void {
  if (instrumented.has(schema)) return
  instrumented.add(schema)
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver
      const leaf = isLeafType(getNamedType(field.type))
      field.resolve = (source, args, context, info) => {
        const budget = context && typeof context === 'object' ? budgets.get(context) : undefined
        if (!budget) return resolve(source, args, context, info)
        return budget.resolve(() => resolve(source, args, context, info), String(info.path.key), leaf)
      }
    }
  }
}
