import { z } from 'zod'
import { builder } from '../../builder.js'
import { insertClauses } from '../../db/clause-writes.js'
import { partialDateColumns } from '../../db/partial-date-columns.js'
import { References } from '../../db/references.js'
import { checkReplacements } from '../../db/replacements.js'
import { agreementSnapshot, clauseSnapshots, rowJson } from '../../db/snapshots.js'
import { runWrite, type Tx, type WriteLog } from '../../db/write.js'
import { checkClause } from '../../domain/clause-values.js'
import { checkVersionDates } from '../../domain/version-rules.js'
import { Issues } from '../../domain/write-errors.js'
import type { PartyRole, SourceBasis } from '../../generated/prisma/enums.js'
import { AgreementRef } from '../agreement.js'
import { ClauseInput, clauseSchema, PartyInput, partiesSchema, versionFields, versionShape } from './agreement-inputs.js'
import { citationsOf, clauseValues, wantClauseRefs } from './clause-refs.js'
import { writeResult } from './errors.js'
import { LIST_LIMITS, list, parseInput, slug, title } from './rules.js'
import { writerOf } from './writer.js'

const createSchema = z.object({
  slug,
  title,
  supplements: slug.nullish(),
  deal: slug.nullish(),
  parties: partiesSchema,
  clauses: list(clauseSchema, LIST_LIMITS.clauses).nullish(),
  ...versionShape,
})

const CreateAgreementInput = builder.inputType('CreateAgreementInput', {
  description: 'A first version of a deal with its parties, clauses and sources (amendments go through amendAgreement).',
  fields: (t) => ({
    slug: t.string({ required: true }),
    title: t.string({ required: true }),
    supplements: t.string({ required: false, description: 'Slug of the agreement this one adds terms to.' }),
    deal: t.string({
      required: false,
      description:
        'Slug of the deal this first version belongs to: an existing deal is joined, a new slug creates it (titled like the agreement). Without it, a new deal with the agreement’s slug; a supplement is in the deal of what it supplements.',
    }),
    parties: t.field({ type: [PartyInput], required: true }),
    clauses: t.field({ type: [ClauseInput], required: false, description: 'Stored in this order, keyed `<slug>#1`, `<slug>#2`, …' }),
    ...versionFields(t),
  }),
})

/**
 * The deal the input names, created when new (and logged); null to let the database give the
 * version a deal of its own. A supplement is in its parent's deal: naming another is a problem.
 */
async function dealOf(tx: Tx, log: WriteLog, input: z.output<typeof createSchema>, issues: Issues, refs: References): Promise<string | null> {
  if (!input.deal) return null
  if (input.supplements) {
    const parent = await tx.agreement.findUniqueOrThrow({
      where: { id: refs.id('agreement', input.supplements) },
      select: { deal: { select: { slug: true } } },
    })
    if (parent.deal.slug !== input.deal) {
      issues.add(
        'input.deal',
        `a supplement belongs to the deal of the agreement it supplements ("${parent.deal.slug}"), not "${input.deal}"`,
        'deal_mismatch',
      )
    }
    return null
  }
  const existing = await tx.deal.findUnique({ where: { slug: input.deal }, select: { id: true } })
  if (existing) return existing.id
  const created = await tx.deal.create({ data: { slug: input.deal, title: input.title } })
  log.record('Deal', created.id, 'CREATE', null, rowJson(created))
  return created.id
}

builder.mutationField('createAgreement', (t) =>
  t.field({
    type: AgreementRef,
    authScopes: { write: true },
    errors: writeResult('CreateAgreement', 'agreement'),
    args: { input: t.arg({ type: CreateAgreementInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const input = parseInput(createSchema, args.input)
      return runWrite(writer, async (tx, log) => {
        const refs = new References()
        const issues = new Issues()
        input.parties.forEach((p, i) => refs.want('company', p.company, `input.parties[${i}].company`))
        input.citations?.forEach((c, i) => refs.want('source', c.url, `input.citations[${i}].url`))
        if (input.supplements) refs.want('agreement', input.supplements, 'input.supplements')
        const clauses = input.clauses ?? []
        clauses.forEach((c, i) => wantClauseRefs(refs, c, `input.clauses[${i}]`))
        await refs.resolve(tx, issues)
        issues.throwIfAny()
        await checkReplacements(
          tx,
          { slug: input.slug, amends: null, parent: input.supplements ? { slug: input.supplements, supplements: true } : null },
          clauses.flatMap((c, i) => (c.replaces ?? []).map((key, j) => ({ key, path: `input.clauses[${i}].replaces[${j}]` }))),
          issues,
        )
        const dealId = await dealOf(tx, log, input, issues, refs)
        issues.throwIfAny()

        checkVersionDates(
          { announcedOn: input.announcedOn ?? null, effectiveOn: input.effectiveOn ?? null, endsOn: input.endsOn ?? null },
          'input',
          issues,
        )
        const partyIds = new Set(input.parties.map((p) => refs.id('company', p.company)))
        const values = clauses.map((c) => clauseValues(refs, c))
        values.forEach((v, i) => checkClause(v, `input.clauses[${i}]`, partyIds, issues, refs.names('company')))
        issues.throwIfAny()

        const agreement = await tx.agreement.create({
          data: {
            slug: input.slug,
            title: input.title,
            description: input.description ?? null,
            kinds: input.kinds ?? [],
            status: input.status ?? 'ACTIVE',
            ...partialDateColumns('announced', input.announcedOn ?? null),
            ...partialDateColumns('effective', input.effectiveOn ?? null),
            ...partialDateColumns('ends', input.endsOn ?? null),
            valueAmount: input.value?.amount ?? null,
            valueCurrency: input.value?.currency ?? null,
            valueQualifier: input.value?.qualifier ?? 'EXACT',
            valueHigh: input.value?.high ?? null,
            valuePeriod: input.value?.period ?? null,
            supplementsId: input.supplements ? refs.id('agreement', input.supplements) : null,
            ...(dealId ? { dealId } : {}),
            parties: { create: input.parties.map((p) => ({ companyId: refs.id('company', p.company), role: p.role as PartyRole })) },
            citations: { create: citationsOf(refs, input.citations ?? []).map((c) => ({ ...c, basis: c.basis as SourceBasis })) },
          },
        })
        await insertClauses(
          tx,
          agreement,
          values.map((v) => ({ values: v, supersedesId: null })),
        )

        log.record('Agreement', agreement.id, 'CREATE', null, await agreementSnapshot(tx, agreement.id))
        for (const [id, after] of await clauseSnapshots(tx, { agreementId: agreement.id })) log.record('Clause', id, 'CREATE', null, after)
        return agreement
      })
    },
  }),
)
