// Small words and dates the views share.

export const today = (): string => new Date().toISOString().slice(0, 10)

export const FIRST_DAY = '2019-01-01'

const DAY_MS = 86_400_000
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS)
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** LICENSE_GRANT → "licence grant". */
export const words = (name: string | null | undefined): string => (name ? name.toLowerCase().replace(/_/g, ' ').replace('license', 'licence') : '')

export const exclusivityLabel = (value: string | null | undefined): string =>
  value === 'EXCLUSIVE' ? 'exclusive' : value === 'NON_EXCLUSIVE' ? 'non-exclusive' : 'exclusivity not stated'

/** The kinds of clause the graph colours, each with its colour; the rest share grey. */
export const KIND_COLOURS: Record<string, string> = {
  LICENSE_GRANT: '#7b3fbf',
  EXCLUSIVITY: '#b0306a',
  CLOUD_PRIMACY: '#1f6fd1',
  COMPUTE_COMMITMENT: '#0b8a6e',
  INVESTMENT: '#c26a00',
  EQUITY_STAKE: '#a15c00',
  REVENUE_SHARE: '#b58900',
  DISTRIBUTION_RIGHTS: '#2a8fa8',
  RIGHT_OF_FIRST_REFUSAL: '#5a6acf',
  CHIP_SUPPLY: '#3d8b37',
}
export const OTHER_KIND_COLOUR = '#7a7f87'
export const kindColour = (kind: string | null | undefined): string => (kind && KIND_COLOURS[kind]) || OTHER_KIND_COLOUR
