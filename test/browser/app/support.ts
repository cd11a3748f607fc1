/**
 * What the app's browser tests share: the Worker from globalSetup (one for the whole run, demo site
 * seeded), one Chromium per file, signing in through the real form, the marketer API with the demo
 * key, sites of their own, and axe-core's check for critical and serious violations.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { type Receiver, startReceiver } from '../../../scripts/lib/receiver.mjs'
import { launch } from '../support/chromium'

export const worker = inject('worker')
export const DEMO_KEY = 'lb_demo_local_key'
/** headless Chromium says "HeadlessChrome", which ingest treats as a bot */
export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'

/**
 * One Chromium for the calling file (launched before its tests, closed after), with a desktop user
 * agent, and a local HTTP receiver when `receiver` is set: read `.browser` / `.receiver` inside tests.
 * @example
 * const env = useBrowser({ receiver: true }) … await signedIn(env.browser)
 */
export function useBrowser(opts: { receiver?: boolean } = {}): { readonly browser: Browser; readonly receiver: Receiver } {
  let browser: Browser | undefined
  let receiver: Receiver | undefined
  beforeAll(async () => {
    browser = await launch(USER_AGENT)
    if (opts.receiver) receiver = await startReceiver()
  })
  afterAll(async () => {
    await browser?.close()
    await receiver?.close()
  })
  return {
    get browser() {
      if (!browser) throw new Error('no browser: useBrowser() runs in beforeAll')
      return browser
    },
    get receiver() {
      if (!receiver) throw new Error('no receiver: useBrowser({ receiver: true })')
      return receiver
    },
  }
}

/** A new site (admin API) with `body`'s settings; its siteKey, apiKey and id. */
export async function createSite(body: Record<string, unknown>): Promise<{ id: string; siteKey: string; apiKey: string }> {
  const res = await fetch(`${worker!.url}/api/v1/sites`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${worker!.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ domains: ['localhost'], ...body }),
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return res.json()
}

/** The marketer API with `key` (the demo key by default). */
export async function api(path: string, init: RequestInit = {}, key = DEMO_KEY) {
  const r = await fetch(`${worker!.url}${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers } })
  const text = await r.text()
  return { status: r.status, text, json: () => JSON.parse(text) }
}

/** A fresh context signed in with `key` through the sign-in form. */
export async function signedIn(browser: Browser, key = DEMO_KEY, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  await page.goto(`${worker!.url}/app/sign-in`)
  await page.fill('#key', key)
  await Promise.all([page.waitForURL((u) => u.pathname === '/app/leads'), page.click('main button[type=submit]')])
  return { context, page }
}

/** No critical or serious axe-core violations on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  const bad = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
  expect(results.passes.length).toBeGreaterThan(5) // axe really ran
}

/** Events to POST /e as the snippet would (site "demo" unless `siteKey`, the demo page's origin). */
export async function sendEvents(vid: string, events: Record<string, unknown>[], siteKey = 'demo') {
  const r = await fetch(`${worker!.url}/e`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: 'http://localhost', 'User-Agent': USER_AGENT },
    body: JSON.stringify({ s: siteKey, v: vid, e: events }),
  })
  expect(r.status).toBe(202)
}

/** Tabs from the top of the page until `selector` has focus; fails if it is not reachable in 80 steps. */
export async function tabTo(page: Page, selector: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`${selector} is not reachable with Tab`)
}

/**
 * Every visible control of the page (links, buttons, fields, summaries) that Tab, pressed from the top
 * through the whole page, never focuses: empty when everything is reachable by keyboard. Also returns
 * how many controls there were, so a page with none cannot pass unnoticed.
 */
export async function unreachableByTab(page: Page): Promise<{ controls: number; unreachable: string[] }> {
  const controls = await page.evaluate(() => {
    const all = [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
    const visible = all.filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert]') && !(el as HTMLButtonElement).disabled)
    for (const [i, el] of visible.entries()) el.setAttribute('data-kb', String(i))
    return visible.map((el) => `${el.tagName.toLowerCase()} “${(el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || el.id).trim().slice(0, 40)}”`)
  })
  // the page records what gets focus, so each Tab is one round trip to the browser
  await page.evaluate(() => {
    const w = window as unknown as { lbReached: string[] }
    w.lbReached = []
    document.addEventListener('focusin', (e) => w.lbReached.push((e.target as HTMLElement).getAttribute('data-kb') ?? ''))
    ;(document.activeElement as HTMLElement | null)?.blur()
  })
  // a date field takes one Tab stop per part (day, month, year), so a pass may need more presses than
  // there are controls: up to three more passes, only while something is still unreached
  let unreachable: string[] = controls
  for (let pass = 0; pass < 4 && unreachable.length > 0; pass++) {
    for (let i = 0; i < controls.length + 3; i++) await page.keyboard.press('Tab')
    const reached = new Set(await page.evaluate(() => (window as unknown as { lbReached: string[] }).lbReached))
    unreachable = controls.filter((_c, i) => !reached.has(String(i)))
  }
  return { controls: controls.length, unreachable }
}
