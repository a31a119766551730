import { z } from 'zod'
import { builder } from '../../builder.js'
import { References } from '../../db/references.js'
import { rowJson } from '../../db/snapshots.js'
import { updateRecord } from '../../db/versioned.js'
import { runWrite, type Tx } from '../../db/write.js'
import { Issues } from '../../domain/write-errors.js'
import { CompanyKind } from '../../generated/prisma/enums.js'
import { CompanyRef } from '../company.js'
import { CompanyKindEnum } from '../enums.js'
import { writeResult } from './errors.js'
import { clearable, country, description, expectedVersion, keep, LIST_LIMITS, list, name, parseInput, slug, webUrl } from './rules.js'
import { writerOf } from './writer.js'

const fields = {
  name,
  aliases: list(name, LIST_LIMITS.aliases),
  kinds: list(z.enum(CompanyKind), LIST_LIMITS.companyKinds),
  country,
  website: webUrl,
  description,
  parent: slug,
}

const createSchema = z.object({
  slug,
  name: fields.name,
  aliases: fields.aliases.nullish(),
  kinds: fields.kinds.nullish(),
  country: fields.country.nullish(),
  website: fields.website.nullish(),
  description: fields.description.nullish(),
  parent: fields.parent.nullish(),
})

const updateSchema = z.object({
  slug,
  expectedVersion,
  name: keep(fields.name),
  aliases: keep(fields.aliases),
  kinds: keep(fields.kinds),
  country: clearable(fields.country),
  website: clearable(fields.website),
  description: clearable(fields.description),
  parent: clearable(fields.parent),
})

const CreateCompanyInput = builder.inputType('CreateCompanyInput', {
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Lowercase kebab case, e.g. "openai".' }),
    name: t.string({ required: true }),
    aliases: t.stringList({ required: false }),
    kinds: t.field({ type: [CompanyKindEnum], required: false }),
    country: t.string({ required: false, description: 'ISO 3166-1 alpha-2 code.' }),
    website: t.string({ required: false }),
    description: t.string({ required: false }),
    parent: t.string({ required: false, description: 'Slug of the parent company.' }),
  }),
})

const UpdateCompanyInput = builder.inputType('UpdateCompanyInput', {
  description: 'Fields left out keep their value; null clears an optional field.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The company to change.' }),
    expectedVersion: t.int({ required: true, description: 'The `version` you read; a newer one is a ConflictError.' }),
    name: t.string({ required: false }),
    aliases: t.stringList({ required: false }),
    kinds: t.field({ type: [CompanyKindEnum], required: false }),
    country: t.string({ required: false }),
    website: t.string({ required: false }),
    description: t.string({ required: false }),
    parent: t.string({ required: false, description: 'Slug of the parent company; null for none.' }),
  }),
})

/** A parent chain must not come back to the company itself. */
async function checkParent(tx: Tx, companyId: string, parentId: string, issues: Issues): Promise<void> {
  let id: string | null = parentId
  for (let depth = 0; id !== null && depth < 100; depth++) {
    if (id === companyId) {
      issues.add('input.parent', 'a company cannot be its own ancestor', 'cycle')
      return
    }
    id = (await tx.company.findUnique({ where: { id }, select: { parentId: true } }))?.parentId ?? null
  }
}

builder.mutationFields((t) => ({
  createCompany: t.field({
    type: CompanyRef,
    authScopes: { write: true },
    errors: writeResult('CreateCompany', 'company'),
    args: { input: t.arg({ type: CreateCompanyInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const { parent, ...input } = parseInput(createSchema, args.input)
      return runWrite(writer, async (tx, log) => {
        const refs = new References()
        const issues = new Issues()
        if (parent) refs.want('company', parent, 'input.parent')
        await refs.resolve(tx, issues)
        issues.throwIfAny()
        const row = await tx.company.create({
          data: {
            ...input,
            aliases: input.aliases ?? [],
            kinds: input.kinds ?? [],
            parentId: parent ? refs.id('company', parent) : null,
          },
        })
        log.record('Company', row.id, 'CREATE', null, rowJson(row))
        return row
      })
    },
  }),
  updateCompany: t.field({
    type: CompanyRef,
    authScopes: { write: true },
    errors: writeResult('UpdateCompany', 'company'),
    args: { input: t.arg({ type: UpdateCompanyInput, required: true }) },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context)
      const { slug: key, expectedVersion: expected, parent, ...changes } = parseInput(updateSchema, args.input)
      return runWrite(writer, (tx, log) =>
        updateRecord(log, {
          entityType: 'Company',
          what: `Company "${key}"`,
          keyPath: 'input.slug',
          expected,
          find: () => tx.company.findUnique({ where: { slug: key } }),
          update: async (before) => {
            const refs = new References()
            const issues = new Issues()
            if (parent) refs.want('company', parent, 'input.parent')
            await refs.resolve(tx, issues)
            issues.throwIfAny()
            const parentId = parent === undefined ? undefined : parent === null ? null : refs.id('company', parent)
            if (parentId) await checkParent(tx, before.id, parentId, issues)
            issues.throwIfAny()
            return tx.company.update({ where: { id: before.id, version: expected }, data: { ...changes, parentId } })
          },
        }),
      )
    },
  }),
}))
