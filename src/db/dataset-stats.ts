import type { PrismaClient } from '../generated/prisma/client.js'

// What the README's data section states about the stored graph: counts, the share of OTHER
// clauses, sources by kind and citations by basis. Computed from the database, so it counts what
// the importer stored (deals as the Deal rows the versions belong to).

export interface DatasetStats {
  deals: number
  versions: number
  clauses: number
  otherClauses: number
  companies: number
  sources: number
  sourcesByKind: { kind: string; count: number }[]
  citationsByBasis: { basis: string; count: number }[]
}

export async function datasetStats(prisma: PrismaClient): Promise<DatasetStats> {
  const [counts] = await prisma.$queryRaw<Omit<DatasetStats, 'sourcesByKind' | 'citationsByBasis'>[]>`
    SELECT
      (SELECT count(DISTINCT "dealId") FROM "Agreement")::int AS deals,
      (SELECT count(*) FROM "Agreement")::int AS versions,
      (SELECT count(*) FROM "Clause" WHERE status = 'ACTIVE')::int AS clauses,
      (SELECT count(*) FROM "Clause" WHERE status = 'ACTIVE' AND kind = 'OTHER')::int AS "otherClauses",
      (SELECT count(*) FROM "Company")::int AS companies,
      (SELECT count(*) FROM "Source")::int AS sources`
  const sourcesByKind = await prisma.$queryRaw<{ kind: string; count: number }[]>`
    SELECT COALESCE(kind::text, 'not classified') AS kind, count(*)::int AS count
    FROM "Source" GROUP BY 1 ORDER BY count DESC, kind`
  const citationsByBasis = await prisma.$queryRaw<{ basis: string; count: number }[]>`
    SELECT basis::text AS basis, count(*)::int AS count FROM (
      SELECT basis FROM "AgreementCitation"
      UNION ALL SELECT cc.basis FROM "ClauseCitation" cc JOIN "Clause" c ON c.id = cc."clauseId" AND c.status = 'ACTIVE'
    ) citation GROUP BY 1 ORDER BY count DESC, basis`
  return { ...counts!, sourcesByKind, citationsByBasis }
}

const percent = (part: number, whole: number) => `${whole === 0 ? 0 : Math.round((part / whole) * 100)} %`
const humanize = (name: string) => name.toLowerCase().replaceAll('_', ' ')

/** The Markdown the README shows between its data-stats markers. */
export function statsMarkdown(s: DatasetStats): string {
  const citations = s.citationsByBasis.reduce((n, r) => n + r.count, 0)
  return [
    `- ${s.deals} deals in ${s.versions} agreement versions, ${s.clauses} clauses ` + `(withdrawn ones aside), ${s.companies} companies.`,
    `- Clauses of kind OTHER: ${s.otherClauses} (${percent(s.otherClauses, s.clauses)}).`,
    `- ${s.sources} sources: ${s.sourcesByKind.map((r) => `${r.count} ${humanize(r.kind)} (${percent(r.count, s.sources)})`).join(', ')}.`,
    `- ${citations} citations by basis: ` +
      s.citationsByBasis.map((r) => `${humanize(r.basis)} ${r.count} (${percent(r.count, citations)})`).join(', ') +
      '.',
  ].join('\n')
}

export const STATS_START = '<!-- data-stats:start (npm run data:stats -- --write) -->'
export const STATS_END = '<!-- data-stats:end -->'

/** `readme` with the block between the markers replaced by `markdown`. */
export function withStats(readme: string, markdown: string): string {
  const start = readme.indexOf(STATS_START)
  const end = readme.indexOf(STATS_END)
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${STATS_START} … ${STATS_END}`)
  return `${readme.slice(0, start + STATS_START.length)}\n${markdown}\n${readme.slice(end)}`
}
