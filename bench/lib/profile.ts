import { readFileSync } from 'node:fs'

// Where a V8 CPU profile (node --cpu-prof) spends its time, by layer of the stack. Each sample is
// charged to the function on top of the stack ("self"); native code, V8 builtins and Node internals
// are also charged to the nearest library frame below them ("owner"), so JSON.stringify called by
// Yoga counts as Yoga's, and a Map lookup inside Prisma as Prisma's.

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}

interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

const LAYERS: readonly [string, (url: string) => boolean][] = [
  ['Prisma query compiler (wasm)', (u) => u.startsWith('wasm://')],
  ['Prisma client runtime', (u) => u.includes('@prisma/client') || u.includes('/src/generated/prisma/')],
  ['Prisma pg adapter', (u) => u.includes('@prisma/adapter-pg') || u.includes('@prisma/driver-adapter-utils')],
  ['pg driver', (u) => /node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-[a-z]+)\//.test(u)],
  ['Pothos prisma plugin + selection mapper', (u) => u.includes('@pothos/plugin-prisma') || u.includes('@pothos/selection-mapper')],
  ['Pothos core/relay/other plugins', (u) => u.includes('@pothos/')],
  ['GraphQL execution (@graphql-tools/executor)', (u) => u.includes('@graphql-tools/executor') || u.includes('@graphql-tools/utils')],
  ['graphql-js (parse/validate/types)', (u) => u.includes('node_modules/graphql/')],
  [
    'Yoga/envelop/whatwg-node (HTTP, JSON)',
    (u) => /node_modules\/(graphql-yoga|@graphql-yoga|@envelop|@whatwg-node|@graphql-tools|urlpattern-polyfill|@repeaterjs)/.test(u),
  ],
  ['tsx loader', (u) => u.includes('node_modules/tsx/')],
  ['project code (src/)', (u) => u.includes('/src/')],
  ['other node_modules', (u) => u.includes('node_modules/')],
  ['Node internals (http, net, streams)', (u) => u.startsWith('node:')],
]

function layerOfUrl(url: string): string | null {
  for (const [name, test] of LAYERS) if (test(url)) return name
  return null
}

function layerOfFrame(frame: CallFrame): string {
  const fn = frame.functionName
  if (fn === '(garbage collector)') return 'GC'
  if (fn === '(idle)') return 'idle'
  if (fn === '(program)') return 'V8 (program)'
  if (fn === '(root)') return 'V8 (program)'
  return layerOfUrl(frame.url) ?? 'native/builtins'
}

export interface ProfileSummary {
  file: string
  seconds: number
  /** Busy time: everything but idle. */
  busySeconds: number
  self: { layer: string; ms: number; share: number }[]
  owner: { layer: string; ms: number; share: number }[]
  topFunctions: { name: string; layer: string; ms: number; share: number }[]
}

/**
 * Summarises `file`; with a `window` (microseconds on the monotonic clock, as process.hrtime), only
 * the samples taken inside it, so start-up and warm-up do not count.
 */
export function summariseProfile(file: string, window?: { from: number; to: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

  const selfMs = new Map<number, number>()
  let at = profile.startTime
  let inWindow = 0
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    at += delta
    if (window && (at < window.from || at > window.to)) return
    inWindow++
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000)
  })
  if (window && inWindow === 0) throw new Error(`No sample of ${file} falls inside the measured window`)

  // The layer a node's self time is charged to when native/internal frames are handed down.
  const ownerCache = new Map<number, string>()
  const ownerOf = (id: number): string => {
    const cached = ownerCache.get(id)
    if (cached) return cached
    const node = byId.get(id)!
    let layer = layerOfFrame(node.callFrame)
    if (layer === 'native/builtins' || layer === 'Node internals (http, net, streams)') {
      const up = parent.get(id)
      if (up !== undefined) {
        const upper = ownerOf(up)
        if (upper !== 'V8 (program)') layer = upper
      }
    }
    ownerCache.set(id, layer)
    return layer
  }

  const self = new Map<string, number>()
  const owner = new Map<string, number>()
  const functions = new Map<string, { layer: string; ms: number }>()
  let total = 0
  let idle = 0
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!
    const layer = layerOfFrame(node.callFrame)
    total += ms
    if (layer === 'idle') {
      idle += ms
      continue
    }
    self.set(layer, (self.get(layer) ?? 0) + ms)
    const o = ownerOf(id)
    owner.set(o, (owner.get(o) ?? 0) + ms)
    const f = node.callFrame
    const where = f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/src\//, 'src/')}:${f.lineNumber + 1}` : 'native'
    const key = `${f.functionName || '(anonymous)'} ${where}`
    const entry = functions.get(key) ?? { layer, ms: 0 }
    entry.ms += ms
    functions.set(key, entry)
  }
  const busy = total - idle
  const rank = (m: Map<string, number>) => [...m].map(([layer, ms]) => ({ layer, ms, share: ms / busy })).sort((a, b) => b.ms - a.ms)
  return {
    file,
    seconds: total / 1000,
    busySeconds: busy / 1000,
    self: rank(self),
    owner: rank(owner),
    topFunctions: [...functions]
      .map(([name, { layer, ms }]) => ({ name, layer, ms, share: ms / busy }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 25),
  }
}

export function printProfile(summary: ProfileSummary, requests: number): void {
  const pct = (share: number) => `${(100 * share).toFixed(1).padStart(5)}%`
  const perRequest = (ms: number) => (requests > 0 ? `${(ms / requests).toFixed(2).padStart(7)} ms/req` : '')
  console.log(`\nCPU profile ${summary.file}`)
  console.log(`  sampled ${summary.seconds.toFixed(1)} s, busy ${summary.busySeconds.toFixed(1)} s, ${requests} requests`)
  console.log('\n  Self time by layer (function on top of the stack):')
  for (const row of summary.self) console.log(`    ${row.layer.padEnd(40)} ${pct(row.share)} ${perRequest(row.ms)}`)
  console.log('\n  By owner (native code, builtins and Node internals charged to the library that called them):')
  for (const row of summary.owner) console.log(`    ${row.layer.padEnd(40)} ${pct(row.share)} ${perRequest(row.ms)}`)
  console.log('\n  Hottest functions (self time):')
  for (const row of summary.topFunctions) console.log(`    ${pct(row.share)}  ${row.name}  [${row.layer}]`)
}
