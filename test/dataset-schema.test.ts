import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parsePartialDate } from '../src/domain/partial-date.js'
import { DATASET_SCHEMA_FILE, datasetJsonSchema } from '../seed/json-schema.js'
import { parseDatasetFile } from '../seed/parse.js'
import { Places } from '../seed/problems.js'
import { twoVersionDeal } from './helpers/deal-files.js'

interface JsonSchema {
  title?: string
  description?: string
  pattern?: string
  properties?: Record<string, JsonSchema>
  definitions?: Record<string, JsonSchema>
  anyOf?: JsonSchema[]
  required?: string[]
}

const published = (): JsonSchema => JSON.parse(readFileSync(DATASET_SCHEMA_FILE, 'utf8')) as JsonSchema

describe('seed/dataset.schema.json', () => {
  it('is what seed/format.ts generates (run `npm run dataset:schema` after changing the format)', () => {
    expect(readFileSync(DATASET_SCHEMA_FILE, 'utf8')).toBe(datasetJsonSchema())
  })

  it('has a title and description for the file, and a description for every field', () => {
    const schema = published()
    expect(schema.title).toBe('AI partnerships dataset')
    expect(schema.description).toMatch(/npm run import/)
    const missing: string[] = []
    const walk = (name: string, node: JsonSchema) => {
      for (const [field, property] of Object.entries(node.properties ?? {})) if (!property.description) missing.push(`${name}.${field}`)
    }
    walk('(file)', schema)
    for (const [name, definition] of Object.entries(schema.definitions ?? {})) walk(name, definition)
    expect(missing).toEqual([])
    expect(Object.keys(schema.definitions ?? {})).toEqual(expect.arrayContaining(['Agreement', 'Clause', 'Carry', 'Company', 'Source']))
  })

  it('describes partial dates with their accepted forms, as a pattern that agrees with parsePartialDate', () => {
    const endsOn = published().definitions!.Clause!.properties!.endsOn!
    expect(endsOn.description).toMatch(/a year \(2032\), a quarter \(2026-Q2\), a month \(2025-10\) or a day \(2025-10-28\)/)
    const pattern = new RegExp(endsOn.anyOf!.find((s) => s.pattern)!.pattern!)
    for (const text of ['2032', '2026-Q2', '2025-10', '2025-10-28', '2024-02-29']) {
      expect(pattern.test(text), text).toBe(true)
      expect(parsePartialDate(text).text).toBe(text)
    }
    // The pattern catches shapes; parsePartialDate also knows calendars (2023-02-29), and the import says why.
    for (const text of ['2032-13', '2026-Q5', '2025-1', '2025-10-32', '32', '2026-q2', ' 2032']) expect(pattern.test(text), text).toBe(false)
  })

  it('lets a file name it with "$schema", and keeps only the required fields required', () => {
    const places = new Places()
    const parsed = parseDatasetFile('deal.json', twoVersionDeal(), places)
    expect(parsed.problems).toEqual([])
    const schema = published()
    expect(schema.properties!.$schema).toBeDefined()
    expect(schema.required ?? []).toEqual([])
    expect(schema.definitions!.Clause!.required).toEqual(['key', 'kind', 'summary', 'sources'])
    expect(schema.definitions!.Agreement!.required).toEqual(['slug', 'title', 'status', 'parties', 'sources'])
  })
})
