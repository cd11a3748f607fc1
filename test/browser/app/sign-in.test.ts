/**
 * Signing in to the app with an API key, against the real Worker: a bad key gets a clear message, a good
 * one a session cookie (HttpOnly, SameSite=Lax), revoking the key ends the session, a form posted from
 * another origin changes nothing, and the whole thing works from the keyboard alone.
 */
import { describe, expect, it } from 'vitest'
import { api, DEMO_KEY, expectAccessible, signedIn, useBrowser, worker } from './support'

describe('app sign-in', () => {
  const env = useBrowser()

  it('a wrong key is refused with a clear message; the field is a password field; the page is accessible', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${worker!.url}/app/leads`)
    expect(new URL(page.url()).pathname).toBe('/app/sign-in')
    expect(await page.getAttribute('#key', 'type')).toBe('password')
    await expectAccessible(page)
    await page.fill('#key', 'lb_not_a_real_key')
    await page.click('main button[type=submit]')
    await expect.poll(() => page.textContent('[role=alert]')).toContain('That API key is not valid')
    expect(await context.cookies()).toEqual([])
    await expectAccessible(page)
    await context.close()
  })

  it('keyboard only: tab to the field, type the key, Enter → hot leads, with an HttpOnly SameSite=Lax session cookie', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${worker!.url}/app/sign-in?next=/app/accounts`)
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'key'; i++) await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('key')
    await page.keyboard.type(DEMO_KEY)
    await Promise.all([page.waitForURL((u) => u.pathname === '/app/accounts'), page.keyboard.press('Enter')])
    const [cookie] = await context.cookies()
    expect(cookie).toMatchObject({ name: 'lb_session', httpOnly: true, sameSite: 'Lax', path: '/app' })
    expect(cookie.value).not.toContain(DEMO_KEY)
    await context.close()
  })

  it('revoking the key ends its session at the next request', async () => {
    const created = await api('/api/v1/keys', { method: 'POST', body: JSON.stringify({ name: `app-session-${Date.now()}`, scope: 'admin' }) })
    expect(created.status).toBe(201)
    const { id, key } = created.json()
    const { context, page } = await signedIn(env.browser, key)
    await page.goto(`${worker!.url}/app/leads`)
    expect(new URL(page.url()).pathname).toBe('/app/leads')
    expect((await api(`/api/v1/keys/${id}`, { method: 'DELETE' })).status).toBeLessThan(300)
    await page.goto(`${worker!.url}/app/leads`)
    expect(new URL(page.url()).pathname).toBe('/app/sign-in')
    await context.close()
  })

  it('a form posted from another origin is refused (CSRF) and the same post from the app works', async () => {
    const { context, page } = await signedIn(env.browser)
    const cookie = (await context.cookies()).find((c) => c.name === 'lb_session')!
    const post = (origin: string) =>
      fetch(`${worker!.url}/app/sign-out`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, Cookie: `lb_session=${cookie.value}` },
        body: '',
      })
    const evil = await post('https://evil.example')
    expect(evil.status).toBe(403)
    expect(await evil.text()).toContain('not sent from this app')
    await page.click('header button[type=submit]')
    await page.waitForURL('**/app/sign-in')
    expect((await context.cookies()).filter((c) => c.name === 'lb_session')).toEqual([])
    await context.close()
  })
})
