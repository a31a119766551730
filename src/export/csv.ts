// nodes.csv and edges.csv of the property graph in graph.ts (RFC 4180: a header row, CRLF line
// ends, fields with a comma, quote, CR or LF in double quotes with quotes doubled). The columns
// `id`, `label`, `source` and `target` are the ones Gephi's spreadsheet import recognises.
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, type Graph, type Value } from './graph.js'

export function csvField(value: Value | undefined): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

const row = (fields: (Value | undefined)[]) => `${fields.map(csvField).join(',')}\r\n`

export function nodesCsv(graph: Graph): string {
  const header = row(['id', ...NODE_ATTRIBUTES.map((a) => a.name)])
  return header + graph.nodes.map((n) => row([n.id, ...NODE_ATTRIBUTES.map((a) => n.values[a.name])])).join('')
}

export function edgesCsv(graph: Graph): string {
  const header = row(['id', 'source', 'target', ...EDGE_ATTRIBUTES.map((a) => a.name)])
  return (
    header +
    graph.edges.map((e) => row([e.id, e.source, e.target, ...EDGE_ATTRIBUTES.map((a) => e.values[a.name])])).join('')
  )
}
