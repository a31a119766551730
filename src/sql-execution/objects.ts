import { Prisma } from '../generated/prisma/client.js'
import type { DatePrefix } from '../db/partial-date-columns.js'
import { type Compiler, type FieldSql, jsonKey, type ObjectSql } from './compiler.js'

// The object types of src/schema/ that SQL answers directly, field by field, with the same values
// the resolvers give: same columns, same nested orders (tie-breaks included), same null rules.
// A field missing here (arguments, history, sources, …) leaves the request to the executor.

type Sql = Prisma.Sql

const quoted = (name: string) => Prisma.raw(`"${name}"`)

export const column =
  (name: string): FieldSql =>
  (row) =>
    Prisma.sql`${row}.${quoted(name)}`

/** A Decimal column as a JSON number (the resolvers call Decimal#toNumber). */
const decimal =
  (name: string): FieldSql =>
  (row) =>
    Prisma.sql`${row}.${quoted(name)}::float8`

/** Relay's global ID of the row of `typeName` whose id is `id`: base64 of "Type:id" (PostgreSQL breaks base64 lines at 76 characters). */
export const globalIdSql = (typeName: string, id: Sql) =>
  Prisma.sql`translate(encode(convert_to(${jsonKey(`${typeName}:`)} || ${id}::text, 'UTF8'), 'base64'), E'\\n', '')`

const globalId =
  (typeName: string): FieldSql =>
  (row) =>
    globalIdSql(typeName, Prisma.sql`${row}."id"`)

/** A small object without a table of its own (PartialDate, Money): its fields are columns of the row. */
function embedded(typeName: string, fields: Record<string, Sql>, nullWhen: Sql): FieldSql {
  return (_row, selected, compiler) => {
    const type = compiler.returnType(selected)
    if (!type || type.name !== typeName) return null
    const object = compiler.build(type, compiler.subselection(type, selected), (field) =>
      field.name === '__typename' ? jsonKey(typeName) : (fields[field.name] ?? null),
    )
    return object && Prisma.sql`CASE WHEN ${nullWhen} THEN NULL ELSE ${object} END`
  }
}

/** readPartialDate: null unless all four columns are set (and the text is not empty). */
function partialDate(prefix: DatePrefix): FieldSql {
  return (row, selected, compiler) => {
    const col = (suffix: string) => Prisma.sql`${row}.${quoted(`${prefix}${suffix}`)}`
    const nullWhen = Prisma.sql`${col('Text')} IS NULL OR ${col('Text')} = '' OR ${col('Precision')} IS NULL OR ${col('Earliest')} IS NULL OR ${col('Latest')} IS NULL`
    const fields = { text: col('Text'), precision: col('Precision'), earliest: col('Earliest'), latest: col('Latest') }
    return embedded('PartialDate', fields, nullWhen)(row, selected, compiler)
  }
}

/**
 * moneyOf / qualifiedMoneyOf: null unless both the amount and the currency are set. Without
 * `qualified` columns (a cap), EXACT with no high end or period. `text` is the resolvers' to write.
 */
function money(amountColumn: string, currencyColumn: string, qualified?: { qualifier: string; high: string; period: string }): FieldSql {
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

/** A relation to at most one row of `typeName`'s table, by a foreign key of this row. */
export function toOne(typeName: string, foreignKey: string): FieldSql {
  return (row, selected, compiler) => {
    const x = compiler.alias()
    const object = compiler.object(typeName, x, selected)
    return object && Prisma.sql`(SELECT ${object} FROM ${quoted(typeName)} ${x} WHERE ${x}."id" = ${row}.${quoted(foreignKey)})`
  }
}

interface ManySpec {
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
    return (
      object &&
      Prisma.sql`coalesce((SELECT json_agg(${object} ORDER BY ${spec.orderBy(x)}) ${spec.from(x, row)}), '[]'::json)`
    )
  }
}

/** Rows of `typeName` whose `foreignKey` points at this row. */
const children = (typeName: string, foreignKey: string) => (x: Sql, row: Sql) =>
  Prisma.sql`FROM ${quoted(typeName)} ${x} WHERE ${x}.${quoted(foreignKey)} = ${row}."id"`

/** Rows of `typeName` linked to this row through Prisma's implicit many-to-many table. */
export const linked = (typeName: string, table: string, ownSide: 'A' | 'B') => (x: Sql, row: Sql) => {
  const other = ownSide === 'A' ? 'B' : 'A'
  return Prisma.sql`FROM ${quoted(table)} j JOIN ${quoted(typeName)} ${x} ON ${x}."id" = j.${quoted(other)} WHERE j.${quoted(ownSide)} = ${row}."id"`
}

const byNameThenSlug = (x: Sql) => Prisma.sql`${x}."name", ${x}."slug"`
const byAnnouncedThenSlug = (x: Sql) => Prisma.sql`${x}."announcedEarliest", ${x}."slug"`

