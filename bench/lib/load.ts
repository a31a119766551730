import autocannon from 'autocannon'

// One load test: autocannon's programmatic API, `connections` concurrent HTTP/1.1 connections for a
// fixed time, request bodies taken in turn. Latencies are collected from every response, so the
// percentiles (p95 included, which autocannon does not report) are exact.

export interface LoadOptions {
  url: string
  bodies: readonly string[]
  connections: number
  seconds: number
}

export interface LoadResult {
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  /** Socket errors and timeouts. */
  errors: number
  non2xx: number
  seconds: number
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]!
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = []
  let finish!: (result: autocannon.Result) => void
  let fail!: (error: Error) => void
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve
    fail = reject
  })
  const instance = autocannon(
    {
      url: `${options.url}/graphql`,
      connections: options.connections,
      duration: options.seconds,
      timeout: 30,
      requests: options.bodies.map((body) => ({
        method: 'POST' as const,
        path: '/graphql',
        headers: { 'content-type': 'application/json' },
        body,
      })),
    },
    (error, result) => (error ? fail(error) : finish(result)),
  )
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime)
  })
  const result = await done
  const sorted = Float64Array.from(latencies).sort()
  const seconds = result.duration
  return {
    requests: result.requests.total,
    rps: result.requests.total / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    seconds,
  }
}
