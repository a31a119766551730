// The files an import reads: the .json files named, and every .json file inside the folders named
// (recursively, sorted). Each is parsed as JSON and checked against the format.
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { emptyDataset } from './format.js'
import { emptyKeys, parseDatasetFile, type ParsedFile } from './parse.js'
import type { Places, Problem } from './problems.js'

// JSON Schema files (seed/dataset.schema.json) sit beside the data but are not data.
const isDataFile = (name: string) => name.endsWith('.json') && !name.endsWith('.schema.json')

async function jsonFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && isDataFile(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

/** The data files named by `paths` (as given, so problems show the paths people typed). */
export async function listDataFiles(paths: string[]): Promise<{ files: string[]; problems: Problem[] }> {
  const files: string[] = []
  const problems: Problem[] = []
  const seen = new Set<string>()
  for (const path of paths) {
    const info = await stat(path).catch(() => null)
    if (!info) {
      problems.push({ file: path, path: '', message: 'no such file or folder' })
      continue
    }
    const found = info.isDirectory() ? await jsonFilesIn(path) : [path]
    if (info.isDirectory() && found.length === 0) problems.push({ file: path, path: '', message: 'the folder holds no .json file' })
    for (const file of found) {
      if (seen.has(resolve(file))) continue
      seen.add(resolve(file))
      files.push(file)
    }
  }
  return { files, problems }
}

/** Reads and checks one file; a file that is not JSON is one problem. */
export async function readDataFile(file: string, places: Places): Promise<ParsedFile> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return { file, data: emptyDataset(), broken: emptyKeys(), problems: [{ file, path: '', message: `cannot be read as JSON: ${reason}` }] }
  }
  return parseDatasetFile(file, json, places)
}
