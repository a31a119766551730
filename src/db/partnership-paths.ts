import { type CompanyLink, linksBetween, meetInTheMiddle } from './graph-queries.js'

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
 * The shortest chains of agreements from one company to another: one indexed lookup answers the
 * one-hop case with its agreements; otherwise a breadth-first walk from both ends in SQL finds the
 * distance, then one query per hop walks back from the target keeping only links that lie on a
 * shortest path. At most `maxChains` chains are spelled out (there can be very many).
 */
export async function shortestPaths(
  fromId: string,
  toId: string,
  maxHops: number,
  activeOn: string | null,
  maxChains: number,
): Promise<ShortestPaths | null> {
  if (fromId === toId) return { hops: 0, chains: [[]] }
  const direct = await linksBetween([fromId], [toId], activeOn)
  if (direct.length > 0) return { hops: 1, chains: spellOut(fromId, [direct], maxChains) }
  if (maxHops === 1) return null
  const layers = await distanceLayers(fromId, toId, maxHops, activeOn)
  if (!layers) return null
  const hops = layers.length - 1

  // linksByHop[k]: links from layer k to layer k + 1 that lie on a shortest path.
  const linksByHop: CompanyLink[][] = []
  let onPath = [toId]
  for (let k = hops - 1; k >= 0; k--) {
    const links = await linksBetween(layers[k] ?? [], onPath, activeOn)
    linksByHop[k] = links
    onPath = [...new Set(links.map((link) => link.from))]
  }
  return { hops, chains: spellOut(fromId, linksByHop, maxChains) }
}

/**
 * Companies by distance from `from`, from `from` (layer 0) to `to` (the last layer), or null when
 * the two are not joined within `maxHops`. The walks meet with a link between their last layers,
 * so the layers of the forward walk come first, then those of the backward one, reversed: a
 * superset of the companies on shortest paths, which the walk back narrows down.
 */
async function distanceLayers(fromId: string, toId: string, maxHops: number, activeOn: string | null): Promise<string[][] | null> {
  const { forward, backward, met } = await meetInTheMiddle(fromId, toId, maxHops, activeOn)
  if (!met) return null
  return [...forward, ...[...backward].reverse()]
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
    byPair.set(key, [...(byPair.get(key) ?? []), link])
  }
  const newestFirst = (a: CompanyLink, b: CompanyLink) =>
    (b.startsOn?.getTime() ?? 0) - (a.startsOn?.getTime() ?? 0) || a.agreementId.localeCompare(b.agreementId)
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
