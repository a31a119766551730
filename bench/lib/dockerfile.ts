import { readFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../src/db/setup/project-paths.js'

// The Dockerfile's last stage read as data: the image cannot be built on machines without a Docker
// engine, so the production test and the memory bench run its install, copies, settings,
// health check and command themselves, and the Dockerfile stays the one place they are written.

export interface Instruction {
  keyword: string
  /** Everything after the keyword, continuation lines joined. */
  text: string
}

export interface Copy {
  /** The stage it copies from (`--from=`), or null for the build context. */
  from: string | null
  sources: string[]
  dest: string
}

export interface RuntimeStage {
  instructions: Instruction[]
  workdir: string
  /** ENV settings, in order. */
  env: Record<string, string>
  /** RUN commands as written. */
  runs: string[]
  /** COPY sources of the build context (not `--from` another stage), as written. */
  copiedFromContext: string[]
  /** CMD and HEALTHCHECK CMD in exec form. */
  cmd: string[]
  healthcheck: string[]
  entrypoint: string[] | null
  user: string | null
}

export function readInstructions(text: string): Instruction[][] {
  const stages: Instruction[][] = []
  const joined = text.replace(/\\\r?\n/g, ' ')
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? []
    const instruction = { keyword: keyword.toUpperCase(), text: rest.replace(/\s+/g, ' ').trim() }
    if (instruction.keyword === 'FROM') stages.push([])
    stages.at(-1)?.push(instruction)
  }
  return stages
}

export function parseCopy(text: string): Copy {
  const all = words(text)
  const from = all.find((w) => w.startsWith('--from='))?.slice('--from='.length) ?? null
  const paths = all.filter((w) => !w.startsWith('--'))
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? '.' }
}

/** Words split on spaces outside double quotes, the quotes removed. */
function words(text: string): string[] {
  return [...text.matchAll(/(?:[^\s"]+|"[^"]*")+/g)].map(([word]) => word.replace(/"/g, ''))
}

function execForm(text: string, keyword: string): string[] {
  const parsed: unknown = JSON.parse(text)
  if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === 'string'))
    throw new Error(`${keyword} must be in exec form (a JSON array): ${text}`)
  return parsed
}

export function runtimeStage(file = path.join(projectRoot, 'Dockerfile')): RuntimeStage {
  const stages = readInstructions(readFileSync(file, 'utf8'))
  const instructions = stages.at(-1) ?? []
  const stage: RuntimeStage = {
    instructions,
    workdir: '/',
    env: {},
    runs: [],
    copiedFromContext: [],
    cmd: [],
    healthcheck: [],
    entrypoint: null,
    user: null,
  }
  for (const { keyword, text } of instructions) {
    if (keyword === 'ENV') {
      for (const pair of words(text)) {
        const at = pair.indexOf('=')
        if (at > 0) stage.env[pair.slice(0, at)] = pair.slice(at + 1)
      }
    } else if (keyword === 'WORKDIR') stage.workdir = text
    else if (keyword === 'RUN') stage.runs.push(text)
    else if (keyword === 'COPY') {
      const copy = parseCopy(text)
      if (copy.from === null) stage.copiedFromContext.push(...copy.sources)
    } else if (keyword === 'CMD') stage.cmd = execForm(text, 'CMD')
    else if (keyword === 'ENTRYPOINT') stage.entrypoint = execForm(text, 'ENTRYPOINT')
    else if (keyword === 'USER') stage.user = text
    else if (keyword === 'HEALTHCHECK') {
      const command = /\bCMD\s+(\[.*\])$/.exec(text)
      if (!command) throw new Error(`HEALTHCHECK must end with CMD in exec form: ${text}`)
      stage.healthcheck = execForm(command[1]!, 'HEALTHCHECK CMD')
    }
  }
  return stage
}
