import type { Prisma } from '../generated/prisma/client.js'
import { getDatamodel } from '../generated/pothos-types.js'
import { children, linked } from './forms.js'

// What Prisma's schema says of each model (Pothos keeps it for its own planning): the fields the
// planner derives SQL forms from, and the rows a list relation reaches.

type Sql = Prisma.Sql

export interface ModelField {
  name: string
  kind: string
  type: string
  isList: boolean
  isId: boolean
  isRequired: boolean
  relationName?: string
  relationFromFields?: string[]
}
export const MODELS = (getDatamodel() as unknown as { datamodel: { models: Record<string, { fields: ModelField[] }> } }).datamodel.models
export const modelField = (model: string, name: string) => MODELS[model]?.fields.find((f) => f.name === name)

/**
 * The rows a list relation of `model` reaches, as `FROM … WHERE …` over `x` given this row: by
 * their foreign key, or through Prisma's implicit many-to-many table. Null for any other shape.
 */
export function listRelationRows(model: string, relation: string): ((x: Sql, row: Sql) => Sql) | null {
  const source = modelField(model, relation)
  if (!source?.isList || !source.relationName) return null
  const target = source.type
  const back = MODELS[target]?.fields.find((f) => f.relationName === source.relationName && f !== source && f.type === model)
  const foreignKey = back?.relationFromFields?.[0]
  if (foreignKey) return children(target, foreignKey)
  // Prisma's implicit many-to-many table: column A points at the model whose name sorts first.
  if (back?.isList) return linked(target, `_${source.relationName}`, model < target ? 'A' : 'B')
  return null
}
