import { env } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import { retryDueAlerts, sendAlerts } from '../../../worker/alerts/outbox'
import { MAX_ATTEMPTS, PER_SITE_PER_RUN } from '../../../worker/alerts/policy'
import { receiver } from '../alerts/receiver-client'
import { alertRow, seedAlert, siteRow } from '../alerts/seed'
import { rows } from '../helpers'

const T0 = Date.UTC(2026, 10, 3, 9, 0)

describe('fair and honest delivery', () => {
  it("a site whose receiver hangs, with hundreds of due rows, does not delay another site's alert", async () => {
    const hung = receiver('/hangs')
    await hung.failNext({ status: 200, hangMs: 25_000, count: 1000 })
    const a = await seedAlert({ alerts: { webhookUrl: hung.url }, now: T0 })
    // 299 more due rows of site A, all older than site B's alert
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 299)
       insert into alerts (id, site_id, lead_id, transition_id, channel, status, attempts, next_attempt_at, payload, created_at)
       select id || '.' || i, site_id, lead_id, transition_id || '.' || i, channel, 'pending', 0, next_attempt_at - i * 1000, payload, created_at
       from alerts, n where id = ?1`,
    )
      .bind(a.ids[0])
      .run()
    const ok = receiver('/fair-ok')
    const b = await seedAlert({ alerts: { slackWebhookUrl: ok.url }, now: T0 + 5_000 })

    const summary = await retryDueAlerts(env, T0 + 10_000)
    expect(await ok.requests()).toHaveLength(1)
    expect(await alertRow(b.ids[0])).toMatchObject({ status: 'sent' })
    const tried = await rows<{ n: number }>('select count(*) n from alerts where site_id = ? and attempts > 0', a.site.id)
    expect(tried[0].n).toBe(PER_SITE_PER_RUN)
    expect(summary.sent).toBe(1)
    expect(summary.pending).toBe(PER_SITE_PER_RUN) // timed out, to be retried
    const due = await rows<{ n: number }>("select count(*) n from alerts where site_id = ? and status = 'pending'", a.site.id)
    expect(due[0].n).toBe(300)
  }, 60_000)

  it('a claim never settled is retried a bounded number of times, then failed, and the site is told once', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const rx = receiver('/unsettled')
    const { ids, site } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
    // the Worker died holding it, every time: the lease lapsed with no tries left
    await env.DB.prepare("update alerts set status = 'sending', lease_until = ?, attempts = ? where id = ?").bind(T0 - 1, MAX_ATTEMPTS, ids[0]).run()
    await retryDueAlerts(env, T0)
    expect(await alertRow(ids[0])).toMatchObject({ status: 'failed', leaseUntil: null, lastError: expect.stringMatching(/stopped without recording a result/) })
    expect(await rx.requests()).toHaveLength(0)
    expect((await siteRow(site.id)).channelHealth).toMatchObject({ slack: { failing: true } })
    const notices = log.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('are failing'))
    expect(notices).toEqual([expect.stringMatching(/alerts to Slack of site "Acme <Analytics>" are failing/)])
    // a later run leaves it failed and says nothing more
    await retryDueAlerts(env, T0 + 3_600_000)
    expect(await alertRow(ids[0])).toMatchObject({ status: 'failed' })
    expect(log.mock.calls.filter((c) => String(c[0]).includes('are failing'))).toHaveLength(1)
    log.mockRestore()
  })

  it('one lapsed claim with a try left is taken over and sent', async () => {
    const rx = receiver('/unsettled-once')
    const { ids } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
    await env.DB.prepare("update alerts set status = 'sending', lease_until = ?, attempts = ? where id = ?").bind(T0 - 1, MAX_ATTEMPTS - 1, ids[0]).run()
    await retryDueAlerts(env, T0)
    expect(await alertRow(ids[0])).toMatchObject({ status: 'sent', attempts: MAX_ATTEMPTS })
    expect(await rx.requests()).toHaveLength(1)
  })

  it('after the last try, the other channels get ONE "alerts to X are failing" notice; success ends the spell', async () => {
    const slack = receiver('/notice-slack')
    const hook = receiver('/notice-hook')
    await hook.failNext({ status: 400, count: 2 })
    const first = await seedAlert({ alerts: { slackWebhookUrl: slack.url, webhookUrl: hook.url }, now: T0 })
    expect(await sendAlerts(env, first.ids, T0)).toMatchObject({ sent: 1, failed: 1 })
    let got = await slack.requests()
    expect(got).toHaveLength(2)
    expect(JSON.parse(got[1].body).text).toMatch(/alerts to the webhook of site "Acme <Analytics>" are failing \(HTTP 400: request refused\)/)
    expect((await siteRow(first.site.id)).channelHealth).toMatchObject({ webhook: { failing: true, error: 'HTTP 400: request refused' } })

    // a second failure on the same site and channel: no second notice
    const again = first.rows.map((r) => ({ ...r, id: `${r.id}.again`, transitionId: `${r.transitionId}.again` }))
    await env.DB.batch(again.map((r) => env.DB.prepare('insert into alerts (id, site_id, lead_id, transition_id, channel, status, attempts, next_attempt_at, payload, created_at) values (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)').bind(r.id, r.siteId, r.leadId, r.transitionId, r.channel, r.status, T0, JSON.stringify(r.payload), T0)))
    expect(await sendAlerts(env, again.map((r) => r.id), T0 + 1)).toMatchObject({ sent: 1, failed: 1 })
    got = await slack.requests()
    expect(got.filter((q) => q.body.includes('are failing'))).toHaveLength(1)

    // the webhook works again: the spell ends, and a later failure would be told again
    const third = first.rows.filter((r) => r.channel === 'webhook').map((r) => ({ ...r, id: `${r.id}.3`, transitionId: `${r.transitionId}.3` }))
    await env.DB.prepare('insert into alerts (id, site_id, lead_id, transition_id, channel, status, attempts, next_attempt_at, payload, created_at) values (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)').bind(third[0].id, third[0].siteId, third[0].leadId, third[0].transitionId, 'webhook', 'pending', T0, JSON.stringify(third[0].payload), T0).run()
    expect(await sendAlerts(env, [third[0].id], T0 + 2)).toMatchObject({ sent: 1 })
    expect((await siteRow(first.site.id)).channelHealth).toEqual({})
    // the notice is not one of the lead's alerts
    const leadAlerts = await rows<{ id: string }>("select id from alerts where lead_id = ? and transition_id like 'notice.%'", first.lead.id)
    expect(leadAlerts).toHaveLength(1)
  })
})
