// `npm run generate -- --companies 10000 --agreements 100000 [--seed 42] [--database-url URL]
//  [--append | --reset]`: a synthetic graph (synthetic/) loaded with COPY into DATABASE_URL, the
// given URL, or the embedded database. Slugs start with "syn-", so the generated rows never meet the
// shipped dataset, and a database that already holds some is left alone unless told otherwise.
import { parseArgs } from 'node:util'
import { openDatabase } from '../src/db/setup/database.js'
import { env } from '../src/env.js'
import { type ExistingRows, GeneratedRowsExistError, generateGraph, type Progress } from '../synthetic/generate.js'
import { TABLE_ORDER } from '../synthetic/tables.js'

const usage = `Usage: npm run generate -- --companies N --agreements N [--seed N] [--database-url URL] [--append | --reset]

  --companies N       companies to create (default 10000)
  --agreements N      agreement versions to create, amendments included (default 100000)
  --seed N            random seed; the same seed gives the same graph (default 42)
  --database-url URL  target database (default: DATABASE_URL, else the embedded database)
  --append            add another generated graph beside the generated rows already there
  --reset             delete the generated rows first (the shipped data stays)`

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value.replace(/_/g, ''))
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0 (got "${value}")`)
  return n
}

const fmt = (n: number) => n.toLocaleString('en-US')

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      companies: { type: 'string' },
      agreements: { type: 'string' },
      seed: { type: 'string' },
      'database-url': { type: 'string' },
      append: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log(usage)
    return
  }
  if (values.append && values.reset) throw new Error('--append and --reset exclude each other')
  const companies = wholeNumber('companies', values.companies, 10_000)
  const agreements = wholeNumber('agreements', values.agreements, 100_000)
  const seed = wholeNumber('seed', values.seed, 42)
  const existing: ExistingRows = values.append ? 'append' : values.reset ? 'reset' : 'refuse'

  const database = await openDatabase({ url: values['database-url'] ?? env.DATABASE_URL })
  console.log(`Generating ${fmt(companies)} companies and ${fmt(agreements)} agreements (seed ${seed}) into ${redact(database.url)}`)
  const interactive = process.stdout.isTTY
  let lastDecile = -1
  const onProgress = (p: Progress) => {
    const percent = p.target === 0 ? 100 : Math.floor((100 * p.agreements) / p.target)
    const line =
      `${String(percent).padStart(3)}% · agreements ${fmt(p.agreements)}/${fmt(p.target)} · clauses ${fmt(p.rows.Clause)}` +
      ` · citations ${fmt(p.rows.AgreementCitation + p.rows.ClauseCitation)} · ${p.seconds.toFixed(1)} s`
    if (interactive) process.stdout.write(`\r${line}`)
    else if (Math.floor(percent / 10) > lastDecile) console.log(line)
    lastDecile = Math.floor(percent / 10)
  }
  try {
    const summary = await generateGraph({ url: database.url, companies, agreements, seed, existing, onProgress, log: console.log })
    if (interactive) process.stdout.write('\n')
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0)
    console.log(`\nRows written (slugs "${summary.prefix}…"):`)
    for (const table of TABLE_ORDER) {
      console.log(`  ${table.padEnd(24)} ${fmt(summary.rows[table]).padStart(10)}  ${summary.loadSeconds[table].toFixed(1).padStart(6)} s`)
    }
    console.log(`  ${'total'.padEnd(24)} ${fmt(total).padStart(10)}`)
    const s = summary.seconds
    console.log(
      `\nTimings: generate ${s.generate.toFixed(1)} s, load (COPY) ${s.load.toFixed(1)} s, ANALYZE ${s.analyze.toFixed(1)} s` +
        `${s.reset ? `, reset ${s.reset.toFixed(1)} s` : ''}; total ${s.total.toFixed(1)} s (${fmt(Math.round(total / s.total))} rows/s)`,
    )
    console.log(`Hubs: ${summary.hubs.slice(0, 8).join(', ')}${summary.hubs.length > 8 ? ', …' : ''}`)
  } finally {
    await database.stop()
  }
}

main().catch((error: unknown) => {
  if (process.stdout.isTTY) process.stdout.write('\n')
  console.error(error instanceof GeneratedRowsExistError || error instanceof Error ? error.message : error)
  if (!(error instanceof GeneratedRowsExistError) && error instanceof Error && error.message.startsWith('Unknown option')) console.error(usage)
  process.exit(1)
})
