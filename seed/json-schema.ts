// The dataset format as JSON Schema, generated from the zod schema (format.ts) so the two cannot
// drift: `npm run dataset:schema` writes it to seed/dataset.schema.json, a test checks it is current.
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { datasetFileSchema } from './format.js'

export const DATASET_SCHEMA_FILE = fileURLToPath(new URL('./dataset.schema.json', import.meta.url))

/** The JSON Schema text, as checked in. Draft 7: the draft editors support best. */
export function datasetJsonSchema(): string {
  // Input side: what people type, so fields with defaults are optional.
  const schema = z.toJSONSchema(datasetFileSchema, { target: 'draft-7', io: 'input' })
  return `${JSON.stringify(withoutRepeats(schema), null, 2)}\n`
}

/** Drops a description from the branches of an optional field that already carries it. */
function withoutRepeats(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRepeats)
  if (node === null || typeof node !== 'object') return node
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutRepeats(v)])) as Record<string, unknown>
  if (typeof out.description === 'string' && Array.isArray(out.anyOf)) {
    for (const branch of out.anyOf as Record<string, unknown>[]) if (branch.description === out.description) delete branch.description
  }
  return out
}
