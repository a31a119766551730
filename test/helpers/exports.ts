import pg from 'pg'
import { EXPORT_APPLICATION_NAME, openExportSession, type ExportSessionOptions } from '../../src/export/session.js'
import {
  readSnapshot,
  type Snapshot,
  type SnapshotAgreement,
  type SnapshotAsset,
  type SnapshotCloudProvider,
  type SnapshotCompany,
  type SnapshotSource,
} from '../../src/export/snapshot.js'

// Shared by the export tests: reading an export whole, snapshots made in the test, a CSV reader,
// and the export connections PostgreSQL sees.

export type Render = (snapshot: Snapshot) => AsyncIterable<string>

export async function textOf(pieces: AsyncIterable<string>): Promise<string> {
  let text = ''
  for await (const piece of pieces) text += piece
  return text
}

/** A response body read chunk by chunk (the fetch ponyfill's text() does not settle on a body that fails midway). */
export async function readBody(response: Response): Promise<string> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true })
  return text + decoder.decode()
}

/** One export of the database at `url`, read whole, on a session of its own. */
export async function exportText(render: Render, url: string, asOf: string | null, options: ExportSessionOptions = {}): Promise<string> {
  const session = await openExportSession(url, options)
  try {
    return await textOf(render(readSnapshot(session, asOf)))
  } finally {
    await session.close()
  }
}

export interface SnapshotRows {
  asOf?: string | null
  sources?: SnapshotSource[]
  companies?: SnapshotCompany[]
  cloudProviders?: SnapshotCloudProvider[]
  assets?: SnapshotAsset[]
  agreements?: SnapshotAgreement[]
}

async function* each<T>(rows: T[]): AsyncGenerator<T> {
  yield* rows
}

/** A snapshot of rows made in the test, in the order given. */
export function snapshotOf(rows: SnapshotRows): Snapshot {
  return {
    asOf: rows.asOf ?? null,
    sources: () => each(rows.sources ?? []),
    companies: () => each(rows.companies ?? []),
    cloudProviders: () => each(rows.cloudProviders ?? []),
    assets: () => each(rows.assets ?? []),
    agreements: () => each(rows.agreements ?? []),
  }
}

/** RFC 4180 reader, written here so the tests do not trust the writer's own idea of quoting. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]!
    const pair = text.slice(i, i + 2)
    if (quoted && pair === '""') {
      field += '"'
      i += 2
    } else if (quoted && ch === '"') {
      quoted = false
      i++
    } else if (quoted) {
      field += ch
      i++
    } else if (ch === '"' && field === '') {
      quoted = true
      i++
    } else if (ch === ',') {
      row.push(field)
      field = ''
      i++
    } else if (pair === '\r\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i += 2
    } else if (ch === '\r' || ch === '\n') {
      throw new Error(`bare line break at ${i}`)
    } else {
      field += ch
      i++
    }
  }
  if (field !== '' || row.length > 0) throw new Error('last record not ended by CRLF')
  return rows
}

/** The CSV's rows as { column: value } records. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text)
  return rows.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i]!])))
}

export interface ExportBackend {
  pid: number
  state: string
  query: string
  inTransaction: boolean
}

/** The export connections (session.ts names them) open on the database at `url`, as PostgreSQL sees them. */
export async function exportBackends(url: string): Promise<ExportBackend[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<ExportBackend>(
      `SELECT pid, state, query, xact_start IS NOT NULL AS "inTransaction" FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = $1`,
      [EXPORT_APPLICATION_NAME],
    )
    return rows
  } finally {
    await client.end()
  }
}

/** Waits until PostgreSQL shows no export connection on the database at `url`. */
export async function exportConnectionsGone(url: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while ((await exportBackends(url)).length > 0) {
    if (Date.now() > deadline) throw new Error(`export connections still open: ${JSON.stringify(await exportBackends(url))}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
