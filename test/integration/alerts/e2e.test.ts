
import { describe, expect, it } from 'vitest'
import { verifyWebhookSignature } from '../../../worker/alerts/webhook'
import { createSite, ident, rows, send, track, uid } from '../helpers'
import { settleAlerts } from '../support/settle'
import { receiver } from './receiver-client'

const settle = (leadId: string) => settleAlerts(leadId)

describe('alerts end to end (POST /e → outbox → Slack and webhook)', () => {
  it('a demo request fired from 12 tabs at once: one Slack message and one signed webhook', { timeout: 30_000 }, async () => {
    const slack = receiver('/e2e-slack')
    const crm = receiver('/e2e-crm')
    const site = await createSite({ alerts: { slackWebhookUrl: slack.url, webhookUrl: crm.url } })
    expect(site.webhookSecret).toMatch(/\w{16,}/)
    const email = `${uid('kim')}@globex.test`
    const tabs = Array.from({ length: 12 }, () => uid('v'))
    await Promise.all(tabs.map((v) => send({ s: site.siteKey, v, e: [ident(email, { name: 'Kim <!here>', company: 'Globex' })] })))
    const res = await Promise.all(tabs.map((v) => send({ s: site.siteKey, v, e: [track('demo_requested')] })))
    expect(res.map((r) => r.status)).toEqual(Array(12).fill(202))

    const [lead] = await rows<{ id: string; stage: string; breakdown: string }>('select id, stage, breakdown from leads where email = ?', email)
    expect(lead.stage).toBe('sql')
    expect(await settle(lead.id)).toEqual([
      { channel: 'slack', status: 'sent' },
      { channel: 'webhook', status: 'sent' },
    ])

    const slackGot = await slack.requests()
    expect(slackGot).toHaveLength(1)
    const msg = JSON.parse(slackGot[0].body)
    expect(msg.text).toContain('SQL: Kim &lt;!here&gt; · Globex')
    const top = (JSON.parse(lead.breakdown) as { rule: string; points: number }[]).sort((a, b) => b.points - a.points)[0]
    expect(JSON.stringify(msg.blocks)).toContain(`• ${top.rule}  *+${top.points}*`)

    const crmGot = await crm.requests()
    expect(crmGot).toHaveLength(1)
    const verified = await verifyWebhookSignature(crmGot[0].headers['leadbeacon-signature'], crmGot[0].body, site.webhookSecret!, { now: Date.now() })
    expect(verified.ok).toBe(true)
    expect(JSON.parse(crmGot[0].body)).toMatchObject({ type: 'lead.sql', data: { lead: { id: lead.id, email, company: 'Globex' } } })
  })
})
