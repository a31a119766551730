import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

// The schema engine is WebAssembly that, once loaded, stays loaded with its memory and compiled
// code for the life of the process. A server needs it once, at start-up: run it in a worker
// thread, whose memory is all returned when the worker ends.

// migrate-worker.ts beside this file under tsx; dist/migrate-worker.js beside the bundle built from it.
const extension = path.extname(fileURLToPath(import.meta.url))
const workerFile = new URL(`./migrate-worker${extension}`, import.meta.url)

function startWorker(url: string): Worker {
  const workerData = { url }
  if (extension !== '.ts') return new Worker(workerFile, { workerData })
  // Node 20 runs no --import preloads in a worker: register tsx's loader there before the entry.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const entry = JSON.stringify(workerFile.href)
  return new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${entry}) })`, { eval: true, workerData })
}

/** applyMigrations (schema-engine.ts) in a worker thread; resolves with the names applied now. */
export function applyMigrationsInWorker(url: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let applied: string[] | undefined
    const worker = startWorker(url)
    worker.once('message', (names: string[]) => {
      applied = names
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (applied) resolve(applied)
      else reject(new Error(`The migration worker stopped (exit code ${code}) before it finished`))
    })
  })
}
