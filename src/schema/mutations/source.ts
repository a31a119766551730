import { z } from 'zod'
import { builder } from '../../builder.js'
import { dayToDate } from '../../db/partial-date-columns.js'
import { rowJson } from '../../db/snapshots.js'
import { updateRecord } from '../../db/versioned.js'
import { runWrite } from '../../db/write.js'
import { SourceRef } from '../source.js'
import { writeResult } from './errors.js'
import { SourceKind } from '../../generated/prisma/enums.js'
import { SourceKindEnum } from '../enums.js'
import { clearable, day, expectedVersion, name, note, pageTitle, parseInput, webUrl } from './rules.js'
import { writerOf } from './writer.js'

const createSchema = z.object({
  url: webUrl,
  title: pageTitle.nullish(),
  publisher: name.nullish(),
  publishedOn: day.nullish(),
  note: note.nullish(),
  kind: z.enum(SourceKind).nullish(),
})

const updateSchema = z.object({
  url: webUrl,
  expectedVersion,
  title: clearable(pageTitle),
  publisher: clearable(name),
  publishedOn: clearable(day),
  note: clearable(note),
  kind: clearable(z.enum(SourceKind)),
})

const CreateSourceInput = builder.inputType('CreateSourceInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'http(s) address; unique. Agreements and clauses cite sources by it.' }),
    title: t.string({ required: false }),
    publisher: t.string({ required: false }),
    publishedOn: t.string({ required: false, description: 'YYYY-MM-DD.' }),
    note: t.string({ required: false }),
    kind: t.field({ type: SourceKindEnum, required: false, description: 'What kind of publisher; left out, unknown.' }),
  }),
})

const UpdateSourceInput = builder.inputType('UpdateSourceInput', {
  description: 'Fields left out keep their value; null clears them. The URL identifies the source and does not change.',
  fields: (t) => ({
    url: t.string({ required: true, description: 'The source to change.' }),
    expectedVersion: t.int({ required: true, description: 'The `version` you read; a newer one is a ConflictError.' }),
    title: t.string({ required: false }),
    publisher: t.string({ required: false }),
    publishedOn: t.string({ required: false }),
    note: t.string({ required: false }),
    kind: t.field({ type: SourceKindEnum, required: false }),
  }),
})

const publishedColumn = (day: string | null | undefined) => (day === undefined ? undefined : day === null ? null : dayToDate(day))

builder.mutationFields((t) => ({
  createSource: t.field({
    type: SourceRef,
    authScopes: { write: true },
    errors: writeResult('CreateSource', 'source'),
    args: { input: t.arg({ type: CreateSourceInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const { publishedOn, ...input } = parseInput(createSchema, args.input)
      return runWrite(writer, async (tx, log) => {
        const row = await tx.source.create({ data: { ...input, publishedOn: publishedColumn(publishedOn) } })
        log.record('Source', row.id, 'CREATE', null, rowJson(row))
        return row
      })
    },
  }),
  updateSource: t.field({
    type: SourceRef,
    authScopes: { write: true },
    errors: writeResult('UpdateSource', 'source'),
    args: { input: t.arg({ type: UpdateSourceInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const { url, expectedVersion: expected, publishedOn, ...changes } = parseInput(updateSchema, args.input)
      return runWrite(writer, (tx, log) =>
        updateRecord(log, {
          entityType: 'Source',
          what: `Source ${JSON.stringify(url)}`,
          keyPath: 'input.url',
          expected,
          find: () => tx.source.findUnique({ where: { url } }),
          update: (before) =>
            tx.source.update({ where: { id: before.id, version: expected }, data: { ...changes, publishedOn: publishedColumn(publishedOn) } }),
        }),
      )
    },
  }),
}))
