/**
 * Hot leads and the lead page against the real Worker: a visitor's real journey on /demo (the snippet
 * sends it) appears in the open hot-leads table by itself and is highlighted when it becomes SQL; its
 * lead page draws the chart from the lead's real points (the same the score-history API answers); both
 * pages pass axe, stay within the 60 KB (brotli) budget and keep the chart ≥ 300 px wide on a phone.
 */
import { describe, expect, it } from 'vitest'
import { pageWeight } from '../../../bench/lib/page-weight.mjs'
import { until } from '../support/chromium'
import { VISIBILITY_STUB, waitForTag } from '../support/harness'
import { api, expectAccessible, sendEvents, signedIn, useBrowser, worker } from './support'

/** The budget of each page: brotli bytes of everything it loads from the Worker until the network is idle. */
const BUDGET = 60_000

describe('hot leads and the lead page', () => {
  const env = useBrowser()

  it('a snippet journey shows up in the open hot-leads table on its own, highlighted once SQL; its lead page charts its real points', async () => {
    const email = `rita.${Date.now()}@northwind-trading.io`
    const { browser } = env
    const { context: app, page: leads } = await signedIn(browser)
    await expectAccessible(leads)

    // the visitor, in another browser context, on the demo site carrying the real snippet
    const visitor = await browser.newContext()
    const page = await visitor.newPage()
    await page.addInitScript(VISIBILITY_STUB)
    for (const path of ['/demo/pricing', '/demo/pricing', '/demo/contact']) {
      await page.goto(`${worker!.url}${path}`)
      await waitForTag(page)
    }
    // an earlier visit of the same browser, three days ago (as a snippet cached from then would have sent it)
    const vid = await page.evaluate(() => JSON.parse(localStorage.getItem('lb') ?? '{}').v as string)
    expect(vid).toBeTruthy()
    const before = Date.now() - 3 * 86_400_000
    await sendEvents(vid, [
      { i: 'old1', t: 'pv', ts: before, p: '/demo/pricing', ti: 'Pricing' },
      { i: 'old2', t: 'pv', ts: before + 60_000, p: '/demo/features', ti: 'Features' },
      { i: 'old3', t: 'dl', ts: before + 90_000, p: '/demo', u: `${worker!.url}/demo/whitepaper.pdf` },
    ])
    await page.fill('input[name=email]', email)
    await page.fill('input[name=company]', 'Northwind Trading')
    await page.fill('input[name=job_title]', 'Chief Operating Officer')
    await page.click('form#contact-sales button')
    await page.waitForURL('**/demo/thanks')
    await waitForTag(page)
    await page.evaluate(() => window.leadbeacon('track', 'demo_requested', { plan: 'pro' }))
    await page.goto(`${worker!.url}/demo`) // leaving sends what is queued
    await waitForTag(page)

    const lead = await until(
      async () => {
        const r = await api(`/api/v1/leads?email=${encodeURIComponent(email)}`)
        const l = r.status === 200 && r.json().data[0]
        return l && l.stage === 'sql' && l
      },
      'the lead to become SQL',
      60_000,
      500,
    )
    // no reload: the table refreshes itself and marks the lead that just became SQL
    const row = leads.locator(`tr[data-id="${lead.id}"]`)
    await row.waitFor({ timeout: 40_000 })
    expect(await row.getAttribute('class')).toContain('just-sql')
    expect(await row.textContent()).toContain(email)
    // the visitor's last events (engaged time on leave) may still be arriving: compare once settled
    let last = -1
    const settled = await until(
      async () => {
        const s = (await api(`/api/v1/leads/${lead.id}`)).json().score
        const same = s === last
        last = s
        return same && { score: s as number }
      },
      'the score to settle',
      30_000,
      1500,
    )
    await leads.reload()
    expect(await row.textContent()).toContain(String(settled.score))
    lead.score = settled.score

    // the lead page, reached by keyboard from the table
    await leads.focus(`tr[data-id="${lead.id}"] a`)
    await Promise.all([leads.waitForURL(`**/app/leads/${lead.id}`), leads.keyboard.press('Enter')])
    const history = (await api(`/api/v1/leads/${lead.id}/score-history`)).json()
    const drawn: [number, number][] = JSON.parse((await leads.getAttribute('svg[data-variant=wide]', 'data-points'))!)
    const fromApi = history.points.map((p: { at: string; score: number }) => [Date.parse(p.at), p.score])
    // every point but "now" (two requests, two instants) is the same; "now" is the lead's score
    expect(drawn.slice(0, -1)).toEqual(fromApi.slice(0, -1))
    expect(drawn.at(-1)![1]).toBe(lead.score)
    expect(JSON.parse((await leads.getAttribute('svg[data-variant=narrow]', 'data-points'))!)).toEqual(drawn) // the phone's drawing: same data
    expect(Number(await leads.textContent('[data-score-now]'))).toBe(lead.score)
    const markers = await leads.$$eval('svg[data-variant=wide] circle[data-at]', (cs) => cs.map((c) => ({ at: Number(c.getAttribute('data-at')), score: Number(c.getAttribute('data-score')), cy: Number(c.getAttribute('cy')) })))
    expect(markers.map(({ at, score }) => ({ at, score }))).toEqual(history.markers.map((m: { at: string; score: number }) => ({ at: Date.parse(m.at), score: m.score })))
    expect(markers.length).toBeGreaterThanOrEqual(2)
    // a higher score is drawn higher (smaller y)
    const [lo, hi] = [...markers].sort((a, b) => a.score - b.score).filter((_m, i, all) => i === 0 || i === all.length - 1)
    expect(hi.score).toBeGreaterThan(lo.score)
    expect(hi.cy).toBeLessThan(lo.cy)
    // the thresholds and the last marker's reasons are on the chart
    expect(await leads.$$eval('svg[data-variant=wide] [data-threshold]', (gs) => gs.map((g) => g.getAttribute('data-threshold')))).toEqual(['MQL', 'SQL'])
    expect(await leads.textContent('svg[data-variant=wide]')).toMatch(/sales-request/)
    await expectAccessible(leads)
    await visitor.close()
    await app.close()
  })

  it('hot leads and the lead page each load ≤ 60 KB brotli; on a phone the chart is ≥ 300 px wide', async () => {
    const phone = { width: 390, height: 844 }
    const { context: signed } = await signedIn(env.browser, undefined, phone)
    const cookies = (await signed.cookies()).filter((c) => c.name === 'lb_session')
    await signed.close()
    expect(cookies).toHaveLength(1)
    const top = (await api('/api/v1/leads?limit=1')).json().data[0]
    expect(top).toBeTruthy()
    // each page in a fresh context: its CSS and JS are counted, not taken from another page's cache
    const list = await pageWeight(env.browser, `${worker!.url}/app/leads`, worker!.url, cookies, phone)
    await list.context.close()
    const one = await pageWeight(env.browser, `${worker!.url}/app/leads/${top.id}`, worker!.url, cookies, phone)
    console.log(`page weight (brotli): hot leads ${list.total} B, lead page ${one.total} B`)
    for (const w of [list, one]) {
      expect(w.status).toBe(200)
      // the page, its CSS and its JS were all counted
      expect(w.parts.filter((p) => /\/app\/assets\/app\.(css|js)/.test(p))).toHaveLength(2)
      expect(w.total).toBeLessThanOrEqual(BUDGET)
    }
    // the phone gets the narrow drawing, still the card's full width
    const box = await one.page.locator('svg[data-variant=narrow]').boundingBox()
    expect(box!.width).toBeGreaterThanOrEqual(300)
    expect(await one.page.locator('svg[data-variant=wide]').isVisible()).toBe(false)
    await expectAccessible(one.page)
    await one.context.close()
  })
})
