import { env } from 'cloudflare:test'
import { createHmac } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { alerts } from '../../../schema/tables'
import { EMAIL_BINDING_MISSING } from '../../../worker/alerts/channels'
import { listLeadAlerts } from '../../../worker/alerts/history'
import { alertRowsFor, sendAlerts } from '../../../worker/alerts/outbox'
import { verifyWebhookSignature } from '../../../worker/alerts/webhook'
import { receiver } from './receiver-client'
import { alertRow, db, seedAlert, siteRow } from './seed'

const T0 = Date.UTC(2026, 10, 2, 9, 0)

afterEach(async () => {
  await db().delete(alerts).where(sql`1 = 1`)
  vi.restoreAllMocks()
})

describe('alert channels (workerd, real D1, real HTTP receiver)', () => {
  it('webhook: the lead as JSON, with a signature that verifies and an Idempotency-Key', async () => {
    const rx = receiver('/crm')
    const { ids, site, lead } = await seedAlert({ alerts: { webhookUrl: rx.url }, now: T0 })
    expect(await sendAlerts(env, ids, T0)).toMatchObject({ sent: 1 })
    const [req] = await rx.requests()
    expect(req.headers['content-type']).toBe('application/json')
    expect(req.headers['idempotency-key']).toBe(ids[0])
    const sig = req.headers['leadbeacon-signature']
    expect(await verifyWebhookSignature(sig, req.body, site.webhookSecret!, { now: T0 })).toEqual({ ok: true, t: T0 / 1000 })
    // and as a receiver with no Leadbeacon code would check it
    const [t, v1] = sig.split(',').map((p) => p.split('=')[1])
    expect(createHmac('sha256', site.webhookSecret!).update(`${t}.${req.body}`).digest('hex')).toBe(v1)
    const event = JSON.parse(req.body)
    expect(event).toMatchObject({ type: 'lead.sql', id: ids[0], createdAt: new Date(T0).toISOString() })
    expect(event.data.lead).toMatchObject({ id: lead.id, email: lead.email, score: 91, grade: 'A1' })
    expect(event.data.reasons).toEqual([{ rule: 'demo_requested', points: 40 }, { rule: 'pricing_page', points: 12 }])
  })

  it('404 from Slack marks the channel broken: no retry, and no further rows for it', async () => {
    const rx = receiver('/slack-gone')
    await rx.failNext({ status: 404, body: 'no_service' })
    const { ids, site, context } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
    expect(await sendAlerts(env, ids, T0)).toMatchObject({ broken: 1 })
    expect(await alertRow(ids[0])).toMatchObject({ status: 'broken', lastStatus: 404, lastError: 'HTTP 404: no_service' })
    const stored = await siteRow(site.id)
    expect(stored.channelHealth.slack).toMatchObject({ broken: true, at: T0, status: 404, error: 'HTTP 404: no_service' })
    expect(await sendAlerts(env, ids, T0 + 3_600_000)).toMatchObject({ skipped: 1 })
    expect(await rx.requests()).toHaveLength(1)
    // the next transition skips the broken channel and falls back to the log
    const next = alertRowsFor({ site: stored, transition: { id: 'tr_next', to: 'sql', reengaged: false }, context, now: T0, env })
    expect(next.map((r) => r.channel)).toEqual(['log'])
    // the lead detail shows what happened
    const history = await listLeadAlerts(env, context.lead.id)
    expect(history).toEqual([
      expect.objectContaining({ channel: 'slack', status: 'broken', stage: 'sql', attempts: 1, lastStatus: 404, at: new Date(T0).toISOString() }),
    ])
  })

  it('410 on the webhook marks it broken while Slack still delivers', async () => {
    const slack = receiver('/slack-ok')
    const crm = receiver('/crm-gone')
    await crm.failNext({ status: 410 })
    const { ids, site } = await seedAlert({ alerts: { slackWebhookUrl: slack.url, webhookUrl: crm.url }, now: T0 })
    expect(await sendAlerts(env, ids, T0)).toMatchObject({ sent: 1, broken: 1 })
    expect((await siteRow(site.id)).channelHealth).toEqual({ webhook: expect.objectContaining({ broken: true, status: 410 }) })
  })

  it('a redirect is not followed with the payload', async () => {
    const rx = receiver('/slack-moved')
    const elsewhere = receiver('/elsewhere')
    await rx.failNext({ status: 307, location: elsewhere.url })
    const { ids } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
    expect(await sendAlerts(env, ids, T0)).toMatchObject({ failed: 1 })
    expect(await alertRow(ids[0])).toMatchObject({ status: 'failed', lastStatus: 307, lastError: 'HTTP 307: redirect not followed' })
    expect(await elsewhere.requests()).toHaveLength(0)
  })

  it('email: a MIME message the send_email binding accepts', async () => {
    const { ids } = await seedAlert({ alerts: { email: 'sales@bigco.test' }, now: T0 })
    expect(ids).toEqual([expect.stringMatching(/\.email$/)])
    expect(await sendAlerts(env, ids, T0)).toMatchObject({ sent: 1 })
    expect(await alertRow(ids[0])).toMatchObject({ status: 'sent', lastError: null })
  })

  it('email without the binding is refused with a clear message; the rest still works', async () => {
    const rx = receiver('/slack-with-email')
    const noEmail = { ...env, EMAIL: undefined }
    const { rows, ids } = await seedAlert({ alerts: { slackWebhookUrl: rx.url, email: 'sales@bigco.test' }, now: T0, sendEnv: noEmail })
    expect(rows.map((r) => [r.channel, r.status, r.lastError])).toEqual([
      ['slack', 'pending', null],
      ['email', 'refused', EMAIL_BINDING_MISSING],
    ])
    expect(await sendAlerts(noEmail, ids, T0)).toMatchObject({ sent: 1, skipped: 1 })
    expect(await rx.requests()).toHaveLength(1)
  })

  it('an email row queued while the binding existed is refused if it is gone at send time', async () => {
    const { ids } = await seedAlert({ alerts: { email: 'sales@bigco.test' }, now: T0 })
    expect(await sendAlerts({ ...env, EMAIL: undefined }, ids, T0)).toMatchObject({ refused: 1 })
    expect(await alertRow(ids[0])).toMatchObject({ status: 'refused', lastError: EMAIL_BINDING_MISSING })
  })

  it('no channel: one line in the log, marked sent', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const { ids, lead } = await seedAlert({ alerts: {}, now: T0 })
    expect(ids).toEqual([expect.stringMatching(/\.log$/)])
    expect(await sendAlerts(env, ids, T0)).toMatchObject({ sent: 1 })
    const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.includes(lead.email))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^\[leadbeacon\] ALERT SQL: <!channel> Jane · BigCo & Sons \| jane\.\w+@bigco\.test \| score 91 \| grade A1 \| why: demo_requested \+40, pricing_page \+12 \| https:\/\/lb\.example\.com\/api\/v1\/leads\/ld_\w+$/)
  })
})
