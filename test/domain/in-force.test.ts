import { describe, expect, it } from 'vitest'
import { parsePartialDate } from '../../src/domain/partial-date.js'
import { clauseInForce, versionInForce, versionInterval, versionStart, type VersionTimes } from '../../src/domain/in-force.js'

type Texts = Partial<Record<keyof VersionTimes, string>>

// Versions are written with partial-date texts, as an editor would enter them.
function version(texts: Texts): VersionTimes {
  const pd = (t: string | undefined) => (t === undefined ? null : parsePartialDate(t))
  return {
    effective: pd(texts.effective),
    announced: pd(texts.announced),
    ends: pd(texts.ends),
    terminated: pd(texts.terminated),
  }
}

function clause(starts?: string, ends?: string) {
  return {
    starts: starts === undefined ? null : parsePartialDate(starts),
    ends: ends === undefined ? null : parsePartialDate(ends),
  }
}

describe('a chain of three versions (day, month and year precision)', () => {
  const v1 = version({ effective: '2019-07-22' })
  const v2 = version({ effective: '2025-10' }) // amends v1
  const v3 = version({ effective: '2032' }) // amends v2
  const amendmentsOf = new Map([
    [v1, [v2]],
    [v2, [v3]],
    [v3, []],
  ])
  // Which of the three (numbered 1–3) are in force on a day.
  const inForceOn = (day: string) => [v1, v2, v3].flatMap((v, i) => (versionInForce(v, amendmentsOf.get(v) ?? [], day) ? [i + 1] : []))

  it.each([
    ['2019-07-21', []],
    ['2019-07-22', [1]],
    ['2025-09-30', [1]],
    ['2025-10-01', [2]], // the amendment's first day belongs to the amendment
    ['2025-10-31', [2]],
    ['2031-12-31', [2]],
    ['2032-01-01', [3]],
    ['2099-06-01', [3]], // the last version is open-ended
  ])('on %s the versions in force are %j', (day, expected) => {
    expect(inForceOn(day)).toEqual(expected)
  })

  it('has no gap and no overlap across each boundary', () => {
    const boundaries = ['2025-09-29', '2025-09-30', '2025-10-01', '2025-10-02', '2031-12-31', '2032-01-01']
    for (const day of boundaries) {
      expect(inForceOn(day)).toHaveLength(1)
    }
  })

  it('gives each version its interval', () => {
    expect(versionInterval(v1, [v2])).toEqual({ from: '2019-07-22', until: '2025-09-30' })
    expect(versionInterval(v2, [v3])).toEqual({ from: '2025-10-01', until: '2031-12-31' })
    expect(versionInterval(v3, [])).toEqual({ from: '2032-01-01', until: null })
  })
})

