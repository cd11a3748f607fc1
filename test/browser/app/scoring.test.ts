/**
 * The scoring page against the real Worker: a dry run lists the leads a model change would move (and
 * saves nothing), a broken model is refused with the problem shown at its rule, and the page passes axe.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from '../support/chromium'
import { api, expectAccessible, sendEvents, signedIn, USER_AGENT, worker } from './support'

describe('scoring page', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch(USER_AGENT)
  })
  afterAll(() => browser?.close())

  it('a dry run lists the leads that would change stage, and saves nothing', async () => {
    const email = `omar.${Date.now()}@contoso-labs.io`
    const now = Date.now()
    await sendEvents(`dry-${now}`, [
      { i: 'p1', t: 'pv', ts: now - 3000, p: '/blog', ti: 'Blog' },
      { i: 'p2', t: 'id', ts: now - 2000, d: { email } },
    ])
    const lead = (await api(`/api/v1/leads?email=${encodeURIComponent(email)}`)).json().data[0]
    expect(lead.stage).toBe('known')
    expect(lead.score).toBeGreaterThan(0)
    const before = (await api('/api/v1/scoring')).json().version

    const { context, page } = await signedIn(browser)
    await page.goto(`${worker!.url}/app/scoring`)
    await expectAccessible(page)
    expect(await page.locator('svg[aria-labelledby=dist-title] rect[data-count]').count()).toBeGreaterThan(0)
    const model = JSON.parse(await page.inputValue('#model'))
    model.thresholds = { mql: 1, sql: 10_000 }
    await page.fill('#model', JSON.stringify(model, null, 2))
    await page.click('button[value=dry-run]')
    const table = page.locator('#dry-run')
    await table.waitFor()
    const row = table.locator('tr', { hasText: email })
    expect(await row.textContent()).toMatch(/known\s*mql/)
    expect(await table.textContent()).toContain('Nothing was saved')
    expect((await api('/api/v1/scoring')).json().version).toBe(before)
    expect((await api(`/api/v1/leads/${lead.id}`)).json().stage).toBe('known')
    await expectAccessible(page)
    await context.close()
  })

  it('a broken model is refused with the problem at its rule', async () => {
    const { context, page } = await signedIn(browser)
    await page.goto(`${worker!.url}/app/scoring`)
    const model = JSON.parse(await page.inputValue('#model'))
    model.behaviour[3].group = 'no-such-group'
    const id = model.behaviour[3].id
    await page.fill('#model', JSON.stringify(model, null, 2))
    await page.click('button[value=save]')
    const problems = page.locator('#model-problems')
    await problems.waitFor()
    expect(await problems.textContent()).toContain(`behaviour rule #4 “${id}”`)
    expect(await problems.textContent()).toContain('unknown group "no-such-group"')
    expect(await page.getAttribute('#model', 'aria-invalid')).toBe('true')
    // what was typed is kept, to fix it in place
    expect(await page.inputValue('#model')).toContain('no-such-group')
    await page.fill('#model', '{ "halfLifeDays": 30, }')
    await page.click('button[value=dry-run]')
    expect(await page.locator('#model-problems').textContent()).toContain('not valid JSON')
    await expectAccessible(page)
    await context.close()
  })
})
