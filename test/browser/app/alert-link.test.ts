/**
 * The alert's "Open lead" link, end to end: a real SQL alert (webhook to a local receiver) carries an
 * absolute /app/ URL with a signed token; it opens that lead's page in a fresh browser with no cookie,
 * read-only; a tampered token, or the token on another lead, gets a plain 403; the token opens nothing
 * else (no API, no other page).
 */
import { describe, expect, it } from 'vitest'
import { until } from '../support/chromium'
import { api, createSite, expectAccessible, sendEvents, useBrowser, worker } from './support'

describe('alert links', () => {
  const env = useBrowser({ receiver: true })

  it('open the lead without signing in; tampered or misapplied links are refused with 403; the token grants nothing else', async () => {
    // a site of its own whose alerts go to the local receiver
    const { receiver } = env
    const site = await createSite({ name: 'Link test', alerts: { webhookUrl: `${receiver.url}/hook` } })
    const email = `lena.${Date.now()}@fabrikam.io`
    const now = Date.now()
    await sendEvents(
      'link-test-visitor',
      [
        { i: 'a1', t: 'pv', ts: now - 5000, p: '/pricing', ti: 'Pricing' },
        { i: 'a2', t: 'id', ts: now - 4000, d: { email, name: 'Lena Fabrikam', title: 'CTO' } },
        { i: 'a3', t: 'tr', ts: now - 3000, n: 'demo_requested' },
      ],
      site.siteKey,
    )
    const hook = await until(() => receiver.requests.find((r) => r.path === '/hook' && r.body.includes(email)), 'the webhook alert', 30_000, 100)
    const { leadUrl, lead } = JSON.parse(hook.body).data as { leadUrl: string; lead: { id: string } }
    expect(leadUrl.startsWith(`${worker!.url}/app/leads/${lead.id}?t=`)).toBe(true)

    // a fresh browser: no cookie, straight to the lead's page
    const fresh = await env.browser.newContext()
    const page = await fresh.newPage()
    const res = await page.goto(leadUrl)
    expect(res!.status()).toBe(200)
    expect(await page.textContent('h1')).toContain('Lena Fabrikam')
    expect(await page.textContent('main')).toContain(email)
    expect(await page.locator('svg[data-variant=wide][data-points]').count()).toBe(1)
    expect(await page.locator('nav, main form').count()).toBe(0) // no navigation, no actions
    expect(await fresh.cookies()).toEqual([])
    await expectAccessible(page)

    // tampered: one character of the signature changed; and the payload changed
    const token = new URL(leadUrl).searchParams.get('t')!
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
    for (const bad of [flip(token, token.length - 3), flip(token, 5), '', 'x.y']) {
      const r = await page.goto(`${worker!.url}/app/leads/${lead.id}?t=${encodeURIComponent(bad)}`)
      expect(r!.status()).toBe(403)
      expect(await page.textContent('h1')).toBe('Forbidden')
      expect(await page.textContent('main')).not.toContain(email)
    }
    // the right token on another lead (one of the demo site's) opens nothing
    const other = (await api('/api/v1/leads?limit=1')).json().data[0]
    if (other) expect((await page.goto(`${worker!.url}/app/leads/${other.id}?t=${encodeURIComponent(token)}`))!.status()).toBe(403)
    // nor the lead list, nor the API
    await page.goto(`${worker!.url}/app/leads?t=${encodeURIComponent(token)}`)
    expect(new URL(page.url()).pathname).toBe('/app/sign-in')
    expect((await api(`/api/v1/leads/${lead.id}`, {}, token)).status).toBe(401)
    await fresh.close()
  })
})
