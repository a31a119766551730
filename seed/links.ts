// Link rows that belong to an agreement or a clause (parties, citations, subjects, clouds), read
// and written in bulk: one statement per table and chunk, arrays passed through unnest(). A link
// is a string of its values ("<companyId> <role>"), so sets of links compare as strings.
import { randomUUID } from 'node:crypto'
import type { Prisma } from '../src/generated/prisma/client.js'
import { parsePartialDate } from '../src/domain/partial-date.js'
import { partialDateColumns } from '../src/db/partial-date-columns.js'
import { chunks, inChunks } from './chunks.js'

type Tx = Prisma.TransactionClient
export interface Link {
  owner: string
  link: string
}

export interface LinkTable {
  /** Key under which the owner's history record shows these links (the API's records use the same). */
  name: string
  read(tx: Tx, owners: string[]): Promise<Link[]>
  insert(tx: Tx, links: Link[]): Promise<void>
  remove(tx: Tx, links: Link[]): Promise<void>
  /** The link as it shows in a history record. */
  show(link: string): unknown
}

const CHUNK = 5000
const split = (links: Link[]) => {
  const owners = links.map((l) => l.owner)
  const first = links.map((l) => l.link.split(' ')[0]!)
  const second = links.map((l) => l.link.split(' ')[1] ?? '')
  return { owners, first, second }
}
const asLinks = (rows: { owner: string; a: string; b: string | null }[]): Link[] =>
  rows.map((r) => ({ owner: r.owner, link: r.b === null ? r.a : `${r.a} ${r.b}` }))

interface PairTable {
  table: string
  owner: string
  a: string
  b: string
  /** The enum type of column b. */
  bType: string
  /** The table has a uuid primary key "id" without a database default. */
  withId?: boolean
}

/** A table of (owner, a, b) rows; table and column names are constants, never input. */
function pairTable(name: string, t: PairTable, show: (a: string, b: string) => unknown): LinkTable {
  const { table, owner, a, b, bType } = t
  const values = `unnest($1::uuid[], $2::uuid[], $3::"${bType}"[])`
  return {
    name,
    read: (tx, owners) =>
      inChunks(owners, CHUNK, async (chunk) =>
        asLinks(
          await tx.$queryRawUnsafe<{ owner: string; a: string; b: string }[]>(
            `SELECT "${owner}" AS owner, "${a}" AS a, "${b}"::text AS b FROM "${table}" WHERE "${owner}" = ANY($1::uuid[])`,
            chunk,
          ),
        ),
      ),
    async insert(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        const { owners, first, second } = split(chunk)
        if (t.withId) {
          const ids = chunk.map(() => randomUUID())
          await tx.$executeRawUnsafe(
            `INSERT INTO "${table}" ("${owner}", "${a}", "${b}", "id") SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::"${bType}"[], $4::uuid[])`,
            owners,
            first,
            second,
            ids,
          )
        } else {
          await tx.$executeRawUnsafe(`INSERT INTO "${table}" ("${owner}", "${a}", "${b}") SELECT * FROM ${values}`, owners, first, second)
        }
      }
    },
    async remove(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        const { owners, first, second } = split(chunk)
        await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE ("${owner}", "${a}", "${b}") IN (SELECT * FROM ${values})`, owners, first, second)
      }
    },
    show: (link) => {
      const [x, y] = link.split(' ')
      return show(x!, y!)
    },
  }
}

/** An implicit many-to-many table of Prisma: columns A and B, the owner being one of them. */
function implicitTable(name: string, table: string, owner: 'A' | 'B'): LinkTable {
  const other = owner === 'A' ? 'B' : 'A'
  const columns = (links: Link[]) => {
    const { owners, first } = split(links)
    return owner === 'A' ? [owners, first] : [first, owners]
  }
  return {
    name,
    read: (tx, owners) =>
      inChunks(owners, CHUNK, async (chunk) =>
        asLinks(
          await tx.$queryRawUnsafe<{ owner: string; a: string; b: null }[]>(
            `SELECT "${owner}" AS owner, "${other}" AS a, NULL AS b FROM "${table}" WHERE "${owner}" = ANY($1::uuid[])`,
            chunk,
          ),
        ),
      ),
    async insert(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        await tx.$executeRawUnsafe(`INSERT INTO "${table}" ("A", "B") SELECT * FROM unnest($1::uuid[], $2::uuid[])`, ...columns(chunk))
      }
    },
    async remove(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE ("A", "B") IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`, ...columns(chunk))
      }
    },
    show: (link) => link,
  }
}

