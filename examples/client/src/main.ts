import { createClient } from './client.js'
import { runExample } from './run.js'

// npx tsx examples/client/src/main.ts [http://localhost:4000/graphql] [--trusted]
const uri = process.argv.find((arg) => arg.startsWith('http')) ?? 'http://localhost:4000/graphql'
const client = createClient({ uri, trustedDocuments: process.argv.includes('--trusted') })
console.log(JSON.stringify(await runExample(client), null, 2))
