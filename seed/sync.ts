// Brings one table in line with the desired rows, in bulk: existing rows are read by their natural
// keys, new rows get client-side UUIDs (so rows that point at them can be built before anything is
// inserted) and go in with one multi-row INSERT per chunk, only rows that differ are updated, the
// links they own are diffed and written per table, and each created or updated row leaves a
// WriteHistory entry with the row (and its links) before and after.
import { randomUUID } from 'node:crypto'
import { Prisma } from '../src/generated/prisma/client.js'
import { insertRows } from './bulk.js'
import type { EntityType, HistoryEntry } from './history.js'
import type { Link, LinkTable } from './links.js'
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
  ids: Map<string, string>
  read(keys: string[]): Promise<Row[]>
  /** The table's name in SQL. */
  table: string
  update(id: string, data: Columns): Promise<Row>
  links?: { tables: LinkTable[]; of(item: S, ids: Ids): Record<string, string[]> }
  /** Rows to create, in statements that may follow each other (default: chunks in order). */
  batches?(created: S[]): S[][]
  /** Runs before any row is created or updated (clauses park the ones that move). */
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

export class TableWriter {
  readonly summary: Partial<Record<EntityType, Counts>> = {}
  readonly history: HistoryEntry[] = []

  constructor(
    private readonly tx: Tx,
    private readonly ids: Ids,
    private readonly now: Date,
    private readonly progress: (p: Progress) => void,
  ) {}

  async table<S>(t: Table<S>): Promise<void> {
    const { ids, now } = this
    const existing = new Map((await t.read(t.items.map(t.key))).map((r) => [r[t.keyColumn] as string, r]))
    for (const item of t.items) t.ids.set(t.key(item), existing.get(t.key(item))?.id ?? randomUUID())

    const stored = t.links ? await this.readLinks(t.links.tables, [...existing.values()].map((r) => r.id)) : new Map()
    const changes: Change<S>[] = t.items.map((item) => {
      const row = existing.get(t.key(item))
      const desired = t.columns(item, ids)
      const newLinks = t.links?.of(item, ids) ?? {}
      const oldLinks = row ? (stored.get(row.id) ?? emptyLinks(t.links?.tables)) : {}
      return { item, id: t.ids.get(t.key(item))!, existing: row, changed: row ? changedColumns(row, desired) : desired, oldLinks, newLinks }
    })
    const created = changes.filter((c) => !c.existing)
    const updated = changes.filter((c) => c.existing && (Object.keys(c.changed).length > 0 || linksChanged(c.oldLinks, c.newLinks)))
    this.summary[t.type] = { created: created.length, updated: updated.length, unchanged: changes.length - created.length - updated.length }

    await t.beforeWrites?.(updated.map((c) => ({ row: c.existing!, changed: c.changed })))
    const after = new Map<string, Row>()
    const byItem = new Map(created.map((c) => [c.item, c]))
    const batches = t.batches ? t.batches(created.map((c) => c.item)) : [created.map((c) => c.item)]
    const total = created.length + updated.length
    let done = 0
    for (const batch of batches) {
      const rows = batch.map((item) => ({ id: byItem.get(item)!.id, ...byItem.get(item)!.changed, createdAt: now, updatedAt: now }))
      const stored = await insertRows(this.tx, t.table, rows, (n) => this.progress({ step: t.type, done: (done += n), total }))
      for (const row of stored as Row[]) after.set(row.id, row)
    }
    for (const c of updated) {
      // A change in links alone still moves updatedAt: the record changed.
      after.set(c.id, await t.update(c.id, { ...c.changed, updatedAt: now }))
      if (++done % UPDATE_REPORT === 0 || done === total) this.progress({ step: t.type, done, total })
    }
    if (t.links) await this.writeLinks(t.links.tables, [...created, ...updated])

    for (const c of created) this.history.push({ entityType: t.type, entityId: c.id, action: 'CREATE', before: null, after: record(after.get(c.id)!, c.newLinks, t.links?.tables) })
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
