import { env } from 'cloudflare:test'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { alerts } from '../../../schema/tables'
import { retryDueAlerts, sendAlerts } from '../../../worker/alerts/outbox'
import { call } from '../api/api-helpers'
import { createSite, ident, rows, send, track, uid } from '../helpers'
import { receiver } from './receiver-client'
import { alertRow, db, seedAlert, siteRow } from './seed'

const T0 = Date.UTC(2026, 10, 2, 9, 0)
const SECRET = 'intranet-secret-7f3a9c'

afterEach(async () => {
  await db().delete(alerts).where(sql`1 = 1`)
})

/** Every row the site's alerts left in D1 (alerts, the site with its channel health), as text. */
async function storedText(siteId: string): Promise<string> {
  const a = await rows('select * from alerts where site_id = ?', siteId)
  const s = await rows('select * from sites where id = ?', siteId)
  return JSON.stringify([a, s])
}

describe('delivery errors keep a status and a reason of our own, never another host’s body', () => {
  it('a secret in the answer of a webhook or a Slack stand-in is stored nowhere', async () => {
    const cases: [channel: 'slack' | 'webhook', status: number, outcome: string, error: string][] = [
      ['webhook', 400, 'failed', 'HTTP 400: request refused'],
      ['webhook', 404, 'broken', 'HTTP 404: not found'],
      ['webhook', 503, 'pending', 'HTTP 503: server error'],
      ['slack', 400, 'failed', 'HTTP 400: request refused'],
      ['slack', 410, 'broken', 'HTTP 410: gone'],
      ['slack', 500, 'pending', 'HTTP 500: server error'],
    ]
    for (const [channel, status, outcome, error] of cases) {
      const rx = receiver(`/secret-${channel}-${status}`)
      await rx.failNext({ status, body: `${SECRET} ${'x'.repeat(100)}` })
      const { ids, site } = await seedAlert({ alerts: channel === 'slack' ? { slackWebhookUrl: rx.url } : { webhookUrl: rx.url }, now: T0 })
      await sendAlerts(env, ids, T0)
      expect(await rx.requests()).toHaveLength(1)
      expect(await alertRow(ids[0])).toMatchObject({ status: outcome, lastStatus: status, lastError: error })
      expect(await storedText(site.id)).not.toContain(SECRET)
      // a broken channel keeps the status and our reason; a failed alert marks its channel failing, with our reason
      const health = outcome === 'broken' ? { [channel]: expect.objectContaining({ status, error }) } : outcome === 'failed' ? { [channel]: expect.objectContaining({ failing: true, error }) } : {}
      expect((await siteRow(site.id)).channelHealth).toEqual(health)
    }
  })

  it('Slack’s own error codes are kept from the Slack channel only', async () => {
    const slack = receiver('/slack-code')
    const crm = receiver('/crm-code')
    await slack.failNext({ status: 404, body: 'channel_not_found' })
    await crm.failNext({ status: 404, body: 'channel_not_found' })
    const { ids } = await seedAlert({ alerts: { slackWebhookUrl: slack.url, webhookUrl: crm.url }, now: T0 })
    await sendAlerts(env, ids, T0)
    const got = await Promise.all(ids.map(alertRow))
    expect(got.map((r) => [r.channel, r.lastError])).toEqual([
      ['slack', 'HTTP 404: channel_not_found'],
      ['webhook', 'HTTP 404: not found'],
    ])
  })

  it('nor does it reach the API: the lead detail and the site settings of a real SQL lead', { timeout: 30_000 }, async () => {
    const slack = receiver('/secret-api-slack')
    const crm = receiver('/secret-api-crm')
    await slack.failNext({ status: 404, body: SECRET })
    await crm.failNext({ status: 400, body: SECRET })
    const site = await createSite({ alerts: { slackWebhookUrl: slack.url, webhookUrl: crm.url } })
    const v = uid('v')
    const email = `${uid('ann')}@globex.test`
    expect((await send({ s: site.siteKey, v, e: [ident(email, { company: 'Globex' }), track('demo_requested')] })).status).toBe(202)
    const [lead] = await rows<{ id: string; stage: string }>('select id, stage from leads where email = ?', email)
    expect(lead.stage).toBe('sql')
    let final: { channel: string; status: string }[] = []
    for (let i = 0; i < 400 && !(final.length === 2 && final.every((r) => r.status !== 'pending' && r.status !== 'sending')); i++) {
      await retryDueAlerts(env, Date.now())
      final = await rows("select channel, status from alerts where lead_id = ? and transition_id not like 'notice.%' order by channel", lead.id)
      await scheduler.wait(10)
    }
    expect(final).toEqual([
      { channel: 'slack', status: 'broken' },
      { channel: 'webhook', status: 'failed' },
    ])
    const detail = await call('GET', `/api/v1/leads/${lead.id}`, site.apiKey)
    const settings = await call('GET', '/api/v1/site', site.apiKey)
    expect([detail.status, settings.status]).toEqual([200, 200])
    const answers = (await detail.text()) + (await settings.text())
    expect(answers).toContain('"broken"')
    expect(answers).not.toContain(SECRET)
    expect(await storedText(site.id)).not.toContain(SECRET)
  })
})
