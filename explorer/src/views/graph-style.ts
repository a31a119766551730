import type { StylesheetJson } from 'cytoscape'
import { KIND_COLOURS, OTHER_KIND_COLOUR } from '../format.js'

// How the graph looks: node kinds by shape and colour, edges coloured by clause kind, licence
// exclusivity by line (thick and solid: exclusive; dashed: non-exclusive), changes since the
// previous date in green (appeared) and red (ended).

export const NODE_STYLES = {
  COMPANY: { shape: 'ellipse', colour: '#35577d', label: 'Company' },
  ASSET: { shape: 'diamond', colour: '#8a4fbf', label: 'Model, product or IP' },
  CLOUD_PROVIDER: { shape: 'hexagon', colour: '#1d8a99', label: 'Cloud' },
} as const

export const RELATION_LABELS: Record<string, string> = {
  GRANTS: 'Term: grantor → grantee',
  CONCERNS: 'Term is about an asset',
  NAMES_CLOUD: 'Term names a cloud',
  PARTNERS: 'Parties, no term between them',
}

export const graphStyle: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 15,
      'text-wrap': 'ellipsis',
      'text-max-width': '140px',
      'font-family': 'system-ui, sans-serif',
      color: '#1c2430',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'min-zoomed-font-size': 8,
      width: 26,
      height: 26,
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  // Assets are many: their labels show once zoomed in, company labels from the start.
  { selector: 'node[type != "COMPANY"]', style: { 'font-size': 12, width: 20, height: 20 } },
  ...Object.entries(NODE_STYLES).map(([type, style]) => ({
    selector: `node[type = "${type}"]`,
    style: { shape: style.shape, 'background-color': style.colour },
  })),
  { selector: 'node.centre', style: { width: 44, height: 44, 'font-size': 20, 'font-weight': 'bold', 'border-width': 4, 'border-color': '#f2b705' } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'curve-style': 'bezier',
      'control-point-step-size': 14,
      'line-color': OTHER_KIND_COLOUR,
      'target-arrow-color': OTHER_KIND_COLOUR,
      'arrow-scale': 0.8,
      opacity: 0.85,
    },
  },
  ...Object.entries(KIND_COLOURS).map(([kind, colour]) => ({
    selector: `edge[kind = "${kind}"]`,
    style: { 'line-color': colour, 'target-arrow-color': colour },
  })),
  { selector: 'edge[relation = "GRANTS"]', style: { 'target-arrow-shape': 'triangle', width: 2.5 } },
  { selector: 'edge[relation = "CONCERNS"]', style: { 'target-arrow-shape': 'vee', width: 1, opacity: 0.5 } },
  { selector: 'edge[relation = "NAMES_CLOUD"]', style: { 'line-style': 'dotted', width: 1.2, opacity: 0.6 } },
  { selector: 'edge[relation = "PARTNERS"]', style: { 'line-color': '#b8bec7', width: 1, opacity: 0.6 } },
  {
    selector: 'edge[kind = "LICENSE_GRANT"][exclusivity = "EXCLUSIVE"][relation = "GRANTS"]',
    style: {
      width: 5,
      label: 'exclusive',
      'font-size': 9,
      color: '#4b1f7a',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
    },
  },
  { selector: 'edge[kind = "LICENSE_GRANT"][exclusivity = "NON_EXCLUSIVE"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
  { selector: 'edge.appeared', style: { 'underlay-color': '#2fb344', 'underlay-opacity': 0.45, 'underlay-padding': 4, opacity: 1 } },
  { selector: 'edge.ended', style: { 'line-color': '#d63939', 'target-arrow-color': '#d63939', 'line-style': 'dashed', opacity: 0.7 } },
  { selector: 'node.ended', style: { opacity: 0.45 } },
  { selector: 'node.appeared', style: { 'underlay-color': '#2fb344', 'underlay-opacity': 0.4, 'underlay-padding': 5 } },
  { selector: '.hidden', style: { display: 'none' } },
  { selector: ':selected', style: { 'overlay-color': '#f2b705', 'overlay-opacity': 0.35, 'overlay-padding': 6 } },
]