/** JSON with object keys sorted, so a value compares equal however the database ordered its keys. */
export function canonical(value: unknown): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, sortKeys(x)]),
          )
        : v
  return JSON.stringify(sortKeys(value))
}

interface RowsSpec {
  table: string
  owner: string
  /** SQL expressions over the table's alias `t`: the values of one link, in order. */
  values: string[]
  /** The column that tells an owner's rows apart, and its SQL type. */
  key: { column: string; type: string; index: number }
  /** The columns to insert for a link (the owner's column is added). */
  row(values: unknown[]): Record<string, unknown>
  /** Inserts what hangs off the inserted rows (an alternative's citations). */
  afterInsert?(tx: Tx, rows: Record<string, unknown>[], links: unknown[][]): Promise<void>
}

/**
 * Rows with more than two values (citations with their fields, tranches, value alternatives): a
 * link is the canonical JSON of its values, read back the same way, so stored and desired links
 * compare as strings. A changed row is removed and inserted again.
 */
function rowsTable(name: string, t: RowsSpec, show: (values: unknown[]) => unknown): LinkTable {
  const parse = (link: string) => JSON.parse(link) as unknown[]
  return {
    name,
    read: (tx, owners) =>
      inChunks(owners, CHUNK, async (chunk) =>
        (
          await tx.$queryRawUnsafe<{ owner: string; link: string }[]>(
            `SELECT t."${t.owner}" AS owner, json_build_array(${t.values.join(', ')})::text AS link FROM "${t.table}" t WHERE t."${t.owner}" = ANY($1::uuid[])`,
            chunk,
          )
        ).map((r) => ({ owner: r.owner, link: canonical(JSON.parse(r.link)) })),
      ),
    async insert(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        const values = chunk.map((l) => parse(l.link))
        const rows = chunk.map((l, i) => ({ ...t.row(values[i]!), [t.owner]: l.owner }))
        const columns = Object.keys(rows[0]!)
          .map((c) => `"${c}"`)
          .join(', ')
        await tx.$executeRawUnsafe(
          `INSERT INTO "${t.table}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${t.table}", $1::json)`,
          JSON.stringify(rows),
        )
        await t.afterInsert?.(tx, rows, values)
      }
    },
    async remove(tx, links) {
      for (const chunk of chunks(links, CHUNK)) {
        const keys = chunk.map((l) => parse(l.link)[t.key.index])
        await tx.$executeRawUnsafe(
          `DELETE FROM "${t.table}" WHERE ("${t.owner}", "${t.key.column}") IN (SELECT * FROM unnest($1::uuid[], $2::${t.key.type}[]))`,
          chunk.map((l) => l.owner),
          keys,
        )
      }
    },
    show: (link) => show(parse(link)),
  }
}

/** A citation link: source, basis and the fields it supports. */
export const citationLink = (sourceId: string, basis: string, fields: string[]) => canonical([sourceId, basis, fields])

const citationTable = (table: string, owner: string) =>
  rowsTable(
    'citations',
    {
      table,
      owner,
      values: ['t."sourceId"', 't."basis"', 't."fields"'],
      key: { column: 'sourceId', type: 'uuid', index: 0 },
      row: ([sourceId, basis, fields]) => ({ sourceId, basis, fields }),
    },
    ([sourceId, basis, fields]) => ({ sourceId, basis, fields }),
  )

