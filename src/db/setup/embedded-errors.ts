// Why the embedded PostgreSQL could not start, as one line saying what is wrong and what to do:
// start-up problems are set-up problems, so the user gets a sentence, never a stack trace.

/** A failed start of the embedded PostgreSQL; its message is one line, ready to print as is. */
export class EmbeddedStartError extends Error {
  override name = 'EmbeddedStartError'
}

export interface StartContext {
  dataDir: string
  port: number
  /** What to change for another port, e.g. "set EMBEDDED_PG_PORT to a free port". */
  portHint: string
  /** What to change for another data folder, e.g. "set EMBEDDED_PG_DIR to a folder on another disk". */
  folderHint: string
}

const prefix = 'Cannot start the embedded PostgreSQL'

export function portTaken(context: StartContext, detail = ''): EmbeddedStartError {
  return new EmbeddedStartError(`${prefix}: port ${context.port} is already in use.${detail} ${context.portHint}.`)
}

export function otherMajorVersion(dataDir: string, found: string, ours: number): EmbeddedStartError {
  return new EmbeddedStartError(
    `${prefix}: ${dataDir} holds data of PostgreSQL ${found}, and this one is PostgreSQL ${ours}. ` +
      `Move that folder away to start afresh (or set EMBEDDED_PG_DIR to another folder), or point DATABASE_URL at a PostgreSQL ${found} server.`,
  )
}

export function lockHeld(dataDir: string, pid: number): EmbeddedStartError {
  return new EmbeddedStartError(
    `${prefix}: ${dataDir}/postmaster.pid says process ${pid} is serving that folder, and that process exists. ` +
      `If it is an earlier run, stop it (kill -INT ${pid}); if no PostgreSQL uses the folder, the lock is stale: delete ${dataDir}/postmaster.pid and start again.`,
  )
}

/** One line from what initdb or postgres printed before dying. */
export function explainOutput(output: string, context: StartContext): EmbeddedStartError {
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/.test(output)) return portTaken(context)
  if (/No space left on device/.test(output)) {
    return new EmbeddedStartError(`${prefix}: the disk holding ${context.dataDir} is full. Free some space, or ${context.folderHint}.`)
  }
  const lock = /lock file "[^"]+" already exists[\s\S]*?PID (\d+)/.exec(output)
  if (lock) return lockHeld(context.dataDir, Number(lock[1]))
  const reason = lastWords(output)
  return new EmbeddedStartError(`${prefix} in ${context.dataDir}: ${reason || 'it stopped during start-up without a word'}.`)
}

/** The first FATAL/PANIC/ERROR line (what PostgreSQL says when it gives up), else the last line. */
function lastWords(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.replace(/^.*?\b(FATAL|PANIC|ERROR|DETAIL|HINT):\s*/, '$1: ').trim())
    .filter(Boolean)
  const fatal = lines.find((line) => /^(FATAL|PANIC|ERROR):|^initdb: error:/.test(line))
  return (fatal ?? lines.at(-1) ?? '').replace(/\.$/, '')
}
