/**
 * The scoring page against the real Worker: a dry run lists the leads a model change would move (and
 * saves nothing), a broken model is refused with the problem shown at its rule, the calibration report
 * on uploaded outcomes is applied with one button (a new model version, every lead rescored under it),
 * and the page passes axe.
 */
import { describe, expect, it } from 'vitest'
import { api, createSite, expectAccessible, sendEvents, signedIn, tabTo, useBrowser, worker } from './support'

/**
 * Historical leads in the Leads.csv vocabulary the import reads, half won: converters visit more, stay
 * longer and use the lead form more often, so calibration has a real signal to fit.
 */
function leadFile(n: number): string {
  let s = 11
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
  const rows = ['Prospect ID,Lead Origin,Lead Source,TotalVisits,Total Time Spent on Website,Page Views Per Visit,Last Activity,What is your current occupation,Converted']
  for (let i = 0; i < n; i++) {
    const won = i % 2 === 0
    const strong = rnd() < (won ? 0.8 : 0.2)
    const visits = strong ? 3 + Math.floor(rnd() * 6) : Math.floor(rnd() * 2)
    const secs = strong ? 600 + Math.floor(rnd() * 1200) : Math.floor(rnd() * 200)
    const origin = rnd() < (won ? 0.5 : 0.1) ? 'Lead Add Form' : 'Landing Page Submission'
    const occupation = rnd() < (won ? 0.6 : 0.2) ? 'Working Professional' : 'Unemployed'
    rows.push([`app-cal-${i}`, origin, 'Google', visits, secs, visits ? 2.5 : 0, 'Page Visited on Website', occupation, won ? 1 : 0].join(','))
  }
  return rows.join('\r\n')
}

describe('scoring page', () => {
  const env = useBrowser()

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

    const { context, page } = await signedIn(env.browser)
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
    const { context, page } = await signedIn(env.browser)
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

  it('the calibration report on uploaded outcomes is applied with one button: a new model version, leads rescored', async () => {
    const site = await createSite({ name: 'Calibration test' })
    const imported = await api('/api/v1/import', { method: 'POST', body: leadFile(160), headers: { 'Content-Type': 'text/csv' } }, site.apiKey)
    expect(imported.status, imported.text).toBe(200)
    expect(imported.json()).toMatchObject({ rows: 160, withOutcome: 160 })
    const defaults = (await api('/api/v1/scoring', {}, site.apiKey)).json()
    expect(defaults.version).toBe(0)
    const scores = async () => Object.fromEntries((await api('/api/v1/leads?limit=200', {}, site.apiKey)).json().data.map((l: { id: string; score: number }) => [l.id, l.score]))
    const before = await scores()
    expect(Object.keys(before)).toHaveLength(160)

    const { context, page } = await signedIn(env.browser, site.apiKey)
    await page.goto(`${worker!.url}/app/scoring`)
    await page.click('text=Run the calibration report')
    const report = page.locator('#calibration-report')
    await report.waitFor()
    expect(await report.textContent()).toMatch(/160 outcomes \(80 won, 80 lost\); 48 held out/)
    // the ROC curves of both models, and the points it suggests
    expect(await report.locator('svg path').count()).toBeGreaterThanOrEqual(2)
    expect(await report.locator('tbody tr').count()).toBeGreaterThan(0)
    await expectAccessible(page)

    // the one button, pressed from the keyboard
    await tabTo(page, '#calibration-report button[type=submit]')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Apply the suggested points')
    await Promise.all([page.waitForURL('**/app/scoring?saved=1'), page.keyboard.press('Enter')])
    expect(await page.textContent('[role=status]')).toContain('Saved as version 1')
    expect(await page.textContent('#model-h + p')).toContain('Version 1.')
    const applied = (await api('/api/v1/scoring', {}, site.apiKey)).json()
    expect(applied.version).toBe(1)
    expect(applied.model).not.toEqual(defaults.model)
    // every lead was rescored under the new points (the page's rescore runs before its redirect)
    const after = await scores()
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
    expect(Object.keys(after).filter((id) => after[id] !== before[id]).length).toBeGreaterThan(0)
    await context.close()
  })
})
