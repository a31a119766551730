// `npm run dataset:schema` writes seed/dataset.schema.json from seed/format.ts; with --check it
// only fails when the checked-in file is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { DATASET_SCHEMA_FILE, datasetJsonSchema } from '../seed/json-schema.js'

const generated = datasetJsonSchema()
if (process.argv.includes('--check')) {
  if (readFileSync(DATASET_SCHEMA_FILE, 'utf8') !== generated) {
    console.error('seed/dataset.schema.json differs from seed/format.ts: run `npm run dataset:schema` and commit it.')
    process.exit(1)
  }
  console.log('seed/dataset.schema.json is up to date.')
} else {
  writeFileSync(DATASET_SCHEMA_FILE, generated)
  console.log('Wrote seed/dataset.schema.json')
}
