import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetError, importFiles } from '../seed/load.js'
import { createPrismaClient } from '../src/db/setup/client.js'
import { edgesCsv } from '../src/export/csv.js'
import { json } from '../src/export/json.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { createTestDatabase, type TestDatabase } from './helpers/database.js'
import { dataFolder } from './helpers/deal-files.js'
import { csvRecords, exportText } from './helpers/exports.js'
import { termsDeal } from './helpers/terms-deal.js'

// Issue 20's terms in the import format: located problems for bad values, and every field stored,
// carried, compared on re-import and exported so that it imports again byte for byte.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any
const deal = (): Json => JSON.parse(JSON.stringify(termsDeal()))
const NOWHERE = '(neither in the imported files nor in the database)'

let db: TestDatabase
let prisma: PrismaClient
let files: Awaited<ReturnType<typeof dataFolder>>

beforeAll(async () => {
  db = await createTestDatabase()
  prisma = createPrismaClient(db.url)
  files = await dataFolder()
})
afterAll(async () => {
  await prisma?.$disconnect()
  await db?.drop()
  await files?.remove()
})

async function problemsOf(paths: string[]): Promise<string[]> {
  try {
    await importFiles(prisma, paths)
    return []
  } catch (error) {
    if (error instanceof DatasetError) return error.problems
    throw error
  }
}

