import { GraphQLError, specifiedRules, type ValidationContext, type ValidationRule, ValuesOfCorrectTypeRule, validate } from 'graphql'

/**
 * graphql-js reports a bad literal ("2032-13-01" for a Date, EXCLUSIV for an enum) without naming
 * the argument it was given for. This wraps its rule so the message starts with the argument and
 * the error carries a stable code.
 */
const NamedValuesOfCorrectTypeRule: ValidationRule = (context: ValidationContext) => {
  const named = Object.create(context) as ValidationContext
  named.reportError = (error: GraphQLError) => {
    const argument = context.getArgument()
    const message = argument ? `Invalid value for argument "${argument.name}": ${error.message}` : error.message
    context.reportError(
      new GraphQLError(message, {
        nodes: error.nodes,
        extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument: argument.name } : {}) },
      }),
    )
  }
  return ValuesOfCorrectTypeRule(named)
}

export const validateWithNamedArguments: typeof validate = (schema, document, rules, ...rest) =>
  validate(
    schema,
    document,
    (rules ?? specifiedRules).map((rule) => (rule === ValuesOfCorrectTypeRule ? NamedValuesOfCorrectTypeRule : rule)),
    ...rest,
  )
