import { type CompanyLink, companyLayers, linksBetween } from './graph-queries.js'

export interface PathStep {
  from: string
  to: string
  agreementIds: string[]
}

export interface ShortestPaths {
  hops: number
  chains: PathStep[][]
}

/**
 * The shortest chains of agreements from one company to another: a breadth-first walk in SQL finds
 * the distance, then one query per hop walks back from the target keeping only links that lie on a
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
  const layers = await companyLayers(fromId, maxHops, activeOn, toId)
  const hops = layers.findIndex((layer) => layer.includes(toId))
  if (hops < 0) return null

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
  const byPair = new Map<string, PathStep>()
  for (const link of [...links].sort((a, b) => `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`))) {
    const key = `${link.from}>${link.to}`
    const step = byPair.get(key) ?? { from: link.from, to: link.to, agreementIds: [] }
    step.agreementIds.push(link.agreementId)
    byPair.set(key, step)
  }
  const byFrom = new Map<string, PathStep[]>()
  for (const step of byPair.values()) byFrom.set(step.from, [...(byFrom.get(step.from) ?? []), step])
  return byFrom
}
