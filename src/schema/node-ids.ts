import { decodeGlobalID } from '@pothos/plugin-relay'
import type { GraphQLSchema } from 'graphql'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** No row has the nil UUID (ours are random v4), so a malformed ID finds nothing. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000'

/**
 * The lookup for a node's ID. An ID whose payload is not a UUID (edited by hand, or from another
 * system) is simply not found, as `node(id:)` promises, instead of failing in the database.
 */
export function whereId(id: string): { id: string } {
  return { id: UUID.test(id) ? id : NIL_UUID }
}

/**
 * Why a global ID argument is refused before the operation runs, or null. Only its form is
 * checked: base64 of `<Type>:<key>` naming a type that implements Node. A well-formed ID of a
 * missing row stays a null answer, as Relay's `node(id:)` promises.
 */
export function globalIdProblem(schema: GraphQLSchema, name: string, value: string): string | null {
  let typename: string
  try {
    typename = decodeGlobalID(value).typename
  } catch {
    return `Argument "${name}" is not a global ID: pass the "id" of a node, unchanged.`
  }
  const type = schema.getType(typename)
  const node = schema.getType('Node')
  if (type && node && 'getInterfaces' in type && type.getInterfaces().some((i) => i === node)) return null
  return `Argument "${name}" is not a global ID of this API: no node type "${typename}".`
}
