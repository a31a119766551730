import { Prisma } from '../../generated/prisma/client.js'
import { ConflictError, ValidationError } from '../../domain/write-errors.js'

// The database is the last line: when a write gets past the API's own checks and PostgreSQL
// refuses it, the refusal becomes a typed error naming the rule, never a masked internal error.
// Everything not listed here (lost connections, bugs) stays unexpected and is masked by Yoga.

interface Cause {
  originalCode?: string
  originalMessage?: string
  constraint?: { index?: string; fields?: string[] }
  table?: string
}

function causeOf(error: Prisma.PrismaClientKnownRequestError): Cause {
  const meta = error.meta as { driverAdapterError?: { cause?: Cause } } | undefined
  return meta?.driverAdapterError?.cause ?? {}
}

/** `Company_slug_key` -> `slug`; `AgreementParty_agreementId_companyId_role_key` -> `agreementId, companyId, role`. */
function uniqueFields(index: string, table: string | undefined): string {
  const inner = index.replace(/_key$/, '')
  const rest = table && inner.startsWith(`${table}_`) ? inner.slice(table.length + 1) : inner
  return rest.split('_').join(', ')
}

function constraintName(cause: Cause): string | undefined {
  return cause.constraint?.index ?? /constraint "([^"]+)"/.exec(cause.originalMessage ?? '')?.[1]
}

// PostgreSQL error codes that mean "this input breaks a rule".
const RULES: Record<string, string> = {
  '23514': 'check_violation',
  '23503': 'foreign_key_violation',
  '23502': 'not_null_violation',
  '22003': 'numeric_out_of_range',
  '22001': 'string_too_long',
  '22021': 'invalid_text',
  '22007': 'invalid_date',
  '22008': 'invalid_date',
}

export function mapDatabaseError(error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error
  const cause = causeOf(error)
  const code = cause.originalCode
  if (error.code === 'P2002' || code === '23505') {
    const index = constraintName(cause)
    const table = cause.table ?? (error.meta?.modelName as string | undefined)
    const fields = index ? uniqueFields(index, table) : 'value'
    return new ConflictError(`Another ${table ?? 'record'} already has this ${fields}.`, `input.${fields.split(', ')[0]}`)
  }
  if (error.code === 'P2034' || code === '40001' || code === '40P01') {
    return new ConflictError('A concurrent write touched the same records; read them again and retry.')
  }
  if (code === '55P03') {
    return new ConflictError('Another write (an import, say) is changing the same records; retry in a few seconds.')
  }
  const rule = code ? RULES[code] : undefined
  if (rule) {
    const constraint = constraintName(cause)
    const message = constraint ? `The database refused the write: rule ${constraint}.` : 'The database refused the write as invalid.'
    return new ValidationError([{ path: 'input', message, code: rule }])
  }
  return error
}
