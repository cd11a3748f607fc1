import { accessSync, constants, statSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { inject } from 'vitest'

/** Debian's Chromium (apt-get install chromium). */
const SYSTEM_CHROMIUM = '/usr/bin/chromium'

const runnable = (path: string) => {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set, else Debian's /usr/bin/chromium,
 * else the one the `@sparticuz/chromium` devDependency ships inside the package (unpacked to /tmp
 * on first use, no download). Throws when none runs: a missing browser fails the run, never skips it.
 * `packaged` says it is the package's headless shell, which has no back/forward cache.
 * @example
 * const { path } = await findChromium()
 */
export async function findChromium(): Promise<{ path: string; packaged: boolean }> {
  const wanted = process.env.CHROMIUM_PATH
  if (wanted) {
    if (runnable(wanted)) return { path: wanted, packaged: false }
    throw new Error(`CHROMIUM_PATH=${wanted} is not an executable file`)
  }
  if (runnable(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, packaged: false }
  try {
    const { default: packaged } = await import('@sparticuz/chromium')
    return { path: await packaged.executablePath(), packaged: true }
  } catch (err) {
    throw new Error(`no Chromium for the browser tests: ${SYSTEM_CHROMIUM} is missing and @sparticuz/chromium gave none (npm install?): ${err}`)
  }
}

/**
 * Launches headless Chromium with the flags that keep it quiet and deterministic in CI. `userAgent`
 * is set browser-wide (a context's userAgent does not reach keepalive requests sent as a page
 * unloads, which would then say "HeadlessChrome").
 * @example
 * const browser = await launch(); … await browser.close()
 */
export function launch(userAgent?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('chromium'),
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
