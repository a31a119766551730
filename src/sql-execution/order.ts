import { Prisma } from '../generated/prisma/client.js'
import { modelField } from './datamodel.js'
import { quoted } from './forms.js'

// Prisma's orderBy of a relation or connection, read as SQL terms over one row: what the planner
// orders lists and pages by, and what a page's cursor is compared on (connection.ts).

type Sql = Prisma.Sql

/** One ORDER BY term: a value of the row `x`, its direction, and whether the value can be null. */
export interface OrderTerm {
  value: (x: Sql) => Sql
  descending: boolean
  nulls?: 'first' | 'last'
  nullable: boolean
}

type Direction = 'asc' | 'desc' | { sort: 'asc' | 'desc'; nulls?: 'first' | 'last' }

/** Prisma's orderBy (scalars, and scalars of to-one relations) as terms; null for any other. */
export function prismaOrder(model: string, orderBy: unknown): OrderTerm[] | null {
  const terms = (Array.isArray(orderBy) ? orderBy : [orderBy]).map((entry) => orderTerm(model, entry as Record<string, unknown>))
  return terms.some((t) => !t) ? null : (terms as OrderTerm[])
}

/** The terms as an ORDER BY list over `x`. */
export function orderBySql(terms: OrderTerm[], x: Sql): Sql {
  return Prisma.join(
    terms.map((t) => Prisma.sql`${t.value(x)} ${Prisma.raw(`${t.descending ? 'DESC' : 'ASC'}${t.nulls ? ` NULLS ${t.nulls.toUpperCase()}` : ''}`)}`),
    ', ',
  )
}

/** The same order backwards, nulls included (how Prisma reads a page before a cursor). */
export const reversed = (terms: OrderTerm[]): OrderTerm[] =>
  terms.map((t) => ({ ...t, descending: !t.descending, ...(t.nulls ? { nulls: t.nulls === 'first' ? 'last' : 'first' } : {}) }))

function orderTerm(model: string, entry: Record<string, unknown>): OrderTerm | null {
  const [name, value] = Object.entries(entry)[0] ?? []
  const source = name ? modelField(model, name) : undefined
  if (!source || Object.keys(entry).length !== 1) return null
  if (source.kind === 'object') {
    // A to-one relation's column: the related row's value, looked up by the foreign key.
    const foreignKey = source.relationFromFields?.[0]
    const inner =
      foreignKey && typeof value === 'object' && value !== null && !('sort' in value)
        ? orderTerm(source.type, value as Record<string, unknown>)
        : null
    if (!foreignKey || !inner) return null
    const y = Prisma.raw(`"o_${name}"`)
    return {
      ...inner,
      value: (x) => Prisma.sql`(SELECT ${inner.value(y)} FROM ${quoted(source.type)} ${y} WHERE ${y}."id" = ${x}.${quoted(foreignKey)})`,
      nullable: inner.nullable || !source.isRequired,
    }
  }
  const direction = value as Direction
  const sort = typeof direction === 'string' ? direction : direction?.sort
  if (sort !== 'asc' && sort !== 'desc') return null
  const nulls = typeof direction === 'object' ? direction.nulls : undefined
  return {
    value: (x) => Prisma.sql`${x}.${quoted(source.name)}`,
    descending: sort === 'desc',
    ...(nulls ? { nulls } : {}),
    nullable: !source.isRequired,
  }
}
