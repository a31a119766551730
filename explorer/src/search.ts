import { query } from './api.js'
import type { Context } from './context.js'
import { h, replaceChildren } from './dom.js'
import { words } from './format.js'
import type { ExplorerSearchQuery } from './gql/graphql.js'
import { Search } from './operations.js'
import type { Route } from './route.js'

// Suggestions as you type (the `search` query), as an ARIA combobox: arrows move, Enter opens,
// Escape closes. Companies, models and clouds open in the graph; deals and terms in the timeline.

type Hit = ExplorerSearchQuery['search'][number]

interface Suggestion {
  label: string
  what: string
  target: Partial<Route>
}

function suggestionOf(hit: Hit): Suggestion | null {
  switch (hit.__typename) {
    case 'Company':
      return { label: hit.name, what: 'Company', target: { view: 'graph', node: hit.slug, kind: 'company', selected: '' } }
    case 'Asset':
      return { label: hit.name, what: words(hit.kind) || 'Model or product', target: { view: 'graph', node: hit.slug, kind: 'asset', selected: '' } }
    case 'CloudProvider':
      return { label: hit.name, what: 'Cloud', target: { view: 'graph', node: hit.slug, kind: 'cloud', selected: '' } }
    case 'Agreement':
      return { label: hit.title, what: `Deal: ${hit.deal.title}`, target: { view: 'timeline', deal: hit.deal.slug, version: hit.slug } }
    case 'Clause':
      return {
        label: hit.summary.length > 90 ? `${hit.summary.slice(0, 90)}…` : hit.summary,
        what: `Term of ${hit.agreement.deal.title}`,
        target: { view: 'timeline', deal: hit.agreement.deal.slug, version: hit.agreement.slug },
      }
    default:
      return null
  }
}

export class SearchBox {
  readonly element: HTMLElement
  private readonly input: HTMLInputElement
  private readonly list: HTMLUListElement
  private suggestions: Suggestion[] = []
  private active = -1
  private timer: ReturnType<typeof setTimeout> | undefined
  private pending: AbortController | undefined

  constructor(private readonly context: Context) {
    this.input = h('input', {
      type: 'search',
      id: 'search',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': 'search-suggestions',
      autocomplete: 'off',
      placeholder: 'Search companies, models, clouds, deals…',
    })
    this.list = h('ul', { id: 'search-suggestions', role: 'listbox', 'aria-label': 'Suggestions', hidden: true })
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer)
      this.timer = setTimeout(() => void this.suggest(), 120)
    })
    this.input.addEventListener('keydown', (event) => this.onKey(event))
    this.input.addEventListener('blur', () => setTimeout(() => this.close(), 150))
    this.element = h(
      'div',
      { class: 'search', role: 'search' },
      h('label', { for: 'search', class: 'visually-hidden' }, 'Search'),
      this.input,
      this.list,
    )
  }

  private async suggest() {
    const text = this.input.value.trim()
    this.pending?.abort()
    if (text.length < 2) return this.close()
    const controller = new AbortController()
    this.pending = controller
    try {
      const data = await query(Search, { query: text.slice(0, 200), first: 12 }, controller.signal)
      if (controller.signal.aborted) return
      this.suggestions = data.search.map(suggestionOf).filter((suggestion): suggestion is Suggestion => suggestion !== null)
      this.active = -1
      this.render()
    } catch (error) {
      this.context.report(error)
    }
  }

  private render() {
    replaceChildren(
      this.list,
      this.suggestions.length === 0
        ? h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true' }, 'Nothing found')
        : this.suggestions.map((suggestion, index) =>
            h(
              'li',
              {
                id: `suggestion-${index}`,
                role: 'option',
                'aria-selected': index === this.active ? 'true' : 'false',
                onmousedown: ((event: MouseEvent) => {
                  event.preventDefault()
                  this.choose(index)
                }) as EventListener,
              },
              h('span', { class: 'suggestion-label' }, suggestion.label),
              h('span', { class: 'suggestion-what' }, suggestion.what),
            ),
          ),
    )
    this.list.hidden = false
    this.input.setAttribute('aria-expanded', 'true')
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `suggestion-${this.active}`)
    else this.input.removeAttribute('aria-activedescendant')
  }

  private onKey(event: KeyboardEvent) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (this.suggestions.length === 0) return
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      this.active = (this.active + step + this.suggestions.length) % this.suggestions.length
      this.render()
    } else if (event.key === 'Enter') {
      event.preventDefault()
      this.choose(Math.max(this.active, 0))
    } else if (event.key === 'Escape') {
      this.close()
    }
  }

  private choose(index: number) {
    const suggestion = this.suggestions[index]
    if (!suggestion) return
    this.close()
    this.input.value = ''
    this.context.navigate(suggestion.target)
  }

  private close() {
    this.list.hidden = true
    this.input.setAttribute('aria-expanded', 'false')
    this.input.removeAttribute('aria-activedescendant')
  }
}
