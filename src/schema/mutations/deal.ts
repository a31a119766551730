import { z } from 'zod'
import { builder } from '../../builder.js'
import { updateRecord } from '../../db/versioned.js'
import { runWrite } from '../../db/write.js'
import { DealRef } from '../deal.js'
import { writeResult } from './errors.js'
import { clearable, description, expectedVersion, keep, parseInput, slug, title } from './rules.js'
import { writerOf } from './writer.js'

// A deal's own text (its versions join it through createAgreement's `deal`, or by amending or
// supplementing one of its versions).

const updateSchema = z.object({
  slug,
  expectedVersion,
  title: keep(title),
  description: clearable(description),
})

const UpdateDealInput = builder.inputType('UpdateDealInput', {
  description: 'Fields left out keep their value; null clears the description.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The deal to change.' }),
    expectedVersion: t.int({ required: true, description: 'The `version` you read; a newer one is a ConflictError.' }),
    title: t.string({ required: false }),
    description: t.string({ required: false }),
  }),
})

builder.mutationField('updateDeal', (t) =>
  t.field({
    type: DealRef,
    authScopes: { write: true },
    errors: writeResult('UpdateDeal', 'deal'),
    args: { input: t.arg({ type: UpdateDealInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const { slug: key, expectedVersion: expected, ...changes } = parseInput(updateSchema, args.input)
      return runWrite(writer, (tx, log) =>
        updateRecord(log, {
          entityType: 'Deal',
          what: `Deal "${key}"`,
          keyPath: 'input.slug',
          expected,
          find: () => tx.deal.findUnique({ where: { slug: key } }),
          update: (before) => tx.deal.update({ where: { id: before.id, version: expected }, data: changes }),
        }),
      )
    },
  }),
)
