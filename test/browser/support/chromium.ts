import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium (apt-get install chromium); override with CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CI = process.env.CI === 'true' || process.env.CI === '1'

/**
 * Whether the browser suites can run. Without Chromium they are skipped with a loud message, except
 * in CI (CI=true), where a missing browser is a failure (thrown here, at collection).
 * @example
 * describe.skipIf(!HAVE_CHROMIUM)('signals', () => { … })
 */
export const HAVE_CHROMIUM: boolean = (() => {
  if (existsSync(CHROMIUM)) return true
  if (CI) throw new Error(`CI=true but ${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`)
  console.warn(`\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium)\n${'!'.repeat(78)}\n`)
  return false
})()

/**
 * Launches headless Chromium with the flags that keep it quiet and deterministic in CI. `userAgent`
 * is set browser-wide (a context's userAgent does not reach keepalive requests sent as a page
 * unloads, which would then say "HeadlessChrome").
 * @example
 * const browser = await launch(); … await browser.close()
 */
export function launch(userAgent?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Playwright turns the back/forward cache off by default; real browsers have it on
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(userAgent ? [`--user-agent=${userAgent}`] : []),
    ],
  })
}

/**
 * Polls `check` (sync or async) until it gives a truthy value (real time: the browser's network is real even when
 * its clock is fake) every `every` ms; fails with `what` after `ms`. A wait, not a timed assertion.
 * @example
 * const b = await until(() => ingest.batches[0], 'the first batch')
 */
export async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  ms = 10_000,
  every = 25,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, every))
  }
}
