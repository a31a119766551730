// An export is made of many small pieces (a line, a row, an entry); these join them into chunks of
// about CHUNK_CHARS for fewer, larger writes, and write them to a Node stream as fast as it takes them.
import { once } from 'node:events'
import type { Writable } from 'node:stream'

const CHUNK_CHARS = 64 * 1024

export async function* inChunks(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let chunk = ''
  for await (const piece of pieces) {
    chunk += piece
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk !== '') yield chunk
}

/** Writes every piece, waiting for the stream to drain whenever its buffer is full (never buffering the file). */
export async function writeAll(pieces: AsyncIterable<string>, out: Writable): Promise<void> {
  for await (const chunk of inChunks(pieces)) {
    if (!out.write(chunk)) await once(out, 'drain')
  }
}
