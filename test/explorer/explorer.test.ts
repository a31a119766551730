import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../src/db/setup/project-paths.js'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { type ExplorerSite, startExplorerSite } from './site.js'

// The explorer in real Chromium, against the shipped data, where only trusted documents run.

const today = new Date().toISOString().slice(0, 10)
let site: ExplorerSite
let browser: Browser
const problems: string[] = []

beforeAll(async () => {
  site = await startExplorerSite()
  browser = await launchChromium()
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await site?.close()
})
afterEach(() => {
  // Every console error or uncaught exception of the test's pages fails it.
  expect(problems.splice(0)).toEqual([])
})

async function open(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport, acceptDownloads: true })
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
  await page.goto(`${site.url}${path}`)
  return page
}

const ready = (page: Page, view: string, value: string) => page.waitForSelector(`.${view}-view[data-ready="${value}"]`, { timeout: 20_000 })

/** The licence edge of OpenAI's models from OpenAI to Microsoft, in the list beside the graph. */
const modelsLicence = (page: Page) =>
  page.locator(
    '.edge-list li[data-relation="GRANTS"][data-kind="LICENSE_GRANT"][data-source="openai"][data-target="microsoft"][data-subjects~="openai-models"]',
  )

describe('the explorer in Chromium', () => {
  it('says in one line how to install Chromium when it is missing', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
      'No browser at /nonexistent/chromium: install it with `npm run browser:install` (runs apt-get install chromium).',
    )
  })

  it('searches, opens the graph, and shows a clicked edge’s clause with its sources', async () => {
    const page = await open(`/?asOf=${today}`)
    // By the keyboard: type, arrow down to the first suggestion, Enter.
    await page.getByRole('combobox').fill('openai')
    await page.getByRole('option').filter({ hasText: 'Company' }).first().waitFor()
    expect(await page.getByRole('option').first().textContent()).toBe('OpenAICompany')
    await page.getByRole('combobox').press('ArrowDown')
    await page.getByRole('combobox').press('Enter')
    await ready(page, 'graph', `company:openai@${today}`)
    expect(new URL(page.url()).searchParams.get('node')).toBe('openai')

    await page.locator('.edge-details summary').click()
    await page.locator('.edge-list li[data-kind="LICENSE_GRANT"][data-source="openai"][data-target="microsoft"] button').first().click()
    const details = page.locator('aside.details')
    await expect.poll(() => details.locator('h2').textContent()).toBe('licence grant')
    await expect.poll(() => details.locator('dd').first().textContent()).toBe('OpenAI → Microsoft')
    const sources = await details.locator('ul.sources a').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href))
    expect(sources.length).toBeGreaterThan(0)
    for (const href of sources) expect(href).toMatch(/^https?:\/\//)
    expect(new URL(page.url()).searchParams.get('selected')).toMatch(/^e:/)
    await page.close()
  }, 60_000)

  it('turns Microsoft’s licence of OpenAI’s models from exclusive to non-exclusive as the slider moves to today', async () => {
    const page = await open('/?view=graph&node=microsoft&asOf=2026-01-01')
    await ready(page, 'graph', 'company:microsoft@2026-01-01')
    expect(await modelsLicence(page).evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.exclusivity))).toEqual(['EXCLUSIVE'])

    await page.locator('#as-of-slider').focus()
    await page.keyboard.press('End')
    await ready(page, 'graph', `company:microsoft@${today}`)
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(today)
    const now = modelsLicence(page).and(page.locator(':not([data-change="ended"])'))
    expect(await now.evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.exclusivity))).toEqual(['NON_EXCLUSIVE'])
    // The exclusive grant is still drawn, marked as ended, and the new one as appeared.
    expect(await modelsLicence(page).and(page.locator('[data-change="ended"]')).getAttribute('data-exclusivity')).toBe('EXCLUSIVE')
    expect(await modelsLicence(page).and(page.locator('[data-change="appeared"]')).getAttribute('data-exclusivity')).toBe('NON_EXCLUSIVE')
    expect(await page.locator('.graph-changes').textContent()).toMatch(/^Since 2026-01-01: \d+ edges? appeared \(green\), \d+ ended/)
    await page.close()
  }, 60_000)

  it('tells the Microsoft–OpenAI deal as its versions on a time axis, and the 2026 amendment’s changes', async () => {
    const { data } = await site.api.query('{ deal(slug: "microsoft-openai") { agreements { slug } } }')
    const slugs: string[] = data!.deal.agreements.map((agreement: { slug: string }) => agreement.slug)
    const page = await open(`/?view=timeline&deal=microsoft-openai&asOf=${today}`)
    await ready(page, 'timeline', 'microsoft-openai:microsoft-openai-2026-04-amendment')
    expect(await page.locator('ol.versions li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.version))).toEqual(slugs)
    expect(await page.locator('.timeline-chart .version-row').count()).toBe(slugs.length)
    expect(slugs[0]).toBe('microsoft-openai-2019')

    const changes = await page
      .locator('.change-list li')
      .evaluateAll((items) => items.map((item) => `${(item as HTMLElement).dataset.change} ${(item as HTMLElement).dataset.kind}`))
    expect(changes).toEqual(expect.arrayContaining(['ADDED CLOUD_PRIMACY', 'REMOVED EXCLUSIVITY', 'MODIFIED REVENUE_SHARE']))
    const revenueShare = page.locator('.change-list li[data-change="MODIFIED"][data-kind="REVENUE_SHARE"] table th[scope="row"]')
    expect(await revenueShare.allTextContents()).toEqual(expect.arrayContaining(['summary', 'endsOn']))

    // The first version, chosen on the list, shows its terms.
    await page.locator('ol.versions a', { hasText: 'Microsoft invests $1 billion' }).click()
    await ready(page, 'timeline', 'microsoft-openai:microsoft-openai-2019')
    expect(await page.locator('.changes h4').first().textContent()).toMatch(/^Its terms \(\d+\)$/)
    await page.close()
  }, 60_000)

  it('filters the licence table, sorts it, downloads it as CSV, and reloads to the same view', async () => {
    const page = await open(`/?view=licences&asOf=${today}`)
    await page.waitForSelector('.licences-view[data-ready]')
    const all = await page.locator('table.licences tbody tr').count()
    await page.locator('#filter-exclusivity').selectOption('NON_EXCLUSIVE')
    await page.waitForFunction(() => new URL(location.href).searchParams.get('exclusivity') === 'NON_EXCLUSIVE')
    await page.waitForSelector('.licences-view[data-ready*="NON_EXCLUSIVE"]')
    const { data } = await site.api.query('query($on: Date!) { licenses(filter: { exclusivity: NON_EXCLUSIVE, activeOn: $on }) { totalCount } }', {
      on: today,
    })
    const rows = page.locator('table.licences tbody tr')
    expect(await rows.count()).toBe(data!.licenses.totalCount)
    expect(await rows.count()).toBeLessThan(all)
    expect(new Set(await rows.evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.exclusivity)))).toEqual(
      new Set(['NON_EXCLUSIVE']),
    )

    await page.locator('#filter-licensor').fill('openai')
    await page.locator('#filter-licensor').press('Enter')
    await page.locator('#filter-licensor').blur()
    await page.waitForSelector('.licences-view[data-ready*="openai"]')
    expect(new Set(await page.locator('table.licences tbody tr td:first-child').allTextContents())).toEqual(new Set(['OpenAI']))

    await page.getByRole('link', { name: 'Sort by licensee' }).click()
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'licensee')
    const licensees = await page.locator('table.licences tbody tr td:nth-child(2)').allTextContents()
    expect(licensees).toEqual([...licensees].sort((a, b) => a.localeCompare(b)))

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#licences-csv').click()])
    expect(download.suggestedFilename()).toBe(`licences-${today}.csv`)
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n')
    expect(csv[0]).toBe('"Licensor","Licensee","Subjects","Exclusivity","Until","Sources"')
    expect(csv.slice(1).map((line) => line.split('","')[1])).toEqual(licensees)

    const before = page.url()
    await page.reload()
    await page.waitForSelector('.licences-view[data-ready*="openai"]')
    expect(page.url()).toBe(before)
    expect(await page.locator('#filter-exclusivity').inputValue()).toBe('NON_EXCLUSIVE')
    expect(await page.locator('#filter-licensor').inputValue()).toBe('openai')
    expect(await page.locator('table.licences tbody tr td:nth-child(2)').allTextContents()).toEqual(licensees)
    expect(await page.locator('.tab[aria-current="page"]').textContent()).toBe('Licences')
    await page.close()
  }, 60_000)

  it('reloads a graph deep link with its selected edge, and links its query to GraphiQL', async () => {
    const page = await open('/?view=graph&node=microsoft&asOf=2026-01-01')
    await ready(page, 'graph', 'company:microsoft@2026-01-01')
    await page.locator('.edge-details summary').click()
    await modelsLicence(page).locator('button').click()
    await expect.poll(() => page.locator('aside.details dd').nth(1).textContent()).toBe('exclusive')
    const deepLink = page.url()
    await page.reload()
    await ready(page, 'graph', 'company:microsoft@2026-01-01')
    expect(page.url()).toBe(deepLink)
    await expect.poll(() => page.locator('aside.details dd').nth(1).textContent()).toBe('exclusive')

    const graphiql = new URL((await page.locator('.graphiql-link').getAttribute('href'))!, site.url)
    expect(graphiql.pathname).toBe('/graphql')
    expect(graphiql.searchParams.get('query')).toContain('$activeOn: Date! = "2026-01-01"')
    expect(graphiql.searchParams.get('query')).toContain('$slug: String! = "microsoft"')
    await page.close()
  }, 60_000)

  it('answers a click on the canvas: the node at the centre shows its deals', async () => {
    const page = await open('/?view=graph&node=microsoft&asOf=2026-01-01')
    await ready(page, 'graph', 'company:microsoft@2026-01-01')
    // The concentric layout puts the centre company in the middle of the fitted canvas.
    const box = (await page.locator('.graph-canvas').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await expect.poll(() => page.locator('aside.details h2').textContent()).toBe('Microsoft')
    expect(new URL(page.url()).searchParams.get('selected')).toBe('n:microsoft:COMPANY')
    expect(await page.locator('aside.details ul.deals li').count()).toBeGreaterThan(5)
    await page.close()
  }, 60_000)

  it('opens a cloud’s neighbourhood by its operator, the cloud at the centre', async () => {
    const page = await open('/?view=graph&node=azure&kind=cloud&asOf=2026-06-01')
    await ready(page, 'graph', 'cloud:azure@2026-06-01')
    expect(await page.locator('.edge-list li[data-target="azure"]').count()).toBeGreaterThan(0)
    await page.close()
  }, 60_000)

  it('paints within a second, and labels every control', async () => {
    const page = await open(`/?view=graph&node=openai&asOf=${today}`)
    await ready(page, 'graph', `company:openai@${today}`)
    const timing = await page.evaluate(() => ({
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      drawn: performance.now(),
    }))
    console.log(`explorer: first contentful paint ${timing.paint.toFixed(0)} ms, the OpenAI graph drawn by ${timing.drawn.toFixed(0)} ms`)
    expect(timing.paint).toBeLessThan(1_000)
    // Controls without a name a screen reader could read.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button, a[href]')]
        .filter((element) => {
          const labelled = element.getAttribute('aria-label') || (element.id && document.querySelector(`label[for="${element.id}"]`))
          return !labelled && !element.textContent?.trim() && !element.closest('label')
        })
        .map((element) => element.outerHTML.slice(0, 80)),
    )
    expect(unlabelled).toEqual([])
    // The graph stays interactive: clicking an edge of the largest neighbourhood answers at once.
    await page.locator('.edge-details summary').click()
    const started = Date.now()
    await page.locator('.edge-list li[data-relation="GRANTS"] button').first().click()
    await page.waitForSelector('aside.details h2.clause-title')
    console.log(`explorer: an edge's clause shown ${Date.now() - started} ms after the click`)
    expect(Date.now() - started).toBeLessThan(2_000)
    await page.close()
  }, 60_000)
})