describe('versionInForce', () => {
  it('hands over on the day a day-precision amendment takes effect', () => {
    const old = version({ effective: '2023-01-23' })
    const amendment = version({ effective: '2025-10-28' })
    expect(versionInForce(old, [amendment], '2025-10-27')).toBe(true)
    expect(versionInForce(old, [amendment], '2025-10-28')).toBe(false)
    expect(versionInForce(amendment, [], '2025-10-28')).toBe(true)
  })

  it.each([
    ['2032', '2032-12-31', '2033-01-01'],
    ['2030-Q2', '2030-06-30', '2030-07-01'],
    ['2030-02', '2030-02-28', '2030-03-01'],
    ['2030-05-15', '2030-05-15', '2030-05-16'],
  ])('an end of %s is in force on %s and not on %s', (ends, lastDay, dayAfter) => {
    const v = version({ effective: '2025-01-01', ends })
    expect(versionInForce(v, [], lastDay)).toBe(true)
    expect(versionInForce(v, [], dayAfter)).toBe(false)
  })

  it('starts a partial effective date on its earliest day', () => {
    const v = version({ effective: '2026-Q2' })
    expect(versionInForce(v, [], '2026-03-31')).toBe(false)
    expect(versionInForce(v, [], '2026-04-01')).toBe(true)
  })

  it('falls back to the announced date when the effective date is unknown', () => {
    const v = version({ announced: '2025-10-28' })
    expect(versionStart(v)).toBe('2025-10-28')
    expect(versionInForce(v, [], '2025-10-27')).toBe(false)
    expect(versionInForce(v, [], '2025-10-28')).toBe(true)
  })

  it('prefers the effective date over the announced one', () => {
    const v = version({ announced: '2025-10-28', effective: '2026' })
    expect(versionStart(v)).toBe('2026-01-01')
    expect(versionInForce(v, [], '2025-11-01')).toBe(false)
  })

  it('lets an amendment with only an announced date replace from that date', () => {
    const old = version({ effective: '2020' })
    const amendment = version({ announced: '2024-03' })
    expect(versionInterval(old, [amendment])).toEqual({ from: '2020-01-01', until: '2024-02-29' })
  })

  it('is never in force without any start', () => {
    const v = version({ ends: '2032' })
    expect(versionStart(v)).toBeNull()
    expect(versionInterval(v, [])).toEqual({ from: null, until: '2032-12-31' })
    expect(versionInForce(v, [], '2030-01-01')).toBe(false)
  })

  it('ignores an amendment that has no start', () => {
    const old = version({ effective: '2020' })
    expect(versionInForce(old, [version({})], '2030-01-01')).toBe(true)
  })

  it.each([
    [{ effective: '2020', terminated: '2024-06-15' }, '2024-06-15', '2024-06-16'],
    [{ effective: '2020', terminated: '2024' }, '2024-12-31', '2025-01-01'],
    [{ effective: '2020', ends: '2032', terminated: '2024-06-15' }, '2024-06-15', '2024-06-16'],
    [{ effective: '2020', ends: '2023', terminated: '2024-06-15' }, '2023-12-31', '2024-01-01'],
  ])('ends at the earlier of end and termination: %j', (texts, lastDay, dayAfter) => {
    const v = version(texts)
    expect(versionInForce(v, [], lastDay)).toBe(true)
    expect(versionInForce(v, [], dayAfter)).toBe(false)
  })

  it('ends at an amendment that comes before its own end date', () => {
    const v = version({ effective: '2020', ends: '2032' })
    expect(versionInterval(v, [version({ effective: '2025-10-28' })]).until).toBe('2025-10-27')
  })

  it('is replaced by the earliest of several direct amendments', () => {
    const v = version({ effective: '2020' })
    const amendments = [version({ effective: '2027' }), version({ effective: '2025-Q3' })]
    expect(versionInterval(v, amendments)).toEqual({ from: '2020-01-01', until: '2025-06-30' })
  })

  it('is never in force when amended before it starts', () => {
    const v = version({ effective: '2025' })
    const early = version({ effective: '2024' })
    for (const day of ['2024-06-01', '2025-01-01', '2026-01-01']) {
      expect(versionInForce(v, [early], day)).toBe(false)
    }
  })

  it('stays in force beside a supplement (supplements are not amendments)', () => {
    const deal = version({ effective: '2023-01' })
    const sideLicence = version({ effective: '2024-05' })
    expect(versionInForce(deal, [], '2024-06-01')).toBe(true)
    expect(versionInForce(sideLicence, [], '2024-06-01')).toBe(true)
  })
})

describe('clauseInForce', () => {
  const v = version({ effective: '2025-10-28' })
  const next = version({ effective: '2034' })

  it.each([
    // [clause start, clause end, day, expected]
    [undefined, undefined, '2025-10-27', false], // before the version
    [undefined, undefined, '2025-10-28', true], // missing start = the version's start
    [undefined, undefined, '2033-12-31', true], // missing end = open (until the version ends)
    [undefined, undefined, '2034-01-01', false], // the version has been replaced
    ['2026', undefined, '2025-12-31', false], // its own start, inside the version
    ['2026', undefined, '2026-01-01', true],
    [undefined, '2030', '2030-12-31', true], // generous end: the whole year
    [undefined, '2030', '2031-01-01', false],
    ['2026-Q2', '2026-Q3', '2026-03-31', false],
    ['2026-Q2', '2026-Q3', '2026-04-01', true],
    ['2026-Q2', '2026-Q3', '2026-09-30', true],
    ['2026-Q2', '2026-Q3', '2026-10-01', false],
    ['2019', undefined, '2024-01-01', false], // a start before the version does not extend it
    [undefined, '2040', '2035-01-01', false], // an end after the replacement does not extend it
  ])('starts %s, ends %s: on %s → %s', (starts, ends, day, expected) => {
    expect(clauseInForce(clause(starts, ends), v, [next], day)).toBe(expected)
  })

  it('uses the announced fallback as the start of a clause without one', () => {
    const announcedOnly = version({ announced: '2025-10' })
    expect(clauseInForce(clause(), announcedOnly, [], '2025-09-30')).toBe(false)
    expect(clauseInForce(clause(), announcedOnly, [], '2025-10-01')).toBe(true)
  })

  it('is never in force when its version has no start', () => {
    expect(clauseInForce(clause('2026', '2030'), version({}), [], '2027-01-01')).toBe(false)
  })
})
