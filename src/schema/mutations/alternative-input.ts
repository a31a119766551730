import { z } from 'zod'
import { alternative } from '../../../seed/format.js'
import { citationShape } from '../../domain/field-rules.js'
import { citations, note } from './rules.js'

// A value alternative as the API takes it: GraphQL has no union inputs, so the value comes as
// JSON text; it is then held to the import format's rules for the field (seed/format.ts), with
// the issues at the input's paths (`citations` for the format's `sources`).

const shape = z.object({
  field: z.string(),
  value: z.string(),
  note: note.nullish(),
  citations: citations(z.object(citationShape)),
})

export const alternativeInputSchema = shape.transform((input, ctx) => {
  let value: unknown
  try {
    value = JSON.parse(input.value)
  } catch {
    ctx.addIssue({
      code: 'custom',
      path: ['value'],
      message: 'is not JSON: give the value as JSON text, e.g. 20 or {"amount": 1, "currency": "USD"}',
      params: { rule: 'json' },
    })
    return z.NEVER
  }
  const checked = alternative.safeParse({ field: input.field, value, note: input.note ?? null, sources: input.citations })
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const path = issue.path[0] === 'sources' ? ['citations', ...issue.path.slice(1)] : issue.path
      ctx.addIssue({ code: 'custom', path, message: issue.message, params: { rule: 'alternative' } })
    }
    return z.NEVER
  }
  return { field: checked.data.field, value: checked.data.value, note: checked.data.note, citations: input.citations }
})
