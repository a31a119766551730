import { z } from 'zod'
import { builder } from '../../builder.js'
import { partialDateColumns } from '../../db/partial-date-columns.js'
import { References } from '../../db/references.js'
import { rowJson } from '../../db/snapshots.js'
import { updateRecord } from '../../db/versioned.js'
import { runWrite, type Tx } from '../../db/write.js'
import { Issues } from '../../domain/write-errors.js'
import { AssetKind } from '../../generated/prisma/enums.js'
import { AssetRef } from '../asset.js'
import { AssetKindEnum } from '../enums.js'
import { writeResult } from './errors.js'
import { clearable, description, expectedVersion, keep, name, parseInput, partialDate, slug } from './rules.js'
import { writerOf } from './writer.js'

const kind = z.enum(AssetKind)

const createSchema = z.object({
  slug,
  name,
  kind,
  description: description.nullish(),
  developer: slug.nullish(),
  releasedOn: partialDate.nullish(),
})

const updateSchema = z.object({
  slug,
  expectedVersion,
  name: keep(name),
  kind: keep(kind),
  description: clearable(description),
  developer: clearable(slug),
  releasedOn: clearable(partialDate),
})

const CreateAssetInput = builder.inputType('CreateAssetInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    name: t.string({ required: true }),
    kind: t.field({ type: AssetKindEnum, required: true }),
    description: t.string({ required: false }),
    developer: t.string({ required: false, description: 'Slug of the developing company.' }),
    releasedOn: t.string({ required: false, description: 'Partial date: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD.' }),
  }),
})

const UpdateAssetInput = builder.inputType('UpdateAssetInput', {
  description: 'Fields left out keep their value; null clears an optional field.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The asset to change.' }),
    expectedVersion: t.int({ required: true, description: 'The `version` you read; a newer one is a ConflictError.' }),
    name: t.string({ required: false }),
    kind: t.field({ type: AssetKindEnum, required: false }),
    description: t.string({ required: false }),
    developer: t.string({ required: false }),
    releasedOn: t.string({ required: false }),
  }),
})

async function developerId(tx: Tx, developer: string | null | undefined): Promise<string | null | undefined> {
  if (!developer) return developer
  const refs = new References()
  const issues = new Issues()
  refs.want('company', developer, 'input.developer')
  await refs.resolve(tx, issues)
  issues.throwIfAny()
  return refs.id('company', developer)
}

builder.mutationFields((t) => ({
  createAsset: t.field({
    type: AssetRef,
    authScopes: { write: true },
    errors: writeResult('CreateAsset', 'asset'),
    args: { input: t.arg({ type: CreateAssetInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const { developer, releasedOn, ...input } = parseInput(createSchema, args.input)
      return runWrite(writer, async (tx, log) => {
        const row = await tx.asset.create({
          data: {
            ...input,
            developerId: (await developerId(tx, developer)) ?? null,
            ...partialDateColumns('released', releasedOn ?? null),
          },
        })
        log.record('Asset', row.id, 'CREATE', null, rowJson(row))
        return row
      })
    },
  }),
  updateAsset: t.field({
    type: AssetRef,
    authScopes: { write: true },
    errors: writeResult('UpdateAsset', 'asset'),
    args: { input: t.arg({ type: UpdateAssetInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const { slug: key, expectedVersion: expected, developer, releasedOn, ...changes } = parseInput(updateSchema, args.input)
      return runWrite(writer, (tx, log) =>
        updateRecord(log, {
          entityType: 'Asset',
          what: `Asset "${key}"`,
          keyPath: 'input.slug',
          expected,
          find: () => tx.asset.findUnique({ where: { slug: key } }),
          update: async (before) =>
            tx.asset.update({
              where: { id: before.id, version: expected },
              data: {
                ...changes,
                developerId: await developerId(tx, developer),
                ...(releasedOn === undefined ? {} : partialDateColumns('released', releasedOn)),
              },
            }),
        }),
      )
    },
  }),
}))
