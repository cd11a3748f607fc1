import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { LINK_TTL_MS, signHandoffToken } from '../../../worker/handoff'
import { ADMIN, rows } from '../helpers'
import { receiver } from '../alerts/receiver-client'
import { slackSiteWithSqlLead } from './support'

const stageOf = async (id: string) => (await rows<{ stage: string }>('select stage from leads where id = ?', id))[0].stage
const link = (token: string, init?: RequestInit) => SELF.fetch(`https://lb.test/handoff/${token}`, init)
const post = (token: string, form: Record<string, string> = {}) =>
  link(token, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() })

describe('one-click handoff links in alert emails', () => {
  it('GET only shows a confirm page (prefetches change nothing); the POST changes once', async () => {
    const { site, lead } = await slackSiteWithSqlLead(receiver('/email-links').url)
    const token = await signHandoffToken(ADMIN, { siteId: site.id, leadId: lead.id, action: 'accept', expiresAt: Date.now() + LINK_TTL_MS })
    for (let i = 0; i < 3; i++) {
      const page = await link(token)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('<form method="post">')
      expect(html).toContain(lead.email)
    }
    expect(await stageOf(lead.id)).toBe('sql')

    const done = await post(token)
    expect(done.status).toBe(200)
    expect(await stageOf(lead.id)).toBe('accepted')
    const again = await post(token)
    expect(await again.text()).toContain('already <strong>accepted</strong>')
    const tr = await rows<{ actor: string; source: string }>("select actor, source from stage_transitions where lead_id = ? and to_stage = 'accepted'", lead.id)
    expect(tr).toEqual([{ actor: 'email:alert link', source: 'email' }])
  })

  it('disqualify needs one of the reasons', async () => {
    const { site, lead } = await slackSiteWithSqlLead(receiver('/email-dq').url)
    const token = await signHandoffToken(ADMIN, { siteId: site.id, leadId: lead.id, action: 'disqualify', expiresAt: Date.now() + LINK_TTL_MS })
    expect(await (await link(token)).text()).toContain('<option>no budget</option>')
    expect((await post(token, { reason: 'rude' })).status).toBe(400)
    expect(await stageOf(lead.id)).toBe('sql')
    expect((await post(token, { reason: 'bad timing' })).status).toBe(200)
    expect(await rows("select reason from stage_transitions where lead_id = ? and to_stage = 'disqualified'", lead.id)).toEqual([{ reason: 'bad timing' }])
  })

  it('refuses expired, altered, foreign-key-signed and cross-site tokens, changing nothing', async () => {
    const a = await slackSiteWithSqlLead(receiver('/email-refuse').url)
    const b = await slackSiteWithSqlLead(receiver('/email-refuse').url)
    const claims = { siteId: a.site.id, leadId: a.lead.id, action: 'accept' as const, expiresAt: Date.now() + LINK_TTL_MS }
    const expired = await signHandoffToken(ADMIN, { ...claims, expiresAt: Date.now() - 1 })
    expect((await post(expired)).status).toBe(410)
    const good = await signHandoffToken(ADMIN, claims)
    const [body, sig] = good.split('.')
    const altered = `${body.slice(0, -2)}${body.endsWith('A') ? 'B' : 'A'}${body.slice(-1)}.${sig}`
    expect((await post(altered)).status).toBe(404)
    expect((await post(await signHandoffToken('another-secret', claims))).status).toBe(404)
    expect((await post(await signHandoffToken(ADMIN, { ...claims, leadId: b.lead.id }))).status).toBe(404)
    expect(await stageOf(a.lead.id)).toBe('sql')
    expect(await stageOf(b.lead.id)).toBe('sql')
  })
})
