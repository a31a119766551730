import { defaultFieldResolver, GraphQLError, type GraphQLSchema, isObjectType } from 'graphql'
import { MAX_PAGE_SIZE } from '../builder.js'

const PAGE_ARGS = ['first', 'last'] as const

/** Refuses page sizes outside 0..MAX_PAGE_SIZE instead of silently clamping them. */
export function checkPageArgs(args: Record<string, unknown>): void {
  for (const name of PAGE_ARGS) {
    const value = args[name]
    if (typeof value !== 'number') continue
    if (value < 0 || value > MAX_PAGE_SIZE) {
      throw new GraphQLError(
        `Argument "${name}" must be between 0 and ${MAX_PAGE_SIZE} (got ${value}); page through larger results with "after".`,
        { extensions: { code: 'BAD_USER_INPUT', argument: name } },
      )
    }
  }
}

/**
 * Wraps every connection field (any field with a `first` or `last` argument) so that a bad page
 * size fails before its resolver runs: one rule for root and nested connections alike.
 */
export function guardPageSizes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue
    for (const field of Object.values(type.getFields())) {
      if (!field.args.some((arg) => (PAGE_ARGS as readonly string[]).includes(arg.name))) continue
      const resolve = field.resolve ?? defaultFieldResolver
      field.resolve = (parent, args, context, info) => {
        checkPageArgs(args)
        return resolve(parent, args, context, info)
      }
    }
  }
  return schema
}
