// The end-of-import summary: created / updated / unchanged per entity type, and the time taken.
import type { Counts, Summary } from './write.js'

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

export function formatSummary(summary: Summary, times: { validateMs: number; writeMs: number }, files: number): string {
  const types = Object.keys(summary) as (keyof Summary)[]
  const width = Math.max(...types.map((t) => t.length), 'total'.length)
  const line = (name: string, c: Counts) =>
    `  ${name.padEnd(width)}  ${String(c.created).padStart(8)}  ${String(c.updated).padStart(8)}  ${String(c.unchanged).padStart(9)}`
  const total = types.reduce(
    (sum, t) => ({
      created: sum.created + summary[t].created,
      updated: sum.updated + summary[t].updated,
      unchanged: sum.unchanged + summary[t].unchanged,
    }),
    { created: 0, updated: 0, unchanged: 0 },
  )
  return [
    `Imported ${files} file(s) in ${seconds(times.validateMs + times.writeMs)} (validation ${seconds(times.validateMs)}, writing ${seconds(times.writeMs)})`,
    `  ${''.padEnd(width)}  ${'created'.padStart(8)}  ${'updated'.padStart(8)}  ${'unchanged'.padStart(9)}`,
    ...types.map((t) => line(t, summary[t])),
    line('total', total),
    total.created + total.updated === 0
      ? 'Nothing changed: the database already holds these files.'
      : `Recorded ${total.created + total.updated} change(s) in WriteHistory.`,
  ].join('\n')
}