const company: ObjectSql = {
  id: globalId('Company'),
  slug: column('slug'),
  name: column('name'),
  aliases: column('aliases'),
  kinds: column('kinds'),
  country: column('country'),
  website: column('website'),
  description: column('description'),
  version: column('version'),
  parent: toOne('Company', 'parentId'),
  subsidiaries: toMany({ typeName: 'Company', from: children('Company', 'parentId'), orderBy: byNameThenSlug }),
  cloudProviders: toMany({ typeName: 'CloudProvider', from: children('CloudProvider', 'operatorId'), orderBy: byNameThenSlug }),
  assets: toMany({ typeName: 'Asset', from: children('Asset', 'developerId'), orderBy: byNameThenSlug }),
}

const asset: ObjectSql = {
  id: globalId('Asset'),
  slug: column('slug'),
  name: column('name'),
  kind: column('kind'),
  description: column('description'),
  version: column('version'),
  releasedOn: partialDate('released'),
  developer: toOne('Company', 'developerId'),
}

const cloudProvider: ObjectSql = {
  id: globalId('CloudProvider'),
  slug: column('slug'),
  name: column('name'),
  description: column('description'),
  version: column('version'),
  operator: toOne('Company', 'operatorId'),
}

const agreement: ObjectSql = {
  id: globalId('Agreement'),
  slug: column('slug'),
  title: column('title'),
  description: column('description'),
  kinds: column('kinds'),
  status: column('status'),
  statusNote: column('statusNote'),
  version: column('version'),
  announcedOn: partialDate('announced'),
  effectiveOn: partialDate('effective'),
  endsOn: partialDate('ends'),
  terminatedOn: partialDate('terminated'),
  inForceFrom: column('inForceFrom'),
  inForceUntil: column('inForceUntil'),
  inForceEnd: column('inForceEnd'),
  value: money('valueAmount', 'valueCurrency', { qualifier: 'valueQualifier', high: 'valueHigh', period: 'valuePeriod' }),
  parties: toMany({
    typeName: 'AgreementParty',
    from: (x, row) =>
      Prisma.sql`FROM "AgreementParty" ${x} JOIN "Company" pc ON pc."id" = ${x}."companyId" WHERE ${x}."agreementId" = ${row}."id"`,
    orderBy: (x) => Prisma.sql`pc."name", ${x}."role", pc."slug"`,
  }),
  clauses: toMany({ typeName: 'Clause', from: children('Clause', 'agreementId'), orderBy: (x) => Prisma.sql`${x}."position"` }),
  amends: toOne('Agreement', 'amendsId'),
  amendedBy: toMany({ typeName: 'Agreement', from: children('Agreement', 'amendsId'), orderBy: byAnnouncedThenSlug }),
  supplements: toOne('Agreement', 'supplementsId'),
  supplementedBy: toMany({ typeName: 'Agreement', from: children('Agreement', 'supplementsId'), orderBy: byAnnouncedThenSlug }),
}

const agreementParty: ObjectSql = {
  role: column('role'),
  company: toOne('Company', 'companyId'),
  agreement: toOne('Agreement', 'agreementId'),
}

const clause: ObjectSql = {
  id: globalId('Clause'),
  key: column('key'),
  kind: column('kind'),
  summary: column('summary'),
  exclusivity: column('exclusivity'),
  startsOn: partialDate('starts'),
  endsOn: partialDate('ends'),
  inForceFrom: column('inForceFrom'),
  inForceUntil: column('inForceUntil'),
  inForceEnd: column('inForceEnd'),
  percentage: decimal('percentage'),
  amount: money('amount', 'currency', { qualifier: 'amountQualifier', high: 'amountHigh', period: 'amountPeriod' }),
  capped: column('capped'),
  cap: money('capAmount', 'capCurrency'),
  condition: column('condition'),
  note: column('note'),
  status: column('status'),
  statusNote: column('statusNote'),
  version: column('version'),
  grantor: toOne('Company', 'grantorId'),
  grantee: toOne('Company', 'granteeId'),
  agreement: toOne('Agreement', 'agreementId'),
  supersedes: toOne('Clause', 'supersedesId'),
  subjects: toMany({ typeName: 'Asset', from: linked('Asset', '_AssetToClause', 'B'), orderBy: byNameThenSlug }),
  cloudProviders: toMany({
    typeName: 'CloudProvider',
    from: linked('CloudProvider', '_ClauseToCloudProvider', 'A'),
    orderBy: byNameThenSlug,
  }),
}

export const OBJECTS: Record<string, ObjectSql> = {
  Company: company,
  Asset: asset,
  CloudProvider: cloudProvider,
  Agreement: agreement,
  AgreementParty: agreementParty,
  Clause: clause,
}
