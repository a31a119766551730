import { describe, expect, it } from 'vitest'
import { createServer } from '../../src/yoga.js'

// GraphiQL is served from the installed package (no CDN), with the example queries as tabs.
describe('GraphiQL', () => {
  it('opens offline with the example queries', async () => {
    const yoga = createServer({ graphiql: true })
    const response = await yoga.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } })
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn\.jsdelivr)/)
    for (const name of ['NonExclusiveLicences', 'LatestMicrosoftOpenAIChanges', 'MicrosoftOpenAITermsOn', 'GraphQuestions']) {
      expect(html).toContain(name)
    }
  })

  it('can be switched off', async () => {
    const yoga = createServer({ graphiql: false })
    const response = await yoga.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } })
    expect(response.status).not.toBe(200)
  })
})
