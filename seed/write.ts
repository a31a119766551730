// Writes a checked plan in one transaction: the six tables in an order where every row's
// references are in before it (sync.ts does each table in bulk: new rows first, then the updates
// of existing rows, checked against their versions), then the WriteHistory records. One import
// at a time, and no lock waited for longer than the lock timeout.
import type { Prisma, PrismaClient } from '../src/generated/prisma/client.js'
import { inChunks } from './chunks.js'
import { otherImport } from './conflicts.js'
import type { AgreementSpec, DealSpec } from './format.js'
import { writeHistory, type EntityType } from './history.js'
import { agreementLinks, alternativeLink, canonical, citationLink, clauseLinks, trancheLink } from './links.js'
import type { Plan, ResolvedClause } from './plan.js'
import { Places } from './problems.js'
import {
  agreementColumns,
  assetColumns,
  clauseColumns,
  dealColumns,
  clauseStatusStamp,
  cloudProviderColumns,
  companyColumns,
  qualifiedMoneyColumns,
  quantityColumns,
  sourceColumns,
  type Ids,
} from './rows.js'
import { TableWriter, type Counts, type Progress, type Row } from './sync.js'

export type { Counts, Progress } from './sync.js'
export type Summary = Record<EntityType, Counts>
type Tx = Prisma.TransactionClient

const READ_CHUNK = 5000

/** How long an import waits for a lock (another import, rows others are writing) by default. */
export const LOCK_TIMEOUT_MS = 10_000

