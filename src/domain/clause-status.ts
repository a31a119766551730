// A clause is never deleted: it is WITHDRAWN, with a note saying why, or set ACTIVE again; a new
// version does not carry a withdrawn clause. setClauseStatus and amendAgreement (the API) and the
// dataset format and importer (seed/format.ts, seed/resolve.ts) apply the same rules.

export const WITHDRAWAL_NEEDS_NOTE = 'is required to withdraw a clause: say why'

export const withdrawalExplained = (status: string, note: string | null | undefined): boolean => status !== 'WITHDRAWN' || Boolean(note)

export const withdrawnNotCarried = (key: string) => `clause ${JSON.stringify(key)} is withdrawn and is not carried over`
