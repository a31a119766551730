import { type PathStep, shortestPathSteps } from './path-queries.js'

export type { PathStep }

/** A step names at most this many agreements (the most recent); two hubs can share hundreds. */
export const MAX_AGREEMENTS_PER_STEP = 20

export interface ShortestPaths {
  hops: number
  chains: PathStep[][]
}

/**
 * The shortest chains of agreements from one company to another, given the step joining the two
 * directly (`pathEnds`): that is the one-hop answer; otherwise one statement walks from both ends
 * and back (`shortestPathSteps`). At most `maxChains` chains are spelled out (there can be
 * very many).
 */
export async function shortestPaths(
  fromId: string,
  toId: string,
  direct: PathStep | null,
  maxHops: number,
  activeOn: string | null,
  maxChains: number,
): Promise<ShortestPaths | null> {
  if (fromId === toId) return { hops: 0, chains: [[]] }
  if (direct) return { hops: 1, chains: [[direct]] }
  if (maxHops === 1) return null
  const stepsByHop = await shortestPathSteps(fromId, toId, maxHops, activeOn, MAX_AGREEMENTS_PER_STEP)
  if (!stepsByHop) return null
  return { hops: stepsByHop.length, chains: spellOut(fromId, stepsByHop, maxChains) }
}

/** Every chain through the per-hop steps, depth first, in a stable order, up to `limit`. */
function spellOut(fromId: string, stepsByHop: PathStep[][], limit: number): PathStep[][] {
  const byFromByHop = stepsByHop.map(byFrom)
  const chains: PathStep[][] = []
  const walk = (hop: number, at: string, chain: PathStep[]) => {
    if (chains.length >= limit) return
    if (hop === byFromByHop.length) {
      chains.push(chain)
      return
    }
    for (const step of byFromByHop[hop]?.get(at) ?? []) walk(hop + 1, step.to, [...chain, step])
  }
  walk(0, fromId, [])
  return chains
}

/** Steps by the company they start from, each company's in order of the company they lead to. */
function byFrom(steps: PathStep[]): Map<string, PathStep[]> {
  const sorted = [...steps].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0))
  const grouped = new Map<string, PathStep[]>()
  for (const step of sorted) {
    const group = grouped.get(step.from)
    if (group) group.push(step)
    else grouped.set(step.from, [step])
  }
  return grouped
}
