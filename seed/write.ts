// Writes a checked plan in one transaction: the six tables in an order where every row's
// references are in before it (sync.ts does each table in bulk), then the WriteHistory records.
import type { Prisma, PrismaClient } from '../src/generated/prisma/client.js'
import { inChunks } from './chunks.js'
import type { AgreementSpec } from './format.js'
import { writeHistory, type EntityType } from './history.js'
import { agreementLinks, clauseLinks } from './links.js'
import type { Plan } from './plan.js'
import { agreementColumns, assetColumns, clauseColumns, cloudProviderColumns, companyColumns, sourceColumns, type Columns, type Ids } from './rows.js'
import { TableWriter, type Counts, type Progress, type Row } from './sync.js'

export type { Counts, Progress } from './sync.js'
export type Summary = Record<EntityType, Counts>
type Tx = Prisma.TransactionClient

const READ_CHUNK = 5000

export interface WriteOptions {
  /** Who the WriteHistory records name: 'import', 'seed', … */
  actor: string
  onProgress?: (progress: Progress) => void
}

/** New agreements in statements such that each one's amended or supplemented version is already in. */
function generations(created: AgreementSpec[]): AgreementSpec[][] {
  const bySlug = new Map(created.map((a) => [a.slug, a]))
  const depth = new Map<string, number>()
  const level = (a: AgreementSpec): number => {
    const known = depth.get(a.slug)
    if (known !== undefined) return known
    const deps = [a.amends, a.supplements].map((s) => (s === null ? undefined : bySlug.get(s))).filter((d) => d !== undefined)
    const n = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(level))
    depth.set(a.slug, n)
    return n
  }
  const out: AgreementSpec[][] = []
  for (const a of created) (out[level(a)] ??= []).push(a)
  return out.filter((g) => g !== undefined)
}

const sorted = (xs: string[]) => [...xs].sort()

export async function writePlan(tx: Tx, plan: Plan, opts: WriteOptions): Promise<Summary> {
  const now = new Date()
  const ids: Ids = {
    sources: new Map(plan.stored.sources),
    companies: new Map(plan.stored.companies),
    cloudProviders: new Map(plan.stored.cloudProviders),
    assets: new Map(plan.stored.assets),
    agreements: new Map([...plan.stored.agreements].map(([slug, a]) => [slug, a.id])),
    clauses: new Map([...plan.stored.agreements.values()].flatMap((a) => [...a.clauses].map(([key, c]) => [key, c.id] as const))),
  }
  const w = new TableWriter(tx, ids, now, opts.onProgress ?? (() => {}))
  // The delegates differ only in their row types; Columns are checked by the database.
  const bySlug = (delegate: { findMany(args: never): Promise<unknown[]> }) => (keys: string[]) =>
    inChunks(keys, READ_CHUNK, (chunk) => delegate.findMany({ where: { slug: { in: chunk } } } as never) as Promise<Row[]>)
  const update = (delegate: { update(args: never): Promise<unknown> }) => (id: string, data: Columns) =>
    delegate.update({ where: { id }, data } as never) as Promise<Row>

  await w.table({
    type: 'Company',
    items: plan.companies,
    key: (c) => c.slug,
    keyColumn: 'slug',
    columns: companyColumns,
    ids: ids.companies,
    read: bySlug(tx.company),
    table: 'Company',
    update: update(tx.company),
  })
  await w.table({
    type: 'CloudProvider',
    items: plan.cloudProviders,
    key: (c) => c.slug,
    keyColumn: 'slug',
    columns: cloudProviderColumns,
    ids: ids.cloudProviders,
    read: bySlug(tx.cloudProvider),
    table: 'CloudProvider',
    update: update(tx.cloudProvider),
  })
  await w.table({
    type: 'Asset',
    items: plan.assets,
    key: (a) => a.slug,
    keyColumn: 'slug',
    columns: assetColumns,
    ids: ids.assets,
    read: bySlug(tx.asset),
    table: 'Asset',
    update: update(tx.asset),
  })
  await w.table({
    type: 'Source',
    items: plan.sources,
    key: (s) => s.url,
    keyColumn: 'url',
    columns: sourceColumns,
    ids: ids.sources,
    read: (keys) => inChunks(keys, READ_CHUNK, (chunk) => tx.source.findMany({ where: { url: { in: chunk } } })),
    table: 'Source',
    update: update(tx.source),
  })
  await w.table({
    type: 'Agreement',
    items: plan.agreements,
    key: (a) => a.slug,
    keyColumn: 'slug',
    columns: agreementColumns,
    ids: ids.agreements,
    read: bySlug(tx.agreement),
    table: 'Agreement',
    update: update(tx.agreement),
    // The chain-root trigger reads the amended row, so it must be in before its amendment.
    batches: generations,
    links: {
      tables: agreementLinks,
      of: (a, ids) => ({
        parties: sorted(a.parties.flatMap((p) => p.roles.map((role) => `${ids.companies.get(p.company)!} ${role}`))),
        citations: sorted(a.sources.map((s) => `${ids.sources.get(s.url)!} ${s.basis}`)),
      }),
    },
  })
  await w.table({
    type: 'Clause',
    items: plan.clauses,
    key: (c) => c.key,
    keyColumn: 'key',
    columns: clauseColumns,
    ids: ids.clauses,
    read: (keys) => inChunks(keys, READ_CHUNK, (chunk) => tx.clause.findMany({ where: { key: { in: chunk } } })),
    table: 'Clause',
    update: update(tx.clause),
    links: {
      tables: clauseLinks,
      of: (c, ids) => ({
        citations: sorted(c.citations.map((s) => `${ids.sources.get(s.url)!} ${s.basis}`)),
        subjectIds: sorted(c.subjects.map((s) => ids.assets.get(s)!)),
        cloudProviderIds: sorted(c.cloudProviders.map((s) => ids.cloudProviders.get(s)!)),
      }),
    },
    // (agreement, position) is unique: clauses that move step aside first (to minus their old
    // position, unique too), so no move or new clause meets one still in its old place.
    beforeWrites: async (updates) => {
      const movers = updates.filter((u) => 'position' in u.changed).map((u) => u.row.id)
      if (movers.length) await tx.$executeRawUnsafe(`UPDATE "Clause" SET "position" = -"position" WHERE "id" = ANY($1::uuid[])`, movers)
    },
  })

  const total = w.history.length
  await writeHistory(tx, w.history, opts.actor, now, (done) => opts.onProgress?.({ step: 'WriteHistory', done, total }))
  return w.summary as Summary
}

export const totals = (summary: Summary): Counts =>
  Object.values(summary).reduce(
    (sum, c) => ({ created: sum.created + c.created, updated: sum.updated + c.updated, unchanged: sum.unchanged + c.unchanged }),
    { created: 0, updated: 0, unchanged: 0 },
  )

/** Writes `plan` all or nothing. */
export function writeInTransaction(prisma: PrismaClient, plan: Plan, opts: WriteOptions): Promise<Summary> {
  return prisma.$transaction((tx) => writePlan(tx, plan, opts), { maxWait: 30_000, timeout: 30 * 60_000 })
}
