import { graphiqlHref, query } from '../api.js'
import type { Context } from '../context.js'
import { compact, h, replaceChildren, routeLink, sourceLink } from '../dom.js'
import { exclusivityLabel, words } from '../format.js'
import type { ExplorerNeighbourhoodQuery } from '../gql/graphql.js'
import { AssetDetails, ClauseDetails, CloudDetails, CompanyDetails } from '../operations.js'
import type { Route } from '../route.js'

// The side panel of the graph: a clicked edge's clause (kind, direction, dates, money and
// quantities, condition, sources) or a clicked node's deals and terms in force on the day.

type Edge = ExplorerNeighbourhoodQuery['neighborhood']['edges'][number]

const row = (label: string, ...value: (Node | string | null | undefined)[]) =>
  value.some((part) => part) ? [h('dt', {}, label), h('dd', {}, ...value)] : []

export class DetailsPanel {
  readonly element: HTMLElement
  private shown = ''
  private pending: AbortController | undefined

  constructor(private readonly context: Context) {
    this.element = h(
      'aside',
      { class: 'details', 'aria-live': 'polite', 'aria-label': 'Details' },
      h('p', { class: 'hint' }, 'Click a node or an edge.'),
    )
  }

  show(route: Route, edge: Edge | undefined) {
    const key = `${route.selected}@${route.asOf}`
    if (key === this.shown) return
    this.shown = key
    this.pending?.abort()
    const controller = new AbortController()
    this.pending = controller
    const done = (...content: (Node | Node[])[]) => {
      if (!controller.signal.aborted) replaceChildren(this.element, ...content)
    }
    const fail = (error: unknown) => this.context.report(error)
    if (route.selected.startsWith('e:')) {
      if (!edge) return done(h('p', { class: 'hint' }, 'This edge is not in the graph on this day.'))
      if (!edge.clause) return done(this.partnersOnly(edge))
      this.clause(edge.clause.id, route.asOf, controller.signal).then(done, fail)
    } else if (route.selected.startsWith('n:')) {
      const [, slug = '', type = 'COMPANY'] = route.selected.split(':')
      this.node(slug, type, route.asOf, controller.signal).then(done, fail)
    } else {
      done(h('p', { class: 'hint' }, 'Click a node or an edge (or use the list of edges below the graph).'))
    }
  }

  private dealLink(deal: { slug: string; title: string }, version?: string) {
    return routeLink(this.context.hrefFor({ view: 'timeline', deal: deal.slug, version: version ?? '' }), deal.title, this.context.go)
  }

  private partnersOnly(edge: Edge): Node[] {
    return compact([
      h('h2', {}, 'Parties to one agreement'),
      h('p', {}, edge.agreement.title),
      h('p', {}, this.dealLink({ slug: edge.agreement.deal.slug, title: 'The deal’s timeline' }, edge.agreement.slug)),
    ])
  }

  private async clause(id: string, on: string, signal: AbortSignal): Promise<Node[]> {
    const variables = { id, on }
    const data = await query(ClauseDetails, variables, signal)
    const clause = data.node?.__typename === 'Clause' ? data.node : null
    if (!clause) return [h('p', {}, 'This clause is no longer there.')]
    const money = [
      clause.amount?.text,
      clause.percentage !== null && clause.percentage !== undefined ? `${clause.percentage}%` : null,
      clause.quantity?.text,
      clause.capped ? `capped${clause.cap ? ` at ${clause.cap.text}` : ''}` : null,
    ].filter(Boolean)
    const graphiql = graphiqlHref(ClauseDetails, variables)
    return compact([
      h('h2', { class: 'clause-title' }, words(clause.kind)),
      h('p', { class: 'summary' }, clause.summary),
      h(
        'dl',
        { class: 'facts' },
        row('Direction', `${clause.grantor?.name ?? '?'} → ${clause.grantee?.name ?? '?'}`),
        row('Exclusivity', exclusivityLabel(clause.exclusivity)),
        row('About', clause.subjects.map((subject) => subject.name).join(', ')),
        row('Clouds', clause.cloudProviders.map((cloud) => cloud.name).join(', ')),
        row('Term', `${clause.startsOn?.text ?? 'from its version'} – ${clause.endsOn?.text ?? 'open-ended'}`),
        row(
          'In force',
          `${clause.inForceFrom ?? '?'} – ${clause.inForceUntil ?? 'open'}${clause.inForceEnd ? ` (${words(clause.inForceEnd)})` : ''}; ${clause.inForce ? 'in force' : 'not in force'} on ${on}`,
        ),
        row('Money and quantities', money.join('; ')),
        row(
          'Tranches',
          clause.tranches.length > 0
            ? h(
                'ul',
                {},
                clause.tranches.map((tranche) =>
                  h('li', {}, [tranche.amount?.text, tranche.quantity?.text, tranche.on?.text, tranche.condition].filter(Boolean).join(' · ')),
                ),
              )
            : null,
        ),
        row('Condition', clause.condition),
        row('Deal', this.dealLink(clause.agreement.deal, clause.agreement.slug), ` (version: ${clause.agreement.title})`),
      ),
      h('h3', {}, 'Sources'),
      h(
        'ul',
        { class: 'sources' },
        clause.citations.map((citation) => h('li', {}, sourceLink(citation.source), h('span', { class: 'basis' }, ` ${words(citation.basis)}`))),
      ),
      graphiql ? h('p', {}, h('a', { href: graphiql, class: 'small-link' }, 'This clause in GraphiQL')) : null,
    ])
  }

