import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { retryDueAlerts } from '../../../worker/alerts/outbox'
import { verifyWebhookSignature } from '../../../worker/alerts/webhook'
import { createSite, ident, rows, send, track, uid } from '../helpers'
import { receiver } from './receiver-client'

const TERMINAL = new Set(['sent', 'failed', 'broken', 'refused'])

/**
 * Lets the sends the ingest requests started in waitUntil finish, with the cron's help for anything
 * they left pending: polls the outbox (never a fixed sleep) until every row of the lead is final.
 */
async function settle(leadId: string): Promise<{ channel: string; status: string }[]> {
  for (let i = 0; i < 400; i++) {
    const got = await rows<{ channel: string; status: string }>('select channel, status from alerts where lead_id = ? order by channel', leadId)
    if (got.length && got.every((r) => TERMINAL.has(r.status))) return got
    // now = the real clock: a row another sender holds is left alone until its lease really lapses
    await retryDueAlerts(env, Date.now())
    await scheduler.wait(10)
  }
  throw new Error('alerts did not settle')
}

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
