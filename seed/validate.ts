// Everything an import checks before it writes: each file against the format, keys defined once
// across files, and every reference against the files and the database. All problems are
// collected and thrown together, each with its place, so one run shows every mistake.
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { listDataFiles, readDataFile } from './files.js'
import { mergeFiles } from './merge.js'
import type { ParsedFile } from './parse.js'
import type { Plan } from './plan.js'
import { DatasetError, Places, type Problem } from './problems.js'
import { resolveDataset } from './resolve.js'
import { readStaleClauses, readStored } from './stored.js'

/** Problems in the order of the files given, each file's in the order found. */
function byFile(problems: Problem[], files: string[]): Problem[] {
  const order = new Map(files.map((f, i) => [f, i]))
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (order.get(a.p.file) ?? files.length) - (order.get(b.p.file) ?? files.length) || a.i - b.i)
    .map(({ p }) => p)
}

/** Checks parsed files together and against the database; throws a DatasetError listing every problem. */
export async function validateParsed(prisma: PrismaClient, parsed: ParsedFile[], places: Places, earlier: Problem[] = []): Promise<Plan> {
  const merged = mergeFiles(parsed, places)
  const stored = await readStored(prisma, merged.dataset, merged.broken)
  const stale = await readStaleClauses(prisma, merged.dataset)
  const resolved = resolveDataset({ dataset: merged.dataset, places, broken: merged.broken, stored, stale })
  const problems = [...earlier, ...merged.problems, ...resolved.problems]
  if (problems.length > 0 || !resolved.plan)
    throw new DatasetError(
      byFile(
        problems,
        parsed.map((f) => f.file),
      ),
    )
  return resolved.plan
}

/** Reads the files and folders named by `paths` and checks them; see validateParsed. */
export async function validateFiles(prisma: PrismaClient, paths: string[]): Promise<{ plan: Plan; files: string[]; places: Places }> {
  const { files, problems } = await listDataFiles(paths)
  const places = new Places()
  const parsed: ParsedFile[] = []
  for (const file of files) parsed.push(await readDataFile(file, places))
  return { plan: await validateParsed(prisma, parsed, places, problems), files, places }
}
