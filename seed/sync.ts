// Brings one table in line with the desired rows, in bulk, in two steps so that rows others may
// write stay unlocked for as long as the import runs. `table` reads the existing rows by their
// natural keys and creates the new ones (UUIDs from their natural keys, the same on every database,
// known before anything is inserted so rows that point at them can be built; one multi-row INSERT
// per chunk) with their links. `finish`, at the
// end, locks the existing rows that differ, checks that nobody changed them since they were read
// (their `version`, as the API does), then updates them and their links. Each created or updated
// row leaves a WriteHistory entry with the row (and its links) before and after.
import { randomUUID } from 'node:crypto'
import { Prisma } from '../src/generated/prisma/client.js'
import { stableId } from '../src/db/stable-id.js'
import { insertRows, updateRows } from './bulk.js'
import { inChunks } from './chunks.js'
import { blockedBy, ImportConflictError, noun } from './conflicts.js'
import type { EntityType, HistoryEntry } from './history.js'
import type { Link, LinkTable } from './links.js'
import type { Place, Problem } from './problems.js'
import type { Columns, Ids } from './rows.js'

type Tx = Prisma.TransactionClient
export type Row = { id: string } & Columns

export interface Counts {
  created: number
  updated: number
  unchanged: number
}

export interface Progress {
  step: EntityType | 'WriteHistory'
  done: number
  total: number
}

const UPDATE_REPORT = 1000
const LOCK_CHUNK = 5000

// Dates, Decimals and numbers compared by value; arrays by their ordered content.
const comparable = (v: unknown): string => {
  if (v instanceof Date) return v.toISOString()
  if (Prisma.Decimal.isDecimal(v)) return String(Number(v))
  return JSON.stringify(v ?? null)
}
const changedColumns = (existing: Columns, desired: Columns): Columns =>
  Object.fromEntries(Object.entries(desired).filter(([k, v]) => comparable(existing[k]) !== comparable(v)))

/** How one table is read and written. */
export interface Table<S> {
  type: EntityType
  items: S[]
  /** The natural key of an item, and the column that holds it. */
  key(item: S): string
  keyColumn: 'slug' | 'url' | 'key'
  columns(item: S, ids: Ids): Columns
  /** Columns no file holds that follow from the changed ones (a clause's statusChangedAt). */
  stamp?(changed: Columns, existing: Row | undefined): Columns
  ids: Map<string, string>
  read(keys: string[]): Promise<Row[]>
  /** The table's name in SQL. */
  table: string
  /** Rows by id, as `read` gives them. */
  readIds(ids: string[]): Promise<Row[]>
  /** Where the item is in the imported files (conflicts are reported there). */
  place(item: S): Place
  links?: { tables: LinkTable[]; of(item: S, ids: Ids): Record<string, string[]> }
  /** Rows to create, in statements that may follow each other (default: chunks in order). */
  batches?(created: S[]): S[][]
  /** New items that can only be created once existing rows have moved (`finish` creates them). */
  createdLate?(created: S[], existing: Row[]): Set<S>
  /** Runs in `finish` before any late row is created or row updated (clauses park the ones that move). */
  beforeWrites?(updates: { row: Row; changed: Columns }[]): Promise<void>
}

interface Change<S> {
  item: S
  id: string
  existing: Row | undefined
  changed: Columns
  oldLinks: Record<string, string[]>
  newLinks: Record<string, string[]>
}

const linksChanged = (a: Record<string, string[]>, b: Record<string, string[]>) =>
  Object.keys(b).some((k) => (a[k] ?? []).join('\n') !== (b[k] ?? []).join('\n'))

/** What `finish` still has to do for one table. */
interface Pending {
  type: EntityType
  lock(): Promise<Problem[]>
  write(): Promise<void>
}

export class TableWriter {
  readonly summary: Partial<Record<EntityType, Counts>> = {}
  readonly history: HistoryEntry[] = []
  private readonly pending: Pending[] = []

  constructor(
    private readonly tx: Tx,
    private readonly ids: Ids,
    private readonly now: Date,
    private readonly progress: (p: Progress) => void,
    private readonly lockTimeoutMs: number,
  ) {}

