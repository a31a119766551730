import { GraphQLError, Kind } from 'graphql'
import { builder } from '../builder.js'
import { InvalidDateError, parseDay } from '../domain/partial-date.js'

function parseDateInput(value: unknown): string {
  if (typeof value !== 'string') {
    throw new GraphQLError('Date must be a string in the form YYYY-MM-DD')
  }
  try {
    return parseDay(value)
  } catch (error) {
    if (error instanceof InvalidDateError) throw new GraphQLError(error.message)
    throw error
  }
}

builder.scalarType('Date', {
  description: 'A calendar day in ISO 8601 form, YYYY-MM-DD.',
  serialize: (value) => value,
  parseValue: parseDateInput,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string in the form YYYY-MM-DD')
    return parseDateInput(ast.value)
  },
})
