/**
 * The funnel page against the real Worker, on a site of its own: leads sent as the snippet sends them,
 * sales' decisions and outcomes recorded through the API, then the page shows exactly what
 * `GET /api/v1/funnel` answers for the same days (counts, conversion, median time to accept, SLA
 * breaches, disqualification reasons, win rate by band), passes axe, and works with JavaScript off.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { hours, pct } from '../../../worker/web/vm/funnel'
import { until } from '../support/chromium'
import { USER_AGENT, api, createSite, expectAccessible, sendEvents, signedIn, useBrowser, worker } from './support'

const DAY = 86_400_000
const day = (t: number) => new Date(t).toISOString().slice(0, 10)

interface ApiFunnel {
  reached: Record<string, number>
  conversion: { knownToMql: number | null; mqlToSql: number | null; sqlToAccepted: number | null; acceptedToWon: number | null }
  medianHoursToAccept: number | null
  slaBreaches: number
  disqualificationReasons: { reason: string; count: number }[]
  winRateByScoreBand: { band: string; withOutcome: number; won: number; winRate: number | null }[]
}

/** What the page shows, read from its tables. */
async function readPage(page: Page) {
  const cells = (sel: string) => page.$$eval(sel, (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())))
  const handoff = await cells('#handoff tr')
  return {
    reached: Object.fromEntries((await cells('#reached tbody tr')).map(([k, v]) => [k, Number(v)])),
    conversion: (await cells('#conversion tbody tr')).map(([, v]) => v),
    median: handoff[0][1],
    medianHours: await page.getAttribute('#handoff td[data-hours]', 'data-hours'),
    sla: Number(handoff[1][1]),
    reasons: (await page.$('#reasons')) ? await cells('#reasons tbody tr') : [],
    bands: await cells('#bands tbody tr'),
  }
}

/** The same shape from the API's answer, formatted as the page formats it. */
function expected(f: ApiFunnel) {
  const c = f.conversion
  return {
    reached: f.reached,
    conversion: [c.knownToMql, c.mqlToSql, c.sqlToAccepted, c.acceptedToWon].map(pct),
    median: hours(f.medianHoursToAccept),
    medianHours: f.medianHoursToAccept === null ? '' : String(f.medianHoursToAccept),
    sla: f.slaBreaches,
    reasons: f.disqualificationReasons.map((r) => [r.reason, String(r.count)]),
    bands: f.winRateByScoreBand.map((b) => [b.band, String(b.withOutcome), String(b.won), pct(b.winRate)]),
  }
}

