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
