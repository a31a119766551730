// One export streamed as an HTTP response body: the file is written as its rows are fetched, at
// the pace the client reads it, on a connection of its own (session.ts), within a time limit.
// Whatever ends it (the last byte, the client leaving, the time limit, an error), its connection is
// closed and `onEnd` runs, once.
import type { ServerResponse } from 'node:http'
import type { YogaLogger } from 'graphql-yoga'
import { inChunks } from './chunks.js'
import { downloadName, EXPORT_FILES, type ExportFileName } from './files.js'
import { openExportSession, type ExportSession } from './session.js'
import { readSnapshot } from './snapshot.js'

export interface FetchApi {
  Response: typeof Response
  ReadableStream: typeof ReadableStream
}

export interface DownloadRequest {
  file: ExportFileName
  asOf: string | null
  connectionString: string
  timeoutMs: number
  /** Aborted when the client goes away. */
  clientGone: AbortSignal
  /** node:http's response when served by node:http: ended unfinished on a failure. */
  nodeResponse: ServerResponse | undefined
  fetchAPI: FetchApi
  logger: YogaLogger | undefined
  onEnd: () => void
}

export const plainText = (fetchAPI: FetchApi, status: number, message: string, headers: Record<string, string> = {}) =>
  new fetchAPI.Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } })

/**
 * The response for one export: 200 with a streamed body once the first chunk is ready, so a
 * database that cannot be reached or an export that fails at once is still a plain 503 or 500.
 * A failure after that ends the connection unfinished: the client sees a download that broke off,
 * never a complete-looking partial file.
 */
export async function download(request: DownloadRequest): Promise<Response> {
  const { file, asOf, timeoutMs, clientGone, fetchAPI, logger } = request
  // One signal for the session: the time limit or the client leaving. Not AbortSignal.any over the
  // request's signal: whatwg-node's request signal then stops reporting its own abort.
  const stop = new AbortController()
  let clientLeft = false
  const onClientGone = () => {
    clientLeft = true
    stop.abort(new Error(`The client left during the export of ${file}`))
  }
  clientGone.addEventListener('abort', onClientGone, { once: true })
  const timer = setTimeout(
    () => stop.abort(new Error(`The export of ${file} ran past its time limit of ${timeoutMs} ms (EXPORT_TIMEOUT_MS)`)),
    timeoutMs,
  )
  // The time limit alone never keeps the process alive.
  timer.unref()
  let session: ExportSession | undefined
  let body: ReadableStreamDefaultController<Uint8Array> | undefined
  let streaming = false
  let ended = false

  const end = () => {
    if (ended) return
    ended = true
    clearTimeout(timer)
    clientGone.removeEventListener('abort', onClientGone)
    stop.signal.removeEventListener('abort', onStop)
    void session?.close()
    request.onEnd()
  }
  const fail = (error: unknown) => {
    const wasEnded = ended
    end()
    // A client that left needs no answer, and its leaving is no error.
    if (clientLeft) return settle(() => body?.close())
    if (!wasEnded) logger?.error(error)
    if (streaming) request.nodeResponse?.destroy()
    settle(() => body?.error(error))
  }
  function onStop() {
    fail(stop.signal.reason)
  }
  stop.signal.addEventListener('abort', onStop, { once: true })
  if (clientGone.aborted) onClientGone()

  try {
    session = await openExportSession(request.connectionString, { timeoutMs, signal: stop.signal })
  } catch (error) {
    fail(error)
    return plainText(fetchAPI, 503, 'The database cannot be reached right now; retry in a moment.', { 'retry-after': '5' })
  }
  const chunks = inChunks(EXPORT_FILES[file].render(readSnapshot(session, asOf)))[Symbol.asyncIterator]()
  let first: IteratorResult<string> | undefined
  try {
    first = await chunks.next()
  } catch (error) {
    fail(error)
    return plainText(fetchAPI, 500, 'The export failed unexpectedly.')
  }

  const encoder = new TextEncoder()
  const stream = new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      body = controller
    },
    async pull(controller) {
      try {
        const chunk = first ?? (await chunks.next())
        first = undefined
        if (!chunk.done) return controller.enqueue(encoder.encode(chunk.value))
        controller.close()
        end()
      } catch (error) {
        fail(error)
      }
    },
    cancel: end,
  })
  streaming = true
  return new fetchAPI.Response(stream, {
    status: 200,
    headers: {
      'content-type': EXPORT_FILES[file].contentType,
      'content-disposition': `attachment; filename="${downloadName(asOf, file)}"`,
    },
  })
}

/** Closing or erroring a stream that is already closed or errored throws; here that changes nothing. */
function settle(action: () => void): void {
  try {
    action()
  } catch {
    // already settled
  }
}
