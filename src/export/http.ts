// GET /export/graph.graphml, /export/nodes.csv, /export/edges.csv and /export/graph.json, with an
// optional ?asOf=YYYY-MM-DD, served by the same Yoga server as /graphql. A Yoga plugin answers
// these paths before GraphQL handling and lets every other request through.
import type { Plugin, YogaLogger } from 'graphql-yoga'
import { prisma } from '../db/prisma.js'
import { InvalidDateError } from '../domain/partial-date.js'
import { downloadName, EXPORT_FILES, isExportFileName, parseAsOf } from './files.js'
import { readSnapshot } from './snapshot.js'

const PREFIX = '/export/'

const plain = (Response: typeof globalThis.Response, status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } })

export function exportRoutes(): Plugin {
  let logger: YogaLogger | undefined
  return {
    onYogaInit({ yoga }) {
      logger = yoga.logger
    },
    async onRequest({ url, request, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(PREFIX)) return
      const { Response } = fetchAPI
      const file = url.pathname.slice(PREFIX.length)
      if (!isExportFileName(file)) {
        endResponse(plain(Response, 404, `No export at ${url.pathname}; try ${Object.keys(EXPORT_FILES).map((f) => PREFIX + f).join(', ')}`))
        return
      }
      if (request.method !== 'GET') {
        endResponse(plain(Response, 405, `${url.pathname} answers GET only`, { allow: 'GET' }))
        return
      }
      let asOf: string | null
      try {
        asOf = parseAsOf(url.searchParams.get('asOf'))
      } catch (error) {
        if (!(error instanceof InvalidDateError)) throw error
        endResponse(
          plain(Response, 400, `Bad query parameter "asOf": ${error.message}. Leave asOf out to export every version.`),
        )
        return
      }
      try {
        const body = EXPORT_FILES[file].render(await readSnapshot(prisma(), asOf))
        endResponse(
          new Response(body, {
            status: 200,
            headers: {
              'content-type': EXPORT_FILES[file].contentType,
              'content-disposition': `attachment; filename="${downloadName(asOf, file)}"`,
            },
          }),
        )
      } catch (error) {
        // Like GraphQL errors: details go to the log, never to the client.
        logger?.error(error)
        endResponse(plain(Response, 500, 'The export failed unexpectedly.'))
      }
    },
  }
}
