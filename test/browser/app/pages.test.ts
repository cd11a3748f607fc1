/**
 * Every page of the app, signed in, at a laptop's and a phone's size: axe-core finds no critical or
 * serious violation, and Tab from the top reaches every visible link, button and field (every action is
 * reachable by keyboard). The error pages too: an unknown /app path answers an HTML 404 page (not the
 * API's JSON), a refused lead link a 403 page.
 */
import { describe, expect, it } from 'vitest'
import { api, expectAccessible, signedIn, unreachableByTab, useBrowser, worker } from './support'

const SIZES = { laptop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } }

describe('every app page: accessible, and every control reachable by keyboard', () => {
  const env = useBrowser()

  for (const [size, viewport] of Object.entries(SIZES)) {
    it(`at ${size} size: sign-in, hot leads, a lead, accounts, scoring, settings`, async () => {
      const top = (await api('/api/v1/leads?limit=1')).json().data[0]
      expect(top).toBeTruthy()
      const anonymous = await env.browser.newContext({ viewport })
      const signIn = await anonymous.newPage()
      await signIn.goto(`${worker!.url}/app/sign-in`)
      const pages: [string, import('playwright-core').Page][] = [['/app/sign-in', signIn]]
      const { context, page } = await signedIn(env.browser, undefined, viewport)
      for (const path of ['/app/leads', `/app/leads/${top.id}`, '/app/accounts', '/app/scoring', '/app/settings']) {
        const p = path === '/app/leads' ? page : await context.newPage()
        const res = await p.goto(`${worker!.url}${path}`)
        expect(res!.status(), path).toBe(200)
        pages.push([path, p])
      }
      for (const [path, p] of pages) {
        await expectAccessible(p)
        const { controls, unreachable } = await unreachableByTab(p)
        expect(controls, `${path} has controls`).toBeGreaterThan(path === '/app/sign-in' ? 1 : 5)
        expect(unreachable, `${path}: not reachable with Tab`).toEqual([])
      }
      await anonymous.close()
      await context.close()
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
