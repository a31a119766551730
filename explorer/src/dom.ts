// A tiny element builder: h('a', { href }, 'text', child). Text is always set as text, never as HTML.

type Child = Node | string | number | null | undefined | false
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value)
    else if (value === true) element.setAttribute(name, '')
    else element.setAttribute(name, String(value))
  }
  append(element, children)
  return element
}

const SVG = 'http://www.w3.org/2000/svg'

/** The same for SVG (the explorer's charts and timeline): attributes and an optional text. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag)
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value))
  if (text !== undefined) element.textContent = text
  return element
}

export function append(parent: Element, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue
    parent.append(typeof child === 'number' ? String(child) : child)
  }
}

export function replaceChildren(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren()
  append(parent, children)
}

/** A link that stays in the page: the click navigates without a reload, a new tab still works. */
export function routeLink(href: string, text: Child | Child[], navigate: (href: string) => void, attributes: Attributes = {}): HTMLAnchorElement {
  return h(
    'a',
    {
      ...attributes,
      href,
      onclick: ((event: MouseEvent) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return
        event.preventDefault()
        navigate(href)
      }) as EventListener,
    },
    text,
  )
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname
  } catch {
    return url
  }
}

/** A source by its title (else its publisher, else its site), opening in a new tab. */
export const sourceLink = (source: { url: string; title?: string | null; publisher?: string | null; publishedOn?: string | null }) =>
  h(
    'a',
    { href: source.url, rel: 'noopener noreferrer', target: '_blank', class: 'source' },
    source.title || source.publisher || hostOf(source.url),
    source.title && source.publisher ? ` — ${source.publisher}` : '',
    source.publishedOn ? ` (${source.publishedOn})` : '',
  )

/** The nodes of a list that may hold placeholders (null, '', false) for parts left out. */
export const compact = (items: (Node | string | null | undefined | false)[]): Node[] => items.filter((item): item is Node => item instanceof Node)
