import type { RequestListener } from 'node:http'

// HTTP/1.1 lets a client send the request target in absolute form (`POST http://host/graphql`).
// The fetch adapter under Yoga would join it to the Host header, fail to parse the result and
// answer 500 with a stack trace, before any route or limit is checked. So the target is turned
// into its path and query here, and one that has none (`*`, garbage) is a plain 400.

/** The path and query of a request target, or null when it is not one. */
export function originForm(target: string | undefined): string | null {
  if (!target) return null
  if (target.startsWith('/')) return target
  try {
    const url = new URL(target)
    return url.protocol === 'http:' || url.protocol === 'https:' ? `${url.pathname}${url.search}` : null
  } catch {
    return null
  }
}

/** `next` with every request's target in origin form. */
export function withOriginForm(next: RequestListener): RequestListener {
  return (request, response) => {
    const target = originForm(request.url)
    if (target === null) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request target: send a path such as /graphql.\n')
      return
    }
    request.url = target
    next(request, response)
  }
}
