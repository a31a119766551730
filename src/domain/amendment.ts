// Which clauses a new version of an agreement gets from an amendment: every clause of the
// amended version is carried over (a copy superseding it), replaced by its modified copy, or left
// behind when removed; added clauses follow. Withdrawn clauses are not carried. Pure, so the
// rules are testable without a database.
import { withdrawnNotCarried } from './clause-status.js'
import { applyPatch, type ClauseValues } from './clause-values.js'
import type { Issues } from './write-errors.js'

export interface AmendedClause {
  id: string
  key: string
  withdrawn: boolean
  values: ClauseValues
}

export interface AmendmentEdits {
  modify: { key: string; patch: Partial<ClauseValues>; path: string }[]
  remove: { key: string; path: string }[]
  add: { values: ClauseValues; path: string }[]
}

export interface PlannedClause {
  values: ClauseValues
  supersedesId: string | null
  /** The input path the clause's values came from; null for a clause carried over untouched. */
  path: string | null
}

export function planAmendment(old: AmendedClause[], edits: AmendmentEdits, issues: Issues): PlannedClause[] {
  const byKey = new Map(old.map((c) => [c.key, c]))
  const touched = new Map<string, string>()
  const claim = (key: string, path: string) => {
    const clause = byKey.get(key)
    if (!clause) issues.add(path, `the amended version has no clause with the key ${JSON.stringify(key)}`, 'not_found')
    else if (clause.withdrawn) issues.add(path, withdrawnNotCarried(key), 'withdrawn')
    else if (touched.has(key)) issues.add(path, `clause ${JSON.stringify(key)} is already changed at ${touched.get(key)}`, 'duplicate')
    else touched.set(key, path)
  }
  for (const m of edits.modify) claim(m.key, `${m.path}.key`)
  for (const r of edits.remove) claim(r.key, r.path)

  const patches = new Map(edits.modify.map((m) => [m.key, m]))
  const removed = new Set(edits.remove.map((r) => r.key))
  const planned: PlannedClause[] = []
  for (const clause of old) {
    if (clause.withdrawn || removed.has(clause.key)) continue
    const modification = patches.get(clause.key)
    // A copy does not replace again what the clause replaced (as an import's carry); a patch may say otherwise.
    const copied = { ...clause.values, replacedIds: [] }
    planned.push({
      values: modification ? applyPatch(copied, modification.patch) : copied,
      supersedesId: clause.id,
      path: modification ? `${modification.path}.changes` : null,
    })
  }
  for (const a of edits.add) planned.push({ values: a.values, supersedesId: null, path: a.path })
  return planned
}
