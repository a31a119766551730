import { builder } from '../builder.js'
import { partialDateSelect, readPartialDate } from '../db/partial-date-columns.js'
import { alternativeText } from '../domain/terms.js'
import { CloudScopeEnum, SourceBasisEnum } from './enums.js'
import { ClauseRef } from './clause.js'
import { MoneyRef, moneyOf, PartialDateRef, QuantityRef, quantityOf, qualifiedMoneyOf, ValuationRef } from './values.js'
import { Prisma } from '../generated/prisma/client.js'
import { sqlField } from '../sql-execution/field-sql.js'
import { computedFromColumns } from '../sql-execution/computed-fields.js'
import { money, partialDate, quantity, through, toMany, valuation } from '../sql-execution/forms.js'

// The terms of issue 20 on a clause: qualified figures, quantities, equity, cloud scope, tranches,
// value alternatives and the clauses of supplements it replaces.

const qualifiedAmountSelect = { amount: true, currency: true, amountQualifier: true, amountHigh: true, amountPeriod: true } as const
const quantitySelect = { quantity: true, quantityUnit: true, quantityQualifier: true, quantityHigh: true } as const
const clauseQuantity = quantity('quantity', 'quantityUnit', 'quantityQualifier', 'quantityHigh')

builder.prismaObject('ClauseTranche', {
  name: 'Tranche',
  description: 'One part of a clause’s money or quantity, with its date or condition: "$15B now and $35B on conditions" is two tranches.',
  fields: (t) => ({
    amount: t.field({
      type: MoneyRef,
      nullable: true,
      select: qualifiedAmountSelect,
      resolve: (r) => qualifiedMoneyOf(r.amount, r.currency, r.amountQualifier, r.amountHigh, r.amountPeriod),
      extensions: sqlField(money('amount', 'currency', { qualifier: 'amountQualifier', high: 'amountHigh', period: 'amountPeriod' })),
    }),
    quantity: t.field({
      type: QuantityRef,
      nullable: true,
      select: quantitySelect,
      resolve: (r) => quantityOf(r.quantity, r.quantityUnit, r.quantityQualifier, r.quantityHigh),
      extensions: sqlField(clauseQuantity),
    }),
    on: t.field({
      type: PartialDateRef,
      nullable: true,
      description: 'When it is due or was paid.',
      select: partialDateSelect('on'),
      resolve: (r) => readPartialDate(r, 'on'),
      extensions: sqlField(partialDate('on')),
    }),
    condition: t.exposeString('condition', { nullable: true }),
  }),
})

builder.prismaObject('AlternativeCitation', {
  name: 'AlternativeCitation',
  description: 'A source reporting a value alternative, with its basis.',
  fields: (t) => ({
    basis: t.expose('basis', { type: SourceBasisEnum }),
    source: t.relation('source'),
  }),
})

/** A value alternative's text, from the columns it reads: the resolver's and the statement's. */
const alternativeValueText = (a: { field: string; value: unknown }) => alternativeText(a.field, a.value)

builder.prismaObject('ValueAlternative', {
  name: 'ValueAlternative',
  description: 'A value of one clause field as other sources report it; the clause holds the value shown.',
  fields: (t) => ({
    field: t.exposeString('field', {
      description: 'The clause field: amount, cap, percentage, quantity, valuation, strike, startsOn, endsOn or exclusivity.',
    }),
    value: t.string({
      description: 'The value as text ("20%", "$38B", "2030-Q2").',
      select: { field: true, value: true },
      resolve: alternativeValueText,
      extensions: sqlField(computedFromColumns(['field', 'value'], alternativeValueText)),
    }),
    note: t.exposeString('note', { nullable: true }),
    citations: t.relation('citations', { query: { orderBy: { source: { url: 'asc' } } } }),
  }),
})

const byKey = (x: Prisma.Sql) => Prisma.sql`${x}."key"`

builder.prismaObjectFields(ClauseRef, (t) => ({
  quantity: t.field({
    type: QuantityRef,
    nullable: true,
    description: 'How much is committed or issued: gigawatts, chips, a warrant’s shares.',
    select: quantitySelect,
    resolve: (c) => quantityOf(c.quantity, c.quantityUnit, c.quantityQualifier, c.quantityHigh),
    extensions: sqlField(clauseQuantity),
  }),
  valuation: t.field({
    type: ValuationRef,
    nullable: true,
    select: { valuationAmount: true, valuationCurrency: true, valuationBasis: true },
    resolve: (c) => {
      const money = moneyOf(c.valuationAmount, c.valuationCurrency)
      return money && { ...money, basis: c.valuationBasis }
    },
    extensions: sqlField(valuation('valuationAmount', 'valuationCurrency', 'valuationBasis')),
  }),
  strike: t.field({
    type: MoneyRef,
    nullable: true,
    description: 'Warrants and options: the price per share.',
    select: { strikeAmount: true, strikeCurrency: true },
    resolve: (c) => moneyOf(c.strikeAmount, c.strikeCurrency),
    extensions: sqlField(money('strikeAmount', 'strikeCurrency')),
  }),
  cloudScope: t.expose('cloudScope', {
    type: CloudScopeEnum,
    nullable: true,
    description: 'Which clouds the term covers; empty: the term is not about clouds.',
  }),
  tranches: t.relation('tranches', { description: 'Parts of the money or quantity, in order.', query: { orderBy: { position: 'asc' } } }),
  alternatives: t.relation('alternatives', {
    description: 'Other values of this clause’s fields, as other sources report them.',
    query: { orderBy: { position: 'asc' } },
  }),
  replaces: t.field({
    type: [ClauseRef],
    description: 'Clauses of agreements supplementing the same deal that this clause replaces.',
    select: (_args, _ctx, nested) => ({ replaces: { orderBy: { replaced: { key: 'asc' } }, select: { replaced: nested(true) } } }),
    resolve: (c) => c.replaces.map((r) => r.replaced),
    extensions: sqlField(toMany({ typeName: 'Clause', from: through('Clause', 'ClauseReplacement', 'clauseId', 'replacedId'), orderBy: byKey })),
  }),
  replacedBy: t.field({
    type: [ClauseRef],
    description: 'Clauses of later versions of the deal that replace this one (besides supersededBy).',
    select: (_args, _ctx, nested) => ({ replacedBy: { orderBy: { clause: { key: 'asc' } }, select: { clause: nested(true) } } }),
    resolve: (c) => c.replacedBy.map((r) => r.clause),
    extensions: sqlField(toMany({ typeName: 'Clause', from: through('Clause', 'ClauseReplacement', 'replacedId', 'clauseId'), orderBy: byKey })),
  }),
}))
