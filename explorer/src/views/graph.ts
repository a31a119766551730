import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape'
import { graphiqlHref, query } from '../api.js'
import type { Context, ViewController } from '../context.js'
import { h, replaceChildren } from '../dom.js'
import { exclusivityLabel, KIND_COLOURS, kindColour, words } from '../format.js'
import type { ExplorerNeighbourhoodQuery } from '../gql/graphql.js'
import { Neighbourhood, Owner } from '../operations.js'
import type { Route } from '../route.js'
import { DetailsPanel } from './details.js'
import { graphStyle, NODE_STYLES, RELATION_LABELS } from './graph-style.js'

// The neighbourhood of a company, model or cloud as of the day, drawn with Cytoscape.js. Nodes
// keep their positions while the day moves (new ones are placed beside their neighbours), and
// the edges that appeared or ended since the previous day are marked. The same edges are listed
// as buttons below the canvas, for the keyboard and for screen readers.

type Graph = ExplorerNeighbourhoodQuery['neighborhood']
type Edge = Graph['edges'][number]
type Point = { x: number; y: number }

const RELATIONS = ['GRANTS', 'CONCERNS', 'NAMES_CLOUD', 'PARTNERS'] as const

export function graphView(context: Context): ViewController {
  const canvas = h('div', { class: 'graph-canvas', role: 'img', 'aria-label': 'Partnership graph; the same edges are listed below it' })
  const changes = h('p', { class: 'graph-changes', 'aria-live': 'polite' })
  const heading = h('h2', { class: 'view-title' }, 'Graph')
  const note = h('p', { class: 'note' })
  const edgeList = h('ul', { class: 'edge-list' })
  const edgeCount = h('span', {})
  const shown = new Set<string>(['GRANTS', 'CONCERNS', 'NAMES_CLOUD'])
  const toggles = h(
    'fieldset',
    { class: 'relations' },
    h('legend', {}, 'Edges shown'),
    RELATIONS.map((relation) => {
      const box = h('input', { type: 'checkbox', id: `relation-${relation}`, checked: shown.has(relation) })
      box.addEventListener('change', () => {
        if (box.checked) shown.add(relation)
        else shown.delete(relation)
        applyFilter()
      })
      return h('label', { for: `relation-${relation}`, class: 'toggle' }, box, RELATION_LABELS[relation])
    }),
  )
  const details = new DetailsPanel(context)
  const element = h(
    'section',
    { class: 'graph-view', 'aria-labelledby': 'graph-title' },
    h(
      'div',
      { class: 'graph-main' },
      heading,
      note,
      canvas,
      changes,
      legend(),
      toggles,
      h('details', { class: 'edge-details' }, h('summary', {}, 'Edges as a list (', edgeCount, ')'), edgeList),
    ),
    details.element,
  )
  heading.id = 'graph-title'

  let cy: Core | undefined
  let centreKey = ''
  let drawnDay = ''
  let positions = new Map<string, Point>()
  let current: Graph | undefined
  let pending: AbortController | undefined
  const owners = new Map<string, string>()

  /** The company whose neighbourhood to fetch: the neighbourhood query takes a company's slug only. */
  async function centreCompany(route: Route, signal: AbortSignal): Promise<string> {
    if (route.kind === 'company') return route.node
    const key = `${route.kind}:${route.node}`
    const known = owners.get(key)
    if (known) return known
    const data = await query(Owner, { slug: route.node }, signal)
    const owner = route.kind === 'asset' ? data.asset?.developer?.slug : data.cloudProvider?.operator.slug
    if (!owner) throw new Error(`${route.node} has no ${route.kind === 'asset' ? 'developer' : 'operator'} whose neighbourhood could be drawn`)
    owners.set(key, owner)
    return owner
  }

  function ensureCy(): Core {
    if (cy) return cy
    cy = cytoscape({ container: canvas, style: graphStyle, minZoom: 0.2, maxZoom: 3, boxSelectionEnabled: false })
    cy.on('tap', 'node', (event) => context.navigate({ selected: `n:${event.target.data('slug')}:${event.target.data('type')}` }))
    cy.on('tap', 'edge', (event) => {
      if (!event.target.hasClass('ended')) context.navigate({ selected: `e:${event.target.id()}` })
    })
    cy.on('tap', (event) => {
      if (event.target === cy) context.navigate({ selected: '' })
    })
    return cy
  }

  function applyFilter() {
    cy?.edges().forEach((edge) => {
      edge.toggleClass('hidden', !shown.has(edge.data('relation')))
    })
    for (const item of edgeList.children) (item as HTMLElement).hidden = !shown.has((item as HTMLElement).dataset.relation ?? '')
  }

  function draw(graph: Graph, route: Route, centre: string) {
    const core = ensureCy()
    const key = `${route.kind}:${route.node}`
    const sameCentre = key === centreKey
    const previous = sameCentre ? current : undefined
    if (!sameCentre) positions = new Map()
    const slugOf = new Map(graph.nodes.map((node) => [node.id, node.slug]))
    const focusId = graph.nodes.find((node) => node.slug === route.node)?.id ?? graph.nodes.find((node) => node.slug === centre)?.id
    const newEdges = new Set(graph.edges.map((edge) => edge.id))
    const oldEdges = new Set(previous?.edges.map((edge) => edge.id) ?? [])
    const ended = (previous?.edges ?? []).filter((edge) => !newEdges.has(edge.id))
    const appeared = previous && drawnDay !== route.asOf ? graph.edges.filter((edge) => !oldEdges.has(edge.id)) : []
    const nodeIds = new Set(graph.nodes.map((node) => node.id))
    const ghostNodes = (previous?.nodes ?? []).filter((node) => !nodeIds.has(node.id))
    const oldNodeIds = new Set(previous?.nodes.map((node) => node.id) ?? [])

    const elements: ElementDefinition[] = [
      ...graph.nodes.map((node) => ({
        group: 'nodes' as const,
        data: { id: node.id, label: node.label, slug: node.slug, type: node.type },
        classes: [node.id === focusId ? 'centre' : '', previous && !oldNodeIds.has(node.id) ? 'appeared' : ''].join(' '),
      })),
      ...ghostNodes.map((node) => ({
        group: 'nodes' as const,
        data: { id: node.id, label: node.label, slug: node.slug, type: node.type },
        classes: 'ended',
      })),
      ...graph.edges.map((edge) => edgeElement(edge, appeared.includes(edge) ? 'appeared' : '')),
      ...ended.map((edge) => edgeElement(edge, 'ended')),
    ]
    core.batch(() => {
      core.elements().remove()
      core.add(elements)
    })
    place(core, focusId)
    applyFilter()
    // A new centre is fitted; a new day keeps the reader's zoom unless something lands outside it.
    const box = core.elements().boundingBox()
    const view = core.extent()
    if (!sameCentre || box.x1 < view.x1 || box.y1 < view.y1 || box.x2 > view.x2 || box.y2 > view.y2) core.fit(undefined, 30)

    for (const ghost of ghostNodes) slugOf.set(ghost.id, ghost.slug)
    renderList(graph.edges, ended, new Set(appeared.map((edge) => edge.id)), slugOf, [...graph.nodes, ...ghostNodes])
    replaceChildren(
      changes,
      previous && drawnDay !== route.asOf
        ? `Since ${drawnDay}: ${appeared.length} edge${appeared.length === 1 ? '' : 's'} appeared (green), ${ended.length} ended (red, dashed).`
        : '',
    )
    note.textContent = graph.truncated ? 'Only the edges nearest the centre are drawn: the neighbourhood is larger.' : ''
    current = graph
    centreKey = key
    drawnDay = route.asOf
  }

  /** Known nodes stay put; the first drawing is in rings around the centre; newcomers go beside their neighbours. */
  function place(core: Core, focusId: string | undefined) {
    const unplaced = core.nodes().filter((node) => !positions.has(node.id()))
    if (positions.size === 0) {
      rings(core, focusId)
    } else {
      core.nodes().forEach((node) => {
        const known = positions.get(node.id())
        if (known) node.position(known)
      })
      unplaced.forEach((node, index) => {
        const neighbours = node
          .neighborhood('node')
          .filter((other) => positions.has(other.id()))
          .map((other) => positions.get(other.id())!)
        const anchor = neighbours.length > 0 ? average(neighbours) : { x: 0, y: 0 }
        const angle = (index * 2.399963) % (2 * Math.PI)
        node.position({ x: anchor.x + 90 * Math.cos(angle), y: anchor.y + 90 * Math.sin(angle) })
      })
    }
    core.nodes().forEach((node) => {
      positions.set(node.id(), { ...node.position() })
    })
  }

  function renderList(edges: Edge[], ended: Edge[], appeared: Set<string>, slugOf: Map<string, string>, nodes: Graph['nodes']) {
    const labelOf = new Map(nodes.map((node) => [node.id, node.label]))
    const item = (edge: Edge, change: string) =>
      h(
        'li',
        {
          'data-relation': edge.relation,
          'data-kind': edge.kind ?? '',
          'data-exclusivity': edge.exclusivity ?? '',
          'data-source': slugOf.get(edge.source) ?? '',
          'data-target': slugOf.get(edge.target) ?? '',
          'data-subjects': edge.clause?.subjects.map((subject) => subject.slug).join(' ') ?? '',
          'data-change': change,
        },
        h(
          'button',
          {
            type: 'button',
            class: 'edge-button',
            disabled: change === 'ended',
            onclick: (() => context.navigate({ selected: `e:${edge.id}` })) as EventListener,
          },
          h('span', { class: 'swatch', style: `background:${kindColour(edge.kind)}`, 'aria-hidden': 'true' }),
          `${labelOf.get(edge.source) ?? '?'} → ${labelOf.get(edge.target) ?? slugOf.get(edge.target) ?? '?'}: `,
          edge.kind ? words(edge.kind) : 'partners',
          edge.kind === 'LICENSE_GRANT' ? ` (${exclusivityLabel(edge.exclusivity)})` : '',
          change === 'appeared' ? ' — new' : change === 'ended' ? ' — ended' : '',
        ),
      )
    const ordered = [...edges].sort((a, b) => Number(b.relation === 'GRANTS') - Number(a.relation === 'GRANTS'))
    replaceChildren(edgeList, [
      ...ordered.map((edge) => item(edge, appeared.has(edge.id) ? 'appeared' : '')),
      ...ended.map((edge) => item(edge, 'ended')),
    ])
    edgeCount.textContent = String(edges.length)
  }

  function select(route: Route) {
    if (!cy) return
    cy.elements().unselect()
    if (route.selected.startsWith('e:')) cy.getElementById(route.selected.slice(2)).select()
    else if (route.selected.startsWith('n:')) cy.nodes(`[slug = "${route.selected.split(':')[1]?.replace(/"/g, '')}"]`).select()
  }

  return {
    element,
    async update(route, previousRoute) {
      heading.textContent = `Graph around ${route.node}, as of ${route.asOf}`
      const needsData =
        !current ||
        previousRoute === null ||
        previousRoute.node !== route.node ||
        previousRoute.kind !== route.kind ||
        previousRoute.asOf !== route.asOf
      if (needsData) {
        pending?.abort()
        const controller = new AbortController()
        pending = controller
        try {
          const centre = await centreCompany(route, controller.signal)
          const variables = { slug: centre, activeOn: route.asOf, depth: 1 }
          context.setQuery(graphiqlHref(Neighbourhood, variables))
          const data = await query(Neighbourhood, variables, controller.signal)
          if (controller.signal.aborted) return
          draw(data.neighborhood, route, centre)
          element.dataset.ready = `${route.kind}:${route.node}@${route.asOf}`
        } catch (error) {
          context.report(error)
          return
        }
      }
      select(route)
      const edge = route.selected.startsWith('e:') ? current?.edges.find((candidate) => candidate.id === route.selected.slice(2)) : undefined
      details.show(route, edge)
    },
  }
}

