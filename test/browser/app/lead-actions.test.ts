/**
 * The lead page's actions, from the keyboard alone, against the real Worker: accept and mark won go
 * through the same logic as the API's PATCH (the stage history records them), and erase needs its
 * confirmation box and then removes the lead everywhere.
 */
import { describe, expect, it } from 'vitest'
import { api, expectAccessible, sendEvents, signedIn, tabTo, useBrowser, worker } from './support'

describe('lead page actions', () => {
  const env = useBrowser()

  it('accept, mark won and erase, by keyboard', async () => {
    const email = `kai.${Date.now()}@woodgrove.io`
    const now = Date.now()
    await sendEvents(`actions-${now}`, [
      { i: 'p1', t: 'pv', ts: now - 3000, p: '/pricing', ti: 'Pricing' },
      { i: 'p2', t: 'id', ts: now - 2000, d: { email, name: 'Kai Woodgrove' } },
    ])
    const lead = (await api(`/api/v1/leads?email=${encodeURIComponent(email)}`)).json().data[0]
    const { context, page } = await signedIn(env.browser)
    await page.goto(`${worker!.url}/app/leads/${lead.id}`)
    await expectAccessible(page)

    await tabTo(page, 'form[action$="/stage"]:has(input[value=accepted]) button')
    await Promise.all([page.waitForURL('**?done=accepted'), page.keyboard.press('Enter')])
    expect(await page.textContent('[role=status]')).toContain('Marked accepted')
    expect(await page.textContent('h1')).toContain('ACCEPTED')
    expect(await page.textContent('#st-h + ul')).toMatch(/known → accepted by sales/)

    await tabTo(page, 'form[action$="/outcome"]:has(input[value=won]) button')
    await Promise.all([page.waitForURL('**?done=won'), page.keyboard.press('Enter')])
    const after = (await api(`/api/v1/leads/${lead.id}`)).json()
    expect(after).toMatchObject({ stage: 'accepted', outcome: 'won' })

    // erase: the confirmation box is required (the browser will not submit without it)
    await tabTo(page, 'button.danger')
    await page.keyboard.press('Enter')
    expect(new URL(page.url()).pathname).toBe(`/app/leads/${lead.id}`)
    await tabTo(page, '#erase-confirm')
    await page.keyboard.press('Space')
    await tabTo(page, 'button.danger')
    await Promise.all([page.waitForURL((u) => u.pathname === '/app/leads'), page.keyboard.press('Enter')])
    expect((await api(`/api/v1/leads/${lead.id}`)).status).toBe(404)
    await context.close()
  })
})
