/**
 * What the app's browser tests share: the Worker from globalSetup, signing in through the real form,
 * the marketer API with the demo key, and axe-core's check for critical and serious violations.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect, inject } from 'vitest'

export const worker = inject('worker')
export const DEMO_KEY = 'lb_demo_local_key'
/** headless Chromium says "HeadlessChrome", which ingest treats as a bot */
export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'

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

/** Events to POST /e as the snippet would (site "demo", the demo page's origin). */
export async function sendEvents(vid: string, events: Record<string, unknown>[]) {
  const r = await fetch(`${worker!.url}/e`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: 'http://localhost', 'User-Agent': USER_AGENT },
    body: JSON.stringify({ s: 'demo', v: vid, e: events }),
  })
  expect(r.status).toBe(202)
}
