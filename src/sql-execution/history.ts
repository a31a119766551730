import { Prisma } from '../generated/prisma/client.js'
import { historyAfterSql, historyCursorId, historyCursorSql, historyEntriesSql, historyOrderSql } from '../db/history-pages.js'
import type { FieldSql, ObjectSql } from './compiler.js'
import { connectionSql, type CursorScheme } from './connection.js'
import { column, instant } from './forms.js'

// `history(first:, after:)` of an editable record: its WriteHistory page as a Relay connection,
// paged by the rule the resolvers load by (src/db/history-pages.ts).

const HISTORY_CURSOR: CursorScheme = {
  encode: historyCursorSql,
  decode: (cursor) => historyCursorId(cursor)?.toString() ?? null,
  past: (row, key) => historyAfterSql(row, BigInt(key)),
}

const HISTORY_OBJECTS: Record<string, ObjectSql> = {
  HistoryEntry: {
    action: column('action'),
    actor: (row, selected, compiler) => compiler.object('HistoryActor', row, selected),
    at: instant('at'),
    before: column('before'),
    after: column('after'),
  },
  HistoryActor: {
    apiKeyId: (row) => Prisma.sql`${row}."apiKeyId"::text`,
    name: column('actor'),
  },
}

/** The form of `history` on the records of `entityType`. */
export const historySql =
  (entityType: string): FieldSql =>
  (row, selected, compiler) => {
    const h = compiler.alias()
    const matching = historyEntriesSql(h, entityType, (entityId) => Prisma.sql`${entityId} = ${row}."id"`)
    const order = [{ value: historyOrderSql, descending: false, nullable: false }]
    const rows = { typeName: 'HistoryEntry', table: 'WriteHistory', row: h, matching, order, cursor: HISTORY_CURSOR }
    return connectionSql(compiler.withObjects(HISTORY_OBJECTS), selected, rows, (field) =>
      field.name === 'totalCount' ? Prisma.sql`(SELECT count(*)::int ${matching})` : null,
    )
  }
