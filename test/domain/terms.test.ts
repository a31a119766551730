import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import * as rules from '../../src/domain/field-rules.js'
import { cloudScopeProblem, moneyText, quantityText, rangeProblem } from '../../src/domain/terms.js'

describe('qualified figures', () => {
  it('only a RANGE has a high end, above the low end', () => {
    expect(rangeProblem(20, 'RANGE', 25)).toBeNull()
    expect(rangeProblem(20, undefined, null)).toBeNull()
    expect(rangeProblem(20, 'RANGE', null)?.[1]).toMatch(/needs `high`/)
    expect(rangeProblem(20, 'RANGE', 20)?.[1]).toMatch(/above the low end 20/)
    expect(rangeProblem(20, 'UP_TO', 25)?.[1]).toMatch(/only a RANGE/)
  })

  it('the zod rule reports at high, and quantities are 0 or more', () => {
    const schema = z
      .object({ value: rules.quantity, qualifier: z.string().optional(), high: z.number().nullable().optional() })
      .superRefine(rules.qualifiedRange('value'))
    const bad = schema.safeParse({ value: 6, qualifier: 'RANGE', high: 5 })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]!.path).toEqual(['high'])
    expect(rules.quantity.safeParse(-1).success).toBe(false)
    expect(rules.quantity.safeParse(0.12345).success).toBe(false)
    expect(rules.quantity.safeParse(1.5).success).toBe(true)
  })

  it('shows money and quantities as an analyst writes them', () => {
    expect(moneyText({ amount: 100e9, currency: 'USD', qualifier: 'UP_TO' })).toBe('up to $100B')
    expect(moneyText({ amount: 20e6, currency: 'USD', qualifier: 'RANGE', high: 25e6, period: 'PER_YEAR' })).toBe('$20–25M a year')
    expect(moneyText({ amount: 500e6, currency: 'USD', qualifier: 'RANGE', high: 1.5e9 })).toBe('$500M–1.5B')
    expect(moneyText({ amount: 22.4e9, currency: 'USD' })).toBe('$22.4B')
    expect(moneyText({ amount: 15e6, currency: 'EUR', qualifier: 'ABOUT' })).toBe('about €15M')
    expect(moneyText({ amount: 0.01, currency: 'USD' })).toBe('$0.01')
    expect(moneyText({ amount: 5e9, currency: 'CHF', qualifier: 'AT_LEAST', period: 'OVER_TERM' })).toBe('at least CHF 5B over the term')
    expect(quantityText({ value: 6, unit: 'GW', qualifier: 'ABOUT' })).toBe('about 6 GW')
    expect(quantityText({ value: 160_000_000, unit: 'SHARES' })).toBe('160,000,000 shares')
    expect(quantityText({ value: 1, unit: 'GW', qualifier: 'RANGE', high: 1.5 })).toBe('1–1.5 GW')
  })

  it('a cloud scope agrees with the clouds named', () => {
    expect(cloudScopeProblem('ANY', 0)).toBeNull()
    expect(cloudScopeProblem(null, 2)).toBeNull()
    expect(cloudScopeProblem('ANY', 1)).toMatch(/ANY_EXCEPT/)
    expect(cloudScopeProblem('NAMED', 0)).toMatch(/names no cloud/)
  })
})
