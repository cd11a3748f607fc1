import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { handoffLinkToken } from '../../../worker/http/handoff-link'
import { ADMIN, createSite, ident, rows, send, track, uid } from '../helpers'
import { call } from './support'

/** A lead file in the Leads.csv vocabulary: half won, converters visit more. */
function leadFile(n: number): string {
  const out = ['Prospect ID,Lead Origin,Lead Source,TotalVisits,Total Time Spent on Website,Page Views Per Visit,Last Activity,Converted']
  for (let i = 0; i < n; i++) {
    const won = i % 2 === 0
    const strong = i % 5 !== 0 ? won : !won
    out.push([`p-${i}`, 'Landing Page Submission', 'Google', strong ? 5 : 1, strong ? 900 : 60, 2, 'Page Visited on Website', won ? 1 : 0].join(','))
  }
  return out.join('\r\n')
}

async function newLead(site: { siteKey: string }, hand = false) {
  const email = `${uid('c')}@initech.test`
  await send({ s: site.siteKey, v: uid('v'), e: [ident(email), ...(hand ? [track('demo_requested')] : [])] })
  const [lead] = await rows<{ id: string; stage: string }>('select id, stage from leads where email = ?', email)
  return lead
}

describe('calibration learns from what sales record', () => {
  it('counts outcomes and telling disqualifications from sales next to imported outcomes', async () => {
    const site = await createSite()
    const imported = await SELF.fetch('https://lb.test/api/v1/import', {
      method: 'POST',
      headers: { Authorization: `Bearer ${site.apiKey}`, 'Content-Type': 'text/csv' },
      body: leadFile(100),
    })
    expect(imported.status, await imported.clone().text()).toBe(200)
    expect(await rows("select outcome_source s, count(*) n from leads where site_id = ? group by 1", site.id)).toEqual([{ s: 'import', n: 100 }])

    // sales: an imported win turns out lost, a new lead is won, two are disqualified for reasons that
    // mean lost (one through the alert email's link), one for a reason that means "not now"
    const [flipped] = await rows<{ id: string }>("select id from leads where site_id = ? and outcome = 'won' limit 1", site.id)
    expect((await call('PATCH', `/api/v1/leads/${flipped.id}`, site.apiKey, { outcome: 'lost' })).status).toBe(200)
    const won = await newLead(site)
    expect((await call('PATCH', `/api/v1/leads/${won.id}`, site.apiKey, { outcome: 'won' })).status).toBe(200)
    const spam = await newLead(site)
    expect((await call('PATCH', `/api/v1/leads/${spam.id}`, site.apiKey, { stage: 'disqualified', reason: 'Spam' })).status).toBe(200)
    const later = await newLead(site)
    expect((await call('PATCH', `/api/v1/leads/${later.id}`, site.apiKey, { stage: 'disqualified', reason: 'bad timing' })).status).toBe(200)
    const misfit = await newLead(site, true)
    expect(misfit.stage).toBe('sql')
    const token = await handoffLinkToken(ADMIN, { siteId: site.id, leadId: misfit.id, action: 'disqualify', to: 'sales@initech.test' }, Date.now())
    const url = `https://lb.test/app/handoff?t=${encodeURIComponent(token)}`
    const res = await SELF.fetch(url, { method: 'POST', headers: { Origin: 'https://lb.test', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'reason=not+a+fit' })
    expect(res.status).toBe(200)
    // an accepted lead with no outcome yet teaches nothing
    const open = await newLead(site)
    expect((await call('PATCH', `/api/v1/leads/${open.id}`, site.apiKey, { stage: 'accepted' })).status).toBe(200)

    const cal = await call('POST', '/api/v1/scoring/calibrate', site.apiKey)
    expect(cal.status, await cal.clone().text()).toBe(200)
    const { report } = (await cal.json()) as { report: { n: number; won: number; lost: number; labels: { imported: number; sales: number } } }
    // 100 imported (50 won) − 1 relabelled by sales; sales: that one (lost), 1 won, spam and not-a-fit (lost)
    expect(report).toMatchObject({ n: 103, won: 50, lost: 53, labels: { imported: 99, sales: 4 } })
  })
})