  /**
   * Existing rows keep their IDs; a new one gets its stable ID, or a random one when a row renamed
   * since it was loaded holds that ID already.
   */
  private async assignIds<S>(t: Table<S>, existing: Map<string, Row>): Promise<void> {
    const fresh = t.items.map(t.key).filter((key) => !existing.has(key))
    const taken = new Set((await t.readIds(fresh.map((key) => stableId(t.type, key)))).map((row) => row.id))
    for (const item of t.items) {
      const key = t.key(item)
      const stable = stableId(t.type, key)
      t.ids.set(key, existing.get(key)?.id ?? (taken.has(stable) ? randomUUID() : stable))
    }
  }

  /** Reads the table's existing rows and creates its new ones; the updates wait for `finish`. */
  async table<S>(t: Table<S>): Promise<void> {
    await this.during(t.type, async () => {
      const { ids } = this
      const existing = new Map((await t.read(t.items.map(t.key))).map((r) => [r[t.keyColumn] as string, r]))
      await this.assignIds(t, existing)

      const stored = t.links
        ? await this.readLinks(
            t.links.tables,
            [...existing.values()].map((r) => r.id),
          )
        : new Map()
      const changes: Change<S>[] = t.items.map((item) => {
        const row = existing.get(t.key(item))
        const desired = t.columns(item, ids)
        const newLinks = t.links?.of(item, ids) ?? {}
        const oldLinks = row ? (stored.get(row.id) ?? emptyLinks(t.links?.tables)) : {}
        const changed = row ? changedColumns(row, desired) : desired
        return { item, id: t.ids.get(t.key(item))!, existing: row, changed: { ...changed, ...t.stamp?.(changed, row) }, oldLinks, newLinks }
      })
      const created = changes.filter((c) => !c.existing)
      const updated = changes.filter((c) => c.existing && (Object.keys(c.changed).length > 0 || linksChanged(c.oldLinks, c.newLinks)))
      this.summary[t.type] = { created: created.length, updated: updated.length, unchanged: changes.length - created.length - updated.length }

      const total = created.length + updated.length
      let done = 0
      const report = (n: number) => {
        const before = done
        done += n
        if (done === total || Math.floor(done / UPDATE_REPORT) > Math.floor(before / UPDATE_REPORT)) this.progress({ step: t.type, done, total })
      }
      const late =
        t.createdLate?.(
          created.map((c) => c.item),
          [...existing.values()],
        ) ?? new Set()
      await this.create(
        t,
        created.filter((c) => !late.has(c.item)),
        report,
        t.batches,
      )
      const createLater = created.filter((c) => late.has(c.item))
      this.pending.push({ type: t.type, lock: () => this.lockUnchanged(t, updated), write: () => this.update(t, createLater, updated, report) })
    })
  }

  /** Locks and checks every row to update, then, table by table, creates the late rows and updates. */
  async finish(): Promise<void> {
    const conflicts: Problem[] = []
    for (const p of this.pending) conflicts.push(...(await this.during(p.type, p.lock)))
    if (conflicts.length > 0) throw new ImportConflictError(conflicts)
    for (const p of this.pending) await this.during(p.type, p.write)
  }

  private async update<S>(t: Table<S>, late: Change<S>[], updated: Change<S>[], report: (n: number) => void): Promise<void> {
    await t.beforeWrites?.(updated.map((c) => ({ row: c.existing!, changed: c.changed })))
    await this.create(t, late, report)
    // One statement per set of changed columns (and chunk). A change in links alone still moves
    // updatedAt: the record changed.
    const byColumns = new Map<string, Change<S>[]>()
    for (const c of updated) {
      const columns = Object.keys(c.changed).sort().join(' ')
      const group = byColumns.get(columns)
      if (group) group.push(c)
      else byColumns.set(columns, [c])
    }
    for (const group of byColumns.values()) {
      await updateRows(
        this.tx,
        t.table,
        group.map((c) => ({ id: c.id, ...c.changed, updatedAt: this.now })),
        report,
      )
    }
    const after = new Map((await t.readIds(updated.map((c) => c.id))).map((r) => [r.id, r]))
    if (t.links) await this.writeLinks(t.links.tables, updated)
    for (const c of updated) {
      this.history.push({
        entityType: t.type,
        entityId: c.id,
        action: 'UPDATE',
        before: record(c.existing!, c.oldLinks, t.links?.tables),
        after: record(after.get(c.id)!, c.newLinks, t.links?.tables),
      })
    }
  }

