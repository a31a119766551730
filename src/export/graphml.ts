// GraphML (http://graphml.graphdrawing.org/) of the property graph in graph.ts: one <key> per
// attribute with attr.name and attr.type, so Gephi, Cytoscape and yEd show typed columns; the
// "label" keys are what Gephi takes as node and edge labels. Absent values are left out. Written
// line by line as the snapshot is read.
import { EDGE_ATTRIBUTES, graphEdges, graphNodes, listText, NODE_ATTRIBUTES, type Attribute, type Value } from './graph.js'
import type { Snapshot } from './snapshot.js'

// XML 1.0 cannot carry these characters at all, not even as references.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Escapes text for element content, or (`attribute`) for a double-quoted attribute value. */
export function escapeXml(text: string, attribute = false): string {
  const escaped = text
    .replace(FORBIDDEN, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    // Parsers turn a raw CR into LF, and, in attributes, tabs and line breaks into spaces.
    .replaceAll('\r', '&#13;')
  if (!attribute) return escaped
  return escaped.replaceAll('"', '&quot;').replaceAll('\n', '&#10;').replaceAll('\t', '&#9;')
}

// Key ids are prefixed per domain: nodes and edges both have a "label" and a "type"-like column.
const keyId = (domain: 'g' | 'n' | 'e', name: string) => `${domain}_${name}`

function keyElement(domain: 'graph' | 'node' | 'edge', a: Attribute): string {
  const id = keyId(domain[0] as 'g' | 'n' | 'e', a.name)
  return `  <key id="${id}" for="${domain}" attr.name="${a.name}" attr.type="${a.type}">` + `<desc>${escapeXml(a.description)}</desc></key>`
}

function dataElements(domain: 'n' | 'e', values: Partial<Record<string, Value>>, indent: string): string[] {
  const attributes = domain === 'n' ? NODE_ATTRIBUTES : EDGE_ATTRIBUTES
  const lines: string[] = []
  for (const a of attributes) {
    const value = values[a.name]
    if (value === null || value === undefined) continue
    const text = typeof value === 'object' ? listText(value) : String(value)
    lines.push(`${indent}<data key="${keyId(domain, a.name)}">${escapeXml(text)}</data>`)
  }
  return lines
}

const GRAPH_ATTRIBUTES: Attribute[] = [
  { name: 'asOf', type: 'string', description: 'The day the graph stood on (YYYY-MM-DD); absent = every version' },
  { name: 'description', type: 'string', description: 'What the file holds' },
]

const joinLines = (items: string[]) => `${items.join('\n')}\n`

/** The GraphML file, line by line (each ending in a line feed). */
export async function* graphml(snapshot: Snapshot): AsyncGenerator<string> {
  const { asOf } = snapshot
  const scope = asOf === null ? 'every agreement version and clause' : `the agreements and clauses in force on ${asOf}`
  const header = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"' +
      ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...GRAPH_ATTRIBUTES.map((a) => keyElement('graph', a)),
    ...NODE_ATTRIBUTES.map((a) => keyElement('node', a)),
    ...EDGE_ATTRIBUTES.map((a) => keyElement('edge', a)),
    '  <graph id="partnerships" edgedefault="directed">',
  ]
  if (asOf !== null) header.push(`    <data key="g_asOf">${asOf}</data>`)
  header.push(
    `    <data key="g_description">${escapeXml(`AI partnerships graph: ${scope}. Nodes are companies, cloud providers and assets; edges are clauses (grantor to grantee) and the assets and clouds they name, plus operator, developer and parent links.`)}</data>`,
  )
  yield joinLines(header)
  for await (const node of graphNodes(snapshot)) {
    yield joinLines([`    <node id="${escapeXml(node.id, true)}">`, ...dataElements('n', node.values, '      '), '    </node>'])
  }
  for await (const edge of graphEdges(snapshot)) {
    yield joinLines([
      `    <edge id="${escapeXml(edge.id, true)}" source="${escapeXml(edge.source, true)}" target="${escapeXml(edge.target, true)}">`,
      ...dataElements('e', edge.values, '      '),
      '    </edge>',
    ])
  }
  yield joinLines(['  </graph>', '</graphml>'])
}