function edgeElement(edge: Edge, change: string): ElementDefinition {
  return {
    group: 'edges',
    data: {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      relation: edge.relation,
      kind: edge.kind ?? '',
      exclusivity: edge.exclusivity ?? '',
    },
    classes: change,
  }
}

/**
 * The first drawing: the centre in the middle, companies on a ring around it, assets and clouds
 * on an outer ring, each ring in label order. Computed here rather than by a layout run, which
 * measures every label first and costs a few hundred milliseconds on the largest neighbourhoods.
 */
function rings(core: Core, focusId: string | undefined) {
  const SPACING = 46
  const byLabel = (a: NodeSingular, b: NodeSingular) => String(a.data('label')).localeCompare(String(b.data('label')))
  const others = core.nodes().filter((node) => node.id() !== focusId)
  const inner = others.filter((node) => node.data('type') === 'COMPANY').sort(byLabel)
  const outer = others.filter((node) => node.data('type') !== 'COMPANY').sort(byLabel)
  const innerRadius = Math.max(140, (inner.length * SPACING) / (2 * Math.PI) / 1.4)
  const outerRadius = Math.max(innerRadius + 120, (outer.length * SPACING) / (2 * Math.PI) / 1.4)
  // Rings stretched to the canvas's shape, so a wide screen is used across and a phone down.
  const aspect = core.width() / Math.max(1, core.height())
  const [stretchX, stretchY] = aspect >= 1 ? [Math.min(aspect, 2.2), 1] : [1, Math.min(1 / aspect, 2.2)]
  if (focusId) core.getElementById(focusId).position({ x: 0, y: 0 })
  const ring = (nodes: NodeSingular[], radius: number, offset: number) =>
    nodes.forEach((node, index) => {
      const angle = ((index + offset) / nodes.length) * 2 * Math.PI - Math.PI / 2
      node.position({ x: stretchX * radius * Math.cos(angle), y: stretchY * radius * Math.sin(angle) })
    })
  ring(inner.toArray() as NodeSingular[], innerRadius, 0)
  ring(outer.toArray() as NodeSingular[], outerRadius, 0.5)
}

function average(points: Point[]): Point {
  return { x: points.reduce((sum, p) => sum + p.x, 0) / points.length, y: points.reduce((sum, p) => sum + p.y, 0) / points.length }
}

function legend(): HTMLElement {
  return h(
    'div',
    { class: 'legend', 'aria-label': 'Legend' },
    h(
      'ul',
      { class: 'legend-nodes' },
      Object.values(NODE_STYLES).map((style) =>
        h('li', {}, h('span', { class: `shape shape-${style.shape}`, style: `background:${style.colour}` }), style.label),
      ),
    ),
    h(
      'ul',
      { class: 'legend-kinds' },
      Object.entries(KIND_COLOURS).map(([kind, colour]) => h('li', {}, h('span', { class: 'swatch', style: `background:${colour}` }), words(kind))),
      h('li', {}, h('span', { class: 'line line-exclusive' }), 'exclusive licence'),
      h('li', {}, h('span', { class: 'line line-dashed' }), 'non-exclusive licence'),
      h('li', {}, h('span', { class: 'line line-appeared' }), 'appeared since the previous day'),
      h('li', {}, h('span', { class: 'line line-ended' }), 'ended since the previous day'),
    ),
  )
}
