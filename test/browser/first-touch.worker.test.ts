/**
 * First touch end to end, against the real Worker under wrangler dev (see support/worker-setup.ts): a
 * page loaded from a tagged link (`?utm_source=LinkedIn&utm_medium=paid`), then an identify call, makes
 * a lead whose LeadDetail says source linkedin, medium paid.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_API_KEY as API_KEY } from '../../scripts/lib.mjs'
import { launch, until } from './support/chromium'
import { VISIBILITY_STUB, waitForTag } from './support/harness'

const worker = inject('worker')
// headless Chromium's own user agent is a bot's, which the Worker rightly ignores
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'

const api = async (path: string) => {
  const r = await fetch(`${worker.url}${path}`, { headers: { Authorization: `Bearer ${API_KEY}` } })
  return { status: r.status, text: await r.text() }
}

describe('first touch against the real Worker', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch(USER_AGENT)
  })
  afterAll(() => browser?.close())

  it('a page loaded with ?utm_source=LinkedIn&utm_medium=paid, then identify: the lead is linkedin / paid', async () => {
    const email = `touch.${Date.now()}@acme-industries.io`
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.addInitScript(VISIBILITY_STUB)
    await page.goto(`${worker.url}/demo/pricing?utm_source=LinkedIn&utm_medium=paid&utm_campaign=Spring&gclid=dropped`)
    await waitForTag(page)
    // a later, differently tagged page view of the same visitor does not replace the first touch
    await page.goto(`${worker.url}/demo?utm_source=newsletter&utm_medium=email`)
    await waitForTag(page)
    await page.evaluate((e) => (window as unknown as { leadbeacon: (...a: unknown[]) => void }).leadbeacon('identify', { email: e, title: 'CTO' }), email)

    const lead = await until(
      async () => {
        const r = await api(`/api/v1/leads?email=${encodeURIComponent(email)}`)
        return r.status === 200 && JSON.parse(r.text).data[0]
      },
      'the lead',
      60_000,
      500,
    )
    const detail = await until(
      async () => {
        const r = await api(`/api/v1/leads/${lead.id}`)
        if (r.status !== 200) return false
        const d = JSON.parse(r.text)
        const paths = d.timeline.filter((t: { type: string }) => t.type === 'page_view').map((t: { path: string }) => t.path)
        return paths.length >= 2 && d
      },
      'both page views on the lead',
      60_000,
      500,
    )
    expect(detail).toMatchObject({ source: 'linkedin', medium: 'paid', campaign: 'spring' })
    const paths = detail.timeline.filter((t: { type: string }) => t.type === 'page_view').map((t: { path: string }) => t.path)
    expect(paths).toEqual(
      expect.arrayContaining(['/demo/pricing?utm_source=LinkedIn&utm_medium=paid&utm_campaign=Spring', '/demo?utm_source=newsletter&utm_medium=email']),
    )
    await context.close()
  })
})
