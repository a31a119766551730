import { graphiqlHref, query } from '../api.js'
import type { Context, ViewController } from '../context.js'
import { h, replaceChildren, svg } from '../dom.js'
import type { ExplorerComputeQuery } from '../gql/graphql.js'
import { Compute } from '../operations.js'

// Compute contracted per lab (buyer) and provider as of the day: gigawatts and US dollars as bars
// (the solid part the low end, the light part up to the high end), every total with its qualifier.

type Row = ExplorerComputeQuery['computeContracted'][number]
type Total = Row['totals'][number]

const pairLabel = (row: Row) => `${row.buyer.name} ← ${row.provider.name}`

function barChart(title: string, entries: { row: Row; total: Total }[], className: string): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'note' }, `${title}: nothing contracted on this day.`)
  const width = 860
  const labelWidth = 320
  const rowHeight = 26
  const max = Math.max(...entries.map(({ total }) => total.high ?? total.low))
  const scale = (value: number) => (value / max) * (width - labelWidth - 150)
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${entries.length * rowHeight + 10}`,
    class: `bar-chart ${className}`,
    role: 'img',
    'aria-label': title,
  })
  entries.forEach(({ row, total }, index) => {
    const y = index * rowHeight + 5
    chart.append(svg('text', { x: labelWidth - 8, y: y + 15, class: 'bar-label', 'text-anchor': 'end' }, pairLabel(row)))
    if (total.high !== null && total.high !== undefined && total.high > total.low)
      chart.append(svg('rect', { x: labelWidth, y, width: Math.max(2, scale(total.high)), height: 18, class: 'bar-high' }))
    chart.append(svg('rect', { x: labelWidth, y, width: Math.max(2, scale(total.low)), height: 18, class: 'bar-low' }))
    chart.append(svg('text', { x: labelWidth + scale(total.high ?? total.low) + 6, y: y + 14, class: 'bar-value' }, total.text))
  })
  return h('figure', { class: 'chart' }, h('figcaption', {}, title), chart)
}

export function computeView(context: Context): ViewController {
  const title = h('h2', { class: 'view-title', id: 'compute-title' }, 'Compute')
  const charts = h('div', { class: 'charts' })
  const table = h('tbody', {})
  const element = h(
    'section',
    { class: 'compute-view', 'aria-labelledby': 'compute-title' },
    title,
    h(
      'p',
      { class: 'note' },
      'Compute commitments, chip supply, capacity, leases and power contracted and not over on the day, per buyer and provider.',
    ),
    charts,
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'compute' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Buyer'),
            h('th', { scope: 'col' }, 'Provider'),
            h('th', { scope: 'col' }, 'Totals'),
            h('th', { scope: 'col' }, 'Clauses'),
          ),
        ),
        table,
      ),
    ),
  )
  let pending: AbortController | undefined
  return {
    element,
    async update(route) {
      title.textContent = `Compute contracted as of ${route.asOf}`
      const variables = { on: route.asOf }
      context.setQuery(graphiqlHref(Compute, variables))
      pending?.abort()
      const controller = new AbortController()
      pending = controller
      try {
        const data = await query(Compute, variables, controller.signal)
        if (controller.signal.aborted) return
        const rows = data.computeContracted
        const gw = rows.flatMap((row) => row.totals.filter((total) => total.unit === 'GW').map((total) => ({ row, total })))
        const usd = rows.flatMap((row) => {
          const money = row.totals.filter((total) => total.currency === 'USD')
          const largest = money.sort((a, b) => (b.high ?? b.low) - (a.high ?? a.low))[0]
          return largest ? [{ row, total: largest }] : []
        })
        usd.sort((a, b) => (b.total.high ?? b.total.low) - (a.total.high ?? a.total.low))
        replaceChildren(
          charts,
          barChart('Gigawatts contracted', gw, 'gw'),
          barChart('US dollars contracted (the largest total of each pair)', usd, 'usd'),
        )
        replaceChildren(
          table,
          rows.map((row) =>
            h(
              'tr',
              {},
              h('td', {}, row.buyer.name),
              h('td', {}, row.provider.name),
              h('td', {}, row.totals.length > 0 ? row.totals.map((total) => total.text).join('; ') : 'no figure given'),
              h('td', {}, String(row.clauseCount)),
            ),
          ),
        )
        element.dataset.ready = route.asOf
      } catch (error) {
        context.report(error)
      }
    },
  }
}
