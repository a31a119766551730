import { GraphQLError } from 'graphql'
import { maskError as yogaMaskError } from 'graphql-yoga'

// Errors clients can act on, chosen where Yoga masks unexpected errors: a database that cannot be
// reached (restarting, failing over, out of connections) is SERVICE_UNAVAILABLE (HTTP 503, retry
// shortly), a statement that ran past statement_timeout is TIMEOUT (HTTP 504). Neither says more
// than that; the cause goes to the log like every masked error.

export function serviceUnavailable(): GraphQLError {
  return new GraphQLError('The service is temporarily unavailable; retry in a few seconds.', {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'retry-after': '5' } } },
  })
}

export function timedOut(what = 'The operation'): GraphQLError {
  return new GraphQLError(`${what} took too long and was stopped; narrow it down (smaller pages, fewer fields) or retry later.`, {
    extensions: { code: 'TIMEOUT', http: { status: 504 } },
  })
}

// PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03 (shutting down, crashed,
// starting up), 53300 (too many connections); 57014 (query_canceled) is statement_timeout.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/
// Prisma's codes for "cannot reach / lost / timed out waiting for the server or a connection".
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
// Driver adapter error kinds for the same.
const UNAVAILABLE_KIND = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])
// Node socket errors, and what pg and pg-pool throw when a connection fails or cannot be had in time.
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Can't reach database server/i

interface Cause {
  code?: unknown
  kind?: unknown
  originalCode?: unknown
  originalMessage?: unknown
  message?: unknown
}

/** The errors below `error`: GraphQL originalError, `cause`, Prisma's driver adapter error. */
function* chain(error: unknown): Generator<Cause> {
  const seen = new Set<unknown>()
  let current: unknown = error
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current)
    const item = current as Cause & { originalError?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: Cause } } }
    yield item
    const adapterCause = item.meta?.driverAdapterError?.cause
    if (adapterCause) yield adapterCause
    current = item.originalError ?? item.cause
  }
}

export type DatabaseFault = 'unavailable' | 'timeout'

export function databaseFault(error: unknown): DatabaseFault | null {
  for (const item of chain(error)) {
    const sqlstate = typeof item.originalCode === 'string' ? item.originalCode : typeof item.code === 'string' ? item.code : ''
    if (sqlstate === '57014') return 'timeout'
    if (item.constructor?.name === 'PrismaClientInitializationError') return 'unavailable'
    if (UNAVAILABLE_SQLSTATE.test(sqlstate) || UNAVAILABLE_PRISMA.has(sqlstate) || UNAVAILABLE_NODE.has(sqlstate)) return 'unavailable'
    if (typeof item.kind === 'string' && UNAVAILABLE_KIND.has(item.kind)) return 'unavailable'
    const message = typeof item.message === 'string' ? item.message : typeof item.originalMessage === 'string' ? item.originalMessage : ''
    if (UNAVAILABLE_MESSAGE.test(message)) return 'unavailable'
  }
  return null
}

/** Yoga's maskError, with database faults turned into SERVICE_UNAVAILABLE and TIMEOUT. */
export const maskError: typeof yogaMaskError = (error, message, isDev) => {
  const fault = databaseFault(error)
  if (fault === null) return yogaMaskError(error, message, isDev)
  const masked = fault === 'timeout' ? timedOut('A database statement') : serviceUnavailable()
  if (error instanceof GraphQLError) {
    return new GraphQLError(masked.message, { nodes: error.nodes, path: error.path, extensions: masked.extensions })
  }
  return masked
}
