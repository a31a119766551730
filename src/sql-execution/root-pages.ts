import { Prisma } from '../generated/prisma/client.js'
import type { Compiler, FieldSql, RootFieldSql } from './compiler.js'
import { connectionSql } from './connection.js'
import { quoted } from './forms.js'
import { prismaOrder } from './order.js'
import type { Selected } from './selection.js'

// Connections over the rows of one table (`Query.agreements`, `companies`, …, `Company.deals`) in
// SQL: the rows a filter's SQL form keeps (src/db/*-filter.ts, which the resolvers read too), in
// the Prisma orderBy the resolver passes, as a Relay page with its totalCount (connection.ts).

type Sql = Prisma.Sql

/** The conditions on the row `x` that the arguments ask for, or why the resolvers must answer. */
export type ConditionsOf = (x: Sql, args: Record<string, unknown>, row: Sql) => Sql | string

function tablePage(model: string, orderBy: unknown, conditionsOf: ConditionsOf, compiler: Compiler, selected: Selected, row: Sql) {
  const order = prismaOrder(model, orderBy)
  if (!order) return compiler.refuse(`${selected.name}: an order the planner cannot read`)
  const x = compiler.alias()
  const conditions = conditionsOf(x, selected.args, row)
  if (typeof conditions === 'string') return compiler.refuse(`${selected.name}: ${conditions}`)
  const matching = Prisma.sql`FROM ${quoted(model)} ${x} WHERE ${conditions}`
  return connectionSql(compiler, selected, { typeName: model, table: model, row: x, matching, order, rootFindMany: true }, (field) =>
    field.name === 'totalCount' ? Prisma.sql`(SELECT count(*)::int ${matching})` : null,
  )
}

const everyRow: ConditionsOf = () => Prisma.sql`TRUE`

/** A root connection over the rows of `model` (its type of the same name) in Prisma's `orderBy`. */
export const rootConnection =
  (model: string, orderBy: unknown, conditionsOf: ConditionsOf = everyRow): RootFieldSql =>
  (selected, compiler) =>
    tablePage(model, orderBy, conditionsOf, compiler, selected, Prisma.empty)

/** The same as a field of an object, its conditions over the object's row too. */
export const tableConnection =
  (model: string, orderBy: unknown, conditionsOf: ConditionsOf): FieldSql =>
  (row, selected, compiler) =>
    tablePage(model, orderBy, conditionsOf, compiler, selected, row)
