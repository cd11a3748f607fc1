import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { buildSnippet } from '../../../snippet/build.mjs'
import { launch } from './chromium'
import { type Fake, startFake } from './fake-ingest'

declare global {
  interface Window {
    /** the snippet's public API (or the queue stub before the tag runs) */
    leadbeacon: (cmd: string, ...args: unknown[]) => void
    /** set by VISIBILITY_STUB */
    __setVisibility: (state: 'hidden' | 'visible') => void
  }
}

/**
 * Makes `document.visibilityState` / `document.hidden` controllable: headless Chromium never hides
 * a page, so tests flip it with `window.__setVisibility('hidden')`, which also fires the event.
 */
export const VISIBILITY_STUB = `(() => {
  let state = 'visible'
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => state })
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => state === 'hidden' })
  window.__setVisibility = (s) => { state = s; document.dispatchEvent(new Event('visibilitychange', { bubbles: true })) }
})()`

/** The suite's shared parts: a browser, the fake site + ingest, and pages opened with a fake clock. */
export interface Harness {
  browser: Browser
  fake: Fake
  open(path: string, opts?: { init?: string[]; referer?: string; context?: BrowserContext }): Promise<Opened>
  close(): Promise<void>
}

/** A page under test: its errors are collected, its clock is Playwright's fake one. */
export interface Opened {
  page: Page
  context: BrowserContext
  errors: Error[]
  /** advances the page's clock, firing its timers (the snippet's one-second tick sends) */
  tick(ms?: number): Promise<void>
}

/**
 * Builds the snippet, starts the fake servers and Chromium.
 * @example
 * let h: Harness; beforeAll(async () => { h = await harness() }); afterAll(() => h.close())
 */
export async function harness(): Promise<Harness> {
  await buildSnippet()
  const dist = (f: string) => fileURLToPath(new URL(`../../../snippet/dist/${f}`, import.meta.url))
  const fake = await startFake(dist('s.js'), dist('leadbeacon.mjs'))
  const browser = await launch()
  const contexts: BrowserContext[] = []
  return {
    browser,
    fake,
    async open(path, opts = {}) {
      const context = opts.context ?? (await browser.newContext())
      contexts.push(context)
      const page = await context.newPage()
      const errors: Error[] = []
      page.on('pageerror', (e) => errors.push(e))
      // a paused clock: time moves only with tick(), so counts and orders are exact
      const t0 = Date.parse('2026-11-02T09:00:00Z')
      await page.clock.install({ time: t0 })
      await page.clock.pauseAt(t0 + 1000)
      await page.addInitScript(VISIBILITY_STUB)
      for (const s of opts.init ?? []) await page.addInitScript(s)
      await page.goto(fake.siteUrl + path, opts.referer ? { referer: opts.referer } : {})
      await waitForTag(page)
      return { page, context, errors, tick: (ms = 1000) => page.clock.runFor(ms) }
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {})
      await browser.close()
      await fake.close()
    },
  }
}

/**
 * Waits until the tag has run: `window.leadbeacon` is the real function (the stub has a `q`).
 * @example
 * await page.goto(url); await waitForTag(page)
 */
export async function waitForTag(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const lb = window.leadbeacon
    return typeof lb === 'function' && !('q' in lb)
  })
}

/**
 * One harness per test file, with the hooks every file wants: a fresh fake ingest per test, and every
 * batch a page sent checked against the Worker's own validator after each test.
 * @example
 * const h = useHarness()
 * it('…', async () => { const o = await h.open('/p') })
 */
export function useHarness(): Harness {
  const h = {} as Harness
  beforeAll(async () => {
    Object.assign(h, await harness())
  })
  afterAll(() => h.close?.())
  beforeEach(() => h.fake.reset())
  afterEach(() => expect(h.fake.invalid()).toEqual([]))
  return h
}
