import { graphiqlHref, query } from '../api.js'
import type { Context, ViewController } from '../context.js'
import { h, replaceChildren, routeLink, sourceLink, svg } from '../dom.js'
import { dayNumber, exclusivityLabel, today, words } from '../format.js'
import type { ExplorerChangedClauseFragment, ExplorerDealsQuery, ExplorerDealTimelineQuery, ExplorerVersionQuery } from '../gql/graphql.js'
import { Deals, DealTimeline, VersionChanges } from '../operations.js'
import type { Route } from '../route.js'

// A deal's story: its versions (and the agreements supplementing it) on a time axis, announced,
// effective and in force until; for the chosen version, what it changed against the one it amends.

type Deal = NonNullable<ExplorerDealTimelineQuery['deal']>
type Version = NonNullable<ExplorerVersionQuery['agreement']>

/** A clause field as an analyst reads it, by the names `ClauseChange.fields` uses. */
function fieldValue(clause: ExplorerChangedClauseFragment | null | undefined, field: string): string {
  if (!clause) return ''
  switch (field) {
    case 'kind':
      return words(clause.kind)
    case 'summary':
      return clause.summary
    case 'grantor':
      return clause.grantor?.name ?? ''
    case 'grantee':
      return clause.grantee?.name ?? ''
    case 'subjects':
      return clause.subjects.map((subject) => subject.name).join(', ')
    case 'cloudProviders':
      return clause.cloudProviders.map((cloud) => cloud.name).join(', ')
    case 'exclusivity':
      return exclusivityLabel(clause.exclusivity)
    case 'startsOn':
      return clause.startsOn?.text ?? ''
    case 'endsOn':
      return clause.endsOn?.text ?? 'open-ended'
    case 'percentage':
      return clause.percentage === null || clause.percentage === undefined ? '' : `${clause.percentage}%`
    case 'amount':
      return clause.amount?.text ?? ''
    case 'capped':
      return clause.capped === null || clause.capped === undefined ? '' : clause.capped ? 'yes' : 'no'
    case 'cap':
      return clause.cap?.text ?? ''
    case 'quantity':
      return clause.quantity?.text ?? ''
    case 'condition':
      return clause.condition ?? ''
    default:
      return '(see the clause)'
  }
}