describe('the funnel page', () => {
  const env = useBrowser()
  let site: { siteKey: string; apiKey: string }
  const today = day(Date.now())

  beforeAll(async () => {
    site = await createSite({ name: 'Funnel test' })
    const now = Date.now()
    const people = ['ana', 'ben', 'cy', 'di']
    for (const [i, who] of people.entries()) {
      const raised = who === 'ana' || who === 'ben' // asked for a demo: SQL at once
      await sendEvents(
        `funnel-${who}-${now}`,
        [
          { i: `${who}1`, t: 'pv', ts: now - 5000 + i, p: '/pricing', ti: 'Pricing' },
          { i: `${who}2`, t: 'id', ts: now - 4000 + i, d: { email: `${who}.${now}@fabrikam.io`, name: who } },
          ...(raised ? [{ i: `${who}3`, t: 'tr', ts: now - 3000 + i, n: 'demo_requested' }] : []),
        ],
        site.siteKey,
      )
    }
    const leads = await until(
      async () => {
        const data: { id: string; email: string; stage: string }[] = (await api('/api/v1/leads?limit=50', {}, site.apiKey)).json().data
        const by = Object.fromEntries(people.map((p) => [p, data.find((l) => l.email.startsWith(`${p}.`))]))
        return people.every((p) => by[p]) && by.ana!.stage === 'sql' && by.ben!.stage === 'sql' && by
      },
      'four leads, two of them SQL',
      30_000,
      200,
    )
    const patch = async (id: string, body: object) => {
      const r = await api(`/api/v1/leads/${id}`, { method: 'PATCH', body: JSON.stringify(body) }, site.apiKey)
      expect(r.status, r.text).toBe(200)
    }
    await patch(leads.ana!.id, { stage: 'accepted' })
    await patch(leads.ana!.id, { outcome: 'won' })
    await patch(leads.ben!.id, { stage: 'disqualified', reason: 'no budget' })
    await patch(leads.cy!.id, { outcome: 'lost' })
  })

  it('shows the numbers the API answers for the same days, drawn as bars; the days chosen decide which leads count', async () => {
    const { context, page } = await signedIn(env.browser, site.apiKey)
    // the default range: the last 90 days, today included
    await page.goto(`${worker!.url}/app/funnel`)
    expect(await page.getAttribute('nav a[href="/app/funnel"]', 'aria-current')).toBe('page')
    expect(await page.inputValue('#f-until')).toBe(today)
    expect(await page.inputValue('#f-since')).toBe(day(Date.now() - 89 * DAY))

    // a week, chosen in the form
    const since = day(Date.now() - 7 * DAY)
    await page.fill('#f-since', since)
    await page.fill('#f-until', today)
    await Promise.all([page.waitForURL((u) => u.searchParams.get('since') === since), page.click('form.filters button[type=submit]')])
    const res = await api(`/api/v1/funnel?since=${since}T00:00:00Z&until=${day(Date.now() + DAY)}T00:00:00Z`, {}, site.apiKey)
    expect(res.status, res.text).toBe(200)
    const f: ApiFunnel = res.json()
    // what was recorded above, so the comparison is about real numbers
    expect(f.reached).toMatchObject({ known: 4, sql: 2, accepted: 1, disqualified: 1, won: 1, lost: 1 })
    expect(f.disqualificationReasons).toEqual([{ reason: 'no budget', count: 1 }])
    expect(f.medianHoursToAccept).not.toBeNull()
    expect(await readPage(page)).toEqual(expected(f))
    expect(await page.textContent('#funnel-range')).toContain(`from ${since} to ${today}`)

    // the bars: one per step, their lengths in proportion to the counts
    const bars = await page.$$eval('svg g[data-step] rect', (rs) => rs.map((r) => Number(r.getAttribute('width'))))
    expect(bars).toHaveLength(5)
    const r = f.reached
    const counts = [r.known, r.mql, r.sql, r.accepted, r.won]
    for (const [i, n] of counts.entries()) expect(bars[i] / bars[0]).toBeCloseTo(n / r.known, 1)
    expect(await page.textContent('svg title')).toContain(`SQL ${r.sql} (${pct(f.conversion.mqlToSql)} of MQL)`)
    await expectAccessible(page)

    // up to yesterday: today's leads are not in it (the last day is included, not more)
    await page.goto(`${worker!.url}/app/funnel?since=${since}&until=${day(Date.now() - DAY)}`)
    expect((await readPage(page)).reached.known).toBe(0)
    expect(await page.textContent('main')).toContain('No leads were first seen in this range.')
    await context.close()
  })

  it('a range it cannot read is a 400 page that says why, with the form to fix it', async () => {
    const { context, page } = await signedIn(env.browser, site.apiKey)
    const res = await page.goto(`${worker!.url}/app/funnel?since=${today}&until=${day(Date.now() - DAY)}`)
    expect(res!.status()).toBe(400)
    expect(await page.textContent('[role=alert]')).toBe('The first day must not be after the last day.')
    expect(await page.inputValue('#f-since')).toBe(today)
    const bad = await page.goto(`${worker!.url}/app/funnel?since=yesterday`)
    expect(bad!.status()).toBe(400)
    expect(await page.textContent('[role=alert]')).toContain('YYYY-MM-DD')
    await expectAccessible(page)
    await context.close()
  })

  it('needs a signed-in key that reads leads: a read key sees it, nobody signed out does', async () => {
    const created = await api('/api/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'funnel reader', scope: 'read' }) }, site.apiKey)
    expect(created.status, created.text).toBe(201)
    const { context, page } = await signedIn(env.browser, created.json().key)
    const res = await page.goto(`${worker!.url}/app/funnel`)
    expect(res!.status()).toBe(200)
    expect(await page.isVisible('nav a[href="/app/funnel"]')).toBe(true)
    expect((await readPage(page)).reached.known).toBe(4)
    await context.close()
    const anonymous = await fetch(`${worker!.url}/app/funnel?since=2026-01-01`, { redirect: 'manual' })
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toBe(`/app/sign-in?next=${encodeURIComponent('/app/funnel?since=2026-01-01')}`)
  })

  it('works with JavaScript disabled: sign in, pick the days, read the numbers', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false, userAgent: USER_AGENT })
    const page = await context.newPage()
    await page.goto(`${worker!.url}/app/sign-in?next=${encodeURIComponent('/app/funnel')}`)
    await page.fill('#key', site.apiKey)
    await Promise.all([page.waitForURL((u) => u.pathname === '/app/funnel'), page.click('main button[type=submit]')])
    const since = day(Date.now() - 30 * DAY)
    await page.fill('#f-since', since)
    await Promise.all([page.waitForURL((u) => u.searchParams.get('since') === since), page.click('form.filters button[type=submit]')])
    const f: ApiFunnel = (await api(`/api/v1/funnel?since=${since}T00:00:00Z&until=${day(Date.now() + DAY)}T00:00:00Z`, {}, site.apiKey)).json()
    expect(f.reached.known).toBe(4)
    expect(await readPage(page)).toEqual(expected(f))
    await context.close()
  })
})
