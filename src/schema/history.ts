import { createContextCache } from '@pothos/core'
import DataLoader from 'dataloader'
import { GraphQLError, Kind, valueFromASTUntyped } from 'graphql'
import { builder, DEFAULT_PAGE_SIZE } from '../builder.js'
import { type HistoryPage, type HistoryRow, historyCursor, historyCursorId, loadHistoryPages } from '../db/history-pages.js'
import { prisma } from '../db/setup/prisma.js'
import { sqlField } from '../sql-execution/field-sql.js'
import { historySql } from '../sql-execution/history.js'

// Write history on every editable type: who (API key), when, what, and the record before and
// after, as a connection oldest first. Pages for all records of a response load in one statement
// per type (a DataLoader per request); nothing here can change or remove an entry.

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast) => valueFromASTUntyped(ast),
})

builder.scalarType('DateTime', {
  description: 'An instant in ISO 8601 form, e.g. 2026-11-27T10:15:00.000Z.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN)
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string')
    return date
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? new Date(ast.value) : new Date(Number.NaN)
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string')
    return date
  },
})

const HistoryActorRef = builder.objectRef<HistoryRow>('HistoryActor').implement({
  description: 'Who made a write: the API key, by id and by the name it had then.',
  fields: (t) => ({
    apiKeyId: t.string({
      nullable: true,
      description: 'Empty for writes not made through the API (the dataset loader).',
      resolve: (r) => r.apiKeyId,
    }),
    name: t.string({ resolve: (r) => r.actor }),
  }),
})

const HistoryEntryRef = builder.objectRef<HistoryRow>('HistoryEntry').implement({
  description: 'One write of one record. Entries are never changed or removed.',
  fields: (t) => ({
    action: t.string({ description: 'CREATE, UPDATE, SUPERSEDE (replaced by an amendment) or SET_STATUS.', resolve: (r) => r.action }),
    actor: t.field({ type: HistoryActorRef, resolve: (r) => r }),
    at: t.field({ type: 'DateTime', description: 'When the write committed (its transaction began).', resolve: (r) => r.at }),
    before: t.field({ type: 'JSON', nullable: true, description: 'The record before; null for a creation.', resolve: (r) => r.before }),
    after: t.field({ type: 'JSON', nullable: true, description: 'The record after.', resolve: (r) => r.after }),
  }),
})

const HistoryConnection = builder.connectionObject({
  type: HistoryEntryRef,
  name: 'HistoryConnection',
  fields: (t) => ({
    totalCount: t.int({ resolve: (c) => (c as unknown as { totalCount: number }).totalCount }),
  }),
})

function afterId(cursor: string | null | undefined): bigint | null {
  if (!cursor) return null
  const id = historyCursorId(cursor)
  if (id === null) {
    throw new GraphQLError('Argument "after" is not a history cursor.', { extensions: { code: 'BAD_USER_INPUT', argument: 'after' } })
  }
  return id
}

// One loader per request and page shape; records of one type share a statement.
const loaders = createContextCache(() => new Map<string, DataLoader<string, HistoryPage>>())

function pageLoader(context: object, entityType: string, first: number, after: bigint | null) {
  const byShape = loaders(context)
  const key = `${entityType}:${first}:${after ?? ''}`
  let loader = byShape.get(key)
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const pages = await loadHistoryPages(prisma(), entityType, ids, first, after)
      return ids.map((id) => pages.get(id)!)
    })
    byShape.set(key, loader)
  }
  return loader
}

const ENTITY_TYPES = ['Company', 'CloudProvider', 'Asset', 'Source', 'Agreement', 'Clause'] as const

for (const entityType of ENTITY_TYPES) {
  builder.prismaObjectField(entityType, 'history', (t) =>
    t.field({
      type: HistoryConnection,
      description: 'Every write of this record, oldest first.',
      args: { first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
      extensions: sqlField(historySql(entityType), ['first', 'after']),
      resolve: async (parent, args, context) => {
        const first = args.first ?? DEFAULT_PAGE_SIZE
        const after = afterId(args.after)
        const page = await pageLoader(context, entityType, first, after).load((parent as { id: string }).id)
        const edges = page.rows.map((row) => ({ cursor: historyCursor(row.id), node: row }))
        return {
          edges,
          totalCount: page.total,
          pageInfo: {
            hasNextPage: page.more,
            hasPreviousPage: after !== null,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        }
      },
    }),
  )
}
