import { Prisma } from '../generated/prisma/client.js'
import { inForceSql } from '../db/in-force-sql.js'
import type { DatePrefix } from '../db/partial-date-columns.js'
import { type FieldSql, jsonKey } from './compiler.js'
import { fieldSqlOf } from './field-sql.js'

// The SQL forms a field can take, over the row aliased `row`, giving what its resolver gives:
// same columns, same nested orders (tie-breaks included), same null rules. Fields name theirs in
// their `extensions` (sqlField) where it cannot be derived from their definition (field-sql.ts).

type Sql = Prisma.Sql

export const quoted = (name: string) => Prisma.raw(`"${name}"`)

export const column =
  (name: string): FieldSql =>
  (row) =>
    Prisma.sql`${row}.${quoted(name)}`

/** A Decimal column as a JSON number (the resolvers call Decimal#toNumber). */
export const decimal =
  (name: string): FieldSql =>
  (row) =>
    Prisma.sql`${row}.${quoted(name)}::float8`

/** A timestamptz column as the DateTime scalar serializes it (toISOString: UTC, milliseconds, as the column keeps). */
export const instant =
  (name: string): FieldSql =>
  (row) =>
    Prisma.sql`to_char(${row}.${quoted(name)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** Relay's global ID of the row of `typeName` whose id is `id`: base64 of "Type:id" (PostgreSQL breaks base64 lines at 76 characters). */
export const globalIdSql = (typeName: string, id: Sql) =>
  Prisma.sql`translate(encode(convert_to(${jsonKey(`${typeName}:`)} || ${id}::text, 'UTF8'), 'base64'), E'\\n', '')`

/**
 * A small object without a table of its own (PartialDate, Money): `fields`, the object its
 * resolvers receive, are columns of the row. A field computed from them in TypeScript (Money.text)
 * is answered by its own form over that object as JSON; an object field (Valuation.money) by its
 * form in `objects` over the row.
 */
function embedded(typeName: string, fields: Record<string, Sql>, nullWhen: Sql, objects: Record<string, FieldSql> = {}): FieldSql {
  return (row, selected, compiler) => {
    const type = compiler.returnType(selected)
    if (!type || type.name !== typeName) return compiler.refuse(`${selected.name} does not return ${typeName}`)
    const parent = Prisma.sql`json_build_object(${Prisma.join(
      Object.entries(fields).map(([name, sql]) => Prisma.sql`${jsonKey(name)}, ${sql}`),
      ', ',
    )})`
    const object = compiler.build(type, compiler.subselection(type, selected), (field) => {
      if (field.name === '__typename') return jsonKey(typeName)
      if (fields[field.name]) return fields[field.name]!
      if (objects[field.name]) return objects[field.name]!(row, field, compiler)
      const form = fieldSqlOf(type, field.field!)
      return typeof form === 'string' ? compiler.refuse(form) : form(parent, field, compiler)
    })
    return object && Prisma.sql`CASE WHEN ${nullWhen} THEN NULL ELSE ${object} END`
  }
}

/** readPartialDate gives null for the date of `prefix` on the row `row`: a column unset, or the text empty. */
export function partialDateAbsent(row: Sql, prefix: DatePrefix): Sql {
  const col = (suffix: string) => Prisma.sql`${row}.${quoted(`${prefix}${suffix}`)}`
  return Prisma.sql`(${col('Text')} IS NULL OR ${col('Text')} = '' OR ${col('Precision')} IS NULL OR ${col('Earliest')} IS NULL OR ${col('Latest')} IS NULL)`
}

/** readPartialDate: null unless all four columns are set (and the text is not empty). */
export function partialDate(prefix: DatePrefix): FieldSql {
  return (row, selected, compiler) => {
    const col = (suffix: string) => Prisma.sql`${row}.${quoted(`${prefix}${suffix}`)}`
    const nullWhen = partialDateAbsent(row, prefix)
    const fields = { text: col('Text'), precision: col('Precision'), earliest: col('Earliest'), latest: col('Latest') }
    return embedded('PartialDate', fields, nullWhen)(row, selected, compiler)
  }
}

/**
 * moneyOf / qualifiedMoneyOf: null unless both the amount and the currency are set. Without
 * `qualified` columns (a cap), EXACT with no high end or period. `text` is computed from them (computedFromParent).
 */
export function money(amountColumn: string, currencyColumn: string, qualified?: { qualifier: string; high: string; period: string }): FieldSql {
  return (row, selected, compiler) => {
    const col = (name: string) => Prisma.sql`${row}.${quoted(name)}`
    const amount = col(amountColumn)
    const currency = col(currencyColumn)
    const nullWhen = Prisma.sql`${amount} IS NULL OR ${currency} IS NULL`
    const terms = qualified
      ? { qualifier: col(qualified.qualifier), high: Prisma.sql`${col(qualified.high)}::float8`, period: col(qualified.period) }
      : { qualifier: Prisma.sql`'EXACT'`, high: Prisma.sql`NULL::float8`, period: Prisma.sql`NULL::text` }
    return embedded('Money', { amount: Prisma.sql`${amount}::float8`, currency, ...terms }, nullWhen)(row, selected, compiler)
  }
}

/** Clause.valuation's resolver: null unless both the amount and the currency are set; its money is EXACT. */
export function valuation(amountColumn: string, currencyColumn: string, basisColumn: string): FieldSql {
  return (row, selected, compiler) => {
    const col = (name: string) => Prisma.sql`${row}.${quoted(name)}`
    const fields = { amount: Prisma.sql`${col(amountColumn)}::float8`, currency: col(currencyColumn), basis: col(basisColumn) }
    const nullWhen = Prisma.sql`${col(amountColumn)} IS NULL OR ${col(currencyColumn)} IS NULL`
    return embedded('Valuation', fields, nullWhen, { money: money(amountColumn, currencyColumn) })(row, selected, compiler)
  }
}

/** quantityOf: null unless both the value and the unit are set. `text` is computed from them (computedFromParent). */
export function quantity(valueColumn: string, unitColumn: string, qualifierColumn: string, highColumn: string): FieldSql {
  return (row, selected, compiler) => {
    const col = (name: string) => Prisma.sql`${row}.${quoted(name)}`
    const fields = {
      value: Prisma.sql`${col(valueColumn)}::float8`,
      unit: col(unitColumn),
      qualifier: col(qualifierColumn),
      high: Prisma.sql`${col(highColumn)}::float8`,
    }
    return embedded('Quantity', fields, Prisma.sql`${col(valueColumn)} IS NULL OR ${col(unitColumn)} IS NULL`)(row, selected, compiler)
  }
}

/** `inForce(on:)` of a version or clause: its stored period holds the day (false when never in force). */
export const inForceOn: FieldSql = (row, selected) => Prisma.sql`coalesce(${inForceSql(row, selected.args.on as string)}, false)`

/** A relation to at most one row of `typeName`'s table, by a column of this row. */
export function toOne(typeName: string, foreignKey: string, table = typeName): FieldSql {
  return (row, selected, compiler) => {
    const x = compiler.alias()
    const object = compiler.object(typeName, x, selected)
    return object && Prisma.sql`(SELECT ${object} FROM ${quoted(table)} ${x} WHERE ${x}."id" = ${row}.${quoted(foreignKey)})`
  }
}

export interface ManySpec {
  typeName: string
  /** FROM … WHERE … that yields the related rows as `x`, given this row. */
  from: (x: Sql, row: Sql) => Sql
  orderBy: (x: Sql) => Sql
}

/** A relation to a list of rows, as a JSON array ([] when there are none). */
export function toMany(spec: ManySpec): FieldSql {
  return (row, selected, compiler) => {
    const x = compiler.alias()
    const object = compiler.object(spec.typeName, x, selected)
    return object && Prisma.sql`coalesce((SELECT json_agg(${object} ORDER BY ${spec.orderBy(x)}) ${spec.from(x, row)}), '[]'::json)`
  }
}

/** The first of those rows in that order, as one object (null when there are none). */
export function firstOf(spec: ManySpec): FieldSql {
  return (row, selected, compiler) => {
    const x = compiler.alias()
    const object = compiler.object(spec.typeName, x, selected)
    return object && Prisma.sql`(SELECT ${object} ${spec.from(x, row)} ORDER BY ${spec.orderBy(x)} LIMIT 1)`
  }
}

/** Rows of `table` whose `foreignKey` points at this row. */
export const children = (table: string, foreignKey: string) => (x: Sql, row: Sql) =>
  Prisma.sql`FROM ${quoted(table)} ${x} WHERE ${x}.${quoted(foreignKey)} = ${row}."id"`

/** Rows of `table` linked to this row through Prisma's implicit many-to-many table. */
export const linked = (table: string, joinTable: string, ownSide: 'A' | 'B') => (x: Sql, row: Sql) => {
  const other = ownSide === 'A' ? 'B' : 'A'
  return Prisma.sql`FROM ${quoted(joinTable)} j JOIN ${quoted(table)} ${x} ON ${x}."id" = j.${quoted(other)} WHERE j.${quoted(ownSide)} = ${row}."id"`
}

/**
 * Rows of `table` reached through the rows of `joinTable` that point at this row by `ownKey` and
 * at them by `targetKey` (a list the resolver maps out of a join model).
 */
export const through = (table: string, joinTable: string, ownKey: string, targetKey: string) => (x: Sql, row: Sql) =>
  Prisma.sql`FROM ${quoted(joinTable)} j JOIN ${quoted(table)} ${x} ON ${x}."id" = j.${quoted(targetKey)} WHERE j.${quoted(ownKey)} = ${row}."id"`
