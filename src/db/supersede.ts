import { isAmendable, notAmendable } from '../domain/version-rules.js'
import { ConflictError, NotFoundError } from '../domain/write-errors.js'
import { loadClauses } from './clause-writes.js'
import { agreementSnapshot } from './snapshots.js'
import { staleVersion, updateVersioned } from './versioned.js'
import type { Tx } from './write.js'

/**
 * The first step of an amendment: load the version to amend and mark it SUPERSEDED. Only the
 * latest ACTIVE or ANNOUNCED version of a deal can be amended. The UPDATE is guarded by the version
 * read and takes the row lock, so of two concurrent amendments the second waits here and then
 * finds the version moved on: a ConflictError, never two successors.
 */
export async function supersede(tx: Tx, slug: string, expectedVersion: number | null) {
  const old = await tx.agreement.findUnique({
    where: { slug },
    include: { parties: true, amendedBy: { select: { slug: true } } },
  })
  if (!old) throw new NotFoundError(`No agreement has the slug ${JSON.stringify(slug)}.`, 'slug')
  const [successor] = old.amendedBy
  if (successor || old.status === 'SUPERSEDED') {
    const by = successor ? ` by "${successor.slug}"` : ''
    throw new ConflictError(`Agreement "${slug}" was already amended${by}; amend the latest version instead.`, 'slug', old.version)
  }
  if (!isAmendable(old.status)) throw new ConflictError(notAmendable(slug, old.status), 'slug', old.version)
  if (expectedVersion !== null && expectedVersion !== old.version) throw staleVersion(`Agreement "${slug}"`, old.version, expectedVersion)

  const before = await agreementSnapshot(tx, old.id)
  await updateVersioned(
    `Agreement "${slug}"`,
    () => tx.agreement.update({ where: { id: old.id, version: old.version }, data: { status: 'SUPERSEDED' } }),
    'slug',
  )
  return { old: { ...old, clauses: await loadClauses(tx, { agreementId: old.id }) }, before }
}