export function timelineView(context: Context): ViewController {
  const picker = h('select', { id: 'deal-picker' })
  picker.addEventListener('change', () => context.navigate({ deal: picker.value, version: '' }))
  const title = h('h2', { class: 'view-title', id: 'timeline-title' }, 'Deal timeline')
  const description = h('p', { class: 'note' })
  const axis = h('div', { class: 'timeline-axis' })
  const versionList = h('ol', { class: 'versions' })
  const changes = h('section', { class: 'changes', 'aria-live': 'polite', 'aria-label': 'Changes of the chosen version' })
  const element = h(
    'section',
    { class: 'timeline-view', 'aria-labelledby': 'timeline-title' },
    h('div', { class: 'controls' }, h('label', { for: 'deal-picker' }, 'Deal'), picker),
    title,
    description,
    axis,
    h('div', { class: 'timeline-parts' }, versionList, changes),
  )
  let dealsLoaded = false
  let shownDeal: Deal | undefined
  let pending: AbortController | undefined

  async function loadDeals(selected: string) {
    if (dealsLoaded) return
    dealsLoaded = true
    const all: { slug: string; title: string }[] = []
    let after: string | null = null
    do {
      const page: ExplorerDealsQuery = await query(Deals, { after })
      all.push(...page.deals.nodes)
      after = page.deals.pageInfo.hasNextPage ? page.deals.pageInfo.endCursor : null
    } while (after && all.length < 1000)
    all.sort((a, b) => a.title.localeCompare(b.title))
    replaceChildren(
      picker,
      all.map((deal) => h('option', { value: deal.slug, selected: deal.slug === selected }, deal.title)),
    )
  }

  function drawAxis(deal: Deal, route: Route) {
    const rows = deal.agreements
    const starts = rows.map((row) => row.announcedOn?.earliest ?? row.inForceFrom ?? null).filter((d): d is string => !!d)
    const first = Math.min(...starts.map(dayNumber), dayNumber(route.asOf))
    const last = Math.max(
      dayNumber(today()),
      ...rows.map((row) => (row.inForceUntil ? Math.min(dayNumber(row.inForceUntil), dayNumber(today()) + 365 * 3) : 0)),
    )
    const width = 1000
    const left = 20
    const rowHeight = 30
    const height = rows.length * rowHeight + 40
    const x = (date: string) => left + ((dayNumber(date) - first) / Math.max(1, last - first)) * (width - 2 * left)
    const chart = svg('svg', {
      viewBox: `0 0 ${width} ${height}`,
      class: 'timeline-chart',
      role: 'img',
      'aria-label': `Versions of ${deal.title} on a time axis`,
    })
    const firstYear = Number(new Date(first * 86_400_000).toISOString().slice(0, 4))
    const lastYear = Number(new Date(last * 86_400_000).toISOString().slice(0, 4))
    for (let year = firstYear + 1; year <= lastYear; year++) {
      const at = x(`${year}-01-01`)
      chart.append(
        svg('line', { x1: at, x2: at, y1: 0, y2: height - 20, class: 'year-line' }),
        svg('text', { x: at + 3, y: height - 6, class: 'year' }, String(year)),
      )
    }
    rows.forEach((row, index) => {
      const y = index * rowHeight + 8
      const from = row.inForceFrom ?? row.effectiveOn?.earliest ?? row.announcedOn?.earliest
      const group = svg('g', { class: `version-row${row.slug === route.version ? ' chosen' : ''}${row.supplements ? ' supplement' : ''}` })
      if (from) {
        const until = row.inForceUntil && dayNumber(row.inForceUntil) <= last ? row.inForceUntil : null
        const x1 = x(from)
        const x2 = until ? x(until) : width - left
        group.append(svg('rect', { x: x1, y, width: Math.max(3, x2 - x1), height: 14, rx: 3, class: `bar${until ? '' : ' open'}` }))
      }
      if (row.effectiveOn && row.effectiveOn.earliest !== row.announcedOn?.earliest) {
        const at = x(row.effectiveOn.earliest)
        group.append(svg('path', { d: `M${at - 5},${y - 2} L${at + 5},${y - 2} L${at},${y + 6} Z`, class: 'effective' }))
      }
      if (row.announcedOn) group.append(svg('circle', { cx: x(row.announcedOn.earliest), cy: y + 7, r: 5, class: 'announced' }))
      // Labels of late versions end at the right edge rather than run past it.
      const start = from ? x(from) : left
      const late = start > width / 2
      group.append(
        svg('text', { x: late ? width - left : start, y: y + 26, class: 'version-label', 'text-anchor': late ? 'end' : 'start' }, row.title),
      )
      group.addEventListener('click', () => context.navigate({ version: row.slug }))
      chart.append(group)
    })
    const today_ = x(route.asOf)
    chart.append(svg('line', { x1: today_, x2: today_, y1: 0, y2: height - 20, class: 'as-of-line' }))
    replaceChildren(
      axis,
      chart,
      h(
        'p',
        { class: 'legend-line' },
        '● announced · ▼ effective (when later) · bar: in force, until its end or the amendment that replaced it (to the edge: still in force) · vertical line: the as-of day',
      ),
    )
  }

  function renderVersions(deal: Deal, route: Route) {
    const chain = new Set(deal.versions.map((version) => version.slug))
    replaceChildren(
      versionList,
      deal.agreements.map((agreement) =>
        h(
          'li',
          { 'data-version': agreement.slug, class: agreement.slug === route.version ? 'chosen' : '' },
          routeLink(context.hrefFor({ version: agreement.slug }), agreement.title, context.go, {
            'aria-current': agreement.slug === route.version ? 'true' : null,
          }),
          h(
            'span',
            { class: 'dates' },
            ` announced ${agreement.announcedOn?.text ?? '?'}`,
            agreement.effectiveOn ? `, effective ${agreement.effectiveOn.text}` : '',
            `, in force ${agreement.inForceFrom ?? '?'} – ${agreement.inForceUntil ?? 'open'}`,
            agreement.inForceEnd ? ` (${words(agreement.inForceEnd)})` : '',
            chain.has(agreement.slug) ? '' : ' · supplements the deal',
          ),
        ),
      ),
    )
  }

  function clauseLine(clause: ExplorerChangedClauseFragment) {
    return h('span', {}, h('strong', {}, words(clause.kind)), ` (${clause.grantor?.name ?? '?'} → ${clause.grantee?.name ?? '?'}): `, clause.summary)
  }

  function renderChanges(version: Version) {
    const kids: HTMLElement[] = [
      h('h3', {}, version.title),
      h(
        'p',
        { class: 'dates' },
        `Announced ${version.announcedOn?.text ?? '?'}${version.effectiveOn ? `, effective ${version.effectiveOn.text}` : ''}`,
        version.amends
          ? `; amends “${version.amends.title}”`
          : version.supplements
            ? `; supplements “${version.supplements.title}”`
            : '; the first version',
      ),
    ]
    if (version.description) kids.push(h('p', {}, version.description))
    if (version.amends) {
      kids.push(h('h4', {}, `What changed (${version.changes.length})`))
      kids.push(
        h(
          'ul',
          { class: 'change-list' },
          version.changes.map((change) =>
            h(
              'li',
              { class: `change change-${change.type.toLowerCase()}`, 'data-change': change.type, 'data-kind': change.kind },
              h('span', { class: 'change-type' }, words(change.type)),
              ' ',
              change.after ? clauseLine(change.after) : change.before ? clauseLine(change.before) : words(change.kind),
              change.type === 'MODIFIED'
                ? h(
                    'table',
                    { class: 'field-changes' },
                    h(
                      'thead',
                      {},
                      h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Before'), h('th', { scope: 'col' }, 'After')),
                    ),
                    h(
                      'tbody',
                      {},
                      change.fields.map((field) =>
                        h(
                          'tr',
                          {},
                          h('th', { scope: 'row' }, field),
                          h('td', {}, fieldValue(change.before, field)),
                          h('td', {}, fieldValue(change.after, field)),
                        ),
                      ),
                    ),
                  )
                : null,
            ),
          ),
        ),
      )
    } else {
      kids.push(
        h('h4', {}, `Its terms (${version.clauses.length})`),
        h(
          'ul',
          { class: 'change-list' },
          version.clauses.map((clause) => h('li', {}, clauseLine(clause))),
        ),
      )
    }
    kids.push(
      h('h4', {}, 'Sources'),
      h(
        'ul',
        { class: 'sources' },
        version.sources.map((source) => h('li', {}, sourceLink(source))),
      ),
    )
    replaceChildren(changes, kids)
  }

  return {
    element,
    async update(route) {
      pending?.abort()
      const controller = new AbortController()
      pending = controller
      try {
        void loadDeals(route.deal).catch((error) => context.report(error))
        picker.value = route.deal
        if (shownDeal?.slug !== route.deal) {
          const data = await query(DealTimeline, { slug: route.deal }, controller.signal)
          if (!data.deal) throw new Error(`No deal ${route.deal}`)
          shownDeal = data.deal
        }
        const deal = shownDeal
        if (controller.signal.aborted) return
        title.textContent = deal.title
        description.textContent = deal.description ?? ''
        const versionSlug = route.version || deal.versions.at(-1)?.slug || deal.agreements.at(-1)?.slug || ''
        const shown = { ...route, version: versionSlug }
        drawAxis(deal, shown)
        renderVersions(deal, shown)
        const variables = { slug: versionSlug }
        context.setQuery(graphiqlHref(VersionChanges, variables))
        const data = await query(VersionChanges, variables, controller.signal)
        if (controller.signal.aborted || !data.agreement) return
        renderChanges(data.agreement)
        element.dataset.ready = `${route.deal}:${versionSlug}`
      } catch (error) {
        context.report(error)
      }
    },
  }
}
