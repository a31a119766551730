// GET /export/graph.graphml, /export/nodes.csv, /export/edges.csv and /export/graph.json, with an
// optional ?asOf=YYYY-MM-DD, served by the same Yoga server as /graphql. A Yoga plugin answers
// these paths before GraphQL handling and lets every other request through. Exports are streamed
// (download.ts); a server runs at most `maxConcurrent` of them at once and refuses more with 429.
import type { ServerResponse } from 'node:http'
import type { Plugin, YogaLogger } from 'graphql-yoga'
import { rawAccessOf } from '../db/setup/client.js'
import { readClient } from '../db/setup/prisma.js'
import { InvalidDateError } from '../domain/partial-date.js'
import { env } from '../env.js'
import { EXPORT_PREFIX, routeOf } from '../server/routes.js'
import { download, plainText } from './download.js'
import { EXPORT_FILES, isExportFileName, parseAsOf } from './files.js'

/** What a refused client is told to wait: long enough for a typical export to end. */
const RETRY_AFTER_SECONDS = 30

export interface ExportLimits {
  /** Exports this server streams at once; more are refused with 429 and Retry-After. */
  maxConcurrent: number
  /** Time limit of one export, from the request to its last byte. */
  timeoutMs: number
}

export const exportLimitsFromEnv = (): ExportLimits => ({
  maxConcurrent: env.EXPORT_MAX_CONCURRENT,
  timeoutMs: env.EXPORT_TIMEOUT_MS,
})

/** Where a read starting now goes (a read replica that has caught up, else the primary): each export opens a connection of its own there. */
async function connectionString(): Promise<string> {
  const url = rawAccessOf(await readClient())?.pool.options.connectionString
  if (!url) throw new Error('Exports need a Prisma client made by createPrismaClient (src/db/setup/client.ts)')
  return url
}

export function exportRoutes(limits: ExportLimits = exportLimitsFromEnv()): Plugin {
  let logger: YogaLogger | undefined
  let running = 0
  return {
    onYogaInit({ yoga }) {
      logger = yoga.logger
    },
    async onRequest({ url, request, serverContext, fetchAPI, endResponse }) {
      if (routeOf(url) !== 'export') return
      const file = url.pathname.slice(EXPORT_PREFIX.length)
      if (!isExportFileName(file)) {
        endResponse(
          plainText(
            fetchAPI,
            404,
            `No export at ${url.pathname}; try ${Object.keys(EXPORT_FILES)
              .map((f) => EXPORT_PREFIX + f)
              .join(', ')}`,
          ),
        )
        return
      }
      if (request.method !== 'GET') {
        endResponse(plainText(fetchAPI, 405, `${url.pathname} answers GET only`, { allow: 'GET' }))
        return
      }
      let asOf: string | null
      try {
        asOf = parseAsOf(url.searchParams.get('asOf'))
      } catch (error) {
        if (!(error instanceof InvalidDateError)) throw error
        endResponse(plainText(fetchAPI, 400, `Bad query parameter "asOf": ${error.message}. Leave asOf out to export every version.`))
        return
      }
      if (running >= limits.maxConcurrent) {
        endResponse(
          plainText(
            fetchAPI,
            429,
            `This server is already streaming ${running} export(s), the most it runs at once; retry in ${RETRY_AFTER_SECONDS} s.`,
            { 'retry-after': String(RETRY_AFTER_SECONDS) },
          ),
        )
        return
      }
      // Counted before the wait for the read check, so concurrent requests cannot all pass the limit.
      running += 1
      let database: string
      try {
        database = await connectionString()
      } catch (error) {
        running -= 1
        throw error
      }
      endResponse(
        await download({
          file,
          asOf,
          connectionString: database,
          timeoutMs: limits.timeoutMs,
          clientGone: request.signal,
          nodeResponse: (serverContext as { res?: ServerResponse } | undefined)?.res,
          fetchAPI,
          logger,
          onEnd: () => {
            running -= 1
          },
        }),
      )
    },
  }
}