describe('bad values in the new fields: located problems, nothing written', () => {
  const share = 'agreements[0].clauses[2]'
  const warrant = 'agreements[0].clauses[3]'
  const cases: [string, (d: Json) => void, string[]][] = [
    [
      'a RANGE without a high end',
      (d) => delete d.agreements[0].clauses[2].amount.high,
      [`${share}.amount.high: a RANGE needs \`high\`, its high end`],
    ],
    [
      'a high end not above the low end',
      (d) => (d.agreements[0].clauses[2].amount.high = 20e6),
      [`${share}.amount.high: 20000000 must be above the low end 20000000`],
    ],
    [
      'a high end without RANGE',
      (d) => (d.agreements[0].value.high = 200e9),
      ['agreements[0].value.high: only a RANGE has a high end: set qualifier to RANGE or leave high out'],
    ],
    [
      'an unknown qualifier and period',
      (d) => Object.assign(d.agreements[0].value, { qualifier: 'MAYBE', period: 'WEEKLY' }),
      [
        'agreements[0].value.qualifier: Invalid option: expected one of "EXACT"|"ABOUT"|"UP_TO"|"AT_LEAST"|"RANGE"',
        'agreements[0].value.period: Invalid option: expected one of "ONE_TIME"|"PER_YEAR"|"PER_MONTH"|"OVER_TERM"',
      ],
    ],
    [
      'a negative or over-precise quantity, an unknown unit',
      (d) => {
        d.agreements[0].clauses[3].quantity = { value: -1, unit: 'SHARES' }
        d.agreements[2].clauses[0].quantity = { value: 1.23456, unit: 'TW' }
      },
      [
        `${warrant}.quantity.value: -1 is negative: quantities must be 0 or more`,
        'agreements[2].clauses[0].quantity.value: 1.23456 has more than 4 decimal places',
        'agreements[2].clauses[0].quantity.unit: Invalid option: expected one of "GW"|"MW"|"GPUS"|"TPUS"|"CHIPS"|"WAFERS_PER_MONTH"|"SHARES"|"PEOPLE"',
      ],
    ],
    [
      'a quantity RANGE with its high end below',
      (d) => (d.agreements[0].clauses[3].tranches[0].quantity.high = 0.5),
      [`${warrant}.tranches[0].quantity.high: 0.5 must be above the low end 1`],
    ],
    [
      'a valuation basis and a strike that are not',
      (d) => {
        d.agreements[0].clauses[3].valuation.basis = 'FULLY_DILUTED'
        d.agreements[0].clauses[3].strike = { amount: 0.001, currency: 'USD' }
      },
      [
        `${warrant}.valuation.basis: Invalid option: expected one of "PRE_MONEY"|"POST_MONEY"`,
        `${warrant}.strike.amount: 0.001 has more than 2 decimal places`,
      ],
    ],
    [
      'a cloud scope that contradicts the clouds named',
      (d) => {
        d.agreements[2].clauses[0].cloudProviders = ['acme-cloud']
        d.agreements[0].clauses[1].cloudProviders = []
      },
      [
        'agreements[0].clauses[1].cloudScope: is ANY_EXCEPT, but cloudProviders names no cloud',
        'agreements[2].clauses[0].cloudScope: is ANY, but cloudProviders names clouds: use ANY_EXCEPT for the excluded ones, or NAMED',
      ],
    ],
    [
      'a tranche with neither amount nor quantity, or a bad date',
      (d) => {
        d.agreements[0].clauses[2].tranches[0] = { on: '2026-02' }
        d.agreements[0].clauses[2].tranches[1].on = '2026-13'
      },
      [
        `${share}.tranches[0]: must have an amount, a quantity or both`,
        `${share}.tranches[1].on: "2026-13" is not a partial date: month must be 01–12 (accepted: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD)`,
      ],
    ],
    [
      'alternatives of an unknown field or of the wrong shape',
      (d) => {
        const alts = d.agreements[0].clauses[2].alternatives
        alts[0].field = 'summary'
        alts[1].value = 38e9
        alts[2].value = '2030-06-31'
      },
      [
        `${share}.alternatives[0].field: must be one of amount, cap, percentage, quantity, valuation, strike, startsOn, endsOn, exclusivity`,
        `${share}.alternatives[1].value: Invalid input: expected object, received number`,
        `${share}.alternatives[2].value: "2030-06-31" is not a partial date: day must be 01–30 in 2030-06 (accepted: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD)`,
      ],
    ],
    [
      'an alternative citing an unknown source',
      (d) => (d.agreements[0].clauses[2].alternatives[2].sources[0].url = 'https://example.org/missing'),
      [`${share}.alternatives[2].sources[0].url: unknown source "https://example.org/missing" ${NOWHERE}`],
    ],
    [
      'citations naming fields that do not exist',
      (d) => {
        d.agreements[0].sources[0].fields = ['cap']
        d.agreements[0].clauses[2].sources[0].fields = ['percentage', 'percentage']
      },
      [
        'agreements[0].sources[0].fields[0]: Invalid option: expected one of "title"|"description"|"kinds"|"status"|"announcedOn"|"effectiveOn"|"endsOn"|"terminatedOn"|"value"|"parties"|"amends"|"supplements"|"deal"',
        `${share}.sources[0].fields[1]: field "percentage" is listed twice`,
      ],
    ],
    [
      'a source kind that is not one',
      (d) => (d.sources[1].kind = 'WIRE'),
      ['sources[1].kind: Invalid option: expected one of "OFFICIAL"|"NEWS_OUTLET"|"AGGREGATOR"|"BLOG"'],
    ],
    [
      'replaces naming nothing, its own version, the amended version, or another deal',
      (d) => {
        const other = structuredClone(d.agreements[2])
        Object.assign(other, { slug: 'lone-deal', supplements: null, clauses: [{ ...other.clauses[0], key: 'lone-deal#1' }] })
        d.agreements.push(other)
        d.agreements[1].clauses[0].replaces = ['acme-side#9', 'acme-deal-v2#2', 'acme-deal-v1#1', 'lone-deal#1']
      },
      [
        `agreements[1].clauses[0].replaces[0]: unknown clause "acme-side#9" ${NOWHERE}`,
        'agreements[1].clauses[0].replaces[1]: "acme-deal-v2#2" is a clause of this version: a clause replaces clauses of agreements that supplement the deal',
        'agreements[1].clauses[0].replaces[2]: "acme-deal-v1#1" is a clause of the amended version "acme-deal-v1": use supersedes',
        'agreements[1].clauses[0].replaces[3]: "lone-deal#1" is not a clause of an agreement that supplements a version of this deal (it belongs to "lone-deal")',
      ],
    ],
  ]

  it.each(cases)('reports %s', async (name, mutate, expected) => {
    const data = deal()
    mutate(data)
    const file = await files.write(`${name.replaceAll(' ', '-')}.json`, data)
    expect(await problemsOf([file])).toEqual(expected.map((p) => `${file}: ${p}`))
    expect(await prisma.clause.count()).toBe(0)
  })
})

