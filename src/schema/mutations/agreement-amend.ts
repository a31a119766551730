import { z } from 'zod'
import { builder } from '../../builder.js'
import { clauseValuesOf, insertClauses } from '../../db/clause-writes.js'
import { partialDateColumns, readPartialDate } from '../../db/partial-date-columns.js'
import { References } from '../../db/references.js'
import { checkReplacements } from '../../db/replacements.js'
import { agreementSnapshot, clauseSnapshots } from '../../db/snapshots.js'
import { supersede } from '../../db/supersede.js'
import { runWrite, type Tx } from '../../db/write.js'
import { planAmendment } from '../../domain/amendment.js'
import { checkClause, checkSupersededKind, type ClauseValues } from '../../domain/clause-values.js'
import { AMENDMENT_WITHOUT_START, checkAmendmentStart, checkVersionDates } from '../../domain/version-rules.js'
import { Issues } from '../../domain/write-errors.js'
import type { PartyRole, SourceBasis } from '../../generated/prisma/enums.js'
import { AgreementRef } from '../agreement.js'
import {
  ClauseInput,
  ClausePatchInput,
  clausePatchSchema,
  clauseSchema,
  PartyInput,
  partiesSchema,
  versionFields,
  versionShape,
} from './agreement-inputs.js'
import { citationsOf, clausePatch, clauseValues, wantClauseRefs } from './clause-refs.js'
import { writeResult } from './errors.js'
import { expectedVersion, LIST_LIMITS, list, parseInput, slug, text, title } from './rules.js'
import { writerOf } from './writer.js'

const amendSchema = z
  .object({
    slug,
    title: title.nullish(),
    parties: partiesSchema.nullish(),
    modify: list(z.object({ key: text(200), changes: clausePatchSchema }), LIST_LIMITS.clauses).nullish(),
    add: list(clauseSchema, LIST_LIMITS.clauses).nullish(),
    remove: list(text(200), LIST_LIMITS.clauses).nullish(),
    expectedVersion: expectedVersion.nullish(),
    ...versionShape,
  })
  .refine((a) => a.announcedOn || a.effectiveOn, { path: ['effectiveOn'], message: AMENDMENT_WITHOUT_START, params: { rule: 'required' } })

const ClauseModification = builder.inputType('ClauseModification', {
  fields: (t) => ({
    key: t.string({ required: true, description: 'Key of a clause of the amended version.' }),
    changes: t.field({ type: ClausePatchInput, required: true }),
  }),
})

const AmendAgreementInput = builder.inputType('AmendAgreementInput', {
  description:
    'A new version from the changes given. Clauses of the amended version are carried over (copies superseding them, citations copied) unless modified (a changed copy superseding it) or removed; `add` appends new ones. Title, kinds and parties are carried over unless given; dates, value, description and citations belong to the new version.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Slug of the new version.' }),
    title: t.string({ required: false }),
    parties: t.field({ type: [PartyInput], required: false, description: 'Replaces the parties when given.' }),
    modify: t.field({ type: [ClauseModification], required: false }),
    add: t.field({ type: [ClauseInput], required: false }),
    remove: t.stringList({ required: false, description: 'Keys of clauses that end with the amended version.' }),
    expectedVersion: t.int({ required: false, description: 'The `version` of the amended agreement you read.' }),
    ...versionFields(t),
  }),
})

