// The floor's HTTP server: plain node:http and a pg Pool (10 connections, as Prisma's adapter
// uses), one SQL statement per request that returns the finished JSON text. Started by bench/run.ts
// as a child process: FLOOR_DATABASE_URL and FLOOR_PORT.
import http from 'node:http'
import pg from 'pg'
import { FLOOR_SQL, floorParams } from './floor.js'
import type { SignatureVariables } from './queries.js'

const url = process.env.FLOOR_DATABASE_URL
const port = Number(process.env.FLOOR_PORT)
if (!url || !port) throw new Error('FLOOR_DATABASE_URL and FLOOR_PORT are required')

// The API's pool settings that bear on speed: 10 connections, no JIT (src/db/client.ts).
const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off' })

const server = http.createServer(async (request, response) => {
  try {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: SignatureVariables }
    const { rows } = await pool.query<{ body: string }>(FLOOR_SQL, floorParams(variables))
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
  void pool.end().then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
