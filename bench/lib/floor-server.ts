// The floor's HTTP server: plain node:http and a pg Pool (10 connections, as Prisma's adapter
// uses), one SQL statement per request that returns the finished JSON text. A request names its
// query (`floor`: a name of CLIENT_QUERIES; signature when absent) and its variables. Started by
// bench/run.ts as a child process, given the database URL and the port as arguments.
import { createHash } from 'node:crypto'
import http from 'node:http'
import pg from 'pg'
import { CLIENT_QUERIES, type ClientQueryName, floorStatement } from './client-queries.js'

const [url, portArgument] = process.argv.slice(2)
const port = Number(portArgument)
if (!url || !port) throw new Error('usage: floor-server.ts <database-url> <port>')

// The API's pool settings that bear on speed: 10 connections, no JIT (src/db/setup/client.ts).
// A floor with settings of its own (search's) gets a pool with them.
const pools = new Map<string, pg.Pool>()
function poolFor(settings: Record<string, string> = {}): pg.Pool {
  const options = Object.entries({ jit: 'off', ...settings })
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ')
  let pool = pools.get(options)
  if (!pool) pools.set(options, (pool = new pg.Pool({ connectionString: url, max: 10, options })))
  return pool
}

const server = http.createServer(async (request, response) => {
  try {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { floor?: ClientQueryName; variables: Record<string, unknown> }
    const query = CLIENT_QUERIES[body.floor ?? 'signature']
    if (!query) throw new Error(`no floor named ${body.floor}`)
    const { sql, params, settings, keepPlan } = floorStatement(query, body.variables)
    const name = keepPlan ? `floor_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}` : undefined
    const { rows } = await poolFor(settings).query<{ body: string }>({ name, text: sql, values: params })
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
    response.end(rows[0]!.body)
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' })
    response.end(error instanceof Error ? error.message : String(error))
  }
})

server.listen(port, '127.0.0.1', () => console.log(`floor ready on ${port}`))

const stop = () => {
  server.close()
  server.closeIdleConnections()
  void Promise.all([...pools.values()].map((pool) => pool.end())).then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
