// Importing datasets: check everything (validate.ts), then write all of it in one transaction
// (write.ts). Idempotent: rows are found by their natural keys (slugs, source URL, clause key) and
// only differences are written, so a second run writes nothing and no `updatedAt` moves.
import path, { relative } from 'node:path'
import { projectRoot } from '../src/db/setup/project-paths.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { listDataFiles, readDataFile } from './files.js'
import type { Dataset, DatasetFileInput } from './format.js'
import { mergeFiles } from './merge.js'
import { parseDatasetFile, type ParsedFile } from './parse.js'
import { DatasetError, Places } from './problems.js'
import { validateFiles, validateParsed } from './validate.js'
import { totals, writeInTransaction, type Counts, type Progress, type Summary, type WriteOptions } from './write.js'

export { ImportBlockedError, ImportConflictError } from './conflicts.js'
export { DatasetError } from './problems.js'

// From the project root, not this file: the built server (dist/) reads the same folder.
export const DATA_DIR = path.join(projectRoot, 'seed', 'data')

export type LoadResult = Counts

export interface ImportOptions {
  /** Who the WriteHistory records name; 'import' unless given. */
  actor?: string
  onProgress?: (progress: Progress) => void
  /** Called once validation has passed, before writing starts. */
  onValidated?: (ms: number) => void
  /** How long to wait for another import or for rows others are writing (default LOCK_TIMEOUT_MS). */
  lockTimeoutMs?: number
}

export interface ImportReport {
  files: string[]
  summary: Summary
  totals: Counts
  validateMs: number
  writeMs: number
}

/** `npm run import`: the .json files and folders named by `paths`, all or nothing. */
export async function importFiles(prisma: PrismaClient, paths: string[], opts: ImportOptions = {}): Promise<ImportReport> {
  const started = performance.now()
  const { plan, files, places } = await validateFiles(prisma, paths)
  const validateMs = performance.now() - started
  opts.onValidated?.(validateMs)
  const summary = await writeInTransaction(prisma, plan, { ...writeOptions(opts), places })
  return { files, summary, totals: totals(summary), validateMs, writeMs: performance.now() - started - validateMs }
}

/** Loads one in-memory dataset, checked like a file named "dataset", all or nothing. */
export async function loadDataset(prisma: PrismaClient, dataset: Dataset | DatasetFileInput, opts: ImportOptions = {}): Promise<LoadResult> {
  const places = new Places()
  const plan = await validateParsed(prisma, [parseDatasetFile('dataset', dataset, places)], places)
  return totals(await writeInTransaction(prisma, plan, { ...writeOptions(opts), places }))
}

const writeOptions = (opts: ImportOptions): WriteOptions => ({
  actor: opts.actor ?? 'import',
  onProgress: opts.onProgress,
  lockTimeoutMs: opts.lockTimeoutMs,
})

/** The shipped dataset (seed/data), as loaded at start-up: WriteHistory names the actor 'seed'. */
export async function loadShippedData(prisma: PrismaClient, opts: ImportOptions = {}): Promise<LoadResult> {
  return (await importFiles(prisma, [shippedFolder()], { actor: 'seed', ...opts })).totals
}

/** seed/data as a path relative to the working directory when it is inside it (for messages). */
function shippedFolder(dir: string = DATA_DIR): string {
  const rel = relative(process.cwd(), dir)
  return rel === '' || rel.startsWith('..') ? dir : rel
}

/** Every seed/data file, checked against the format and merged into one dataset (no database). */
export async function readShippedData(dir: string = DATA_DIR): Promise<Dataset> {
  const { files, problems } = await listDataFiles([shippedFolder(dir)])
  const places = new Places()
  const parsed: ParsedFile[] = []
  for (const file of files) parsed.push(await readDataFile(file, places))
  const merged = mergeFiles(parsed, places)
  if (problems.length + merged.problems.length > 0) throw new DatasetError([...problems, ...merged.problems])
  return merged.dataset
}
