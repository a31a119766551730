import { decodeBase64 } from '@pothos/core'
import { Prisma } from '../generated/prisma/client.js'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.js'
import { type Compiler, type FieldSql, jsonKey } from './compiler.js'
import { quoted } from './forms.js'
import { listRelationRows, modelField } from './datamodel.js'
import { type OrderTerm, orderBySql, prismaOrder, reversed } from './order.js'
import type { Selected } from './selection.js'

// A Relay connection over an ordered row set, in SQL, as Pothos' prismaConnection answers it
// (@pothos/plugin-prisma util/cursors.js): a cursor is base64 of "GPC:S:<id>" (unless the rows
// bring a CursorScheme of their own, as history does); a page asks Prisma
// for one row more than its size, after the cursor row or before it (order reversed); the extra
// row says whether there is another page. Prisma 7 finds the cursor row among the ordered rows in
// memory and slices after it (an empty page when it is not among them); here SQL keeps the rows
// strictly past it, nulls placed as the order places them, and LIMITs them.

type Sql = Prisma.Sql

/** The rows a connection pages through. */
export interface OrderedRows {
  /** The type of the connection's nodes. */
  typeName: string
  /** The table of the rows; a cursor names one of its rows by id. */
  table: string
  /** The alias `matching` gives the rows. */
  row: Sql
  /** `FROM … WHERE …`: the rows, joins included (the connection adds conditions with AND). */
  matching: Sql
  /** A total order (its last term unique). */
  order: OrderTerm[]
  /**
   * The rows of a root `findMany` (not a relation's): with no nullable order term Prisma pages them
   * in SQL, keeping the rows at or past the cursor row's place and skipping the first, whether the
   * cursor row is one of the rows or not (else it finds the cursor row among them, as for relations).
   */
  rootFindMany?: boolean
  /** How cursors name the rows; Prisma's row cursors ("GPC:S:<id>") unless given. */
  cursor?: CursorScheme
}

/** How a connection's cursors name its rows: made in SQL, read in TypeScript. */
export interface CursorScheme {
  /** The cursor of the row `x`. */
  encode: (x: Sql) => Sql
  /** The key a cursor names; null for one the planner cannot read (the resolvers answer it). */
  decode: (cursor: string) => string | null
  /**
   * The rows past the key, whether or not its row is among them; the connection then pages only
   * forwards. Without it, the rows past the cursor row in the order, as Prisma pages (pastCursor).
   */
  past?: (row: Sql, key: string) => Sql
}

export interface ConnectionArgs {
  first?: number | null
  last?: number | null
  after?: string | null
  before?: string | null
}

/** The arguments of a connection field that the SQL form reads. */
export const CONNECTION_ARGS = ['first', 'last', 'after', 'before'] as const

const CURSOR = /^GPC:S:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

/** The row id a cursor names; null for any cursor Prisma would not read as one (refused before execution, src/schema/pagination.ts). */
export function cursorId(cursor: string): string | null {
  try {
    return CURSOR.exec(decodeBase64(cursor))?.[1] ?? null
  } catch {
    return null
  }
}

/** The cursor of the row `x`: base64 of "GPC:S:<id>" (short enough for PostgreSQL's one line). */
const cursorSql = (x: Sql) => Prisma.sql`encode(convert_to('GPC:S:' || ${x}."id"::text, 'UTF8'), 'base64')`

const ROW_CURSOR: CursorScheme = { encode: cursorSql, decode: cursorId }

interface Page {
  size: number
  backward: boolean
  after: boolean
  before: boolean
  /** The key the cursor names (its row's id), if there is a cursor. */
  cursorRow: string | null
}

