import { graphiqlHref, query } from '../api.js'
import type { Context, ViewController } from '../context.js'
import { h, replaceChildren, routeLink, sourceLink } from '../dom.js'
import { exclusivityLabel } from '../format.js'
import type { ExplorerLicencesQuery, LicenseFilter } from '../gql/graphql.js'
import { Licences } from '../operations.js'
import type { Route } from '../route.js'

// The signature question as a table: who licenses what to whom, how exclusively, until when,
// with its sources; filtered by the API, sorted here, downloadable as CSV.

type Licence = ExplorerLicencesQuery['licenses']['nodes'][number]

interface Column {
  key: string
  label: string
  value: (licence: Licence) => string
}

const COLUMNS: Column[] = [
  { key: 'licensor', label: 'Licensor', value: (l) => l.grantor?.name ?? '' },
  { key: 'licensee', label: 'Licensee', value: (l) => l.grantee?.name ?? '' },
  { key: 'subjects', label: 'Subjects', value: (l) => l.subjects.map((s) => s.name).join('; ') },
  { key: 'exclusivity', label: 'Exclusivity', value: (l) => exclusivityLabel(l.exclusivity) },
  { key: 'until', label: 'Until', value: (l) => l.endsOn?.text ?? 'open-ended' },
  { key: 'sources', label: 'Sources', value: (l) => l.sources.map((s) => s.url).join(' ') },
]

/** Sort key of "until": the latest day of the end, open-ended last. */
const untilKey = (l: Licence) => l.endsOn?.latest ?? '9999-12-31'

/** How the licence's in-force period ends, seen from the day: still to come, or over and how. */
function endNote(licence: Licence, day: string): string {
  if (!licence.inForceUntil) return ''
  if (licence.inForceUntil >= day) return ` (in force until ${licence.inForceUntil})`
  return ` (ended ${licence.inForceUntil}${licence.inForceEnd ? `, ${licence.inForceEnd.toLowerCase()}` : ''})`
}

/** A CSV cell, quoted; a leading = + - @ is neutralised so spreadsheets do not run it as a formula. */
const csvCell = (text: string) => `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`

