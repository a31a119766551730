import type { CompanyLink } from './graph-queries.js'
import { shortestPathLinks } from './path-queries.js'

/** A step names at most this many agreements (the most recent); two hubs can share hundreds. */
export const MAX_AGREEMENTS_PER_STEP = 20

export interface PathStep {
  from: string
  to: string
  /** The most recent agreements joining the two, newest first. */
  agreementIds: string[]
  agreementCount: number
}

export interface ShortestPaths {
  hops: number
  chains: PathStep[][]
}

/**
 * The shortest chains of agreements from one company to another, given the links joining the two
 * directly (`pathEnds`): those are the one-hop answer; otherwise one statement walks from both
 * ends and back (`shortestPathLinks`). At most `maxChains` chains are spelled out (there can be
 * very many).
 */
export async function shortestPaths(
  fromId: string,
  toId: string,
  direct: CompanyLink[],
  maxHops: number,
  activeOn: string | null,
  maxChains: number,
): Promise<ShortestPaths | null> {
  if (fromId === toId) return { hops: 0, chains: [[]] }
  if (direct.length > 0) return { hops: 1, chains: spellOut(fromId, [direct], maxChains) }
  if (maxHops === 1) return null
  const linksByHop = await shortestPathLinks(fromId, toId, maxHops, activeOn)
  if (!linksByHop) return null
  return { hops: linksByHop.length, chains: spellOut(fromId, linksByHop, maxChains) }
}

/** Every chain through the per-hop links, depth first, in a stable order, up to `limit`. */
function spellOut(fromId: string, linksByHop: CompanyLink[][], limit: number): PathStep[][] {
  const stepsByHop = linksByHop.map(groupByPair)
  const chains: PathStep[][] = []
  const walk = (hop: number, at: string, chain: PathStep[]) => {
    if (chains.length >= limit) return
    if (hop === stepsByHop.length) {
      chains.push(chain)
      return
    }
    for (const step of stepsByHop[hop]?.get(at) ?? []) walk(hop + 1, step.to, [...chain, step])
  }
  walk(0, fromId, [])
  return chains
}

function groupByPair(links: CompanyLink[]): Map<string, PathStep[]> {
  const byPair = new Map<string, CompanyLink[]>()
  for (const link of links) {
    const key = `${link.from}>${link.to}`
    const pair = byPair.get(key)
    if (pair) pair.push(link)
    else byPair.set(key, [link])
  }
  // ISO days compare as strings; an unknown start counts as the oldest. Plain comparisons: a step
  // between two hubs sorts hundreds of links.
  const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)
  const newestFirst = (a: CompanyLink, b: CompanyLink) =>
    compare(b.startsOn ?? '', a.startsOn ?? '') || compare(a.agreementId, b.agreementId)
  const byFrom = new Map<string, PathStep[]>()
  for (const key of [...byPair.keys()].sort()) {
    const pair = byPair.get(key)!.sort(newestFirst)
    const step: PathStep = {
      from: pair[0]!.from,
      to: pair[0]!.to,
      agreementIds: pair.slice(0, MAX_AGREEMENTS_PER_STEP).map((link) => link.agreementId),
      agreementCount: pair.length,
    }
    byFrom.set(step.from, [...(byFrom.get(step.from) ?? []), step])
  }
  return byFrom
}
