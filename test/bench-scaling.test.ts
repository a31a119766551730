import { describe, expect, it } from 'vitest'
import type { LoadResult } from '../bench/lib/load.js'
import { mergeRounds, scaling } from '../bench/lib/scaling.js'

// How the bench merges its rounds of one case and compares a case's latency across sizes
// (bench/lib/scaling.ts): plain arithmetic over load results, checked on made-up figures.

const round = (p50: number, p95: number, requests: number, seconds = 6): LoadResult => ({
  requests,
  rps: requests / seconds,
  p50,
  p95,
  p99: p95 * 2,
  errors: 0,
  non2xx: 0,
  seconds,
})

describe('bench rounds and scaling', () => {
  it('adds up requests and time over rounds, and takes the median of each percentile', () => {
    const merged = mergeRounds([round(30, 60, 600), round(10, 20, 1200), round(20, 80, 900)])
    expect(merged).toEqual({ requests: 2700, rps: 150, p50: 20, p95: 60, p99: 120, errors: 0, non2xx: 0, seconds: 18 })
  })

  it('takes the mean of the two middle rounds when their number is even', () => {
    expect(mergeRounds([round(10, 20, 600), round(40, 90, 600)]).p50).toBe(25)
  })

  it('one round is itself', () => {
    expect(mergeRounds([round(12, 34, 500)])).toEqual(round(12, 34, 500))
  })

  it('divides each case’s latency on the large size by its latency on the small one', () => {
    const results = [
      { size: '1k', name: 'search', ...round(20, 40, 600) },
      { size: '1k', name: 'path-far', ...round(10, 30, 600) },
      { size: '1k', name: 'only-small', ...round(5, 9, 600) },
      { size: '100k', name: 'path-far', ...round(15, 60, 400) },
      { size: '100k', name: 'search', ...round(36, 50, 300) },
    ]
    expect(scaling(results, '1k', '100k')).toEqual([
      { name: 'search', p50: 1.8, p95: 1.25 },
      { name: 'path-far', p50: 1.5, p95: 2 },
    ])
  })
})