export function licencesView(context: Context): ViewController {
  const exclusivity = h(
    'select',
    { id: 'filter-exclusivity' },
    h('option', { value: '' }, 'any'),
    h('option', { value: 'EXCLUSIVE' }, 'exclusive'),
    h('option', { value: 'NON_EXCLUSIVE' }, 'non-exclusive'),
    h('option', { value: 'UNSPECIFIED' }, 'not stated'),
  )
  const licensor = h('input', {
    id: 'filter-licensor',
    type: 'text',
    list: 'licence-parties',
    placeholder: 'company slug, e.g. openai',
    autocomplete: 'off',
  })
  const licensee = h('input', {
    id: 'filter-licensee',
    type: 'text',
    list: 'licence-parties',
    placeholder: 'company slug, e.g. microsoft',
    autocomplete: 'off',
  })
  const anyDate = h('input', { id: 'filter-any-date', type: 'checkbox' })
  const parties = h('datalist', { id: 'licence-parties' })
  const apply = () =>
    context.navigate({
      exclusivity: exclusivity.value,
      licensor: licensor.value.trim().toLowerCase(),
      licensee: licensee.value.trim().toLowerCase(),
      anyDate: anyDate.checked,
    })
  for (const control of [exclusivity, licensor, licensee, anyDate]) control.addEventListener('change', apply)
  const download = h('button', { type: 'button', id: 'licences-csv' }, 'Download CSV')
  const count = h('p', { class: 'count', 'aria-live': 'polite' })
  const head = h('thead', {})
  const body = h('tbody', {})
  const element = h(
    'section',
    { class: 'licences-view', 'aria-labelledby': 'licences-title' },
    h('h2', { class: 'view-title', id: 'licences-title' }, 'Licences: which assets are licensed to whom, how exclusively, until when'),
    h(
      'form',
      { class: 'filters', onsubmit: ((event: Event) => event.preventDefault()) as EventListener },
      h('span', { class: 'field' }, h('label', { for: 'filter-exclusivity' }, 'Exclusivity'), exclusivity),
      h('span', { class: 'field' }, h('label', { for: 'filter-licensor' }, 'Licensor'), licensor),
      h('span', { class: 'field' }, h('label', { for: 'filter-licensee' }, 'Licensee'), licensee),
      h('label', { for: 'filter-any-date', class: 'toggle' }, anyDate, 'Any date (not only in force on the as-of day)'),
      parties,
      download,
    ),
    count,
    h('div', { class: 'table-scroll' }, h('table', { class: 'licences' }, head, body)),
  )
  let rows: Licence[] = []
  let shownKey = ''
  let pending: AbortController | undefined

  function sorted(route: Route): Licence[] {
    const descending = route.sort.startsWith('-')
    const key = route.sort.replace(/^-/, '')
    const column = COLUMNS.find((c) => c.key === key) ?? COLUMNS[4]!
    const value = column.key === 'until' ? untilKey : column.value
    return [...rows].sort((a, b) => value(a).localeCompare(value(b)) * (descending ? -1 : 1))
  }

  function render(route: Route) {
    const key = route.sort.replace(/^-/, '')
    const descending = route.sort.startsWith('-')
    replaceChildren(
      head,
      h(
        'tr',
        {},
        COLUMNS.map((column) =>
          h(
            'th',
            { scope: 'col', 'aria-sort': column.key === key ? (descending ? 'descending' : 'ascending') : null },
            column.key === 'sources'
              ? column.label
              : routeLink(context.hrefFor({ sort: column.key === key && !descending ? `-${column.key}` : column.key }), column.label, context.go, {
                  class: 'sort',
                  'aria-label': `Sort by ${column.label.toLowerCase()}`,
                }),
          ),
        ),
      ),
    )
    replaceChildren(
      body,
      sorted(route).map((licence) =>
        h(
          'tr',
          { 'data-key': licence.key, 'data-exclusivity': licence.exclusivity },
          h('td', {}, licence.grantor?.name ?? ''),
          h('td', {}, licence.grantee?.name ?? ''),
          h(
            'td',
            {},
            routeLink(
              context.hrefFor({ view: 'timeline', deal: licence.agreement.deal.slug, version: licence.agreement.slug }),
              COLUMNS[2]!.value(licence),
              context.go,
              {
                title: licence.summary,
              },
            ),
          ),
          h('td', { class: `exclusivity-${licence.exclusivity.toLowerCase()}` }, exclusivityLabel(licence.exclusivity)),
          h('td', {}, licence.endsOn?.text ?? 'open-ended', endNote(licence, route.asOf)),
          h(
            'td',
            {},
            h(
              'ul',
              { class: 'sources' },
              licence.sources.map((source) => h('li', {}, sourceLink(source))),
            ),
          ),
        ),
      ),
    )
  }

  download.addEventListener('click', () => {
    const route = context.route()
    const lines = [COLUMNS.map((c) => csvCell(c.label)).join(','), ...sorted(route).map((l) => COLUMNS.map((c) => csvCell(c.value(l))).join(','))]
    const url = URL.createObjectURL(new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }))
    const link = h('a', { href: url, download: `licences-${route.anyDate ? 'any-date' : route.asOf}.csv` })
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  })

  return {
    element,
    async update(route) {
      exclusivity.value = route.exclusivity
      licensor.value = route.licensor
      licensee.value = route.licensee
      anyDate.checked = route.anyDate
      const filter: LicenseFilter = {
        ...(route.exclusivity ? { exclusivity: route.exclusivity as LicenseFilter['exclusivity'] } : {}),
        ...(route.licensor ? { licensor: route.licensor } : {}),
        ...(route.licensee ? { licensee: route.licensee } : {}),
        ...(route.anyDate ? {} : { activeOn: route.asOf }),
      }
      const key = JSON.stringify(filter)
      context.setQuery(graphiqlHref(Licences, { filter, after: null }))
      if (key !== shownKey) {
        pending?.abort()
        const controller = new AbortController()
        pending = controller
        try {
          const all: Licence[] = []
          let after: string | null = null
          let total = 0
          do {
            const page: ExplorerLicencesQuery = await query(Licences, { filter, after }, controller.signal)
            all.push(...page.licenses.nodes)
            total = page.licenses.totalCount
            after = page.licenses.pageInfo.hasNextPage ? page.licenses.pageInfo.endCursor : null
          } while (after && all.length < 1000)
          if (controller.signal.aborted) return
          rows = all
          shownKey = key
          count.textContent = `${total} licence${total === 1 ? '' : 's'}${route.anyDate ? '' : ` in force on ${route.asOf}`}`
          const names = new Map<string, string>()
          for (const l of rows) for (const party of [l.grantor, l.grantee]) if (party) names.set(party.slug, party.name)
          if (parties.children.length === 0 || !route.licensor)
            replaceChildren(
              parties,
              [...names].map(([slug, name]) => h('option', { value: slug }, name)),
            )
        } catch (error) {
          rows = []
          shownKey = ''
          count.textContent = ''
          context.report(error)
        }
      }
      render(route)
      element.dataset.ready = key + route.sort
    },
  }
}
