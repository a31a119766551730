import { type PathStep, searchPaths } from './search-sql.js'

export type { PathStep }

/** A step names at most this many agreements (the most recent); two hubs can share hundreds. */
export const MAX_AGREEMENTS_PER_STEP = 20

/** The longest path searched for when the client does not say (`maxHops`). */
export const DEFAULT_HOPS = 4

/** The longest path searched for (`maxHops`). */
export const MAX_HOPS = 6

/** Chains spelled out per answer: between hubs there can be thousands of shortest ones. */
export const MAX_CHAINS = 10

export interface ShortestPaths {
  hops: number
  chains: PathStep[][]
}

export interface FoundPaths {
  /** Null for an unknown slug. */
  fromId: string | null
  toId: string | null
  /** Null when the two are not joined within `maxHops`. */
  paths: ShortestPaths | null
}

/**
 * The shortest chains of agreements from one company to another, by slug, found in one statement
 * (`searchPaths`). At most `maxChains` chains are spelled out (there can be very many).
 */
export async function shortestPaths(
  fromSlug: string,
  toSlug: string,
  maxHops: number,
  activeOn: string | null,
  maxChains: number,
): Promise<FoundPaths> {
  const { fromId, toId, direct, steps } = await searchPaths(fromSlug, toSlug, maxHops, activeOn, MAX_AGREEMENTS_PER_STEP)
  const found = (paths: ShortestPaths | null): FoundPaths => ({ fromId, toId, paths })
  if (!fromId || !toId) return found(null)
  if (fromId === toId) return found({ hops: 0, chains: [[]] })
  if (direct) return found({ hops: 1, chains: [[direct]] })
  return found(steps ? { hops: steps.length, chains: spellOut(fromId, steps, maxChains) } : null)
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
