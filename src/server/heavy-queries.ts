import { GraphQLError } from 'graphql'

// Queries priced above HEAVY_QUERY_COST (query-cost.ts: the most objects the answer can hold) run
// a few at a time per process. One such query is bounded by its price, the response cap and its
// time slices; many at once would still share one event loop and one heap (eight 7 MB answers at
// once held /healthz for seconds). The rest wait their turn, within the request's time limit, or
// are refused when too many already wait.

/** Above the heaviest GraphiQL tab (727) and bench query (1,951); a full page of full pages is heavy. */
export const HEAVY_QUERY_COST = 10_000

export function serverBusy(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many large queries are running on this server; retry in ${retryAfterSeconds} s, or ask for fewer or smaller lists.`, {
    extensions: { code: 'SERVER_BUSY', http: { status: 503, headers: { 'retry-after': String(retryAfterSeconds) } } },
  })
}

export class HeavyQueryGate {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  /** Whether one more query could run or wait now. */
  get full(): boolean {
    return this.running >= this.maxRunning && this.waiting.length >= this.maxWaiting
  }

  /** Runs `work` once a place is free; a query stopped while it waited (its signal) never starts. */
  async run<T>(work: () => Promise<T>, signal: AbortSignal | undefined, stopped: () => T): Promise<T> {
    if (this.running >= this.maxRunning) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.running += 1
    try {
      return signal?.aborted ? stopped() : await work()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.running -= 1
    }
  }
}
