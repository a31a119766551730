import { z } from 'zod'
import { builder } from '../../builder.js'
import { References } from '../../db/references.js'
import { rowJson } from '../../db/snapshots.js'
import { updateRecord } from '../../db/versioned.js'
import { runWrite, type Tx } from '../../db/write.js'
import { Issues } from '../../domain/write-errors.js'
import { CloudProviderRef } from '../cloud-provider.js'
import { writeResult } from './errors.js'
import { clearable, description, expectedVersion, keep, name, parseInput, slug } from './rules.js'
import { writerOf } from './writer.js'

const createSchema = z.object({ slug, name, description: description.nullish(), operator: slug })

const updateSchema = z.object({
  slug,
  expectedVersion,
  name: keep(name),
  description: clearable(description),
  operator: keep(slug),
})

const CreateCloudProviderInput = builder.inputType('CreateCloudProviderInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    name: t.string({ required: true }),
    description: t.string({ required: false }),
    operator: t.string({ required: true, description: 'Slug of the operating company.' }),
  }),
})

const UpdateCloudProviderInput = builder.inputType('UpdateCloudProviderInput', {
  description: 'Fields left out keep their value; null clears an optional field.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The cloud provider to change.' }),
    expectedVersion: t.int({ required: true, description: 'The `version` you read; a newer one is a ConflictError.' }),
    name: t.string({ required: false }),
    description: t.string({ required: false }),
    operator: t.string({ required: false }),
  }),
})

async function operatorId(tx: Tx, operator: string): Promise<string> {
  const refs = new References()
  const issues = new Issues()
  refs.want('company', operator, 'input.operator')
  await refs.resolve(tx, issues)
  issues.throwIfAny()
  return refs.id('company', operator)
}

builder.mutationFields((t) => ({
  createCloudProvider: t.field({
    type: CloudProviderRef,
    authScopes: { write: true },
    errors: writeResult('CreateCloudProvider', 'cloudProvider'),
    args: { input: t.arg({ type: CreateCloudProviderInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const { operator, ...input } = parseInput(createSchema, args.input)
      return runWrite(writer, async (tx, log) => {
        const row = await tx.cloudProvider.create({ data: { ...input, operatorId: await operatorId(tx, operator) } })
        log.record('CloudProvider', row.id, 'CREATE', null, rowJson(row))
        return row
      })
    },
  }),
  updateCloudProvider: t.field({
    type: CloudProviderRef,
    authScopes: { write: true },
    errors: writeResult('UpdateCloudProvider', 'cloudProvider'),
    args: { input: t.arg({ type: UpdateCloudProviderInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const { slug: key, expectedVersion: expected, operator, ...changes } = parseInput(updateSchema, args.input)
      return runWrite(writer, (tx, log) =>
        updateRecord(log, {
          entityType: 'CloudProvider',
          what: `Cloud provider "${key}"`,
          keyPath: 'input.slug',
          expected,
          find: () => tx.cloudProvider.findUnique({ where: { slug: key } }),
          update: async (before) =>
            tx.cloudProvider.update({
              where: { id: before.id, version: expected },
              data: { ...changes, ...(operator ? { operatorId: await operatorId(tx, operator) } : {}) },
            }),
        }),
      )
    },
  }),
}))
