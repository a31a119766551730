import { buildExplorer } from '../src/server/explorer-build.js'

// `npm run explorer:build`: the explorer's files, built now (`npm start` builds them when stale).
const manifest = await buildExplorer()
console.log(`Built the explorer: explorer/dist/assets/${manifest.script}, ${manifest.style}, ${Object.keys(manifest.documents).length} documents`)
