import { describe, expect, it } from 'vitest'
import {
  addDays,
  compareDays,
  formatPartialDate,
  InvalidDateError,
  isLeapYear,
  lastDayOfMonth,
  parseDay,
  parsePartialDate,
  partialDateFromParts,
} from '../../src/domain/partial-date.js'

function errorOf(fn: () => unknown): InvalidDateError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDateError)
    return error as InvalidDateError
  }
  throw new Error('expected an InvalidDateError')
}

describe('parsePartialDate', () => {
  it.each([
    ['2032', '2032', 'YEAR', '2032-01-01', '2032-12-31'],
    ['2026-Q1', '2026-Q1', 'QUARTER', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-Q2', 'QUARTER', '2026-04-01', '2026-06-30'],
    ['2026-Q3', '2026-Q3', 'QUARTER', '2026-07-01', '2026-09-30'],
    ['2026-Q4', '2026-Q4', 'QUARTER', '2026-10-01', '2026-12-31'],
    ['2026-q2', '2026-Q2', 'QUARTER', '2026-04-01', '2026-06-30'],
    ['2025-10', '2025-10', 'MONTH', '2025-10-01', '2025-10-31'],
    ['2025-04', '2025-04', 'MONTH', '2025-04-01', '2025-04-30'],
    ['2024-02', '2024-02', 'MONTH', '2024-02-01', '2024-02-29'],
    ['2023-02', '2023-02', 'MONTH', '2023-02-01', '2023-02-28'],
    ['2025-10-28', '2025-10-28', 'DAY', '2025-10-28', '2025-10-28'],
    ['2024-02-29', '2024-02-29', 'DAY', '2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29', 'DAY', '2000-02-29', '2000-02-29'],
    ['1000', '1000', 'YEAR', '1000-01-01', '1000-12-31'],
    ['9999-12-31', '9999-12-31', 'DAY', '9999-12-31', '9999-12-31'],
    ['  2032-q4 \n', '2032-Q4', 'QUARTER', '2032-10-01', '2032-12-31'],
    ['\t2025-10-28 ', '2025-10-28', 'DAY', '2025-10-28', '2025-10-28'],
  ])('%j → %s (%s, %s..%s)', (input, text, precision, earliest, latest) => {
    expect(parsePartialDate(input)).toEqual({ text, precision, earliest, latest })
  })

  it.each([
    ['2032-13', 'month must be 01–12'],
    ['2032-00', 'month must be 01–12'],
    ['2032-13-01', 'month must be 01–12'],
    ['2025-10-00', 'day must be 01–31 in 2025-10'],
    ['2025-10-32', 'day must be 01–31 in 2025-10'],
    ['2025-04-31', 'day must be 01–30 in 2025-04'],
    ['2025-06-31', 'day must be 01–30 in 2025-06'],
    ['2023-02-29', 'day must be 01–28 in 2023-02'],
    ['2100-02-29', 'day must be 01–28 in 2100-02'],
    ['2024-02-30', 'day must be 01–29 in 2024-02'],
    ['2026-Q5', 'quarter must be Q1–Q4'],
    ['2026-Q0', 'quarter must be Q1–Q4'],
    ['0999', 'year must be 1000–9999'],
    ['0999-01-01', 'year must be 1000–9999'],
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['garbage', 'unrecognised format'],
    ['32', 'unrecognised format'],
    ['12345', 'unrecognised format'],
    ['2025-1', 'unrecognised format'],
    ['2025-10-1', 'unrecognised format'],
    ['2025/10/28', 'unrecognised format'],
    ['2025-10-28T00:00:00Z', 'unrecognised format'],
    ['2026-Q12', 'unrecognised format'],
    ['2026-H1', 'unrecognised format'],
    ['2025 10', 'unrecognised format'],
    ['٢٠٢٥', 'unrecognised format'], // non-ASCII digits are not digits here
  ])('rejects %j: %s', (input, reason) => {
    const error = errorOf(() => parsePartialDate(input))
    expect(error.input).toBe(input)
    expect(error.name).toBe('InvalidDateError')
    expect(error.code).toBe('INVALID_DATE')
    expect(error.message).toBe(`"${input}" is not a partial date: ${reason} (accepted: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD)`)
  })

  it('is an Error, so generic handlers see it', () => {
    expect(() => parsePartialDate('2032-13')).toThrow(Error)
    expect(() => parsePartialDate('2032-13')).toThrow(
      '"2032-13" is not a partial date: month must be 01–12 (accepted: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD)',
    )
  })

  it('round-trips its canonical text', () => {
    for (const text of ['2032', '2026-Q2', '2025-10', '2025-10-28']) {
      expect(formatPartialDate(parsePartialDate(text))).toBe(text)
    }
  })
})

describe('parseDay', () => {
  it.each([
    ['2025-10-28', '2025-10-28'],
    [' 2024-02-29 ', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('%j → %s', (input, day) => {
    expect(parseDay(input)).toBe(day)
  })

  it.each([
    ['2025', 'a full date is required'],
    ['2025-10', 'a full date is required'],
    ['2025-Q1', 'a full date is required'],
    ['', 'it is empty'],
    ['2023-02-29', 'day must be 01–28 in 2023-02'],
    ['2100-02-29', 'day must be 01–28 in 2100-02'],
    ['2025-13-01', 'month must be 01–12'],
    ['2025-09-31', 'day must be 01–30 in 2025-09'],
  ])('rejects %j: %s', (input, reason) => {
    const error = errorOf(() => parseDay(input))
    expect(error.input).toBe(input)
    expect(error.message).toBe(`"${input}" is not a day: ${reason} (accepted: YYYY-MM-DD)`)
  })
})

describe('partialDateFromParts', () => {
  it('rebuilds a stored date', () => {
    expect(partialDateFromParts({ text: '2026-Q2', precision: 'QUARTER', earliest: '2026-04-01', latest: '2026-06-30' })).toEqual({
      text: '2026-Q2',
      precision: 'QUARTER',
      earliest: '2026-04-01',
      latest: '2026-06-30',
    })
  })

  it('returns null when nothing is stored', () => {
    expect(partialDateFromParts({ text: null, precision: null, earliest: null, latest: null })).toBeNull()
  })

  it('derives missing columns from the text', () => {
    expect(partialDateFromParts({ text: '2032', precision: null, earliest: null, latest: null })).toEqual(parsePartialDate('2032'))
  })

  it.each([
    [{ text: null, precision: 'YEAR', earliest: '2032-01-01', latest: '2032-12-31' }],
    [{ text: '2032', precision: 'DAY', earliest: '2032-01-01', latest: '2032-12-31' }],
    [{ text: '2032', precision: 'YEAR', earliest: '2032-01-02', latest: '2032-12-31' }],
    [{ text: '2032', precision: 'YEAR', earliest: '2032-01-01', latest: '2032-12-30' }],
  ] as const)('fails loudly on inconsistent columns %j', (parts) => {
    expect(() => partialDateFromParts(parts)).toThrow(/Stored partial date/)
  })

  it('rejects stored text that is not a partial date', () => {
    expect(() => partialDateFromParts({ text: '2032-13', precision: null, earliest: null, latest: null })).toThrow(InvalidDateError)
  })
})

describe('calendar helpers', () => {
  it.each([
    [2024, true],
    [2023, false],
    [2000, true],
    [2100, false],
    [1900, false],
    [2400, true],
  ])('isLeapYear(%i) = %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap)
  })

  it.each([
    [2025, 1, 31],
    [2025, 2, 28],
    [2024, 2, 29],
    [2100, 2, 28],
    [2000, 2, 29],
    [2025, 4, 30],
    [2025, 6, 30],
    [2025, 9, 30],
    [2025, 11, 30],
    [2025, 12, 31],
  ])('lastDayOfMonth(%i, %i) = %i', (year, month, last) => {
    expect(lastDayOfMonth(year, month)).toBe(last)
  })

  it.each([
    ['2025-01-01', -1, '2024-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2025-10-28', 0, '2025-10-28'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-12-31', 366, '2026-01-01'],
    ['1000-01-01', -1, '0999-12-31'],
  ])('addDays(%s, %i) = %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected)
  })

  it('compareDays orders ISO days', () => {
    expect(compareDays('2025-01-01', '2025-01-02')).toBe(-1)
    expect(compareDays('2025-01-02', '2025-01-01')).toBe(1)
    expect(compareDays('2025-01-01', '2025-01-01')).toBe(0)
    expect(['2032-12-31', '2025-10-28', '2030-01-01'].sort(compareDays)).toEqual(['2025-10-28', '2030-01-01', '2032-12-31'])
  })
})
