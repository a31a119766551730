import { builder } from '../builder.js'
import { partialDateSelect, readPartialDate } from '../db/partial-date-columns.js'
import { inInterval } from '../domain/in-force.js'
import { inForcePeriodSelect, storedPeriod } from '../db/in-force-period.js'
import { ClauseKindEnum, ExclusivityEnum } from './enums.js'
import { SourceRef, sourceKindsWhere } from './source.js'
import { MoneyRef, moneyOf, numberOf, PartialDateRef, qualifiedMoneyOf } from './values.js'
import { SourceKindEnum } from './enums.js'
import { whereId } from './node-ids.js'
import { citedSources } from '../sql-execution/sources.js'
import { sqlField, sqlRootField } from '../sql-execution/field-sql.js'
import { byUnique } from '../sql-execution/lookups.js'
import { prisma } from '../db/setup/prisma.js'
import { decimal, inForceOn, money, partialDate } from '../sql-execution/forms.js'

export const ClauseRef = builder.prismaNode('Clause', {
  id: { field: 'id' },
  // Select mode: a request loads only the columns its fields need (exposed fields add theirs).
  select: { id: true },
  // node(id:) answers null for an unknown or malformed ID instead of failing.
  nullable: true,
  findUnique: whereId,
  description:
    'One term of one agreement version. Direction runs grantor → grantee: licensor → licensee, payer → payee, supplier → customer, equity issuer → holder.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stable editorial key, e.g. "microsoft-openai-2019#2".' }),
    kind: t.expose('kind', { type: ClauseKindEnum }),
    summary: t.exposeString('summary'),
    grantor: t.relation('grantor', { nullable: true }),
    grantee: t.relation('grantee', { nullable: true }),
    subjects: t.relation('subjects', { description: 'The assets this term is about.', query: { orderBy: [{ name: 'asc' }, { slug: 'asc' }] } }),
    cloudProviders: t.relation('cloudProviders', { query: { orderBy: [{ name: 'asc' }, { slug: 'asc' }] } }),
    exclusivity: t.expose('exclusivity', { type: ExclusivityEnum }),
    startsOn: t.field({
      type: PartialDateRef,
      nullable: true,
      description: 'Start of the term; when empty, the term starts with its agreement version.',
      select: partialDateSelect('starts'),
      resolve: (c) => readPartialDate(c, 'starts'),
      extensions: sqlField(partialDate('starts')),
    }),
    endsOn: t.field({
      type: PartialDateRef,
      nullable: true,
      description: 'End of the term ("through 2032" ends on 2032-12-31 at the latest); empty = open-ended or unknown.',
      select: partialDateSelect('ends'),
      resolve: (c) => readPartialDate(c, 'ends'),
      extensions: sqlField(partialDate('ends')),
    }),
    percentage: t.float({
      nullable: true,
      description: 'Percent, 0–100.',
      select: { percentage: true },
      resolve: (c) => numberOf(c.percentage),
      extensions: sqlField(decimal('percentage')),
    }),
    amount: t.field({
      type: MoneyRef,
      nullable: true,
      select: { amount: true, currency: true, amountQualifier: true, amountHigh: true, amountPeriod: true },
      resolve: (c) => qualifiedMoneyOf(c.amount, c.currency, c.amountQualifier, c.amountHigh, c.amountPeriod),
      extensions: sqlField(money('amount', 'currency', { qualifier: 'amountQualifier', high: 'amountHigh', period: 'amountPeriod' })),
    }),
    capped: t.exposeBoolean('capped', { nullable: true, description: 'Whether a cap applies; empty = unknown.' }),
    cap: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'The cap, when its size is known.',
      select: { capAmount: true, capCurrency: true },
      resolve: (c) => moneyOf(c.capAmount, c.capCurrency),
      extensions: sqlField(money('capAmount', 'capCurrency')),
    }),
    condition: t.exposeString('condition', { nullable: true }),
    note: t.exposeString('note', { nullable: true, description: 'Editorial note: caveats, conflicting reports.' }),
    agreement: t.relation('agreement'),
    supersedes: t.relation('supersedes', {
      nullable: true,
      description: 'The clause of the amended version that this clause replaces.',
    }),
    supersededBy: t.relation('supersededBy', { description: 'Clauses of later versions that replace this one.', query: { orderBy: { key: 'asc' } } }),
    inForce: t.boolean({
      description: 'In force on the day: its version is in force and the day is inside the clause’s own start and end.',
      args: { on: t.arg({ type: 'Date', required: true }) },
      select: inForcePeriodSelect,
      resolve: (c, args) => inInterval(storedPeriod(c), args.on),
      extensions: sqlField(inForceOn, ['on']),
    }),
    citations: t.relation('citations', { query: { orderBy: { source: { url: 'asc' } } } }),
    sources: t.field({
      type: [SourceRef],
      description: 'The sources this term is known from.',
      args: { kinds: t.arg({ type: [SourceKindEnum], description: 'Only sources of these kinds.' }) },
      select: (args, _ctx, nestedSelection) => ({
        citations: { ...sourceKindsWhere(args.kinds), orderBy: { source: { url: 'asc' } }, select: { source: nestedSelection(true) } },
      }),
      resolve: (c) => c.citations.map((citation) => citation.source),
      extensions: sqlField(citedSources('ClauseCitation', 'clauseId'), ['kinds']),
    }),
  }),
})

export const ClauseConnection = builder.connectionObject({
  type: ClauseRef,
  name: 'ClauseConnection',
  fields: (t) => ({
    totalCount: t.int({
      description: 'How many clauses match, across all pages.',
      // Root connections hand over a loader, related connections a number.
      resolve: (parent) => {
        const total = (parent as { totalCount?: number | (() => number | Promise<number>) }).totalCount
        return typeof total === 'function' ? total() : (total ?? 0)
      },
    }),
  }),
})

builder.queryField('clause', (t) =>
  t.prismaField({
    type: 'Clause',
    nullable: true,
    description: 'The clause with this key (its unique name, as `Clause.key` gives it, e.g. `microsoft-openai-2019#1`).',
    args: { key: t.arg.string({ required: true }) },
    extensions: sqlRootField(byUnique('key'), ['key']),
    resolve: (query, _root, args) => prisma().clause.findUnique({ ...query, where: { key: args.key } }),
  }),
)
