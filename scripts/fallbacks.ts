// `npm run fallbacks -- FILE`: the queries a run left to the resolvers (SQL_FALLBACK_LOG=FILE while
// it ran), by reason, most frequent first.
import { readFileSync } from 'node:fs'

const file = process.argv[2]
if (!file) {
  console.error('Usage: npm run fallbacks -- FILE   (the SQL_FALLBACK_LOG of a run, e.g. SQL_FALLBACK_LOG=/tmp/fallbacks.jsonl npm test)')
  process.exit(2)
}
const counts = new Map<string, number>()
let total = 0
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line) continue
  const { reason } = JSON.parse(line) as { reason: string }
  counts.set(reason, (counts.get(reason) ?? 0) + 1)
  total++
}
for (const [reason, count] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${String(count).padStart(7)}  ${reason}`)
console.log(`${String(total).padStart(7)}  queries left to the resolvers, ${counts.size} reasons`)
