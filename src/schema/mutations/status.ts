import { z } from 'zod'
import { builder } from '../../builder.js'
import { partialDateColumns, readPartialDate } from '../../db/partial-date-columns.js'
import { agreementSnapshot, clauseSnapshots } from '../../db/snapshots.js'
import { updateRecord } from '../../db/versioned.js'
import { runWrite } from '../../db/write.js'
import { WITHDRAWAL_NEEDS_NOTE, withdrawalExplained } from '../../domain/clause-status.js'
import { checkTerminationDate, TERMINATED_ONLY, terminationAllowed } from '../../domain/version-rules.js'
import { Issues } from '../../domain/write-errors.js'
import { AgreementStatus, ClauseStatus } from '../../generated/prisma/enums.js'
import { AgreementRef } from '../agreement.js'
import { ClauseRef } from '../clause.js'
import { AgreementStatusEnum } from '../enums.js'
import { writeResult } from './errors.js'
import { expectedVersion, note, parseInput, partialDate, slug, text } from './rules.js'
import { ClauseStatusEnum } from './versions.js'
import { writerOf } from './writer.js'

// Facts are withdrawn or corrected by status, never deleted: an agreement is TERMINATED or
// EXPIRED (or set back), a clause WITHDRAWN (or reinstated); the history keeps every step.

const agreementSchema = z
  .object({
    slug,
    expectedVersion,
    status: z
      .enum(AgreementStatus)
      .refine((s) => s !== 'SUPERSEDED', 'cannot be SUPERSEDED: a version becomes SUPERSEDED when amendAgreement replaces it'),
    note: note.nullish(),
    terminatedOn: partialDate.nullish(),
  })
  .refine((a) => terminationAllowed(a.status, a.terminatedOn), {
    path: ['terminatedOn'],
    message: TERMINATED_ONLY,
    params: { rule: 'terminated_only' },
  })

const clauseSchema = z
  .object({ key: text(200), expectedVersion, status: z.enum(ClauseStatus), note: note.nullish() })
  .refine((c) => withdrawalExplained(c.status, c.note), { path: ['note'], message: WITHDRAWAL_NEEDS_NOTE, params: { rule: 'required' } })

const SetAgreementStatusInput = builder.inputType('SetAgreementStatusInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    expectedVersion: t.int({ required: true, description: 'The `version` you read; a newer one is a ConflictError.' }),
    status: t.field({ type: AgreementStatusEnum, required: true, description: 'Any status but SUPERSEDED (set by amendAgreement).' }),
    note: t.string({ required: false, description: 'Why; shown as statusNote.' }),
    terminatedOn: t.string({ required: false, description: 'Partial date of the termination (TERMINATED only); ends the version in force.' }),
  }),
})

const SetClauseStatusInput = builder.inputType('SetClauseStatusInput', {
  fields: (t) => ({
    key: t.string({ required: true, description: 'The clause key, e.g. "microsoft-openai-2019#2".' }),
    expectedVersion: t.int({ required: true, description: 'The `version` you read; a newer one is a ConflictError.' }),
    status: t.field({ type: ClauseStatusEnum, required: true }),
    note: t.string({ required: false, description: 'Why; required to withdraw.' }),
  }),
})

builder.mutationFields((t) => ({
  setAgreementStatus: t.field({
    type: AgreementRef,
    description: 'Terminates, expires or reinstates a version (with a note); a status other than TERMINATED clears the termination date.',
    authScopes: { write: true },
    errors: writeResult('SetAgreementStatus', 'agreement'),
    args: { input: t.arg({ type: SetAgreementStatusInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const input = parseInput(agreementSchema, args.input)
      return runWrite(writer, (tx, log) =>
        updateRecord(log, {
          entityType: 'Agreement',
          action: 'SET_STATUS',
          what: `Agreement "${input.slug}"`,
          keyPath: 'input.slug',
          expected: input.expectedVersion,
          find: () => tx.agreement.findUnique({ where: { slug: input.slug } }),
          snapshot: (id) => agreementSnapshot(tx, id),
          update: (before) => {
            const issues = new Issues()
            if (before.status === 'SUPERSEDED')
              issues.add('input.slug', 'is SUPERSEDED by an amendment: change the latest version instead', 'superseded')
            checkTerminationDate(
              input.terminatedOn ?? null,
              { announcedOn: readPartialDate(before, 'announced'), effectiveOn: readPartialDate(before, 'effective') },
              'input',
              issues,
            )
            issues.throwIfAny()
            return tx.agreement.update({
              where: { id: before.id, version: input.expectedVersion },
              data: {
                status: input.status,
                statusNote: input.note ?? null,
                ...partialDateColumns(
                  'terminated',
                  input.status === 'TERMINATED' ? (input.terminatedOn ?? readPartialDate(before, 'terminated')) : null,
                ),
              },
            })
          },
        }),
      )
    },
  }),
  setClauseStatus: t.field({
    type: ClauseRef,
    description: 'Withdraws a clause that should never have been recorded (with a note), or reinstates it. Nothing is deleted.',
    authScopes: { write: true },
    errors: writeResult('SetClauseStatus', 'clause'),
    args: { input: t.arg({ type: SetClauseStatusInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const input = parseInput(clauseSchema, args.input)
      return runWrite(writer, (tx, log) =>
        updateRecord(log, {
          entityType: 'Clause',
          action: 'SET_STATUS',
          what: `Clause "${input.key}"`,
          keyPath: 'input.key',
          expected: input.expectedVersion,
          find: () => tx.clause.findUnique({ where: { key: input.key } }),
          snapshot: async (id) => (await clauseSnapshots(tx, { id })).get(id)!,
          update: (before) =>
            tx.clause.update({
              where: { id: before.id, version: input.expectedVersion },
              data: { status: input.status, statusNote: input.note ?? null, statusChangedAt: new Date() },
            }),
        }),
      )
    },
  }),
}))
