import type { Issues } from '../domain/write-errors.js'
import type { Tx } from './write.js'

// Slugs (and source URLs) named in a mutation's input, resolved to ids with one query per kind.
// Each unknown one becomes an issue at the path where it was given.

export type RefKind = 'company' | 'asset' | 'cloudProvider' | 'agreement' | 'source' | 'clause'

const LABEL: Record<RefKind, string> = {
  company: 'no company has the slug',
  asset: 'no asset has the slug',
  cloudProvider: 'no cloud provider has the slug',
  agreement: 'no agreement has the slug',
  source: 'no source has the URL (create it first with createSource)',
  clause: 'no clause has the key',
}

export class References {
  private readonly wanted = new Map<RefKind, Map<string, string[]>>()
  private readonly ids = new Map<RefKind, Map<string, string>>()

  want(kind: RefKind, key: string, path: string): void {
    const paths = this.wanted.get(kind) ?? new Map<string, string[]>()
    paths.set(key, [...(paths.get(key) ?? []), path])
    this.wanted.set(kind, paths)
  }

  async resolve(tx: Tx, issues: Issues): Promise<void> {
    for (const [kind, paths] of this.wanted) {
      const keys = [...paths.keys()]
      const found = await lookup(tx, kind, keys)
      this.ids.set(kind, found)
      for (const [key, at] of paths) {
        if (!found.has(key)) for (const path of at) issues.add(path, `${LABEL[kind]} ${JSON.stringify(key)}`, 'not_found')
      }
    }
  }

  /** Resolved ids back to the names they were given as. */
  names(kind: RefKind): Map<string, string> {
    return new Map([...(this.ids.get(kind) ?? new Map<string, string>())].map(([key, id]) => [id, key]))
  }

  /** The id of a resolved key (call after `resolve` reported no issues). */
  id(kind: RefKind, key: string): string {
    const id = this.ids.get(kind)?.get(key)
    if (id === undefined) throw new Error(`reference ${kind} ${key} was not resolved`)
    return id
  }
}

async function lookup(tx: Tx, kind: RefKind, keys: string[]): Promise<Map<string, string>> {
  const select = { id: true, slug: true } as const
  const where = { slug: { in: keys } }
  const rows =
    kind === 'company'
      ? await tx.company.findMany({ where, select })
      : kind === 'asset'
        ? await tx.asset.findMany({ where, select })
        : kind === 'cloudProvider'
          ? await tx.cloudProvider.findMany({ where, select })
          : kind === 'agreement'
            ? await tx.agreement.findMany({ where, select })
            : kind === 'clause'
              ? (await tx.clause.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } })).map((c) => ({ id: c.id, slug: c.key }))
              : (await tx.source.findMany({ where: { url: { in: keys } }, select: { id: true, url: true } })).map((s) => ({ id: s.id, slug: s.url }))
  return new Map(rows.map((r) => [r.slug, r.id]))
}
