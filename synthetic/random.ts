// A small seeded random source (sfc32, seeded through splitmix32): the same seed gives the same
// graph, UUIDs included, on any machine and Node version. Math.random is never used.

function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    const next = splitmix32(seed)
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.uint32()
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** One of `choices` ([value, weight] pairs) with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0
    for (const [, w] of choices) total += w
    let r = this.next() * total
    for (const [value, w] of choices) {
      r -= w
      if (r < 0) return value
    }
    return choices[choices.length - 1]![0]
  }

  /** `count` distinct items of `items` (all of them when there are fewer), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items]
    const n = Math.min(count, copy.length)
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i))
      ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
    }
    return copy.slice(0, n)
  }

  /** A random (version 4) UUID drawn from this source. */
  uuid(): string {
    const words = [this.uint32(), this.uint32(), this.uint32(), this.uint32()]
    const bytes: number[] = []
    for (const w of words) bytes.push(w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255)
    bytes[6] = (bytes[6]! & 0x0f) | 0x40
    bytes[8] = (bytes[8]! & 0x3f) | 0x80
    const h = bytes.map((b) => HEX[b]!)
    return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10, 16).join('')}`
  }
}

/**
 * Draws indexes 0..n-1 with probability proportional to `weights[i]` in O(log n): cumulative sums
 * and a binary search. Used for the power-law choice of deal partners.
 */
export class WeightedIndex {
  private readonly cumulative: Float64Array

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new Error('WeightedIndex needs at least one weight')
    this.cumulative = new Float64Array(weights.length)
    let sum = 0
    weights.forEach((w, i) => {
      sum += w
      this.cumulative[i] = sum
    })
  }

  get size(): number {
    return this.cumulative.length
  }

  draw(random: Random): number {
    const total = this.cumulative[this.cumulative.length - 1]!
    const r = random.next() * total
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.cumulative[mid]! > r) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}
