import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compareIntervals,
  type Figure,
  fromScaled,
  type Interval,
  intervalOf,
  sumIntervals,
  toScaled,
  totalsOf,
  totalText,
} from '../../src/domain/qualified-sum.js'
import type { AmountQualifier } from '../../src/generated/prisma/enums.js'

const B = (n: number) => toScaled(n * 1e9)
const exact = (n: bigint) => intervalOf('EXACT', n)
const upTo = (n: bigint) => intervalOf('UP_TO', n)

const QUALIFIERS: AmountQualifier[] = ['EXACT', 'ABOUT', 'UP_TO', 'AT_LEAST', 'RANGE']

/** A reported figure: its qualifier, value and (RANGE) high end, with a point it may really be. */
const figure = fc
  .record({
    qualifier: fc.constantFrom(...QUALIFIERS),
    value: fc.bigInt({ min: 0n, max: 10n ** 20n }),
    extra: fc.bigInt({ min: 0n, max: 10n ** 20n }),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ qualifier, value, extra, at }) => {
    const interval = intervalOf(qualifier, value, qualifier === 'RANGE' ? value + extra : null)
    // A point inside the interval (an open one reaches up to `extra` beyond its low end).
    const width = (interval.high ?? interval.low + extra) - interval.low
    const point = interval.low + BigInt(Math.floor(Number(width) * at))
    return { interval, point: point > interval.low + width ? interval.low + width : point }
  })

const same = (a: Interval, b: Interval) => expect(a).toEqual(b)

describe('one figure as an interval', () => {
  it('reads each qualifier as its interval', () => {
    expect(intervalOf('EXACT', 5n)).toEqual({ low: 5n, high: 5n, qualifier: 'EXACT', approximate: false, parts: 1 })
    expect(intervalOf('ABOUT', 5n)).toEqual({ low: 5n, high: 5n, qualifier: 'ABOUT', approximate: true, parts: 1 })
    expect(intervalOf('UP_TO', 5n)).toEqual({ low: 0n, high: 5n, qualifier: 'UP_TO', approximate: false, parts: 1 })
    expect(intervalOf('AT_LEAST', 5n)).toEqual({ low: 5n, high: null, qualifier: 'AT_LEAST', approximate: false, parts: 1 })
    expect(intervalOf('RANGE', 5n, 8n)).toEqual({ low: 5n, high: 8n, qualifier: 'RANGE', approximate: false, parts: 1 })
  })
})

describe('sums of qualified figures', () => {
  it('$10B exact + up to $100B is $10B–$110B', () => {
    const sum = sumIntervals([exact(B(10)), upTo(B(100))])
    expect(sum).toMatchObject({ low: B(10), high: B(110), qualifier: 'RANGE', parts: 2 })
  })

  it('a sum of "up to" figures is "up to" their sum', () => {
    expect(sumIntervals([upTo(B(6)), upTo(B(4))])).toMatchObject({ low: 0n, high: B(10), qualifier: 'UP_TO' })
  })

  it('exact figures add exactly; an approximate one makes the sum approximate', () => {
    expect(sumIntervals([exact(3n), exact(4n)])).toMatchObject({ low: 7n, high: 7n, qualifier: 'EXACT', approximate: false })
    expect(sumIntervals([exact(3n), intervalOf('ABOUT', 4n)])).toMatchObject({ low: 7n, high: 7n, qualifier: 'ABOUT', approximate: true })
  })

  it('ranges add as ranges, and an open end stays open', () => {
    expect(sumIntervals([intervalOf('RANGE', 20n, 25n), intervalOf('RANGE', 1n, 2n)])).toMatchObject({ low: 21n, high: 27n, qualifier: 'RANGE' })
    expect(sumIntervals([intervalOf('AT_LEAST', 10n), upTo(5n)])).toMatchObject({ low: 10n, high: null, qualifier: 'AT_LEAST' })
  })

  it('holds every point the figures may really be (property)', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 8 }), (figures) => {
        const sum = sumIntervals(figures.map((f) => f.interval))
        const point = figures.reduce((n, f) => n + f.point, 0n)
        expect(sum.low <= point).toBe(true)
        if (sum.high !== null) expect(point <= sum.high).toBe(true)
        expect(sum.parts).toBe(figures.length)
      }),
    )
  })

  it('does not depend on the order or grouping of the figures (property)', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 2, maxLength: 8 }), fc.nat(), (figures, cut) => {
        const parts = figures.map((f) => f.interval)
        const at = 1 + (cut % (parts.length - 1))
        const whole = sumIntervals(parts)
        same(sumIntervals([...parts].reverse()), whole)
        same(sumIntervals([sumIntervals(parts.slice(0, at)), sumIntervals(parts.slice(at))]), whole)
      }),
    )
  })

  it('says what it is (property)', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 8 }), (figures) => {
        const parts = figures.map((f) => f.interval)
        const sum = sumIntervals(parts)
        const qualifiers = parts.map((p) => p.qualifier)
        if (qualifiers.every((q) => q === 'EXACT')) expect(sum.qualifier).toBe('EXACT')
        if (qualifiers.every((q) => q === 'UP_TO')) expect(sum).toMatchObject({ qualifier: 'UP_TO', low: 0n })
        if (qualifiers.includes('AT_LEAST')) expect(sum).toMatchObject({ qualifier: 'AT_LEAST', high: null })
        if (sum.qualifier === 'EXACT' || sum.qualifier === 'ABOUT') expect(sum.low).toBe(sum.high)
        if (sum.qualifier === 'RANGE') expect(sum.low < sum.high!).toBe(true)
        expect(sum.approximate).toBe(qualifiers.includes('ABOUT'))
      }),
    )
  })
})

