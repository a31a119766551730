// A deterministic synthetic dataset for the import benchmark: `deals` deals of `versions` versions
// each (an amendment chain), three clauses per version: a licence that later versions supersede,
// a revenue share that they carry, and a cloud term that they supersede. Same input, same files.
import type { DatasetFileInput } from '../seed/format.js'

type Agreement = NonNullable<DatasetFileInput['agreements']>[number]

const pad = (n: number, width = 5) => String(n).padStart(width, '0')

export function generateDataset({ deals = 2500, versions = 4, companies = 400, assets = 800 } = {}): {
  entities: DatasetFileInput
  deals: DatasetFileInput[]
} {
  const company = (i: number) => `bench-co-${pad(i % companies, 4)}`
  const asset = (i: number) => `bench-model-${pad(i % assets, 4)}`
  const clouds = ['bench-cloud-a', 'bench-cloud-b', 'bench-cloud-c']
  const entities: DatasetFileInput = {
    companies: Array.from({ length: companies }, (_, i) => ({
      slug: company(i),
      name: `Bench Company ${i}`,
      kinds: [i % 2 === 0 ? 'AI_LAB' : 'BIG_TECH'],
      country: 'US',
      // Every tenth company belongs to the one before it: parents are exercised too.
      parent: i % 10 === 9 ? company(i - 1) : null,
    })),
    cloudProviders: clouds.map((slug, i) => ({ slug, name: `Bench Cloud ${i}`, operator: company(i * 2 + 1) })),
    assets: Array.from({ length: assets }, (_, i) => ({
      slug: asset(i),
      name: `Bench Model ${i}`,
      kind: 'MODEL' as const,
      developer: company(i * 2),
      releasedOn: `${2018 + (i % 8)}-Q${1 + (i % 4)}`,
    })),
  }

  const files: DatasetFileInput[] = []
  const perFile = Math.ceil(deals / 10)
  for (let d = 0; d < deals; d++) {
    if (d % perFile === 0) files.push({ sources: [], agreements: [] })
    const file = files.at(-1)!
    const licensor = company(d * 2)
    const licensee = company(d * 2 + 1)
    for (let v = 1; v <= versions; v++) {
      const slug = `bench-deal-${pad(d)}-v${v}`
      const previous = v === 1 ? null : `bench-deal-${pad(d)}-v${v - 1}`
      const url = `https://example.org/bench/${pad(d)}/${v}`
      const cite = [{ url, basis: 'PRESS_REPORT' as const }]
      const year = 2019 + v
      file.sources!.push({ url, title: `Deal ${d}, version ${v}`, publisher: 'Bench News', publishedOn: `${year}-03-15` })
      const licence = {
        key: `${slug}#1`,
        kind: 'LICENSE_GRANT' as const,
        summary: `${licensor} licenses its model to ${licensee} (version ${v}).`,
        grantor: licensor,
        grantee: licensee,
        subjects: [asset(d), asset(d + 1)],
        exclusivity: v === 1 ? ('EXCLUSIVE' as const) : ('NON_EXCLUSIVE' as const),
        startsOn: `${year}-03`,
        endsOn: String(2030 + v),
        supersedes: previous && `${previous}#1`,
        sources: cite,
      }
      const share =
        v === 1
          ? {
              key: `${slug}#2`,
              kind: 'REVENUE_SHARE' as const,
              summary: `${licensee} pays ${licensor} a share of revenue.`,
              grantor: licensee,
              grantee: licensor,
              percentage: 10 + (d % 15),
              capped: true,
              cap: { amount: 1_000_000 * (1 + (d % 50)), currency: 'USD' },
              sources: cite,
            }
          : { key: `${slug}#2`, carry: `${previous}#2`, extraSources: cite }
      const cloud = {
        key: `${slug}#3`,
        kind: 'CLOUD_PRIMACY' as const,
        summary: `${licensor} serves the model first on ${clouds[(d + v) % 3]}.`,
        grantor: licensor,
        grantee: licensee,
        cloudProviders: [clouds[(d + v) % 3]!],
        condition: v % 2 === 0 ? 'Unless the cloud cannot support the workload.' : null,
        supersedes: previous && `${previous}#3`,
        sources: cite,
      }
      const agreement: Agreement = {
        slug,
        title: `Bench deal ${d}, version ${v}`,
        kinds: ['LICENSE', 'CLOUD'],
        status: v === versions ? 'ACTIVE' : 'SUPERSEDED',
        announcedOn: `${year}-03-15`,
        value: { amount: 10_000_000 * (1 + (d % 100)), currency: 'USD' },
        amends: previous,
        parties: [
          { company: licensor, roles: ['LICENSOR'] },
          { company: licensee, roles: ['LICENSEE', 'CUSTOMER'] },
        ],
        sources: cite,
        clauses: [licence, share, cloud],
      }
      file.agreements!.push(agreement)
    }
  }
  return { entities, deals: files }
}
