/**
 * Every page of the app, signed in, at a laptop's and a phone's size: axe-core finds no critical or
 * serious violation, and Tab from the top reaches every visible link, button and field (every action is
 * reachable by keyboard). The error pages too: an unknown /app path answers an HTML 404 page (not the
 * API's JSON), a refused lead link a 403 page.
 */
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, expectAccessible, sendEvents, signedIn, unreachableByTab, useBrowser, worker } from './support'

const SIZES = { laptop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } }

describe('every app page: accessible, and every control reachable by keyboard', () => {
  const env = useBrowser()

  for (const [size, viewport] of Object.entries(SIZES)) {
    describe(`at ${size} size`, () => {
      let context: BrowserContext
      let top: { id: string }
      beforeAll(async () => {
        // a lead of its own, with a visit, a download and a form: the lead page has a chart and a timeline
        const email = `pia.${size}.${Date.now()}@litware.io`
        const now = Date.now()
        await sendEvents(`pages-${size}-${now}`, [
          { i: 'p1', t: 'pv', ts: now - 60_000, p: '/pricing', ti: 'Pricing' },
          { i: 'p2', t: 'dl', ts: now - 50_000, p: '/pricing', u: `${worker!.url}/demo/whitepaper.pdf` },
          { i: 'p3', t: 'id', ts: now - 40_000, d: { email, name: 'Pia Litware', company: 'Litware' } },
        ])
        top = (await api(`/api/v1/leads?email=${encodeURIComponent(email)}`)).json().data[0]
        context = (await signedIn(env.browser, undefined, viewport)).context
      })
      afterAll(() => context?.close())

      for (const path of ['/app/sign-in', '/app/leads', '/app/leads/{id}', '/app/accounts', '/app/funnel', '/app/scoring', '/app/settings']) {
        it(path, async () => {
          expect(top).toBeTruthy()
          // sign-in is seen as someone signed out sees it
          const ctx = path === '/app/sign-in' ? await env.browser.newContext({ viewport }) : context
          const page = await ctx.newPage()
          const res = await page.goto(`${worker!.url}${path.replace('{id}', top.id)}`)
          expect(res!.status()).toBe(200)
          expect(new URL(page.url()).pathname).toBe(path.replace('{id}', top.id))
          await expectAccessible(page)
          const { controls, unreachable } = await unreachableByTab(page)
          expect(controls).toBeGreaterThan(path === '/app/sign-in' ? 1 : 5)
          expect(unreachable, 'not reachable with Tab').toEqual([])
          await page.close()
          if (ctx !== context) await ctx.close()
        })
      }
    })
  }

  it('an unknown /app path is an HTML 404 page, a bad lead link a 403 page; both accessible', async () => {
    const { context, page } = await signedIn(env.browser)
    for (const path of ['/app/no-such-page', '/app/leads/ld_x/nothing-here']) {
      const res = await page.goto(`${worker!.url}${path}`)
      expect(res!.status(), path).toBe(404)
      expect(res!.headers()['content-type']).toMatch(/^text\/html/)
      expect(await page.textContent('h1')).toBe('Not found')
      await expectAccessible(page)
    }
    // the keyboard check can fail: a button taken out of the tab order is reported
    await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<button tabindex="-1">Hidden from Tab</button>'))
    expect((await unreachableByTab(page)).unreachable).toEqual(['button “Hidden from Tab”'])
    const fresh = await env.browser.newContext()
    const refused = await fresh.newPage()
    const res = await refused.goto(`${worker!.url}/app/leads/ld_x?t=not.a-token`)
    expect(res!.status()).toBe(403)
    expect(await refused.textContent('h1')).toBe('Forbidden')
    await expectAccessible(refused)
    await fresh.close()
    // the API's unknown paths still answer problem+json
    const apiMiss = await fetch(`${worker!.url}/api/v1/no-such-route`)
    expect(apiMiss.status).toBe(404)
    expect(apiMiss.headers.get('content-type')).toContain('application/problem+json')
    await context.close()
  })
})
