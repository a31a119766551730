// A worker thread's entry (see migrations-in-worker.ts): applies the migrations to the URL it is
// given and posts back the names applied; an error ends the worker and reaches the caller.
import { parentPort, workerData } from 'node:worker_threads'
import { applyMigrations } from './schema-engine.js'

const { url } = workerData as { url: string }
parentPort?.postMessage(await applyMigrations(url))
