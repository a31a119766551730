import fc from 'fast-check'
import { parseDay, parsePartialDate } from '../../src/domain/partial-date.js'
import { baseAgreement, SOURCE_A } from './write-fixtures.js'

// Generators of bad mutation calls, one kind of mistake each, on top of calls that are valid
// against the world of buildWorld (plus ms-oai-2019 amended into ms-oai-2025). Every case must
// be refused with a typed result or a GraphQL validation error, and write nothing.

export interface BadCall {
  field: string
  variables: Record<string, unknown>
}

const isPartialDate = (s: string) => {
  try {
    parsePartialDate(s)
    return true
  } catch {
    return false
  }
}
const isDay = (s: string) => {
  try {
    parseDay(s)
    return true
  } catch {
    return false
  }
}
const clone = <T>(v: T): T => structuredClone(v)
/** Amendments cite a source, so each case is refused for its own mistake. */
const CITED = [{ url: SOURCE_A, basis: 'OFFICIAL' }]

const year = fc.integer({ min: 0, max: 99999 }).map((y) => String(y).padStart(4, '0'))
export const badPartialDate = fc
  .oneof(
    fc.string({ maxLength: 12 }),
    fc.tuple(year, fc.integer({ min: 0, max: 99 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
    fc.tuple(year, fc.integer({ min: 0, max: 9 })).map(([y, q]) => `${y}-Q${q}`),
    fc.tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 40 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${d}`),
    fc.constantFrom('2032-13', '2026-02-30', '2025-02-29', '99', 'soon', '2024/05/01', '2024-5', '2024-Q', '-2024', '2024-00'),
  )
  .filter((s) => !isPartialDate(s))

const badDay = fc.oneof(badPartialDate, fc.constantFrom('2024', '2024-05', '2024-Q2')).filter((s) => !isDay(s))
const badSlug = fc
  .oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('Open AI', 'openai-', '-openai', 'open--ai', 'OpenAI', 'open_ai', 'ö', ''),
    fc.string({ minLength: 81, maxLength: 120 }).map((s) => s.replace(/[^a-z]/g, 'a')),
  )
  .filter((s) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s) || s.length > 80)
const unknownSlug = fc.stringMatching(/^[a-z]{2,8}(-[a-z0-9]{1,4}){0,2}$/).map((s) => `zz-${s}`)
const badCurrency = fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('usd', 'US', 'USDD', 'U$D', '€')).filter((s) => !/^[A-Z]{3}$/.test(s))
const finite = (o: { min?: number; max?: number }) => fc.double({ ...o, noNaN: true, noDefaultInfinity: true })
const badPercentage = fc.oneof(
  finite({ max: -1e-9 }),
  finite({ min: 100.00001, max: 1e300 }),
  finite({ min: 0, max: 100 }).filter((n) => Number(n.toFixed(4)) !== n),
)
const badAmount = fc.oneof(
  finite({ max: -0.001, min: -1e300 }),
  finite({ min: 1e18, max: 1e300 }),
  finite({ min: 0, max: 1e6 }).filter((n) => Number(n.toFixed(2)) !== n),
)
const oversized = (max: number) => fc.integer({ min: max + 1, max: max * 3 }).map((n) => 'x'.repeat(n))
const withControl = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.integer({ min: 0, max: 31 }).filter((c) => ![9, 10, 13].includes(c)),
  )
  .map(([s, c]) => `${s}${String.fromCharCode(c)}x`)
const badUrl = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('ftp://example.org/a', 'example.org', 'http://', 'https:// spaced.org', 'javascript:alert(1)', 'mailto:a@b.c'),
  )
  .filter((s) => !/^https?:\/\/[^\s/]+\S*$/.test(s) || !URL.canParse(s))
const notInEnum = (values: string[]) => fc.string({ maxLength: 15 }).filter((s) => !values.includes(s))

/** A valid createAgreement input with one thing replaced by `change`. */
const agreementWith = (change: (input: any) => void) => (slugSuffix: string) => {
  const input: any = clone(baseAgreement(`corpus-${slugSuffix}`))
  change(input)
  return { field: 'createAgreement', variables: { input } }
}
const suffix = fc.stringMatching(/^[a-z0-9]{6}$/)

const DATE_SETTERS: ((input: any, v: string) => void)[] = [
  (a, v) => (a.announcedOn = v),
  (a, v) => (a.effectiveOn = v),
  (a, v) => (a.endsOn = v),
  (a, v) => (a.clauses[1].endsOn = v),
  (a, v) => (a.clauses[0].startsOn = v),
]

export const categories: [name: string, arbitrary: fc.Arbitrary<BadCall>, runs: number][] = [
  [
    'bad partial dates in an agreement',
    fc.tuple(badPartialDate, fc.constantFrom(...DATE_SETTERS), suffix).map(([d, set, s]) => agreementWith((a) => set(a, d))(s)),
    25,
  ],
  [
    'bad partial dates elsewhere',
    fc.tuple(badPartialDate, fc.constantFrom(0, 1, 2)).map(
      ([d, where]): BadCall =>
        where === 0
          ? { field: 'createAsset', variables: { input: { slug: 'corpus-asset', name: 'A', kind: 'MODEL', releasedOn: d } } }
          : where === 1
            ? { field: 'amendAgreement', variables: { slug: 'ms-oai-2025', input: { slug: 'corpus-amend', citations: CITED, effectiveOn: d } } }
            : {
                field: 'setAgreementStatus',
                variables: { input: { slug: 'ms-oai-2025', expectedVersion: 1, status: 'TERMINATED', terminatedOn: d } },
              },
    ),
    15,
  ],
  ['bad days', badDay.map((d) => ({ field: 'createSource', variables: { input: { url: 'https://example.org/corpus', publishedOn: d } } })), 10],
  ['out-of-range percentages', fc.tuple(badPercentage, suffix).map(([p, s]) => agreementWith((a) => (a.clauses[1].percentage = p))(s)), 15],
  [
    'negative, huge or over-precise amounts',
    fc.tuple(badAmount, fc.constantFrom('amount', 'cap', 'value'), suffix).map(([n, where, s]) =>
      agreementWith((a) => {
        if (where === 'value') a.value = { amount: n, currency: 'USD' }
        else a.clauses[1][where] = { amount: n, currency: 'USD' }
      })(s),
    ),
    15,
  ],
  [
    'bad currencies',
    fc.tuple(badCurrency, fc.constantFrom('amount', 'cap', 'value'), suffix).map(([c, where, s]) =>
      agreementWith((a) => {
        if (where === 'value') a.value = { amount: 1, currency: c }
        else a.clauses[1][where] = { amount: 1, currency: c }
      })(s),
    ),
    10,
  ],
  [
    'unknown slugs in references',
    fc.tuple(unknownSlug, fc.integer({ min: 0, max: 8 }), suffix).map(([u, where, s]): BadCall => {
      if (where === 6) return { field: 'createAsset', variables: { input: { slug: 'corpus-asset', name: 'A', kind: 'MODEL', developer: u } } }
      if (where === 7) return { field: 'createCloudProvider', variables: { input: { slug: 'corpus-cloud', name: 'C', operator: u } } }
      if (where === 8) return { field: 'createCompany', variables: { input: { slug: 'corpus-co', name: 'C', parent: u } } }
      return agreementWith((a) => {
        if (where === 0) a.parties[0].company = u
        else if (where === 1) a.clauses[0].grantor = u
        else if (where === 2) a.clauses[0].subjects = [u]
        else if (where === 3) a.clauses[2].cloudProviders = [u]
        else if (where === 4) a.supplements = u
        else a.clauses[0].citations = [{ url: `https://example.org/${u}`, basis: 'OFFICIAL' }]
      })(s)
    }),
    20,
  ],
  [
    'unknown records to change',
    fc
      .tuple(
        unknownSlug,
        fc.constantFrom(
          'updateCompany',
          'updateAsset',
          'updateCloudProvider',
          'updateSource',
          'amendAgreement',
          'setAgreementStatus',
          'setClauseStatus',
        ),
      )
      .map(
        ([u, field]): BadCall =>
          field === 'amendAgreement'
            ? { field, variables: { slug: u, input: { slug: 'corpus-amend', citations: CITED, effectiveOn: '2026' } } }
            : field === 'updateSource'
              ? { field, variables: { input: { url: `https://example.org/${u}`, expectedVersion: 1, title: 'x' } } }
              : field === 'setAgreementStatus'
                ? { field, variables: { input: { slug: u, expectedVersion: 1, status: 'EXPIRED' } } }
                : field === 'setClauseStatus'
                  ? { field, variables: { input: { key: `${u}#1`, expectedVersion: 1, status: 'WITHDRAWN', note: 'x' } } }
                  : { field, variables: { input: { slug: u, expectedVersion: 1, name: 'x' } } },
      ),
    14,
  ],
  [
    'bad enum strings via variables',
    fc.tuple(fc.integer({ min: 0, max: 5 }), suffix).chain(([where, s]) => {
      const enums: [string[], (a: any, v: string) => void][] = [
        [['LICENSE_GRANT', 'EXCLUSIVITY', 'CLOUD_PRIMACY', 'OTHER'], (a, v) => (a.clauses[0].kind = v)],
        [['EXCLUSIVE', 'NON_EXCLUSIVE', 'UNSPECIFIED'], (a, v) => (a.clauses[0].exclusivity = v)],
        [['LICENSOR', 'LICENSEE', 'PARTNER'], (a, v) => (a.parties[0].role = v)],
        [['ACTIVE', 'ANNOUNCED', 'TERMINATED'], (a, v) => (a.status = v)],
        [['OFFICIAL', 'PRESS_REPORT'], (a, v) => (a.citations[0].basis = v)],
        [['LICENSE', 'CLOUD'], (a, v) => (a.kinds = [v])],
      ]
      const [values, set] = enums[where]!
      return notInEnum(values).map((v) => agreementWith((a) => set(a, v))(s))
    }),
    15,
  ],
  [
    'oversized strings',
    fc.tuple(fc.integer({ min: 0, max: 5 }), suffix).chain(([where, s]) => {
      if (where === 0) return oversized(200).map((n) => ({ field: 'createCompany', variables: { input: { slug: 'corpus-co', name: n } } }))
      if (where === 1) return oversized(2000).map((n) => agreementWith((a) => (a.clauses[0].summary = n))(s))
      if (where === 2) return oversized(300).map((n) => agreementWith((a) => (a.title = n))(s))
      if (where === 3)
        return oversized(5000).map((n) => ({ field: 'updateAsset', variables: { input: { slug: 'gpt', expectedVersion: 1, description: n } } }))
      if (where === 4) return oversized(2048).map((n) => ({ field: 'createSource', variables: { input: { url: `https://example.org/${n}` } } }))
      return oversized(2000).map((n) => ({
        field: 'setAgreementStatus',
        variables: { input: { slug: 'ms-oai-2025', expectedVersion: 1, status: 'EXPIRED', note: n } },
      }))
    }),
    12,
  ],
  [
    'duplicate slugs and URLs',
    fc.integer({ min: 0, max: 5 }).map(
      (where): BadCall =>
        [
          { field: 'createCompany', variables: { input: { slug: 'openai', name: 'OpenAI' } } },
          { field: 'createAsset', variables: { input: { slug: 'gpt', name: 'GPT', kind: 'MODEL' } } },
          { field: 'createCloudProvider', variables: { input: { slug: 'azure', name: 'Azure', operator: 'microsoft' } } },
          { field: 'createSource', variables: { input: { url: SOURCE_A } } },
          { field: 'createAgreement', variables: { input: baseAgreement('ms-oai-2019') } },
          { field: 'amendAgreement', variables: { slug: 'ms-oai-2025', input: { slug: 'ms-oai-2019', effectiveOn: '2026', citations: CITED } } },
        ][where]!,
    ),
    10,
  ],
  [
    'grantor or grantee not a party',
    fc
      .tuple(fc.constantFrom('amazon', 'google'), fc.constantFrom('grantor', 'grantee'), fc.integer({ min: 0, max: 2 }), suffix)
      .map(([co, role, i, s]) => agreementWith((a) => (a.clauses[i][role] = co))(s)),
    10,
  ],
  [
    'malformed slugs',
    fc
      .tuple(badSlug, fc.constantFrom('createCompany', 'createAsset', 'createCloudProvider', 'createAgreement', 'amendAgreement'))
      .map(
        ([slug, field]): BadCall =>
          field === 'createAgreement'
            ? { field, variables: { input: { ...baseAgreement('x'), slug } } }
            : field === 'amendAgreement'
              ? { field, variables: { slug, input: { slug: 'corpus-amend', citations: CITED, effectiveOn: '2026' } } }
              : field === 'createAsset'
                ? { field, variables: { input: { slug, name: 'A', kind: 'MODEL' } } }
                : field === 'createCloudProvider'
                  ? { field, variables: { input: { slug, name: 'C', operator: 'microsoft' } } }
                  : { field, variables: { input: { slug, name: 'C' } } },
      ),
    15,
  ],
  [
    'wrong types and missing required fields via variables',
    fc
      .tuple(fc.integer({ min: 0, max: 6 }), fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant({})))
      .map(([where, junk]): BadCall => {
        if (where === 0)
          return {
            field: 'updateCompany',
            variables: { input: { slug: 'openai', expectedVersion: typeof junk === 'number' && Number.isInteger(junk) ? 2 ** 40 : junk } },
          }
        if (where === 1) return { field: 'createCompany', variables: { input: { slug: typeof junk === 'string' ? null : junk, name: 'X' } } }
        if (where === 2) return { field: 'createAgreement', variables: { input: { ...baseAgreement('corpus-types'), parties: junk } } }
        if (where === 3)
          return {
            field: 'createAgreement',
            variables: {
              input: {
                ...baseAgreement('corpus-types'),
                clauses: [{ kind: 'OTHER', summary: 's', percentage: junk === null || typeof junk === 'number' ? 'lots' : junk }],
              },
            },
          }
        if (where === 4) return { field: 'createSource', variables: { input: { url: SOURCE_A, extra: junk } } }
        if (where === 5) return { field: 'createAsset', variables: { input: { slug: 'corpus-asset', name: 'A' } } }
        return { field: 'createCompany', variables: { input: junk } }
      }),
    15,
  ],
  [
    'stale expected versions',
    fc
      .tuple(
        fc.integer({ min: 2, max: 2 ** 31 - 1 }),
        fc.constantFrom(
          'updateCompany',
          'updateAsset',
          'updateCloudProvider',
          'updateSource',
          'setAgreementStatus',
          'setClauseStatus',
          'amendAgreement',
        ),
      )
      .map(
        ([v, field]): BadCall =>
          field === 'updateSource'
            ? { field, variables: { input: { url: SOURCE_A, expectedVersion: v, title: 'x' } } }
            : field === 'setAgreementStatus'
              ? { field, variables: { input: { slug: 'ms-oai-2025', expectedVersion: v, status: 'EXPIRED' } } }
              : field === 'setClauseStatus'
                ? { field, variables: { input: { key: 'ms-oai-2025#1', expectedVersion: v, status: 'WITHDRAWN', note: 'x' } } }
                : field === 'amendAgreement'
                  ? {
                      field,
                      variables: { slug: 'ms-oai-2025', input: { slug: 'corpus-amend', citations: CITED, effectiveOn: '2026', expectedVersion: v } },
                    }
                  : {
                      field,
                      variables: {
                        input: {
                          slug: field === 'updateCloudProvider' ? 'azure' : field === 'updateAsset' ? 'gpt' : 'microsoft',
                          expectedVersion: v,
                          name: 'x',
                        },
                      },
                    },
      ),
    12,
  ],
  [
    'ends before starts',
    fc.tuple(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 30 }), suffix).map(([y, gap, s]) =>
      agreementWith((a) => {
        a.clauses[0].startsOn = String(y)
        a.clauses[0].endsOn = String(y - gap)
      })(s),
    ),
    10,
  ],
  [
    'control characters in text',
    fc
      .tuple(withControl, fc.constantFrom('createCompany', 'createAgreement', 'updateSource'))
      .map(
        ([t, field]): BadCall =>
          field === 'createCompany'
            ? { field, variables: { input: { slug: 'corpus-co', name: t } } }
            : field === 'updateSource'
              ? { field, variables: { input: { url: SOURCE_A, expectedVersion: 1, note: t } } }
              : { field, variables: { input: { ...baseAgreement('corpus-ctl'), title: t } } },
      ),
    10,
  ],
  [
    'bad URLs',
    fc
      .tuple(badUrl, fc.constantFrom('createSource', 'citation', 'website'))
      .map(
        ([u, where]): BadCall =>
          where === 'createSource'
            ? { field: 'createSource', variables: { input: { url: u } } }
            : where === 'website'
              ? { field: 'createCompany', variables: { input: { slug: 'corpus-co', name: 'C', website: u } } }
              : { field: 'createAgreement', variables: { input: { ...baseAgreement('corpus-url'), citations: [{ url: u, basis: 'OFFICIAL' }] } } },
      ),
    10,
  ],
  [
    'impossible amendments',
    fc.tuple(fc.integer({ min: 0, max: 5 }), fc.stringMatching(/^[a-z0-9]{1,6}$/)).map(([where, k]): BadCall => {
      const amend = (input: Record<string, unknown>, slug = 'ms-oai-2025') => ({
        field: 'amendAgreement',
        variables: { slug, input: { slug: 'corpus-amend', citations: CITED, effectiveOn: '2026', ...input } },
      })
      if (where === 0) return amend({}, 'ms-oai-2019')
      if (where === 1) return amend({ remove: [`ms-oai-2025#${k}x`] })
      if (where === 2) return amend({ modify: [{ key: 'ms-oai-2025#1', changes: {} }] })
      if (where === 3) return amend({ effectiveOn: '2001' })
      if (where === 4) return amend({ modify: [{ key: 'ms-oai-2025#1', changes: { summary: k } }], remove: ['ms-oai-2025#1'] })
      return amend({ effectiveOn: undefined })
    }),
    12,
  ],
  [
    'forbidden statuses and caps',
    fc.tuple(fc.integer({ min: 0, max: 3 }), suffix).map(([where, s]): BadCall => {
      if (where === 0) return agreementWith((a) => (a.status = 'SUPERSEDED'))(s)
      if (where === 1) return { field: 'setAgreementStatus', variables: { input: { slug: 'ms-oai-2025', expectedVersion: 1, status: 'SUPERSEDED' } } }
      if (where === 2) return agreementWith((a) => (a.clauses[1].capped = false))(s)
      return { field: 'setClauseStatus', variables: { input: { key: 'ms-oai-2025#1', expectedVersion: 1, status: 'WITHDRAWN' } } }
    }),
    8,
  ],
]
