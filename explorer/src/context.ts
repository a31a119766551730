import type { Route } from './route.js'

/** What a view may ask of the page around it. */
export interface Context {
  route(): Route
  /** Change some of the state; `replace` for steps that should not each be a history entry (the slider). */
  navigate(patch: Partial<Route>, options?: { replace?: boolean }): void
  /** The URL of the current state changed by `patch`. */
  hrefFor(patch: Partial<Route>): string
  go(href: string): void
  /** The "open in GraphiQL" link of the query the view shows (null: none). */
  setQuery(href: string | null): void
  /** Shows an error (or clears it with null) in the page's status line. */
  report(error: unknown): void
}

export interface ViewController {
  element: HTMLElement
  /** Called on every change of the route while the view is shown. */
  update(route: Route, previous: Route | null): void
}
