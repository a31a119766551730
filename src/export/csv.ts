// nodes.csv and edges.csv of the property graph in graph.ts (RFC 4180: a header row, CRLF line
// ends, fields with a comma, quote, CR or LF in double quotes with quotes doubled). The columns
// `id`, `label`, `source` and `target` are the ones Gephi's spreadsheet import recognises.
// Written row by row as the snapshot is read.
import { EDGE_ATTRIBUTES, graphEdges, graphNodes, listText, NODE_ATTRIBUTES, type Value } from './graph.js'
import type { Snapshot } from './snapshot.js'

/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection). OWASP's
 * advice: prefix such a text with a single quote, which shows the text as written and runs nothing.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export const neutraliseFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text)

/**
 * One field. Texts are neutralised, each item of a list too (splitting the cell at "; " must not
 * make a formula); numbers and booleans the exporter writes itself stay as they are.
 */
export function csvField(value: Value | undefined): string {
  if (value === null || value === undefined) return ''
  const text =
    typeof value === 'string' ? neutraliseFormula(value) : typeof value === 'object' ? listText(value.map(neutraliseFormula)) : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

const row = (fields: (Value | undefined)[]) => `${fields.map(csvField).join(',')}\r\n`

export async function* nodesCsv(snapshot: Snapshot): AsyncGenerator<string> {
  yield row(['id', ...NODE_ATTRIBUTES.map((a) => a.name)])
  for await (const n of graphNodes(snapshot)) yield row([n.id, ...NODE_ATTRIBUTES.map((a) => n.values[a.name])])
}

export async function* edgesCsv(snapshot: Snapshot): AsyncGenerator<string> {
  yield row(['id', 'source', 'target', ...EDGE_ATTRIBUTES.map((a) => a.name)])
  for await (const e of graphEdges(snapshot)) {
    yield row([e.id, e.source, e.target, ...EDGE_ATTRIBUTES.map((a) => e.values[a.name])])
  }
}