/** The page the arguments ask for, or why the resolvers must answer (Pothos refuses these arguments). */
function pageOf(args: ConnectionArgs, scheme: CursorScheme): Page | string {
  const { first, last, after, before } = args
  if ((first != null && first < 0) || (last != null && last < 0)) return 'a negative page size'
  if (before != null && after != null) return 'both after and before'
  if ((before != null && first != null) || (after != null && last != null)) return 'a page size against its cursor'
  const cursor = before ?? after ?? null
  const id = cursor === null ? null : scheme.decode(cursor)
  if (cursor !== null && id === null) return 'a cursor the planner cannot read'
  if (scheme.past && (before != null || last != null)) return 'a page backwards over keyed cursors'
  return {
    size: Math.min(first ?? last ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    backward: before != null || last != null,
    after: after != null,
    before: before != null,
    cursorRow: id,
  }
}

/**
 * The rows strictly past the cursor row in the order `terms`, nulls placed as the order places
 * them; none when the cursor row is not one of the rows (Prisma looks for it among them), except
 * where Prisma pages in SQL (pagedInSql): there the cursor row is one of them, and OFFSET skips a row. Given
 * as conditions of disjoint sets whose union they are, each bounded on the first term by the
 * cursor's value, so an index in the order starts at the cursor instead of reading every row
 * before it. A nullable first term takes two sets; PostgreSQL tests the cursor value's nullness
 * once per set (it names no column) and skips the set that cannot hold a row.
 */
function pastCursor(compiler: Compiler, rows: OrderedRows, terms: OrderTerm[], id: string): Sql[] {
  const at = compiler.alias()
  const cursorValue = (t: OrderTerm) => Prisma.sql`(SELECT ${t.value(at)} FROM ${quoted(rows.table)} ${at} WHERE ${at}."id" = ${id}::uuid)`
  const equal = (t: OrderTerm) => Prisma.sql`${t.value(rows.row)} ${Prisma.raw(t.nullable ? 'IS NOT DISTINCT FROM' : '=')} ${cursorValue(t)}`
  // PostgreSQL puts nulls last in ascending order and first in descending, unless told.
  const nullsLast = (t: OrderTerm) => (t.nulls ? t.nulls === 'last' : !t.descending)
  const past = (t: OrderTerm) => {
    const value = t.value(rows.row)
    const plain = Prisma.sql`${value} ${Prisma.raw(t.descending ? '<' : '>')} ${cursorValue(t)}`
    if (!t.nullable) return plain
    return nullsLast(t)
      ? Prisma.sql`(${plain} OR (${value} IS NULL AND ${cursorValue(t)} IS NOT NULL))`
      : Prisma.sql`(${plain} OR (${value} IS NOT NULL AND ${cursorValue(t)} IS NULL))`
  }
  const disjuncts = terms.map((term, k) => Prisma.join([...terms.slice(0, k).map(equal), past(term)], ' AND '))
  const beyond = Prisma.join(
    disjuncts.map((d) => Prisma.sql`(${d})`),
    ' OR ',
  )
  const exact = pagedInSql(rows)
    ? Prisma.sql`(${beyond} OR ${rows.row}."id" = ${id}::uuid)`
    : Prisma.sql`EXISTS (SELECT 1 ${rows.matching} AND ${rows.row}."id" = ${id}::uuid) AND (${beyond})`
  const first = terms[0]
  if (!first) return [exact]
  const value = first.value(rows.row)
  const cursor = cursorValue(first)
  // At or past the cursor's value on the first term: what an index on the order can start from.
  const bounded = Prisma.sql`${value} ${Prisma.raw(first.descending ? '<=' : '>=')} ${cursor} AND ${exact}`
  if (!first.nullable) return [bounded]
  return [
    Prisma.sql`${cursor} IS NOT NULL AND ${bounded}`,
    // The rows with no value past the cursor: all of them after a value, those past it after none.
    nullsLast(first) ? Prisma.sql`${value} IS NULL AND ${exact}` : Prisma.sql`${cursor} IS NULL AND ${exact}`,
  ]
}

/** Prisma pages a root findMany in SQL (its cursor row then skipped by OFFSET) when no order term is nullable. */
const pagedInSql = (rows: OrderedRows) => Boolean(rows.rootFindMany) && !rows.order.some((t) => t.nullable)

/**
 * The connection `selected` asks for over `rows`, as one JSON object; `other` answers the
 * connection's other fields (totalCount). Null, after a refusal, when it cannot be answered.
 */
export function connectionSql(
  compiler: Compiler,
  selected: Selected,
  rows: OrderedRows,
  other: (field: Selected) => Sql | null = () => null,
): Sql | null {
  const scheme = rows.cursor ?? ROW_CURSOR
  const page = pageOf(selected.args as ConnectionArgs, scheme)
  if (typeof page === 'string') return compiler.refuse(`${selected.name}: ${page}`)
  const type = compiler.returnType(selected)
  if (!type) return compiler.refuse(`${selected.name} is not a connection`)
  // The rows Prisma fetches: in the order of the page's direction, one more than its size.
  const fetchOrder = page.backward ? reversed(rows.order) : rows.order
  const afterCursor =
    page.cursorRow === null
      ? [Prisma.sql`TRUE`]
      : scheme.past
        ? [scheme.past(rows.row, page.cursorRow)]
        : pastCursor(compiler, rows, fetchOrder, page.cursorRow)
  const skip = page.cursorRow !== null && !scheme.past && pagedInSql(rows) ? Prisma.sql` OFFSET 1` : Prisma.empty
  const limited = (past: Sql) => Prisma.sql`SELECT ${rows.row}.* ${rows.matching} AND ${past}
    ORDER BY ${orderBySql(fetchOrder, rows.row)} LIMIT ${page.size + 1}${skip}`
  const sets = compiler.alias()
  const fetched =
    afterCursor.length === 1
      ? limited(afterCursor[0]!)
      : Prisma.sql`SELECT ${sets}.* FROM (${Prisma.join(
          afterCursor.map((past) => Prisma.sql`(${limited(past)})`),
          ' UNION ALL ',
        )}) ${sets} ORDER BY ${orderBySql(fetchOrder, sets)} LIMIT ${page.size + 1}`
  // `n` numbers them as fetched; the page is the first `size`, shown in the connection's order.
  const p = compiler.alias()
  const inFetchOrder = compiler.alias()
  const n = Prisma.sql`${p}."page_n"`
  const inPage = Prisma.sql`${n} <= ${page.size}`
  const shown = Prisma.raw(page.backward ? 'DESC' : 'ASC')
  const gotMore = Prisma.sql`count(*) > ${page.size}`
  const listOf = (item: Sql) => Prisma.sql`coalesce(json_agg(${item} ORDER BY ${n} ${shown}) FILTER (WHERE ${inPage}), '[]'::json)`
  const edge = (field: Selected) => {
    const edgeType = compiler.returnType(field)
    return (
      edgeType &&
      compiler.build(edgeType, compiler.subselection(edgeType, field), (entry) => {
        if (entry.name === '__typename') return jsonKey(edgeType.name)
        if (entry.name === 'cursor') return scheme.encode(p)
        if (entry.name === 'node') return compiler.object(rows.typeName, p, entry)
        return compiler.refuse(`${edgeType.name}.${entry.name} has no SQL form`)
      })
    )
  }
  const pageInfo = (field: Selected) => {
    const infoType = compiler.returnType(field)
    const cursorAt = (end: 'ASC' | 'DESC') =>
      Prisma.sql`(array_agg(${scheme.encode(p)} ORDER BY ${n} ${Prisma.raw(end)}) FILTER (WHERE ${inPage}))[1]`
    const [first, last] = page.backward ? (['DESC', 'ASC'] as const) : (['ASC', 'DESC'] as const)
    const values: Record<string, Sql> = {
      hasNextPage: page.before ? Prisma.sql`true` : page.backward ? Prisma.sql`false` : gotMore,
      hasPreviousPage: page.after ? Prisma.sql`true` : page.backward ? gotMore : Prisma.sql`false`,
      startCursor: cursorAt(first),
      endCursor: cursorAt(last),
    }
    return (
      infoType &&
      compiler.build(infoType, compiler.subselection(infoType, field), (entry) =>
        entry.name === '__typename'
          ? jsonKey(infoType.name)
          : (values[entry.name] ?? compiler.refuse(`${infoType.name}.${entry.name} has no SQL form`)),
      )
    )
  }
  const object = compiler.build(type, compiler.subselection(type, selected), (field) => {
    if (field.name === '__typename') return jsonKey(type.name)
    if (field.name === 'pageInfo') return pageInfo(field)
    const item = field.name === 'edges' ? edge(field) : field.name === 'nodes' ? compiler.object(rows.typeName, p, field) : undefined
    if (item !== undefined) return item && listOf(item)
    return other(field) ?? compiler.refuse(`${type.name}.${field.name} has no SQL form`)
  })
  // One row, aggregated over the page's rows, even when nothing selected reads them (totalCount).
  return (
    object &&
    Prisma.sql`(SELECT ${object} FROM (
      SELECT ${inFetchOrder}.*, row_number() OVER (ORDER BY ${orderBySql(fetchOrder, inFetchOrder)}) AS "page_n" FROM (${fetched}) ${inFetchOrder}
    ) ${p} GROUP BY ())`
  )
}

/**
 * A `relatedConnection` of `model` over its list relation `relation`, paged in Prisma's `orderBy`,
 * with its totalCount; `filterOf` adds the conditions its arguments ask for (over the related
 * row `x`), or says why it cannot.
 */
export function relatedConnectionSql(
  model: string,
  relation: string,
  orderBy: unknown,
  filterOf: (x: Sql, args: Record<string, unknown>) => Sql | string = () => Prisma.sql`TRUE`,
): FieldSql {
  const target = modelField(model, relation)?.type
  const rowsOf = listRelationRows(model, relation)
  const order = target ? prismaOrder(target, orderBy) : null
  return (row, selected, compiler) => {
    if (!target || !rowsOf || !order) return compiler.refuse(`${model}.${relation}: a relation or order the planner cannot read`)
    const x = compiler.alias()
    const filter = filterOf(x, selected.args)
    if (typeof filter === 'string') return compiler.refuse(`${selected.name}: ${filter}`)
    const matching = Prisma.sql`${rowsOf(x, row)} AND ${filter}`
    return connectionSql(compiler, selected, { typeName: target, table: target, row: x, matching, order }, (field) =>
      field.name === 'totalCount' ? Prisma.sql`(SELECT count(*)::int ${matching})` : null,
    )
  }
}