describe('totals per unit, currency and period', () => {
  const money = (value: string, currency = 'USD', period: Figure['measure']['period'] = null, qualifier: AmountQualifier = 'EXACT'): Figure => ({
    measure: { currency, period: period ?? null },
    qualifier,
    value,
    high: null,
  })
  const quantity = (value: string, unit: 'GW' | 'MW' | 'GPUS', qualifier: AmountQualifier = 'EXACT', high: string | null = null): Figure => ({
    measure: { unit },
    qualifier,
    value,
    high,
  })

  it('never adds different units, currencies or periods', () => {
    const totals = totalsOf([
      money('10', 'USD'),
      money('5', 'EUR'),
      money('3', 'USD', 'PER_YEAR'),
      money('4', 'USD', 'ONE_TIME'),
      quantity('2', 'GPUS'),
      money('1', 'USD'),
    ])
    expect(totals.map((t) => [t.unit, t.currency, t.period, fromScaled(t.sum.low)])).toEqual([
      ['GPUS', null, null, 2],
      [null, 'EUR', null, 5],
      [null, 'USD', null, 11],
      [null, 'USD', 'ONE_TIME', 4],
      [null, 'USD', 'PER_YEAR', 3],
    ])
  })

  it('counts MW as GW, exactly', () => {
    const [gw] = totalsOf([quantity('750', 'MW'), quantity('0.1', 'GW'), quantity('1.0001', 'MW'), quantity('0.0001', 'MW', 'RANGE', '0.0003')])
    expect(gw).toMatchObject({ unit: 'GW', sum: { low: toScaled('0.8510002'), high: toScaled('0.8510004'), qualifier: 'RANGE', parts: 4 } })
  })

  it('adds any decimals without rounding (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 16n }), { minLength: 1, maxLength: 10 }), (cents) => {
        const text = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`
        const [total] = totalsOf(cents.map((c) => money(text(c))))
        expect(total!.sum.low).toBe(toScaled(text(cents.reduce((a, b) => a + b, 0n))))
      }),
    )
  })

  it('reads as an analyst writes it', () => {
    const text = (figures: Figure[]) => totalText(totalsOf(figures)[0]!)
    expect(text([money('10000000000'), money('100000000000', 'USD', null, 'UP_TO')])).toBe('$10–110B')
    expect(text([quantity('6', 'GW', 'UP_TO')])).toBe('up to 6 GW')
    expect(text([quantity('750', 'MW'), quantity('10', 'GW', 'AT_LEAST')])).toBe('at least 10.75 GW')
    expect(text([money('30000000000', 'USD', 'PER_YEAR', 'ABOUT')])).toBe('about $30B a year')
    expect(text([money('11900000000', 'EUR')])).toBe('€11.9B')
    expect(text([money('5000000', 'CHF')])).toBe('CHF 5M')
    expect(text([money('2000000000', 'USD', 'ONE_TIME')])).toBe('$2B one-time')
    expect(text([quantity('750000', 'GPUS')])).toBe('750,000 GPUs')
  })
})

describe('comparing sums', () => {
  it('ranks by the most a sum is reported to reach (the low end of an open one), then by the low end', () => {
    const sorted = [exact(6n), upTo(10n), intervalOf('AT_LEAST', 1n), intervalOf('RANGE', 2n, 10n), exact(10n), intervalOf('AT_LEAST', 10n)].sort(
      compareIntervals,
    )
    expect(sorted.map((i) => [i.low, i.high])).toEqual([
      [1n, null],
      [6n, 6n],
      [0n, 10n],
      [2n, 10n],
      [10n, 10n],
      [10n, null],
    ])
  })
})
