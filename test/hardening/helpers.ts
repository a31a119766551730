import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { createServer, type ServerOptions } from '../../src/yoga.js'
import { type GraphQLResponse, startTestApi, type TestApi } from '../helpers/api.js'

// The test API of test/helpers/api.ts (own database, statement counting) with servers built from
// explicit options (production switches, rate limits, timeouts) and raw HTTP access. Every server
// of a file shares its one database: resolvers use the process's one Prisma client.

export interface Served {
  yoga: ReturnType<typeof createServer>
  /** Any request to this server; resets `statements` first. `client.ip` plays the socket address. */
  send(path: string, init?: RequestInit, client?: { ip?: string }): Promise<Response>
  /** A JSON POST to /graphql, with its HTTP status and headers. */
  post<T = Record<string, any>>(
    body: unknown,
    headers?: Record<string, string>,
    client?: { ip?: string },
  ): Promise<{ status: number; headers: Headers; json: GraphQLResponse<T> }>
}

export interface HardeningApi extends TestApi {
  serve(options?: ServerOptions): Served
}

/** What node:http hands Yoga as the server context: the socket, for the client address. */
export function serverContextFor(ip: string) {
  return { req: { socket: { remoteAddress: ip } } }
}

export async function startHardeningApi(fill?: (prisma: PrismaClient) => Promise<unknown>): Promise<HardeningApi> {
  const api = await startTestApi(fill)
  const servers: Served[] = []
  return {
    ...api,
    serve(options = {}) {
      const yoga = createServer({ graphiql: false, ...options })
      const send = async (path: string, init: RequestInit = {}, client: { ip?: string } = {}) => {
        api.statements.length = 0
        return yoga.fetch(`http://yoga${path}`, init, serverContextFor(client.ip ?? '192.0.2.1'))
      }
      const served: Served = {
        yoga,
        send,
        async post(body, headers = {}, client = {}) {
          const response = await send(
            '/graphql',
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...headers },
              body: typeof body === 'string' ? body : JSON.stringify(body),
            },
            client,
          )
          return { status: response.status, headers: response.headers, json: (await response.json()) as GraphQLResponse<any> }
        },
      }
      servers.push(served)
      return served
    },
    async close() {
      for (const { yoga } of servers) await yoga.dispose()
      await api.close()
    },
  }
}