  private async node(slug: string, type: string, on: string, signal: AbortSignal): Promise<Node[]> {
    const centre = (kind: Route['kind']) =>
      h(
        'p',
        {},
        routeLink(this.context.hrefFor({ view: 'graph', node: slug, kind, selected: '' }), 'Centre the graph here', this.context.go, {
          class: 'button',
        }),
      )
    const terms = (title: string, total: number, nodes: { id: string; kind: string; summary: string; exclusivity: string }[]) =>
      nodes.length > 0
        ? [
            h('h3', {}, `${title} (${total}) in force on ${on}`),
            h(
              'ul',
              { class: 'terms' },
              nodes.map((clause) => h('li', {}, h('strong', {}, words(clause.kind)), ': ', clause.summary)),
            ),
          ]
        : []
    if (type === 'ASSET') {
      const data = await query(AssetDetails, { slug, on }, signal)
      const asset = data.asset
      if (!asset) return [h('p', {}, `No asset ${slug}.`)]
      return compact([
        h('h2', {}, asset.name),
        h('p', { class: 'what' }, words(asset.kind), asset.developer ? ` by ${asset.developer.name}` : ''),
        asset.description ? h('p', {}, asset.description) : '',
        centre('asset'),
        ...terms('Terms about it', asset.clauses.totalCount, asset.clauses.nodes),
      ])
    }
    if (type === 'CLOUD_PROVIDER') {
      const data = await query(CloudDetails, { slug, on }, signal)
      const cloud = data.cloudProvider
      if (!cloud) return [h('p', {}, `No cloud ${slug}.`)]
      return compact([
        h('h2', {}, cloud.name),
        h('p', { class: 'what' }, `Cloud operated by ${cloud.operator.name}`),
        cloud.description ? h('p', {}, cloud.description) : '',
        centre('cloud'),
        ...terms('Terms naming it', cloud.clauses.totalCount, cloud.clauses.nodes),
      ])
    }
    const data = await query(CompanyDetails, { slug, on }, signal)
    const company = data.company
    if (!company) return [h('p', {}, `No company ${slug}.`)]
    return compact([
      h('h2', {}, company.name),
      h('p', { class: 'what' }, company.kinds.map(words).join(', '), company.country ? ` · ${company.country}` : ''),
      company.description ? h('p', {}, company.description) : '',
      company.website ? h('p', {}, h('a', { href: company.website, rel: 'noopener noreferrer', target: '_blank' }, company.website)) : '',
      centre('company'),
      h('h3', {}, `Deals (${company.deals.totalCount})`),
      h(
        'ul',
        { class: 'deals' },
        company.deals.nodes.map((deal) => h('li', {}, this.dealLink(deal), ` ${deal.inForceFrom ?? ''}–${deal.inForceUntil ?? ''}`)),
      ),
      ...terms('Terms it grants', company.clausesGranted.totalCount, company.clausesGranted.nodes),
      ...terms('Terms it receives', company.clausesReceived.totalCount, company.clausesReceived.nodes),
    ])
  }
}
