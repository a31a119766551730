// Loads a dataset into the database in one transaction. Idempotent: existing rows (found by their
// natural keys: slugs, source URL, clause key) are compared with the desired ones and only the
// differences are written, so a second run writes nothing and no `updatedAt` moves.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Prisma, type PrismaClient } from '../src/generated/prisma/client.js'
import { parsePartialDate } from '../src/domain/partial-date.js'
import { parseDataset, type Citation, type Dataset } from './format.js'
import { DatasetError, resolveDataset, type ResolvedClause } from './resolve.js'

export { DatasetError } from './resolve.js'

export interface LoadResult {
  created: number
  updated: number
  unchanged: number
}

export interface LoadOptions {
  log?: (msg: string) => void
}

type Tx = Prisma.TransactionClient
type Columns = Record<string, unknown>
type Outcome = keyof LoadResult

export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url))

// ---- column helpers ----

type DatePrefix = 'announced' | 'effective' | 'ends' | 'terminated' | 'starts' | 'released'
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`)

/** The four columns of a partial date (all null when absent). */
function dateColumns(prefix: DatePrefix, text: string | null): Columns {
  const d = text === null ? null : parsePartialDate(text)
  return {
    [`${prefix}Text`]: d?.text ?? null,
    [`${prefix}Precision`]: d?.precision ?? null,
    [`${prefix}Earliest`]: d ? day(d.earliest) : null,
    [`${prefix}Latest`]: d ? day(d.latest) : null,
  }
}

// Dates, Decimals and numbers compared by value; arrays by their ordered content.
const comparable = (v: unknown): string => {
  if (v instanceof Date) return v.toISOString()
  if (Prisma.Decimal.isDecimal(v)) return String(Number(v))
  return JSON.stringify(v ?? null)
}
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join()

function changedColumns(existing: Columns, desired: Columns): Columns {
  return Object.fromEntries(
    Object.entries(desired).filter(([k, v]) => comparable(existing[k]) !== comparable(v)),
  )
}

function byKey<T>(rows: T[], key: (t: T) => string): Map<string, T> {
  return new Map(rows.map((r) => [key(r), r]))
}

// ---- the writer ----

class Writer {
  readonly result: LoadResult = { created: 0, updated: 0, unchanged: 0 }
  readonly ids = {
    company: new Map<string, string>(),
    cloud: new Map<string, string>(),
    asset: new Map<string, string>(),
    source: new Map<string, string>(),
    agreement: new Map<string, string>(),
    clause: new Map<string, string>(),
  }

  constructor(
    private readonly tx: Tx,
    private readonly log: (msg: string) => void,
  ) {}

  private tally(what: string, outcome: Outcome, detail: string[] = []): void {
    this.result[outcome] += 1
    if (outcome !== 'unchanged') this.log(`${what}: ${outcome}${detail.length ? ` (${detail.join(', ')})` : ''}`)
  }

  /** Creates the row, or updates only the columns that differ; returns the row id. */
  private async sync(
    what: string,
    existing: ({ id: string } & Columns) | undefined,
    desired: Columns,
    create: (data: Columns) => Promise<{ id: string }>,
    update: (id: string, data: Columns) => Promise<unknown>,
    linksChanged: (id: string) => Promise<string[]> = async () => [],
  ): Promise<string> {
    if (!existing) {
      const row = await create(desired)
      await linksChanged(row.id)
      this.tally(what, 'created')
      return row.id
    }
    const changed = changedColumns(existing, desired)
    if (Object.keys(changed).length > 0) await update(existing.id, changed)
    const links = await linksChanged(existing.id)
    const detail = [...Object.keys(changed), ...links]
    this.tally(what, detail.length ? 'updated' : 'unchanged', detail)
    return existing.id
  }

  async companies(data: Dataset['companies']): Promise<void> {
    const existing = byKey(
      await this.tx.company.findMany({ where: { slug: { in: data.map((c) => c.slug) } } }),
      (c) => c.slug,
    )
    // `data` is ordered parents first, so a parent's id is always known here.
    for (const c of data) {
      const desired = {
        slug: c.slug,
        name: c.name,
        aliases: c.aliases,
        kinds: c.kinds,
        country: c.country,
        website: c.website,
        description: c.description,
        parentId: c.parent === null ? null : this.ids.company.get(c.parent)!,
      }
      const id = await this.sync(
        `company ${c.slug}`,
        existing.get(c.slug),
        desired,
        (d) => this.tx.company.create({ data: d as Prisma.CompanyUncheckedCreateInput }),
        (id, d) => this.tx.company.update({ where: { id }, data: d }),
      )
      this.ids.company.set(c.slug, id)
    }
  }

  async cloudProviders(data: Dataset['cloudProviders']): Promise<void> {
    const existing = byKey(
      await this.tx.cloudProvider.findMany({ where: { slug: { in: data.map((c) => c.slug) } } }),
      (c) => c.slug,
    )
    for (const c of data) {
      const desired = {
        slug: c.slug,
        name: c.name,
        description: c.description,
        operatorId: this.ids.company.get(c.operator)!,
      }
      const id = await this.sync(
        `cloud provider ${c.slug}`,
        existing.get(c.slug),
        desired,
        (d) => this.tx.cloudProvider.create({ data: d as Prisma.CloudProviderUncheckedCreateInput }),
        (id, d) => this.tx.cloudProvider.update({ where: { id }, data: d }),
      )
      this.ids.cloud.set(c.slug, id)
    }
  }

  async assets(data: Dataset['assets']): Promise<void> {
    const existing = byKey(
      await this.tx.asset.findMany({ where: { slug: { in: data.map((a) => a.slug) } } }),
      (a) => a.slug,
    )
    for (const a of data) {
      const desired = {
        slug: a.slug,
        name: a.name,
        kind: a.kind,
        description: a.description,
        developerId: a.developer === null ? null : this.ids.company.get(a.developer)!,
        ...dateColumns('released', a.releasedOn),
      }
      const id = await this.sync(
        `asset ${a.slug}`,
        existing.get(a.slug),
        desired,
        (d) => this.tx.asset.create({ data: d as Prisma.AssetUncheckedCreateInput }),
        (id, d) => this.tx.asset.update({ where: { id }, data: d }),
      )
      this.ids.asset.set(a.slug, id)
    }
  }

  async sources(data: Dataset['sources']): Promise<void> {
    const existing = byKey(
      await this.tx.source.findMany({ where: { url: { in: data.map((s) => s.url) } } }),
      (s) => s.url,
    )
    for (const s of data) {
      const desired = {
        url: s.url,
        title: s.title,
        publisher: s.publisher,
        publishedOn: s.publishedOn === null ? null : day(s.publishedOn),
        note: s.note,
      }
      const id = await this.sync(
        `source ${s.url}`,
        existing.get(s.url),
        desired,
        (d) => this.tx.source.create({ data: d as Prisma.SourceUncheckedCreateInput }),
        (id, d) => this.tx.source.update({ where: { id }, data: d }),
      )
      this.ids.source.set(s.url, id)
    }
  }

  async agreements(data: Dataset['agreements']): Promise<void> {
    const tx = this.tx
    const existing = byKey(
      await tx.agreement.findMany({
        where: { slug: { in: data.map((a) => a.slug) } },
        include: { parties: true, citations: true },
      }),
      (a) => a.slug,
    )
    // `data` is ordered so that amended and supplemented versions are written first.
    for (const a of data) {
      const desired = {
        slug: a.slug,
        title: a.title,
        description: a.description,
        kinds: a.kinds,
        status: a.status,
        statusNote: a.statusNote,
        ...dateColumns('announced', a.announcedOn),
        ...dateColumns('effective', a.effectiveOn),
        ...dateColumns('ends', a.endsOn),
        ...dateColumns('terminated', a.terminatedOn),
        valueAmount: a.value?.amount ?? null,
        valueCurrency: a.value?.currency ?? null,
        amendsId: a.amends === null ? null : this.ids.agreement.get(a.amends)!,
        supplementsId: a.supplements === null ? null : this.ids.agreement.get(a.supplements)!,
      }
      const old = existing.get(a.slug)
      const parties = a.parties.flatMap((p) =>
        p.roles.map((role) => ({ companyId: this.ids.company.get(p.company)!, role })),
      )
      const id = await this.sync(
        `agreement ${a.slug}`,
        old,
        desired,
        (d) => tx.agreement.create({ data: d as Prisma.AgreementUncheckedCreateInput }),
        (id, d) => tx.agreement.update({ where: { id }, data: d }),
        async (agreementId) => {
          const changed: string[] = []
          if (await this.syncParties(agreementId, old?.parties ?? [], parties)) changed.push('parties')
          const cited = await this.syncCitations(
            old?.citations ?? [],
            a.sources,
            (rows) => tx.agreementCitation.createMany({ data: rows.map((r) => ({ ...r, agreementId })) }),
            (sourceIds) => tx.agreementCitation.deleteMany({ where: { agreementId, sourceId: { in: sourceIds } } }),
            (sourceId, basis) =>
              tx.agreementCitation.update({ where: { agreementId_sourceId: { agreementId, sourceId } }, data: { basis } }),
          )
          if (cited) changed.push('sources')
          return changed
        },
      )
      this.ids.agreement.set(a.slug, id)
    }
  }

  private async syncParties(
    agreementId: string,
    existing: { id: string; companyId: string; role: string }[],
    desired: { companyId: string; role: Prisma.AgreementPartyCreateManyInput['role'] }[],
  ): Promise<boolean> {
    const key = (p: { companyId: string; role: string }) => `${p.companyId} ${p.role}`
    const want = new Set(desired.map(key))
    const have = new Set(existing.map(key))
    const missing = desired.filter((p) => !have.has(key(p)))
    const extra = existing.filter((p) => !want.has(key(p)))
    if (missing.length) await this.tx.agreementParty.createMany({ data: missing.map((p) => ({ ...p, agreementId })) })
    if (extra.length) await this.tx.agreementParty.deleteMany({ where: { id: { in: extra.map((p) => p.id) } } })
    return missing.length + extra.length > 0
  }

  /** Makes the citations of one agreement or clause exactly `desired`; true if anything changed. */
  private async syncCitations(
    existing: { sourceId: string; basis: string }[],
    desired: Citation[],
    create: (rows: { sourceId: string; basis: Citation['basis'] }[]) => Promise<unknown>,
    remove: (sourceIds: string[]) => Promise<unknown>,
    rebase: (sourceId: string, basis: Citation['basis']) => Promise<unknown>,
  ): Promise<boolean> {
    const want = desired.map((c) => ({ sourceId: this.ids.source.get(c.url)!, basis: c.basis }))
    const have = byKey(existing, (c) => c.sourceId)
    const wanted = new Set(want.map((c) => c.sourceId))
    const missing = want.filter((c) => !have.has(c.sourceId))
    const extra = existing.filter((c) => !wanted.has(c.sourceId)).map((c) => c.sourceId)
    const rebased = want.filter((c) => have.has(c.sourceId) && have.get(c.sourceId)!.basis !== c.basis)
    if (missing.length) await create(missing)
    if (extra.length) await remove(extra)
    for (const c of rebased) await rebase(c.sourceId, c.basis)
    return missing.length + extra.length + rebased.length > 0
  }

  async clauses(data: ResolvedClause[]): Promise<void> {
    const tx = this.tx
    const existing = byKey(
      await tx.clause.findMany({
        where: { key: { in: data.map((c) => c.key) } },
        include: { citations: true, subjects: { select: { id: true } }, cloudProviders: { select: { id: true } } },
      }),
      (c) => c.key,
    )
    // A clause moving to a new position could collide with (agreement, position): park movers first.
    for (const c of data) {
      const old = existing.get(c.key)
      if (old && old.position !== c.position) {
        await tx.clause.update({ where: { id: old.id }, data: { position: -c.position } })
        old.position = -c.position
      }
    }
    for (const c of data) {
      const old = existing.get(c.key)
      const subjects = c.subjects.map((s) => this.ids.asset.get(s)!)
      const clouds = c.cloudProviders.map((s) => this.ids.cloud.get(s)!)
      const desired = {
        key: c.key,
        position: c.position,
        agreementId: this.ids.agreement.get(c.agreement)!,
        kind: c.kind,
        summary: c.summary,
        grantorId: c.grantor === null ? null : this.ids.company.get(c.grantor)!,
        granteeId: c.grantee === null ? null : this.ids.company.get(c.grantee)!,
        exclusivity: c.exclusivity,
        ...dateColumns('starts', c.startsOn),
        ...dateColumns('ends', c.endsOn),
        percentage: c.percentage,
        amount: c.amount?.amount ?? null,
        currency: c.amount?.currency ?? null,
        capped: c.capped,
        capAmount: c.cap?.amount ?? null,
        capCurrency: c.cap?.currency ?? null,
        condition: c.condition,
        note: c.note,
        // Superseded clauses belong to an earlier version, written before this one.
        supersedesId: c.supersedes === null ? null : this.ids.clause.get(c.supersedes)!,
      }
      const connect = (ids: string[]) => ids.map((id) => ({ id }))
      const id = await this.sync(
        `clause ${c.key}`,
        old,
        desired,
        (d) =>
          tx.clause.create({
            data: {
              ...(d as Prisma.ClauseUncheckedCreateInput),
              subjects: { connect: connect(subjects) },
              cloudProviders: { connect: connect(clouds) },
            },
          }),
        (id, d) => tx.clause.update({ where: { id }, data: d }),
        async (clauseId) => {
          const changed: string[] = []
          if (!old) {
            await tx.clauseCitation.createMany({
              data: c.citations.map((s) => ({ clauseId, sourceId: this.ids.source.get(s.url)!, basis: s.basis })),
            })
            return changed
          }
          const sets: Prisma.ClauseUncheckedUpdateInput = {}
          if (!sameSet(old.subjects.map((s) => s.id), subjects)) sets.subjects = { set: connect(subjects) }
          if (!sameSet(old.cloudProviders.map((s) => s.id), clouds)) sets.cloudProviders = { set: connect(clouds) }
          if (Object.keys(sets).length) {
            await tx.clause.update({ where: { id: clauseId }, data: sets })
            changed.push(...Object.keys(sets))
          }
          const cited = await this.syncCitations(
            old.citations,
            c.citations,
            (rows) => tx.clauseCitation.createMany({ data: rows.map((r) => ({ ...r, clauseId })) }),
            (sourceIds) => tx.clauseCitation.deleteMany({ where: { clauseId, sourceId: { in: sourceIds } } }),
            (sourceId, basis) =>
              tx.clauseCitation.update({ where: { clauseId_sourceId: { clauseId, sourceId } }, data: { basis } }),
          )
          if (cited) changed.push('sources')
          return changed
        },
      )
      this.ids.clause.set(c.key, id)
    }
  }
}

/**
 * Loads `dataset` all-or-nothing. Every reference is checked first; a DatasetError lists each
 * problem with its place and nothing is written.
 */
export async function loadDataset(
  prisma: PrismaClient,
  dataset: Dataset,
  opts: LoadOptions = {},
): Promise<LoadResult> {
  const data = resolveDataset(dataset)
  const log = opts.log ?? (() => {})
  return prisma.$transaction(
    async (tx) => {
      const w = new Writer(tx, log)
      await w.companies(data.companies)
      await w.cloudProviders(data.cloudProviders)
      await w.assets(data.assets)
      await w.sources(data.sources)
      await w.agreements(data.agreements)
      await w.clauses(data.clauses)
      log(`seed: ${w.result.created} created, ${w.result.updated} updated, ${w.result.unchanged} unchanged`)
      return w.result
    },
    { maxWait: 30_000, timeout: 5 * 60_000 },
  )
}

/** Every seed/data/*.json file, validated and merged into one dataset. */
export async function readShippedData(dir: string = DATA_DIR): Promise<Dataset> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()
  const parts = await Promise.all(
    files.map(async (file) => ({ file, data: parseDataset(JSON.parse(await readFile(join(dir, file), 'utf8')), file) })),
  )
  return mergeDatasets(parts)
}

/**
 * Concatenates dataset files. An entity may appear in several files (each slice stays
 * self-contained) only if every copy is identical.
 */
export function mergeDatasets(parts: { file: string; data: Dataset }[]): Dataset {
  const merged: Dataset = { sources: [], companies: [], cloudProviders: [], assets: [], agreements: [] }
  const problems: string[] = []
  const keys = { sources: 'url', companies: 'slug', cloudProviders: 'slug', assets: 'slug', agreements: 'slug' } as const
  for (const list of Object.keys(keys) as (keyof typeof keys)[]) {
    const seen = new Map<string, { file: string; json: string }>()
    for (const { file, data } of parts) {
      for (const item of data[list] as unknown as Record<string, string>[]) {
        const key = item[keys[list]]!
        const json = JSON.stringify(item)
        const first = seen.get(key)
        if (first && first.json !== json) problems.push(`${file}: ${list} "${key}" differs from its copy in ${first.file}`)
        if (first) continue
        seen.set(key, { file, json })
        ;(merged[list] as unknown[]).push(item)
      }
    }
  }
  if (problems.length) throw new DatasetError(problems)
  return merged
}

export async function loadShippedData(prisma: PrismaClient, opts: LoadOptions = {}): Promise<LoadResult> {
  return loadDataset(prisma, await readShippedData(), opts)
}
