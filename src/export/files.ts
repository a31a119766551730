// The export files by name, shared by the CLI (scripts/export.ts) and the HTTP routes (http.ts):
// graphml -> graph.graphml, csv -> nodes.csv + edges.csv, json -> graph.json.
import { parseDay } from '../domain/partial-date.js'
import { edgesCsv, nodesCsv } from './csv.js'
import { graphml } from './graphml.js'
import { json } from './json.js'
import type { Snapshot } from './snapshot.js'

export const EXPORT_FORMATS = ['graphml', 'csv', 'json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportFileType {
  format: ExportFormat
  contentType: string
  /** The file's text, piece by piece, as the snapshot is read. */
  render(snapshot: Snapshot): AsyncIterable<string>
}

export const EXPORT_FILES = {
  'graph.graphml': { format: 'graphml', contentType: 'application/graphml+xml; charset=utf-8', render: graphml },
  'nodes.csv': { format: 'csv', contentType: 'text/csv; charset=utf-8; header=present', render: nodesCsv },
  'edges.csv': { format: 'csv', contentType: 'text/csv; charset=utf-8; header=present', render: edgesCsv },
  'graph.json': { format: 'json', contentType: 'application/json; charset=utf-8', render: json },
} satisfies Record<string, ExportFileType>

export type ExportFileName = keyof typeof EXPORT_FILES

export const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value)
export const isExportFileName = (value: string): value is ExportFileName => Object.hasOwn(EXPORT_FILES, value)

export function filesOfFormat(format: ExportFormat): ExportFileName[] {
  return (Object.keys(EXPORT_FILES) as ExportFileName[]).filter((name) => EXPORT_FILES[name].format === format)
}

/** The as-of day of an export: absent = everything; otherwise a real 'YYYY-MM-DD' day or InvalidDateError. */
export function parseAsOf(input: string | null | undefined): string | null {
  return input === null || input === undefined ? null : parseDay(input)
}

/** A download name that says what the file holds: `partnerships-2026-01-01-graph.graphml`. */
export function downloadName(asOf: string | null, file: ExportFileName): string {
  return `partnerships-${asOf ?? 'all'}-${file}`
}