// The values of a tranche, in link order; the partial date is stored from its text.
const TRANCHE_VALUES = [
  'position',
  'amount',
  'currency',
  'amountQualifier',
  'amountHigh',
  'amountPeriod',
  'quantity',
  'quantityHigh',
  'quantityUnit',
  'quantityQualifier',
  'onText',
  'condition',
] as const
export type TrancheValues = { [K in (typeof TRANCHE_VALUES)[number]]: unknown }
export const trancheLink = (tranche: TrancheValues) => canonical(TRANCHE_VALUES.map((k) => tranche[k]))
const trancheOf = (values: unknown[]) => Object.fromEntries(TRANCHE_VALUES.map((k, i) => [k, values[i]])) as TrancheValues

/** An alternative link: position, field, value, note and its citations ([sourceId, basis], by source). */
export const alternativeLink = (position: number, field: string, value: unknown, note: string | null, citations: [string, string][]) =>
  canonical([position, field, value, note, [...citations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))])

export const agreementLinks: LinkTable[] = [
  pairTable(
    'parties',
    {
      table: 'AgreementParty',
      owner: 'agreementId',
      a: 'companyId',
      b: 'role',
      bType: 'PartyRole',
      withId: true,
    },
    (companyId, role) => ({ companyId, role }),
  ),
  citationTable('AgreementCitation', 'agreementId'),
]

export const clauseLinks: LinkTable[] = [
  citationTable('ClauseCitation', 'clauseId'),
  // Prisma names implicit tables after the two models in alphabetical order: A is the first.
  implicitTable('subjectIds', '_AssetToClause', 'B'),
  implicitTable('cloudProviderIds', '_ClauseToCloudProvider', 'A'),
  rowsTable(
    'tranches',
    {
      table: 'ClauseTranche',
      owner: 'clauseId',
      values: TRANCHE_VALUES.map((k) => `t."${k}"`),
      key: { column: 'position', type: 'int', index: 0 },
      row: (values) => {
        const { onText, ...tranche } = trancheOf(values)
        const on = typeof onText === 'string' ? parsePartialDate(onText) : null
        const dates = Object.entries(partialDateColumns('on', on)).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v])
        return { id: randomUUID(), ...tranche, ...Object.fromEntries(dates) }
      },
    },
    trancheOf,
  ),
  rowsTable(
    'alternatives',
    {
      table: 'ValueAlternative',
      owner: 'clauseId',
      values: [
        't."position"',
        't."field"',
        't."value"',
        't."note"',
        `(SELECT COALESCE(json_agg(json_build_array(ac."sourceId", ac."basis") ORDER BY ac."sourceId"), '[]') FROM "AlternativeCitation" ac WHERE ac."alternativeId" = t."id")`,
      ],
      key: { column: 'position', type: 'int', index: 0 },
      row: ([position, field, value, note]) => ({ id: randomUUID(), position, field, value, note }),
      async afterInsert(tx, rows, links) {
        const citations = rows.flatMap((row, i) =>
          (links[i]![4] as [string, string][]).map(([sourceId, basis]) => ({ alternativeId: row.id, sourceId, basis })),
        )
        if (citations.length === 0) return
        await tx.$executeRawUnsafe(
          `INSERT INTO "AlternativeCitation" ("alternativeId", "sourceId", "basis") SELECT "alternativeId", "sourceId", "basis" FROM json_populate_recordset(NULL::"AlternativeCitation", $1::json)`,
          JSON.stringify(citations),
        )
      },
    },
    ([position, field, value, note, citations]) => ({
      position,
      field,
      value,
      note,
      citations: (citations as [string, string][]).map(([sourceId, basis]) => ({ sourceId, basis })),
    }),
  ),
  rowsTable(
    'replacedIds',
    {
      table: 'ClauseReplacement',
      owner: 'clauseId',
      values: ['t."replacedId"'],
      key: { column: 'replacedId', type: 'uuid', index: 0 },
      row: ([replacedId]) => ({ replacedId }),
    },
    ([replacedId]) => replacedId,
  ),
]
