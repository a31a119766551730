import { today } from './format.js'

// The whole state of the page lives in its URL (`/?view=graph&node=microsoft&asOf=2026-01-01`),
// so every view is a link, survives a reload and goes back and forward with the browser.

export type View = 'graph' | 'timeline' | 'licences' | 'compute'
export type NodeKind = 'company' | 'asset' | 'cloud'

export interface Route {
  view: View
  asOf: string
  /** Graph: the centre (a company, asset or cloud slug) and what it is. */
  node: string
  kind: NodeKind
  /** Graph: the selected node (`n:<slug>`) or edge (`e:<edge id>`). */
  selected: string
  /** Timeline: the deal and the chosen version. */
  deal: string
  version: string
  /** Licences: filters and sort. */
  exclusivity: string
  licensor: string
  licensee: string
  anyDate: boolean
  sort: string
}

export const VIEWS: { view: View; label: string }[] = [
  { view: 'graph', label: 'Graph' },
  { view: 'timeline', label: 'Deal timeline' },
  { view: 'licences', label: 'Licences' },
  { view: 'compute', label: 'Compute' },
]

const DEFAULTS: Route = {
  view: 'graph',
  asOf: '',
  node: 'microsoft',
  kind: 'company',
  selected: '',
  deal: 'microsoft-openai',
  version: '',
  exclusivity: '',
  licensor: '',
  licensee: '',
  anyDate: false,
  sort: 'until',
}

const isDate = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))

export function parseRoute(search: string): Route {
  const params = new URLSearchParams(search)
  const text = (name: keyof Route) => params.get(name) ?? (DEFAULTS[name] as string)
  const view = params.get('view')
  const kind = params.get('kind')
  const asOf = params.get('asOf')
  return {
    view: VIEWS.some((entry) => entry.view === view) ? (view as View) : DEFAULTS.view,
    asOf: isDate(asOf) ? asOf : today(),
    node: text('node'),
    kind: kind === 'asset' || kind === 'cloud' ? kind : 'company',
    selected: text('selected'),
    deal: text('deal'),
    version: text('version'),
    exclusivity: text('exclusivity'),
    licensor: text('licensor'),
    licensee: text('licensee'),
    anyDate: params.get('anyDate') === 'true',
    sort: text('sort'),
  }
}

/**
 * The URL of a route: the view, whatever differs from the defaults (other views' state too, so
 * switching views and back keeps it), and the day always, so a link keeps its day.
 */
export function hrefOf(route: Route): string {
  const params = new URLSearchParams()
  params.set('view', route.view)
  for (const name of Object.keys(DEFAULTS) as (keyof Route)[]) {
    if (name === 'view' || name === 'asOf') continue
    const value = route[name]
    if (value !== DEFAULTS[name] || (name === 'node' && route.view === 'graph')) params.set(name, String(value))
  }
  params.set('asOf', route.asOf)
  return `/?${params}`
}
