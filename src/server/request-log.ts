import type { YogaLogger } from 'graphql-yoga'
import { type DestinationStream, type Logger, type LevelWithSilent, pino } from 'pino'
import { env } from '../env.js'
import type { RequestSummary } from './request-outcome.js'

// The server's log: JSON lines (pino), one per request with its ID, operation, status, outcome and
// duration, a warn line for a slow one, and Yoga's own messages. Only what request-outcome.ts
// summarises is written: never headers (API keys), query strings or variables.

export type { Logger } from 'pino'

/** A JSON-lines logger with readable level names and ISO times; to stdout unless `destination` is given. */
export function createLogger(level: LevelWithSilent = env.LOG_LEVEL, destination?: DestinationStream): Logger {
  const options = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  }
  return destination ? pino(options, destination) : pino(options)
}

let processLogger: Logger | undefined

/** The process's logger at LOG_LEVEL, made when the first server needs it. */
export function defaultLogger(): Logger {
  processLogger ??= createLogger()
  return processLogger
}

/** Yoga's logger interface over pino: an Error among the arguments becomes `err` (message, stack). */
export function yogaLogger(logger: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (!logger.isLevelEnabled(level)) return
      const err = args.find((arg) => arg instanceof Error)
      const message = args
        .filter((arg) => arg !== err)
        .map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)))
        .join(' ')
      logger[level](err ? { err } : {}, message || (err as Error | undefined)?.message || '')
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** One line per request; a slower one than `slowMs` (0: never) also gets a warn line. */
const round = (ms: number) => Math.round(ms * 10) / 10

export function logRequest(logger: Logger, summary: RequestSummary, slowMs: number): void {
  const durationMs = round(summary.durationMs)
  const fields = {
    requestId: summary.requestId,
    method: summary.method,
    path: summary.path,
    status: summary.status,
    operation: summary.operation,
    operationType: summary.operationType,
    outcome: summary.outcome,
    answeredBy: summary.answeredBy,
    durationMs,
  }
  logger.info(fields, 'request')
  if (slowMs > 0 && summary.durationMs > slowMs) {
    const statements = summary.statements && {
      count: summary.statements.count,
      totalMs: round(summary.statements.totalMs),
      slowestMs: round(summary.statements.slowestMs),
    }
    logger.warn(
      { requestId: summary.requestId, operation: summary.operation, path: summary.path, durationMs, statements, slowRequestMs: slowMs },
      'slow request',
    )
  }
}
