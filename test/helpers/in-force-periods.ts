import type { PrismaClient } from '../../src/generated/prisma/client.js'
import { clausePeriod, clauseStart, versionPeriod, type InForcePeriod, type VersionTimes } from '../../src/domain/in-force.js'
import { partialDateFromParts, type PartialDate } from '../../src/domain/partial-date.js'

// The stored in-force periods against src/domain/in-force.ts, computed here in TypeScript from the
// rows the periods derive from, without the migration's SQL.

type Parts = { text: string | null; precision: string | null }
const pd = (p: Parts): PartialDate | null =>
  partialDateFromParts({ text: p.text, precision: p.precision as PartialDate['precision'] | null, earliest: null, latest: null })

interface Stored {
  from: string | null
  until: string | null
  end: string | null
}

interface AgreementRow extends Stored {
  id: string
  slug: string
  amendsId: string | null
  et: string | null
  ep: string | null
  at: string | null
  ap: string | null
  nt: string | null
  np: string | null
  tt: string | null
  tp: string | null
}

interface ClauseRow extends Stored {
  id: string
  key: string
  agreementId: string
  supersedesId: string | null
  withdrawn: boolean
  st: string | null
  sp: string | null
  xt: string | null
  xp: string | null
}

const day = (column: string) => `to_char("${column}", 'YYYY-MM-DD')`
const stored = `${day('inForceFrom')} AS "from", ${day('inForceUntil')} AS "until", "inForceEnd"::text AS "end"`

export interface PeriodDrift {
  agreements: number
  clauses: number
  /** Rows whose stored period differs from the domain's (up to 10). */
  wrong: string[]
}

/** Each version's and clause's period by the domain rule, by id, with the rows it was read from. */
async function rule(prisma: PrismaClient) {
  const agreements = await prisma.$queryRawUnsafe<AgreementRow[]>(`
    SELECT "id"::text, "slug", "amendsId"::text, ${stored},
      "effectiveText" AS et, "effectivePrecision"::text AS ep, "announcedText" AS at, "announcedPrecision"::text AS ap,
      "endsText" AS nt, "endsPrecision"::text AS np, "terminatedText" AS tt, "terminatedPrecision"::text AS tp
    FROM "Agreement"`)
  const clauses = await prisma.$queryRawUnsafe<ClauseRow[]>(`
    SELECT "id"::text, "key", "agreementId"::text, "supersedesId"::text, "status" = 'WITHDRAWN' AS withdrawn, ${stored},
      "startsText" AS st, "startsPrecision"::text AS sp, "endsText" AS xt, "endsPrecision"::text AS xp
    FROM "Clause"`)
  const replacements = await prisma.$queryRawUnsafe<{ clauseId: string; replacedId: string }[]>(
    `SELECT "clauseId"::text, "replacedId"::text FROM "ClauseReplacement"`,
  )

  const times = (a: AgreementRow): VersionTimes => ({
    effective: pd({ text: a.et, precision: a.ep }),
    announced: pd({ text: a.at, precision: a.ap }),
    ends: pd({ text: a.nt, precision: a.np }),
    terminated: pd({ text: a.tt, precision: a.tp }),
  })
  const amendments = new Map<string, VersionTimes[]>()
  for (const a of agreements) if (a.amendsId) amendments.set(a.amendsId, [...(amendments.get(a.amendsId) ?? []), times(a)])
  const versions = new Map(agreements.map((a) => [a.id, versionPeriod(times(a), amendments.get(a.id) ?? [])]))

  const facts = (c: ClauseRow) => ({ starts: pd({ text: c.st, precision: c.sp }), ends: pd({ text: c.xt, precision: c.xp }), withdrawn: c.withdrawn })
  const startOf = (c: ClauseRow) => clauseStart(facts(c), versions.get(c.agreementId)!.from)
  const successors = new Map<string, ClauseRow[]>()
  const byId = new Map(clauses.map((c) => [c.id, c]))
  const add = (of: string, c: ClauseRow) => successors.set(of, [...(successors.get(of) ?? []), c])
  for (const c of clauses) if (c.supersedesId) add(c.supersedesId, c)
  for (const r of replacements) add(r.replacedId, byId.get(r.clauseId)!)

  const clausePeriods = new Map(
    clauses.map((c) => [c.id, clausePeriod(facts(c), versions.get(c.agreementId)!, (successors.get(c.id) ?? []).map(startOf))]),
  )
  return { agreements, clauses, versions, clausePeriods }
}

export interface RulePeriods {
  agreements: Map<string, InForcePeriod>
  clauses: Map<string, InForcePeriod & { kind: string }>
}

/** The domain rule's period of every version and clause, by id (clauses with their kind). */
export async function rulePeriods(prisma: PrismaClient): Promise<RulePeriods> {
  const r = await rule(prisma)
  const kinds = new Map(
    (await prisma.$queryRawUnsafe<{ id: string; kind: string }[]>(`SELECT "id"::text, "kind"::text FROM "Clause"`)).map((c) => [c.id, c.kind]),
  )
  return {
    agreements: r.versions,
    clauses: new Map([...r.clausePeriods].map(([id, period]) => [id, { ...period, kind: kinds.get(id)! }])),
  }
}

export async function periodDrift(prisma: PrismaClient): Promise<PeriodDrift> {
  const { agreements, clauses, versions, clausePeriods } = await rule(prisma)
  const wrong: string[] = []
  const check = (what: string, s: Stored, expected: InForcePeriod) => {
    if (s.from !== expected.from || s.until !== expected.until || s.end !== expected.end) {
      wrong.push(`${what}: stored ${JSON.stringify(s)}, rule ${JSON.stringify(expected)}`)
    }
  }
  for (const a of agreements) check(a.slug, { from: a.from, until: a.until, end: a.end }, versions.get(a.id)!)
  for (const c of clauses) check(c.key, { from: c.from, until: c.until, end: c.end }, clausePeriods.get(c.id)!)
  return { agreements: agreements.length, clauses: clauses.length, wrong: wrong.slice(0, 10) }
}
