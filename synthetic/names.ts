import type { Random } from './random.js'

// Made-up but pronounceable names, so search has words to match ("Zentrova AI", "Quorix Cloud").
// Every name is checked against the ones already given, so names and slugs stay unique.

const STARTS = [
  'ab',
  'al',
  'ar',
  'ax',
  'bel',
  'bri',
  'cal',
  'cor',
  'cy',
  'dar',
  'del',
  'el',
  'en',
  'fal',
  'fer',
  'gal',
  'hal',
  'hy',
  'in',
  'jan',
  'kai',
  'kor',
  'lum',
  'lyr',
  'mar',
  'mer',
  'neo',
  'nov',
  'ob',
  'or',
  'pal',
  'per',
  'qu',
  'rho',
  'sal',
  'sel',
  'syn',
  'tal',
  'ter',
  'ul',
  'val',
  'vec',
  'xen',
  'yar',
  'zen',
  'zor',
]
const MIDDLES = ['a', 'e', 'i', 'o', 'u', 'ar', 'en', 'il', 'on', 'ri', 'tro', 'ga', 'la', 'vi', 'xa', 'me']
const ENDS = [
  'nix',
  'tex',
  'ra',
  'va',
  'lon',
  'mind',
  'scale',
  'wave',
  'forge',
  'ly',
  'ion',
  'ity',
  'sys',
  'gen',
  'core',
  'works',
  'io',
  'on',
  'ex',
  'is',
  'um',
  'ant',
  'ia',
  'ent',
]

const SUFFIX_BY_KIND: Record<string, readonly string[]> = {
  AI_LAB: ['AI', 'Labs', 'Intelligence', 'Research', 'AI'],
  BIG_TECH: ['Systems', 'Technologies', 'Group', 'Corporation'],
  CLOUD: ['Cloud', 'Compute', 'Networks', 'Datacenters'],
  CHIPMAKER: ['Semiconductor', 'Silicon', 'Microsystems'],
  INVESTOR: ['Capital', 'Ventures', 'Partners', 'Holdings'],
  MEDIA: ['Media', 'Publishing', 'News'],
  NONPROFIT: ['Foundation', 'Institute'],
  JOINT_VENTURE: ['Alliance', 'Joint Venture'],
  DATA_PROVIDER: ['Data', 'Datasets', 'Annotation'],
  ENTERTAINMENT: ['Studios', 'Entertainment'],
  OTHER: ['Inc', 'Co', 'Industries'],
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

/** Lowercase words joined by single hyphens, as the slug CHECK constraints require. */
export function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

export class NameBook {
  private readonly taken = new Set<string>()

  /** Reserves a name; false when it (or its slug) is taken. */
  private claim(name: string): boolean {
    const key = kebab(name)
    if (this.taken.has(key)) return false
    this.taken.add(key)
    return true
  }

  /** A new unique word like "Zentrova". */
  word(random: Random): string {
    for (let attempt = 0; ; attempt++) {
      let w = random.pick(STARTS)
      if (random.chance(0.6)) w += random.pick(MIDDLES)
      w += random.pick(ENDS)
      const word = capitalise(w)
      if (attempt > 20) return `${word}${random.int(2, 99)}`
      if (!this.taken.has(`word:${word}`)) {
        this.taken.add(`word:${word}`)
        return word
      }
    }
  }

  /** A unique company name: a made-up word and a suffix that suits its main kind. */
  company(random: Random, kind: string): { name: string; short: string } {
    for (;;) {
      const short = this.word(random)
      const name = `${short} ${random.pick(SUFFIX_BY_KIND[kind] ?? SUFFIX_BY_KIND.OTHER!)}`
      if (this.claim(name)) return { name, short }
    }
  }

  /** A unique name built from parts; adds a number when the plain one is taken. */
  unique(base: string): string {
    if (this.claim(base)) return base
    for (let n = 2; ; n++) if (this.claim(`${base} ${n}`)) return `${base} ${n}`
  }
}

const MODEL_WORDS = ['Nova', 'Atlas', 'Sage', 'Orbit', 'Prism', 'Helix', 'Pulse', 'Quill', 'Vega', 'Echo', 'Titan', 'Lumen']
const PRODUCT_WORDS = ['Assistant', 'Studio', 'Copilot', 'Search', 'Workspace', 'Agent', 'Platform', 'API']
const CHIP_WORDS = ['X', 'H', 'T', 'M', 'Z']
const SERVICE_WORDS = ['Inference', 'Training', 'Fine-tuning', 'Hosting', 'Vector Search']
const CONTENT_WORDS = ['Archive', 'Corpus', 'Library', 'Catalogue', 'Feed']

export function assetName(random: Random, owner: string, kind: string, index: number): string {
  switch (kind) {
    case 'MODEL':
      return `${owner} ${random.pick(MODEL_WORDS)} ${random.int(1, 7)}${random.chance(0.3) ? `.${random.int(1, 5)}` : ''}`
    case 'MODEL_FAMILY':
      return `${owner} ${random.pick(MODEL_WORDS)} models`
    case 'PRODUCT':
      return `${owner} ${random.pick(PRODUCT_WORDS)}`
    case 'IP_PORTFOLIO':
      return `${owner} models and products`
    case 'CHIP':
      return `${owner} ${random.pick(CHIP_WORDS)}${random.int(1, 9) * 100}`
    case 'SERVICE':
      return `${owner} ${random.pick(SERVICE_WORDS)} service`
    case 'CONTENT':
      return `${owner} ${random.pick(CONTENT_WORDS)}`
    default:
      return `${owner} asset ${index}`
  }
}

export const PUBLISHERS: readonly { name: string; slug: string; basis: readonly string[] }[] = [
  { name: 'Company newsroom', slug: 'newsroom', basis: ['OFFICIAL'] },
  { name: 'Regulatory filing', slug: 'filings', basis: ['OFFICIAL'] },
  { name: 'The Synthetic Times', slug: 'synthetic-times', basis: ['PRESS_REPORT', 'COMPANY_STATEMENT', 'UNNAMED_SOURCES'] },
  { name: 'Example Wire', slug: 'example-wire', basis: ['PRESS_REPORT', 'COMPANY_STATEMENT'] },
  { name: 'Daily Compute', slug: 'daily-compute', basis: ['PRESS_REPORT', 'UNNAMED_SOURCES'] },
  { name: 'Model Ledger', slug: 'model-ledger', basis: ['PRESS_REPORT', 'COMPANY_STATEMENT'] },
]

export const COUNTRIES: readonly (readonly [string, number])[] = [
  ['US', 40],
  ['CN', 10],
  ['GB', 8],
  ['FR', 6],
  ['DE', 6],
  ['CA', 5],
  ['IL', 4],
  ['JP', 4],
  ['KR', 3],
  ['IN', 4],
  ['AE', 2],
  ['SG', 2],
  ['NL', 2],
  ['SE', 2],
  ['CH', 2],
]
