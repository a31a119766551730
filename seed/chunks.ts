/** Splits `items` into lists of at most `size` (bulk statements stay under PostgreSQL's limits). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Runs `query` on each chunk of `keys` in turn and concatenates the results. */
export async function inChunks<K, R>(keys: readonly K[], size: number, query: (chunk: K[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = []
  for (const chunk of chunks(keys, size)) out.push(...(await query(chunk)))
  return out
}
