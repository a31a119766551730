// Prints the SQL statement the planner builds for a query, and PostgreSQL's plan of it on the database.
// Usage: DATABASE_URL=… npm run explain -- '<query>' ['<variables as JSON>'] [--analyze]
// With --analyze it runs the statement five times on one connection and prints the last plan,
// so the connection's first planning (catalog caches) does not count.
import { parse } from 'graphql'
import pg from 'pg'
import { env } from '../src/env.js'
import { schema } from '../src/schema/index.js'
import { compileOperation } from '../src/sql-execution/plugin.js'

const args = process.argv.slice(2).filter((a) => a !== '--analyze')
const analyze = process.argv.includes('--analyze')
const [query, variables] = args
if (!query) {
  console.error("usage: npm run explain -- '<query>' ['<variables as JSON>'] [--analyze]")
  process.exit(1)
}
const compiled = compileOperation(schema, parse(query), null, variables ? JSON.parse(variables) : {})
if ('refusal' in compiled) {
  console.error(`not planned: ${compiled.refusal}`)
  process.exit(1)
}
const statement = await compiled.plan()
if (!statement) throw new Error('no statement')
console.log(statement.text, '\n', JSON.stringify(statement.values))
if (!env.DATABASE_URL) throw new Error('set DATABASE_URL')
const client = new pg.Client({ connectionString: env.DATABASE_URL })
await client.connect()
const explain = analyze ? 'EXPLAIN (ANALYZE, BUFFERS)' : 'EXPLAIN'
let plan: string[] = []
for (let run = 0; run < (analyze ? 5 : 1); run++) {
  const { rows } = await client.query(`${explain} ${statement.text}`, statement.values)
  plan = rows.map((r) => r['QUERY PLAN'])
}
console.log(plan.join('\n'))
await client.end()
