// What "page weight" means, in one place for the size test (test/browser/app) and the bench: the
// brotli bytes (quality 11, as Cloudflare serves text) of every response from the Worker that a page
// load brings in until the network is idle — HTML, CSS, JS, data, icons — in a context of its own, so
// nothing comes from a cache warmed by another page.
import { accessSync, constants, statSync } from 'node:fs'
import { brotliCompressSync, constants as z } from 'node:zlib'

/**
 * Brotli size of `buf` at quality 11.
 * @example
 * brotliBytes(Buffer.from('<p>hi</p>'))
 */
export const brotliBytes = (buf) => brotliCompressSync(buf, { params: { [z.BROTLI_PARAM_QUALITY]: 11 } }).length

/**
 * Loads `url` in a fresh context of `browser` (with `cookies`, if given) and sums the brotli bytes of
 * every response whose URL starts with `origin` until the network is idle. `parts` lists each
 * response as "bytes url"; `status` is the page's own.
 * @example
 * const { total, parts } = await pageWeight(browser, `${base}/app/leads`, base, [sessionCookie])
 */
export async function pageWeight(browser, url, origin, cookies = [], viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport })
  try {
    if (cookies.length) await context.addCookies(cookies)
    const page = await context.newPage()
    const bodies = []
    page.on('response', (r) => {
      if (r.url().startsWith(origin)) bodies.push(r.body().then((b) => ({ url: r.url(), size: brotliBytes(b) }), () => ({ url: r.url(), size: 0 })))
    })
    const res = await page.goto(url, { waitUntil: 'networkidle' })
    const got = await Promise.all(bodies)
    return { status: res?.status() ?? 0, total: got.reduce((a, b) => a + b.size, 0), parts: got.map((b) => `${b.size} ${b.url}`), page, context }
  } catch (err) {
    await context.close()
    throw err
  }
}

const runnable = (path) => {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * The Chromium to drive, in the browser tests' order: CHROMIUM_PATH, Debian's /usr/bin/chromium, the
 * `@sparticuz/chromium` devDependency's headless shell; null when there is none.
 * @example
 * const path = await chromiumPath()
 */
export async function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return runnable(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null
  if (runnable('/usr/bin/chromium')) return '/usr/bin/chromium'
  try {
    const { default: packaged } = await import('@sparticuz/chromium')
    return await packaged.executablePath()
  } catch {
    return null
  }
}
