import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../seed/load.js'
import { graphiqlTabs } from '../../src/graphiql-examples.js'
import { startTestApi, type TestApi } from '../helpers/api.js'

// The three analyst questions of issue 20, each one query of the GraphiQL tabs, on the shipped
// data. The expected answers were read off the dataset files by hand (keys, dates and figures).

let api: TestApi
beforeAll(async () => {
  api = await startTestApi((prisma) => loadShippedData(prisma))
}, 60_000)
afterAll(() => api?.close())

const tab = (name: string) => {
  const found = graphiqlTabs('2026-12-07').find((t) => t.query.includes(`query ${name} `))
  if (!found) throw new Error(`no GraphiQL tab ${name}`)
  return found.query
}

async function answer(query: string) {
  const result = await api.query(query)
  expect(result.errors).toBeUndefined()
  return result.data!
}

interface Total {
  text: string
}
interface Row {
  buyer: { name: string }
  provider: { name: string }
  totals: Total[]
  clauses: { agreement: { slug: string } }[]
}

describe('compute contracted per lab, in GW and dollars, as of a day', () => {
  it("answers with OpenAI's providers, units and qualifiers kept apart", async () => {
    const data = await answer(tab('ComputeContracted'))
    const rows = data.computeContracted as Row[]
    const row = (buyer: string, provider: string) => rows.find((r) => r.buyer.name === buyer && r.provider.name === provider)
    // openai-amd-2025#1 (6 GW of AMD GPUs) and openai-broadcom-2025#2 (10 GW of racks): one clause each.
    expect(row('OpenAI', 'AMD')!.totals.map((t) => t.text)).toEqual(['6 GW'])
    expect(row('OpenAI', 'Broadcom')!.totals.map((t) => t.text)).toEqual(['10 GW'])
    // Oracle: the 4.5 GW of July 2025 is replaced by "over 5.5 GW" of the five-site expansion; the
    // $300B due from 2027 is contracted already; the yearly $30B stays a total of its own.
    expect(row('OpenAI', 'Oracle')!.totals.map((t) => t.text)).toEqual(['at least 5.5 GW', 'at least $300B over the term', 'about $30B a year'])
  })

  it('leaves out what has ended by the day', async () => {
    const result = await api.query(`{ computeContracted(on: "2026-12-07", buyer: "openai", provider: "oracle") { clauses { key } } }`)
    const keys = (result.data!.computeContracted as { clauses: { key: string }[] }[])[0]!.clauses.map((c) => c.key)
    expect(keys).not.toContain('openai-oracle-stargate-2025#1')
    expect(keys).toEqual(expect.arrayContaining(['openai-oracle-stargate-2025#3', 'stargate-2025-09-five-sites#2']))
  })
})

describe('exclusive terms that ended in 2025–2026, and how', () => {
  it('lists each with its last day and the way it ended', async () => {
    const data = await answer(tab('ExclusiveTermsEnded'))
    const ended = (data.clauses.nodes as { agreement: { slug: string }; kind: string; inForceUntil: string; inForceEnd: string }[])
      .map((c) => `${c.agreement.slug} ${c.kind} ${c.inForceUntil} ${c.inForceEnd}`)
      .sort()
    expect(ended).toEqual([
      // Azure as sole cloud, until the January 2025 right of first refusal took over.
      'microsoft-openai-2023-extension EXCLUSIVITY 2025-01-20 REPLACED',
      // The October 2025 definitive agreement replaced the 2025 IP licence and API exclusivity.
      'microsoft-openai-2025-01-rofr EXCLUSIVITY 2025-10-27 REPLACED',
      'microsoft-openai-2025-01-rofr LICENSE_GRANT 2025-10-27 REPLACED',
      // The April 2026 amendment: a non-exclusive licence and distribution replace the exclusive
      // ones, and the two exclusivity terms are dropped.
      'microsoft-openai-2025-10-definitive DISTRIBUTION_RIGHTS 2026-04-26 REPLACED',
      'microsoft-openai-2025-10-definitive EXCLUSIVITY 2026-04-26 REMOVED',
      'microsoft-openai-2025-10-definitive EXCLUSIVITY 2026-04-26 REMOVED',
      'microsoft-openai-2025-10-definitive LICENSE_GRANT 2026-04-26 REPLACED',
      // The 2020 GPT-3 licence, a supplement, replaced by the 2026 non-exclusive licence.
      'microsoft-openai-gpt3-license-2020 LICENSE_GRANT 2026-04-26 REPLACED',
    ])
    expect(data.clauses.totalCount).toBe(8)
  })
})

describe("a company's partners by number of deals", () => {
  it("counts Microsoft's deals with OpenAI and NVIDIA, not their versions", async () => {
    const data = await answer(tab('MicrosoftPartnersByDeals'))
    const partners = data.company.partners as { company: { name: string }; deals: number; versions: number }[]
    // OpenAI: microsoft-openai (8 versions), microsoft-oracle-openai, stargate, figure-ai.
    // NVIDIA: anthropic-microsoft-nvidia, figure-ai, gaiip (2 versions), stargate.
    expect(partners.slice(0, 2)).toEqual([
      { company: { name: 'OpenAI' }, deals: 4, versions: 11 },
      { company: { name: 'NVIDIA' }, deals: 4, versions: 5 },
    ])
    const deals = partners.map((p) => p.deals)
    expect(deals).toEqual([...deals].sort((a, b) => b - a))
    expect(data.company.deals.totalCount).toBeGreaterThanOrEqual(partners[0]!.deals)
  })
})
