import { readFileSync, writeFileSync } from 'node:fs'
import { printSchema } from 'graphql'
import { schema } from '../src/schema/index.js'

// `npm run schema:print` writes schema.graphql; `npm run schema:check` fails when it is stale.
const path = new URL('../schema.graphql', import.meta.url)
const printed = `${printSchema(schema)}\n`

if (process.argv.includes('--check')) {
  const current = readFileSync(path, 'utf8')
  if (current !== printed) {
    console.error('schema.graphql differs from the code: run `npm run schema:print` and commit the change.')
    process.exit(1)
  }
  console.log('schema.graphql is up to date.')
} else {
  writeFileSync(path, printed)
  console.log('Wrote schema.graphql')
}