builder.mutationField('amendAgreement', (t) =>
  t.field({
    type: AgreementRef,
    description:
      'Amends the latest version of a deal; the amended version becomes SUPERSEDED. Amending a version already amended is a ConflictError.',
    authScopes: { write: true },
    errors: writeResult('AmendAgreement', 'agreement'),
    args: {
      slug: t.arg.string({ required: true, description: 'The version to amend.' }),
      input: t.arg({ type: AmendAgreementInput, required: true }),
    },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const target = parseInput(slug, args.slug, 'slug')
      const input = parseInput(amendSchema, args.input)
      return runWrite(writer, async (tx, log) => {
        const { old, before } = await supersede(tx, target, input.expectedVersion ?? null)

        const refs = new References()
        const issues = new Issues()
        input.parties?.forEach((p, i) => refs.want('company', p.company, `input.parties[${i}].company`))
        input.citations?.forEach((c, i) => refs.want('source', c.url, `input.citations[${i}].url`))
        input.add?.forEach((c, i) => wantClauseRefs(refs, c, `input.add[${i}]`))
        input.modify?.forEach((m, i) => wantClauseRefs(refs, m.changes, `input.modify[${i}].changes`))
        await refs.resolve(tx, issues)
        issues.throwIfAny()
        await checkReplacements(
          tx,
          { slug: input.slug, amends: old.slug, parent: { slug: old.slug, supplements: false } },
          [
            ...(input.add ?? []).flatMap((c, i) => (c.replaces ?? []).map((key, j) => ({ key, path: `input.add[${i}].replaces[${j}]` }))),
            ...(input.modify ?? []).flatMap((m, i) =>
              (m.changes.replaces ?? []).map((key, j) => ({ key, path: `input.modify[${i}].changes.replaces[${j}]` })),
            ),
          ],
          issues,
        )

        const planned = planAmendment(
          old.clauses.map((c) => ({ id: c.id, key: c.key, withdrawn: c.status === 'WITHDRAWN', values: clauseValuesOf(c) })),
          {
            modify: (input.modify ?? []).map((m, i) => ({ key: m.key, patch: clausePatch(refs, m.changes), path: `input.modify[${i}]` })),
            remove: (input.remove ?? []).map((key, i) => ({ key, path: `input.remove[${i}]` })),
            add: (input.add ?? []).map((c, i) => ({ values: clauseValues(refs, c), path: `input.add[${i}]` })),
          },
          issues,
        )
        if (planned.length > LIST_LIMITS.clauses) {
          issues.add('input.add', `the new version would have ${planned.length} clauses: at most ${LIST_LIMITS.clauses} are allowed`, 'too_big')
        }
        const dates = { announcedOn: input.announcedOn ?? null, effectiveOn: input.effectiveOn ?? null, endsOn: input.endsOn ?? null }
        checkVersionDates(dates, 'input', issues)
        checkAmendmentStart(
          { announcedOn: readPartialDate(old, 'announced'), effectiveOn: readPartialDate(old, 'effective') },
          dates,
          'input',
          issues,
        )
        const parties = input.parties?.map((p) => ({ companyId: refs.id('company', p.company), role: p.role as PartyRole })) ?? old.parties
        const partyIds = new Set(parties.map((p) => p.companyId))
        const names = await companyNames(
          tx,
          planned.flatMap((p) => [p.values.grantorId, p.values.granteeId]),
        )
        for (const p of planned) {
          const superseded = old.clauses.find((c) => c.id === p.supersedesId)
          if (p.path === null) {
            checkCarried(p.values, superseded?.key ?? '', partyIds, issues, names)
            continue
          }
          checkClause(p.values, p.path, partyIds, issues, names)
          if (superseded) checkSupersededKind(p.values.kind, superseded, p.path, issues)
        }
        issues.throwIfAny()

        const agreement = await tx.agreement.create({
          data: {
            slug: input.slug,
            title: input.title ?? old.title,
            description: input.description ?? null,
            kinds: input.kinds ?? old.kinds,
            status: input.status ?? 'ACTIVE',
            ...partialDateColumns('announced', dates.announcedOn),
            ...partialDateColumns('effective', dates.effectiveOn),
            ...partialDateColumns('ends', dates.endsOn),
            valueAmount: input.value?.amount ?? null,
            valueCurrency: input.value?.currency ?? null,
            valueQualifier: input.value?.qualifier ?? 'EXACT',
            valueHigh: input.value?.high ?? null,
            valuePeriod: input.value?.period ?? null,
            amendsId: old.id,
            supplementsId: old.supplementsId,
            parties: { create: parties.map((p) => ({ companyId: p.companyId, role: p.role })) },
            citations: { create: citationsOf(refs, input.citations ?? []).map((c) => ({ ...c, basis: c.basis as SourceBasis })) },
          },
        })
        await insertClauses(tx, agreement, planned)

        log.record('Agreement', old.id, 'SUPERSEDE', before, await agreementSnapshot(tx, old.id))
        log.record('Agreement', agreement.id, 'CREATE', null, await agreementSnapshot(tx, agreement.id))
        for (const [id, after] of await clauseSnapshots(tx, { agreementId: agreement.id })) log.record('Clause', id, 'CREATE', null, after)
        return agreement
      })
    },
  }),
)

/** A carried-over clause was valid before; only a change of parties can leave its companies out. */
function checkCarried(values: ClauseValues, key: string, partyIds: Set<string>, issues: Issues, names: Map<string, string>): void {
  for (const field of ['grantor', 'grantee'] as const) {
    const id = values[`${field}Id`]
    if (id === null || partyIds.has(id)) continue
    const name = JSON.stringify(names.get(id) ?? id)
    issues.add(
      'input.parties',
      `company ${name} is the ${field} of carried-over clause "${key}" but not a party: add it or modify the clause`,
      'not_a_party',
    )
  }
}

async function companyNames(tx: Tx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  const rows = await tx.company.findMany({ where: { id: { in: wanted } }, select: { id: true, slug: true } })
  return new Map(rows.map((r) => [r.id, r.slug]))
}
