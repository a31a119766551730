import { describe, expect, it } from 'vitest'
import { hrefOf, parseRoute } from '../../explorer/src/route.js'

// The explorer's state lives in its URL: what a link says is what a reload shows.

const today = new Date().toISOString().slice(0, 10)

describe('explorer routes', () => {
  it('reads a deep link, and falls back to the defaults and today for what is missing or wrong', () => {
    expect(parseRoute('?view=graph&node=azure&kind=cloud&asOf=2026-01-01')).toMatchObject({
      view: 'graph',
      node: 'azure',
      kind: 'cloud',
      asOf: '2026-01-01',
    })
    expect(parseRoute('')).toMatchObject({ view: 'graph', node: 'microsoft', kind: 'company', asOf: today })
    expect(parseRoute('?view=nonsense&kind=planet&asOf=2026-13-45')).toMatchObject({ view: 'graph', kind: 'company', asOf: today })
  })

  it('writes what differs from the defaults, other views’ state too, the day always, and reads back the same', () => {
    const licences = parseRoute('?view=licences&exclusivity=EXCLUSIVE&licensor=openai&sort=-licensee&asOf=2025-06-30&node=openai')
    expect(hrefOf(licences)).toBe('/?view=licences&node=openai&exclusivity=EXCLUSIVE&licensor=openai&sort=-licensee&asOf=2025-06-30')
    expect(parseRoute(hrefOf(licences).slice(1))).toEqual(licences)
    const graph = parseRoute('?view=graph&selected=e:abc&asOf=2026-01-01')
    expect(hrefOf(graph)).toBe('/?view=graph&node=microsoft&selected=e%3Aabc&asOf=2026-01-01')
    expect(hrefOf({ ...graph, view: 'timeline', version: 'microsoft-openai-2019' })).toBe(
      '/?view=timeline&selected=e%3Aabc&version=microsoft-openai-2019&asOf=2026-01-01',
    )
  })
})