  /** Inserts new rows with their links; a key someone else took since the read is a conflict. */
  private async create<S>(t: Table<S>, created: Change<S>[], report: (n: number) => void, batches?: (created: S[]) => S[][]): Promise<void> {
    const byItem = new Map(created.map((c) => [c.item, c]))
    const after = new Map<string, Row>()
    for (const batch of batches ? batches(created.map((c) => c.item)) : [created.map((c) => c.item)]) {
      const rows = batch.map((item) => ({ id: byItem.get(item)!.id, ...byItem.get(item)!.changed, createdAt: this.now, updatedAt: this.now }))
      const stored = await insertRows(this.tx, t.table, rows, report, t.keyColumn)
      for (const row of stored as Row[]) after.set(row.id, row)
      const taken = batch.filter((item) => !after.has(byItem.get(item)!.id))
      if (taken.length > 0) {
        throw new ImportConflictError(
          taken.map((item) => ({ ...t.place(item), message: `${noun(t.type)} "${t.key(item)}" was created by someone else while this import ran` })),
        )
      }
    }
    if (t.links) await this.writeLinks(t.links.tables, created)
    for (const c of created)
      this.history.push({
        entityType: t.type,
        entityId: c.id,
        action: 'CREATE',
        before: null,
        after: record(after.get(c.id)!, c.newLinks, t.links?.tables),
      })
  }

  /** Locks the rows about to be updated (in id order); each one changed since it was read is a conflict. */
  private async lockUnchanged<S>(t: Table<S>, updated: Change<S>[]): Promise<Problem[]> {
    const locked = await inChunks(updated.map((c) => c.id).sort(), LOCK_CHUNK, (chunk) =>
      this.tx.$queryRawUnsafe<{ id: string; version: number }[]>(
        `SELECT "id", "version" FROM "${t.table}" WHERE "id" = ANY($1::uuid[]) ORDER BY "id" FOR NO KEY UPDATE`,
        chunk,
      ),
    )
    const versions = new Map(locked.map((r) => [r.id, r.version]))
    return updated
      .filter((c) => versions.get(c.id) !== c.existing!.version)
      .map((c) => {
        const now = versions.get(c.id)
        const what =
          now === undefined
            ? 'was deleted'
            : `was changed by someone else while this import ran (now at version ${now}, read at version ${String(c.existing!.version)})`
        return { ...t.place(c.item), message: `${noun(t.type)} "${t.key(c.item)}" ${what}` }
      })
  }

  /** Runs one table's step; refusals caused by concurrent writers become ImportBlockedErrors. */
  private async during<T>(type: EntityType, step: () => Promise<T>): Promise<T> {
    try {
      return await step()
    } catch (error) {
      throw blockedBy(error, type, this.lockTimeoutMs)
    }
  }

  private async readLinks(tables: LinkTable[], owners: string[]): Promise<Map<string, Record<string, string[]>>> {
    const byOwner = new Map<string, Record<string, string[]>>()
    for (const table of tables) {
      for (const { owner, link } of await table.read(this.tx, owners)) {
        const links = byOwner.get(owner) ?? emptyLinks(tables)
        links[table.name]!.push(link)
        byOwner.set(owner, links)
      }
    }
    for (const links of byOwner.values()) for (const list of Object.values(links)) list.sort()
    return byOwner
  }

  private async writeLinks(tables: LinkTable[], changes: Change<unknown>[]): Promise<void> {
    for (const table of tables) {
      const add: Link[] = []
      const remove: Link[] = []
      for (const c of changes) {
        const before = new Set(c.oldLinks[table.name] ?? [])
        const wanted = new Set(c.newLinks[table.name] ?? [])
        for (const link of wanted) if (!before.has(link)) add.push({ owner: c.id, link })
        for (const link of before) if (!wanted.has(link)) remove.push({ owner: c.id, link })
      }
      // Removals first: a citation whose basis changed is removed and added again.
      if (remove.length) await table.remove(this.tx, remove)
      if (add.length) await table.insert(this.tx, add)
    }
  }
}

const emptyLinks = (tables: LinkTable[] = []): Record<string, string[]> => Object.fromEntries(tables.map((t) => [t.name, []]))

/** The history record of a row: its columns and, by name, the links it owns. */
function record(row: Row, links: Record<string, string[]>, tables: LinkTable[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row }
  for (const t of tables) out[t.name] = [...(links[t.name] ?? [])].sort().map(t.show)
  return out
}
