import { builder } from '../builder.js'
import { isoDay } from '../db/partial-date-columns.js'
import type { SourceKind } from '../generated/prisma/enums.js'
import { SourceBasisEnum, SourceKindEnum } from './enums.js'
import { whereId } from './node-ids.js'
import { sqlField } from '../sql-execution/field-sql.js'
import { column } from '../sql-execution/forms.js'

export const SourceRef = builder.prismaNode('Source', {
  id: { field: 'id' },
  select: { id: true },
  // node(id:) answers null for an unknown or malformed ID instead of failing.
  nullable: true,
  findUnique: whereId,
  description: 'Where a fact comes from: a web page, filing or article.',
  fields: (t) => ({
    url: t.exposeString('url'),
    title: t.exposeString('title', { nullable: true }),
    publisher: t.exposeString('publisher', { nullable: true }),
    publishedOn: t.field({
      type: 'Date',
      nullable: true,
      select: { publishedOn: true },
      resolve: (s) => (s.publishedOn ? isoDay(s.publishedOn) : null),
      // A date column is written YYYY-MM-DD in JSON, as isoDay writes it.
      extensions: sqlField(column('publishedOn')),
    }),
    note: t.exposeString('note', { nullable: true }),
    kind: t.expose('kind', {
      type: SourceKindEnum,
      nullable: true,
      description: 'What kind of publisher; empty only for sources stored before kinds existed.',
    }),
  }),
})

/**
 * Citations whose source is of one of `kinds`; without kinds, no `where` at all: the selection
 * then equals that of `citations` and loads with it (a `where: undefined` would not merge and
 * would cost a statement per parent).
 */
export const sourceKindsWhere = (kinds: readonly SourceKind[] | null | undefined) =>
  kinds ? { where: { source: { kind: { in: [...kinds] } } } } : {}

const citedFields = {
  description: 'The fields of the record this source supports, in the import format’s names; empty: all of them.',
} as const

builder.prismaObject('ClauseCitation', {
  name: 'ClauseCitation',
  description: 'A source cited for a clause, with the basis on which it supports it.',
  fields: (t) => ({
    basis: t.expose('basis', { type: SourceBasisEnum }),
    fields: t.exposeStringList('fields', citedFields),
    source: t.relation('source'),
  }),
})

builder.prismaObject('AgreementCitation', {
  name: 'AgreementCitation',
  description: 'A source cited for an agreement, with the basis on which it supports it.',
  fields: (t) => ({
    basis: t.expose('basis', { type: SourceBasisEnum }),
    fields: t.exposeStringList('fields', citedFields),
    source: t.relation('source'),
  }),
})
