import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DatasetFileInput } from '../../seed/format.js'

/**
 * A small, complete dataset file: two versions of one `<prefix>` deal, the second amending the
 * first (a licence it supersedes, a cloud term and a revenue share it carries), with the
 * companies, cloud, model and source they refer to.
 */
export function twoVersionDeal(prefix = 'acme'): DatasetFileInput {
  const lab = `${prefix}-lab`
  const big = `${prefix}-big`
  const cite = [{ url: `https://example.org/${prefix}/announcement`, basis: 'OFFICIAL' as const }]
  const v1 = `${prefix}-deal-v1`
  const v2 = `${prefix}-deal-v2`
  return {
    $schema: '../dataset.schema.json',
    sources: [{ url: cite[0]!.url, title: 'Announcement', publisher: 'Example', publishedOn: '2024-03-15' }],
    companies: [
      { slug: lab, name: `${prefix} Lab`, kinds: ['AI_LAB'] },
      { slug: big, name: `${prefix} Big`, kinds: ['BIG_TECH'] },
      { slug: `${prefix}-cloud-co`, name: `${prefix} Cloud Co`, kinds: ['CLOUD'] },
    ],
    cloudProviders: [{ slug: `${prefix}-cloud`, name: `${prefix} Cloud`, operator: `${prefix}-cloud-co` }],
    assets: [{ slug: `${prefix}-model`, name: `${prefix} Model`, kind: 'MODEL', developer: lab, releasedOn: '2023-Q4' }],
    agreements: [
      {
        slug: v1,
        title: `${prefix} licenses its model`,
        status: 'SUPERSEDED',
        kinds: ['LICENSE'],
        announcedOn: '2024-03',
        parties: [
          { company: lab, roles: ['LICENSOR'] },
          { company: big, roles: ['LICENSEE'] },
        ],
        sources: cite,
        clauses: [
          {
            key: `${v1}#1`,
            kind: 'LICENSE_GRANT',
            summary: 'Exclusive licence.',
            grantor: lab,
            grantee: big,
            subjects: [`${prefix}-model`],
            exclusivity: 'EXCLUSIVE',
            endsOn: '2030',
            sources: cite,
          },
          {
            key: `${v1}#2`,
            kind: 'CLOUD_PRIMACY',
            summary: 'First on the cloud.',
            grantor: lab,
            grantee: big,
            cloudProviders: [`${prefix}-cloud`],
            sources: cite,
          },
          {
            key: `${v1}#3`,
            kind: 'REVENUE_SHARE',
            summary: 'A share of revenue.',
            grantor: big,
            grantee: lab,
            percentage: 20,
            capped: true,
            cap: { amount: 1_000_000, currency: 'USD' },
            sources: cite,
          },
        ],
      },
      {
        slug: v2,
        title: `${prefix} opens the licence`,
        status: 'ACTIVE',
        kinds: ['LICENSE'],
        announcedOn: '2025-Q2',
        amends: v1,
        parties: [
          { company: lab, roles: ['LICENSOR'] },
          { company: big, roles: ['LICENSEE'] },
        ],
        sources: cite,
        clauses: [
          {
            key: `${v2}#1`,
            kind: 'LICENSE_GRANT',
            summary: 'Non-exclusive licence.',
            grantor: lab,
            grantee: big,
            subjects: [`${prefix}-model`],
            exclusivity: 'NON_EXCLUSIVE',
            endsOn: '2032',
            supersedes: `${v1}#1`,
            sources: cite,
          },
          { key: `${v2}#2`, carry: `${v1}#2` },
          { key: `${v2}#3`, carry: `${v1}#3` },
        ],
      },
    ],
  }
}

/** A temp folder for dataset files; `write` returns the file's path. */
export async function dataFolder() {
  const dir = await mkdtemp(join(tmpdir(), 'import-test-'))
  return {
    dir,
    async write(name: string, content: DatasetFileInput | string): Promise<string> {
      const file = join(dir, name)
      await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
      return file
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}
