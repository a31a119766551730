import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'

// Graceful shutdown of a node:http server: stop accepting connections, let the requests in flight
// finish (each later response on a kept-alive connection says `Connection: close`), and cut what
// is still running when the grace period ends.

export interface Draining {
  /** Wraps the request handler so requests in flight are counted. */
  handler(next: RequestListener): RequestListener
  /** Requests being served now. */
  readonly inFlight: number
  /** Whether drain() has been called. */
  readonly stopping: boolean
  /** Stops accepting; resolves with the number of requests cut at the grace period (0: all finished). */
  drain(server: Server, graceMs: number): Promise<number>
}

export function draining(): Draining {
  let inFlight = 0
  let stopping = false
  let onIdle: (() => void) | undefined
  return {
    handler(next) {
      return (request: IncomingMessage, response: ServerResponse) => {
        inFlight += 1
        if (stopping) response.setHeader('connection', 'close')
        response.once('close', () => {
          inFlight -= 1
          if (inFlight === 0) onIdle?.()
        })
        next(request, response)
      }
    },
    get inFlight() {
      return inFlight
    },
    get stopping() {
      return stopping
    },
    async drain(server, graceMs) {
      stopping = true
      server.close()
      server.closeIdleConnections()
      if (inFlight > 0) {
        let timer: NodeJS.Timeout | undefined
        await new Promise<void>((resolve) => {
          onIdle = resolve
          timer = setTimeout(resolve, graceMs)
        })
        clearTimeout(timer)
      }
      const cut = inFlight
      server.closeAllConnections()
      return cut
    },
  }
}
