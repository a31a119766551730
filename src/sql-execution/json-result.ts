import type { ExecutionResult } from 'graphql'

/** An execution result Yoga writes with its own `stringify` (graphql-yoga's result processors use it when present). */
export type JsonTextResult = ExecutionResult & { stringify: (result: ExecutionResult) => string }

/**
 * The result of a SQL-built answer, whose `data` PostgreSQL has already written as JSON text.
 * Yoga writes that text as it is, instead of parsing it into objects only to serialise them again
 * (a neighborhood's 240 KB: about 1.1 ms of CPU a request, and the garbage). `data` is parsed
 * only if something reads it (the response cache reads it, and sets it); from then on the result
 * is serialised as usual, since whoever read `data` may have changed it, and so is a result given
 * extensions.
 */
export function jsonTextResult(text: string): JsonTextResult {
  let data: ExecutionResult['data']
  let touched = false
  const result: JsonTextResult = {
    get data() {
      if (!touched) {
        data = JSON.parse(text) as ExecutionResult['data']
        touched = true
      }
      return data
    },
    set data(value) {
      data = value
      touched = true
    },
    // Server-sent events frame a result as one line: PostgreSQL's JSON has none inside strings,
    // but json_agg over rows (not used here) would put some between elements. The text is only
    // scanned for them when it is about to be written.
    stringify: (value) => {
      const asMade = value === result && !touched && value.extensions === undefined && value.errors === undefined
      return asMade && !text.includes('\n') ? `{"data":${text}}` : JSON.stringify(value)
    },
  }
  return result
}
