// Shapes shared by validation and writing.
import type { Lineage } from '../src/domain/terms.js'
import type { Citation, ClauseSpec, Dataset } from './format.js'

export type { Lineage }

/** A clause as it will be stored: carries expanded, citations merged. */
export interface ResolvedClause extends Omit<ClauseSpec, 'sources'> {
  agreement: string
  /** 1-based index in the agreement's `clauses`. */
  position: number
  citations: Citation[]
}

export interface StoredAgreement {
  id: string
  /** Its start, as partial-date text: an imported amendment does not start before it. */
  announcedOn: string | null
  effectiveOn: string | null
  /** Only an ACTIVE or ANNOUNCED version can be amended, as in the API. */
  status: string
  /** Its deal: slug and id. */
  deal: string
  dealId: string
  /** Loaded only for versions that an imported version amends. */
  clauses: Map<string, ResolvedClause & { id: string }>
}

/** What the imported files refer to but do not define, as found in the database (key → id). */
export interface Stored {
  sources: Map<string, string>
  companies: Map<string, string>
  cloudProviders: Map<string, string>
  assets: Map<string, string>
  agreements: Map<string, StoredAgreement>
  /** Deals the files name without defining them (slug → id). */
  deals: Map<string, string>
  /** Every version an imported version amends (in the files or not) → the stored versions amending it. */
  successors: Map<string, string[]>
  /** Clauses that imported clauses replace and no file defines: key → id and agreement slug. */
  replaceable: Map<string, { id: string; agreement: string }>
  /** Stored versions' place in their deal (for `replaces`): see Lineage. */
  lineage: Map<string, Lineage>
}

export const emptyStored = (): Stored => ({
  sources: new Map(),
  companies: new Map(),
  cloudProviders: new Map(),
  assets: new Map(),
  agreements: new Map(),
  deals: new Map(),
  successors: new Map(),
  replaceable: new Map(),
  lineage: new Map(),
})

/** A checked dataset, ready to write: entries ordered so that what a row points at comes first. */
export interface Plan extends Dataset {
  /** Clauses in write order: agreements in `agreements` order, then by position. */
  clauses: ResolvedClause[]
  stored: Stored
  /** Each agreement's deal (slug): its own, or inherited from what it amends or supplements. */
  agreementDeals: Map<string, string>
  /** Deals of first versions that name none: their own, created (slug and title) if missing, never changed. */
  implicitDeals: Map<string, { slug: string; title: string }>
}
