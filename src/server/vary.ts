/** Adds request headers to Vary, once each: caches must key a response on every header it depends on. */
export function addVary(headers: Headers, ...names: string[]): void {
  const present = (headers.get('vary') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
  const lower = new Set(present.map((name) => name.toLowerCase()))
  const added = names.filter((name) => !lower.has(name.toLowerCase()))
  if (added.length > 0) headers.set('vary', [...present, ...added].join(', '))
}
