import './styles.css'
import { ApiError } from './api.js'
import { AsOfControl } from './as-of.js'
import type { Context, ViewController } from './context.js'
import { h, replaceChildren, routeLink } from './dom.js'
import { hrefOf, parseRoute, type Route, type View, VIEWS } from './route.js'
import { SearchBox } from './search.js'
import { computeView } from './views/compute.js'
import { graphView } from './views/graph.js'
import { licencesView } from './views/licences.js'
import { timelineView } from './views/timeline.js'

// The page: a bar with search and the views' tabs, the as-of date, the view the URL names, and
// a footer with the view's query in GraphiQL.

const FACTORIES: Record<View, (context: Context) => ViewController> = {
  graph: graphView,
  timeline: timelineView,
  licences: licencesView,
  compute: computeView,
}

let route: Route = parseRoute(location.search)
let previous: Route | null = null
const views = new Map<View, ViewController>()

const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
const graphiqlLink = h('a', { class: 'graphiql-link', hidden: true }, 'Open this view’s query in GraphiQL')
const main = h('main', { id: 'view', tabindex: '-1' })
const tabs = h('nav', { class: 'tabs', 'aria-label': 'Views' })

const context: Context = {
  route: () => route,
  navigate(patch, options = {}) {
    const href = hrefOf({ ...route, ...patch })
    if (options.replace) history.replaceState(null, '', href)
    else history.pushState(null, '', href)
    show()
  },
  hrefFor: (patch) => hrefOf({ ...route, ...patch }),
  go(href) {
    history.pushState(null, '', href)
    show()
  },
  setQuery(href) {
    graphiqlLink.hidden = href === null
    if (href) graphiqlLink.href = href
  },
  report(error) {
    if (error === null) return void (status.textContent = '')
    if (error instanceof DOMException && error.name === 'AbortError') return
    status.textContent =
      error instanceof ApiError ? `${error.message}${error.code ? ` (${error.code})` : ''}` : `Something went wrong: ${String(error)}`
    status.classList.add('error')
  },
}

const asOf = new AsOfControl((date, final) => context.navigate({ asOf: date }, { replace: !final }))
const search = new SearchBox(context)

function renderTabs() {
  replaceChildren(
    tabs,
    VIEWS.map(({ view, label }) =>
      routeLink(hrefOf({ ...route, view }), label, context.go, { 'aria-current': view === route.view ? 'page' : null, class: 'tab' }),
    ),
  )
}

function show() {
  previous = route
  route = parseRoute(location.search)
  status.textContent = ''
  status.classList.remove('error')
  renderTabs()
  asOf.set(route.asOf)
  let view = views.get(route.view)
  if (!view) {
    view = FACTORIES[route.view](context)
    views.set(route.view, view)
  }
  if (main.firstElementChild !== view.element) {
    replaceChildren(main, view.element)
    previous = null
  }
  view.update(route, previous)
}

const app = document.getElementById('app')!
replaceChildren(
  app,
  h('header', { class: 'bar' }, h('h1', { class: 'brand' }, routeLink('/', 'AI partnerships explorer', context.go)), search.element, tabs),
  asOf.element,
  status,
  main,
  h(
    'footer',
    { class: 'footer' },
    graphiqlLink,
    h('span', {}, 'Data from the public GraphQL API at ', h('code', {}, document.body.dataset.graphql || '/graphql'), '.'),
  ),
)
window.addEventListener('popstate', show)
show()