// Each run keeps its screenshots in .test-output/screenshots/ (git-ignored: the as-of day moves
// daily); `npm run explorer:screenshots` writes them to docs/screenshots/, where the README shows them.
describe('screenshots', () => {
  const views = [
    { name: 'graph', path: '/?view=graph&node=microsoft&asOf=2026-01-01', ready: 'graph' },
    { name: 'timeline', path: '/?view=timeline&deal=microsoft-openai&version=microsoft-openai-2026-04-amendment', ready: 'timeline' },
    { name: 'licences', path: '/?view=licences', ready: 'licences' },
    { name: 'compute', path: '/?view=compute', ready: 'compute' },
  ]
  const sizes = [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]
  const folder = path.resolve(projectRoot, process.env.SCREENSHOTS_DIR ?? path.join('.test-output', 'screenshots'))
  for (const size of sizes)
    it(`takes each view at ${size.width}×${size.height}, none wider than the screen`, async () => {
      mkdirSync(folder, { recursive: true })
      for (const view of views) {
        const page = await open(`${view.path}&asOf=${view.name === 'graph' ? '2026-01-01' : today}`, size)
        await page.waitForSelector(`.${view.ready}-view[data-ready]`, { timeout: 20_000 })
        expect(await page.evaluate(() => document.documentElement.scrollWidth), view.name).toBeLessThanOrEqual(size.width)
        await page.screenshot({ path: path.join(folder, `${view.name}-${size.width}x${size.height}.png`) })
        await page.close()
      }
    }, 90_000)
})
