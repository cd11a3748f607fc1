/**
 * Settings and accounts against the real Worker: a test alert from the settings page arrives at a local
 * receiver (the site's webhook) with a working lead link; keys are created (secret shown once) and
 * revoked; both pages pass axe and every action is reachable by keyboard.
 */
import { describe, expect, it } from 'vitest'
import { until } from '../support/chromium'
import { createSite, expectAccessible, sendEvents, signedIn, useBrowser, worker } from './support'

describe('settings and accounts', () => {
  const env = useBrowser({ receiver: true })

  it('a test alert goes through the real webhook channel to a local receiver; keys are created and revoked', async () => {
    const { receiver } = env
    const site = await createSite({ name: 'Settings test' })
    const email = `tess.${Date.now()}@adatum.io`
    await sendEvents('settings-visitor', [{ i: 'a', t: 'pv', ts: Date.now() - 1000, p: '/pricing' }, { i: 'b', t: 'id', ts: Date.now() - 500, d: { email, company: 'Adatum' } }], site.siteKey)

    const { context, page } = await signedIn(env.browser, site.apiKey)
    await page.goto(`${worker!.url}/app/settings`)
    await expectAccessible(page)
    expect(await page.textContent('#script-tag')).toContain(`data-site="${site.siteKey}"`)
    expect(await page.isVisible('button[data-copy=script-tag]')).toBe(true) // the script shows the copy button
    // the webhook channel, typed and saved by keyboard
    await page.focus('#webhook')
    await page.keyboard.type(`${receiver.url}/settings-hook`)
    await page.keyboard.press('Enter')
    await page.locator('#new-secret').waitFor()
    expect(await page.textContent('#new-secret')).toMatch(/^whsec_/)

    await page.click('text=Send a test alert')
    await expect.poll(() => page.textContent('[role=status]')).toContain(`Test alert about ${email} sent to webhook: 1 sent`)
    const hook = await until(() => receiver.requests.find((r) => r.path === '/settings-hook'), 'the test alert')
    const body = JSON.parse(hook.body)
    expect(body.data.site.name).toBe('Settings test (test alert)')
    expect(body.data.lead.email).toBe(email)
    expect(hook.headers['leadbeacon-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    const link = await fetch(body.data.leadUrl)
    expect(link.status).toBe(200)
    expect(await link.text()).toContain(email)

    // keys: create (secret shown once), then revoke it
    await page.fill('#key-name', 'CRM sync')
    await page.click('text=Create key')
    const secret = await page.textContent('#new-secret')
    expect(secret).toMatch(/^lb_/)
    expect((await fetch(`${worker!.url}/api/v1/leads`, { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(200)
    await page.click('button[aria-label="Revoke key CRM sync"]')
    await page.waitForURL('**/app/settings?done=revoked')
    expect((await fetch(`${worker!.url}/api/v1/leads`, { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(401)
    await expectAccessible(page)

    // accounts: the lead's company, by keyboard from the nav
    await page.focus('nav a[href="/app/accounts"]')
    await Promise.all([page.waitForURL('**/app/accounts'), page.keyboard.press('Enter')])
    expect(await page.textContent('main table')).toContain('adatum.io')
    await expectAccessible(page)
    await context.close()
  })
})