export interface WriteOptions {
  /** Who the WriteHistory records name: 'import', 'seed', … */
  actor: string
  onProgress?: (progress: Progress) => void
  /** Where each entry is in the files, for conflicts; default: nowhere in particular. */
  places?: Places
  /** Default LOCK_TIMEOUT_MS. */
  lockTimeoutMs?: number
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

/**
 * New clauses that take the place (agreement, position) of a stored clause: they are created
 * once it has moved, with the updates; so are the new clauses that supersede one of them.
 */
function placeTaken(ids: Ids) {
  return (created: ResolvedClause[], existing: Row[]): Set<ResolvedClause> => {
    const taken = new Set(existing.map((r) => `${String(r.agreementId)} ${String(r.position)}`))
    const late = new Set<string>()
    // Until nothing changes: a clause may replace one of an agreement written after its own.
    for (let before = -1; late.size !== before; ) {
      before = late.size
      for (const c of created) {
        const after = (key: string | null) => key !== null && late.has(key)
        if (taken.has(`${ids.agreements.get(c.agreement)!} ${c.position}`) || after(c.supersedes) || c.replaces.some(after)) late.add(c.key)
      }
    }
    return new Set(created.filter((c) => late.has(c.key)))
  }
}

export async function writePlan(tx: Tx, plan: Plan, opts: WriteOptions): Promise<Summary> {
  const now = new Date()
  const ids: Ids = {
    sources: new Map(plan.stored.sources),
    companies: new Map(plan.stored.companies),
    cloudProviders: new Map(plan.stored.cloudProviders),
    assets: new Map(plan.stored.assets),
    // The deals the files name, and those of the stored versions they amend or supplement.
    deals: new Map([...plan.stored.deals, ...[...plan.stored.agreements.values()].map((a) => [a.deal, a.dealId] as const)]),
    agreements: new Map([...plan.stored.agreements].map(([slug, a]) => [slug, a.id])),
    clauses: new Map([
      ...[...plan.stored.agreements.values()].flatMap((a) => [...a.clauses].map(([key, c]) => [key, c.id] as const)),
      ...[...plan.stored.replaceable].map(([key, c]) => [key, c.id] as const),
    ]),
  }
  const w = new TableWriter(tx, ids, now, opts.onProgress ?? (() => {}), opts.lockTimeoutMs ?? LOCK_TIMEOUT_MS)
  const places = opts.places ?? new Places()
  const place = <T extends object>(entry: T) => places.of(entry)
  const agreementEntries = new Map(plan.agreements.map((a) => [a.slug, a.clauses]))
  const clausePlace = (c: ResolvedClause) => places.of(agreementEntries.get(c.agreement)![c.position - 1]!)
  // The delegates differ only in their row types; Columns are checked by the database.
  const bySlug = (delegate: { findMany(args: never): Promise<unknown[]> }) => (keys: string[]) =>
    inChunks(keys, READ_CHUNK, (chunk) => delegate.findMany({ where: { slug: { in: chunk } } } as never) as Promise<Row[]>)
  const byIds = (delegate: { findMany(args: never): Promise<unknown[]> }) => (keys: string[]) =>
    inChunks(keys, READ_CHUNK, (chunk) => delegate.findMany({ where: { id: { in: chunk } } } as never) as Promise<Row[]>)

  await w.table({
    type: 'Company',
    items: plan.companies,
    key: (c) => c.slug,
    keyColumn: 'slug',
    columns: companyColumns,
    ids: ids.companies,
    read: bySlug(tx.company),
    table: 'Company',
    place,
    readIds: byIds(tx.company),
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
    place,
    readIds: byIds(tx.cloudProvider),
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
    place,
    readIds: byIds(tx.asset),
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
    place,
    readIds: byIds(tx.source),
  })
  // Deals before their versions. A first version that names none has one of its own, created with
  // its slug and title when missing and otherwise left as it is (an edited title stays).
  const implicit = [...plan.implicitDeals.values()].map((d) => ({ ...d, implicit: true as const }))
  await w.table<DealSpec | (typeof implicit)[number]>({
    type: 'Deal',
    items: [...plan.deals, ...implicit],
    key: (d) => d.slug,
    keyColumn: 'slug',
    columns: dealColumns,
    stamp: (changed, existing) => {
      const own = existing ? undefined : plan.implicitDeals.get(changed.slug as string)
      return own ? { title: own.title, description: null } : {}
    },
    ids: ids.deals,
    read: bySlug(tx.deal),
    table: 'Deal',
    place: (d) => ('implicit' in d ? places.of(plan.agreements.find((a) => a.slug === d.slug)!) : places.of(d)),
    readIds: byIds(tx.deal),
  })
  await w.table({
    type: 'Agreement',
    items: plan.agreements,
    key: (a) => a.slug,
    keyColumn: 'slug',
    columns: (a, ids) => agreementColumns(a, ids, plan.agreementDeals.get(a.slug)!),
    ids: ids.agreements,
    read: bySlug(tx.agreement),
    table: 'Agreement',
    place,
    readIds: byIds(tx.agreement),
    // The chain-root trigger reads the amended row, so it must be in before its amendment.
    batches: generations,
    links: {
      tables: agreementLinks,
      of: (a, ids) => ({
        parties: sorted(a.parties.flatMap((p) => p.roles.map((role) => `${ids.companies.get(p.company)!} ${role}`))),
        citations: sorted(a.sources.map((s) => citationLink(ids.sources.get(s.url)!, s.basis, s.fields))),
      }),
    },
  })
  await w.table({
    type: 'Clause',
    items: plan.clauses,
    key: (c) => c.key,
    keyColumn: 'key',
    columns: clauseColumns,
    stamp: clauseStatusStamp(now),
    ids: ids.clauses,
    read: (keys) => inChunks(keys, READ_CHUNK, (chunk) => tx.clause.findMany({ where: { key: { in: chunk } } })),
    table: 'Clause',
    place: clausePlace,
    readIds: byIds(tx.clause),
    createdLate: placeTaken(ids),
    links: {
      tables: clauseLinks,
      of: (c, ids) => ({
        citations: sorted(c.citations.map((s) => citationLink(ids.sources.get(s.url)!, s.basis, s.fields))),
        subjectIds: sorted(c.subjects.map((s) => ids.assets.get(s)!)),
        cloudProviderIds: sorted(c.cloudProviders.map((s) => ids.cloudProviders.get(s)!)),
        tranches: sorted(
          c.tranches.map((t, i) =>
            trancheLink({
              position: i + 1,
              ...qualifiedMoneyColumns(t.amount),
              ...quantityColumns(t.quantity),
              onText: t.on,
              condition: t.condition,
            }),
          ),
        ),
        alternatives: sorted(
          c.alternatives.map((alt, i) =>
            alternativeLink(
              i + 1,
              alt.field,
              alt.value,
              alt.note,
              alt.sources.map((s) => [ids.sources.get(s.url)!, s.basis]),
            ),
          ),
        ),
        replacedIds: sorted(c.replaces.map((k) => canonical([ids.clauses.get(k)!]))),
      }),
    },
    // (agreement, position) is unique: clauses that move step aside first (to minus their old
    // position, unique too), so no move or new clause meets one still in its old place.
    beforeWrites: async (updates) => {
      const movers = updates.filter((u) => 'position' in u.changed).map((u) => u.row.id)
      if (movers.length) await tx.$executeRawUnsafe(`UPDATE "Clause" SET "position" = -"position" WHERE "id" = ANY($1::uuid[])`, movers)
    },
  })

  // The new rows' history goes in before the updates, so that the rows others may write are
  // locked only for the updates, their history and the commit.
  const total = Object.values(w.summary).reduce((n, c) => n + c.created + c.updated, 0)
  let written = 0
  const appendHistory = async () => {
    const entries = w.history.splice(0)
    await writeHistory(tx, entries, opts.actor, now, (done) => opts.onProgress?.({ step: 'WriteHistory', done: written + done, total }))
    written += entries.length
  }
  await appendHistory()
  await w.finish()
  await appendHistory()
  return w.summary as Summary
}

export const totals = (summary: Summary): Counts =>
  Object.values(summary).reduce(
    (sum, c) => ({ created: sum.created + c.created, updated: sum.updated + c.updated, unchanged: sum.unchanged + c.unchanged }),
    { created: 0, updated: 0, unchanged: 0 },
  )

// Held until the import's transaction ends; any number no other code takes (Prisma's migrations take 72707369).
const IMPORT_LOCK = 4_172_025_190

/** Writes `plan` all or nothing, after any import already running (waiting at most the lock timeout). */
export function writeInTransaction(prisma: PrismaClient, plan: Plan, opts: WriteOptions): Promise<Summary> {
  const lockTimeoutMs = opts.lockTimeoutMs ?? LOCK_TIMEOUT_MS
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT set_config('lock_timeout', $1, true)`, `${lockTimeoutMs}ms`)
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`).catch((error: unknown) => {
        throw otherImport(error, lockTimeoutMs)
      })
      return writePlan(tx, plan, { ...opts, lockTimeoutMs })
    },
    { maxWait: 30_000, timeout: 30 * 60_000 },
  )
}
