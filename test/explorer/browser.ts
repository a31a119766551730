import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

// Debian's Chromium driven by playwright-core (never `npx playwright install`: nothing but the
// npm registry and Debian's packages is reachable). Without the background-networking flags
// Chromium keeps calling home, which a closed network answers with a flood of failures. Each
// launch gets a fresh profile (playwright makes a temporary user data directory and removes it).

export const CHROMIUM = '/usr/bin/chromium'

export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath))
    throw new Error(`No browser at ${executablePath}: install it with \`npm run browser:install\` (runs apt-get install chromium).`)
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