describe('storing the new fields', () => {
  let file: string
  beforeAll(async () => {
    file = await files.write('terms.json', deal())
  })

  it('stores every field, and a carry copies tranches, alternatives and cited fields', async () => {
    await importFiles(prisma, [file])
    const v1 = await prisma.agreement.findUniqueOrThrow({ where: { slug: 'acme-deal-v1' }, include: { citations: true } })
    expect(v1).toMatchObject({ valueQualifier: 'UP_TO', valueHigh: null, valuePeriod: 'OVER_TERM' })
    expect(v1.citations.map((c) => c.fields)).toEqual([['value', 'parties']])
    const share = await prisma.clause.findUniqueOrThrow({
      where: { key: 'acme-deal-v2#3' },
      include: {
        tranches: { orderBy: { position: 'asc' } },
        alternatives: { orderBy: { position: 'asc' }, include: { citations: true } },
        citations: { include: { source: true } },
      },
    })
    expect({ q: share.amountQualifier, high: Number(share.amountHigh), period: share.amountPeriod }).toEqual({
      q: 'RANGE',
      high: 25e6,
      period: 'PER_YEAR',
    })
    expect(
      share.tranches.map((t) => [
        t.position,
        t.amount === null ? null : Number(t.amount),
        t.amountQualifier,
        t.quantity === null ? null : Number(t.quantity),
        t.quantityUnit,
        t.onText,
        t.onPrecision,
        t.condition,
      ]),
    ).toEqual([
      [1, 15e9, 'EXACT', null, null, '2026-02', 'MONTH', null],
      [2, 35e9, 'UP_TO', null, null, null, null, 'on milestones'],
      [3, null, 'EXACT', 1, 'GW', '2026', 'YEAR', 'first gigawatt'],
    ])
    expect(share.alternatives.map((a) => [a.field, a.value, a.note, a.citations.map((c) => c.basis)])).toEqual([
      ['percentage', 25, 'The wire says a quarter.', ['UNNAMED_SOURCES']],
      ['cap', { amount: 38e9, currency: 'USD' }, null, ['PRESS_REPORT']],
      ['endsOn', '2030-Q2', null, ['PRESS_REPORT']],
    ])
    expect(share.citations.map((c) => [c.source.url.split('/').pop(), c.fields]).sort()).toEqual([
      ['announcement', ['percentage']],
      ['report', ['cap', 'amount', 'tranches']],
    ])
    const warrant = await prisma.clause.findUniqueOrThrow({ where: { key: 'acme-deal-v2#4' }, include: { tranches: true } })
    expect([
      Number(warrant.quantity),
      warrant.quantityUnit,
      Number(warrant.strikeAmount),
      Number(warrant.valuationAmount),
      warrant.valuationBasis,
    ]).toEqual([160e6, 'SHARES', 0.01, 500e9, 'POST_MONEY'])
    expect(warrant.tranches.map((t) => [Number(t.quantity), t.quantityQualifier, Number(t.quantityHigh)])).toEqual([[1, 'RANGE', 1.5]])
    const licence = await prisma.clause.findUniqueOrThrow({
      where: { key: 'acme-deal-v2#1' },
      include: { replaces: { include: { replaced: true } } },
    })
    expect(licence.replaces.map((r) => r.replaced.key)).toEqual(['acme-side#1'])
    const side = await prisma.clause.findUniqueOrThrow({ where: { key: 'acme-side#1' } })
    expect([side.cloudScope, Number(side.quantity), side.quantityQualifier]).toEqual(['ANY', 6, 'ABOUT'])
    expect((await prisma.source.findMany({ orderBy: { url: 'asc' } })).map((s) => s.kind)).toEqual(['OFFICIAL', 'NEWS_OUTLET'])
  })

  it('changes nothing when imported again', async () => {
    const report = await importFiles(prisma, [file])
    expect(report.totals.created + report.totals.updated).toBe(0)
  })

  it('updates a changed tranche, alternative, cited field or replacement as a change of its clause, with history', async () => {
    const data = deal()
    data.agreements[0].clauses[2].tranches[1].condition = 'on two milestones'
    data.agreements[0].clauses[2].alternatives.pop()
    data.agreements[0].clauses[2].sources[0].fields = []
    data.agreements[1].clauses[0].replaces = []
    await files.write('terms.json', data)
    const report = await importFiles(prisma, [file])
    // v1#3 changed; its carry v2#3 copies it; v2#1 no longer replaces.
    expect(report.summary.Clause).toEqual({ created: 0, updated: 3, unchanged: 6 })
    const share = await prisma.clause.findUniqueOrThrow({
      where: { key: 'acme-deal-v2#3' },
      include: { tranches: { orderBy: { position: 'asc' } }, alternatives: true },
    })
    expect(share.tranches.map((t) => t.condition)).toEqual([null, 'on two milestones', 'first gigawatt'])
    expect(share.alternatives).toHaveLength(2)
    const record = await prisma.writeHistory.findFirstOrThrow({ where: { entityId: share.id, action: 'UPDATE' } })
    const before = record.before as { tranches: { condition: string | null }[]; alternatives: unknown[]; citations: { fields: string[] }[] }
    const after = record.after as typeof before
    expect([before.tranches[1]!.condition, after.tranches[1]!.condition]).toEqual(['on milestones', 'on two milestones'])
    expect([before.alternatives.length, after.alternatives.length]).toEqual([3, 2])
    expect(after.citations.map((c) => c.fields).sort()).toEqual([[], ['cap', 'amount', 'tranches']])
    expect(await prisma.clauseReplacement.count()).toBe(0)
    await files.write('terms.json', deal())
    await importFiles(prisma, [file])
  })

  it('exports the terms to CSV as columns and one row per clause', async () => {
    const rows = csvRecords(await exportText(edgesCsv, db.url, null))
    const row = rows.find((r) => r.id === 'clause:acme-deal-v1.3')!
    expect([row.amountQualifier, row.amountHigh, row.amountPeriod, row.amountText]).toEqual(['RANGE', '25000000', 'PER_YEAR', '$20–25M a year'])
    expect(row.tranches).toBe('$15B on 2026-02; up to $35B if on milestones; 1 GW on 2026 if first gigawatt')
    expect(row.alternatives).toBe(
      'percentage: 25% (https://example.org/acme/report); cap: $38B (https://example.org/acme/report); endsOn: 2030-Q2 (https://example.org/acme/report)',
    )
    const side = rows.find((r) => r.id === 'clause:acme-side.1')!
    expect([side.quantityText, side.quantityUnit, side.cloudScope]).toEqual(['about 6 GW', 'GW', 'ANY'])
    const licence = rows.find((r) => r.id === 'clause:acme-deal-v2.1')!
    expect(licence.replaces).toBe('acme-side#1')
  })

  it('exports a file that imports into an empty database and exports the same bytes', async () => {
    const first = await exportText(json, db.url, null)
    const parsed = JSON.parse(first)
    const share = parsed.agreements.find((a: Json) => a.slug === 'acme-deal-v1').clauses[2]
    // Defaults stay out: plain money is { amount, currency }, a citation of the whole clause has no fields.
    expect(share.tranches[0]).toEqual({ amount: { amount: 15e9, currency: 'USD' }, quantity: null, on: '2026-02', condition: null })
    expect(share.alternatives[1]).toEqual({
      field: 'cap',
      value: { amount: 38e9, currency: 'USD' },
      note: null,
      sources: [{ url: 'https://example.org/acme/report', basis: 'PRESS_REPORT' }],
    })
    const target = await createTestDatabase()
    const client = createPrismaClient(target.url)
    try {
      const copy = await dataFolder()
      await importFiles(client, [await copy.write('export.json', first)])
      await copy.remove()
      expect(await exportText(json, target.url, null)).toBe(first)
    } finally {
      await client.$disconnect()
      await target.drop()
    }
  })
})
