import { env } from 'cloudflare:test'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { alerts } from '../../../schema/tables'
import { retryDueAlerts, sendAlerts } from '../../../worker/alerts/outbox'
import { LEASE_MS, MAX_ATTEMPTS } from '../../../worker/alerts/policy'
import { markSiteDeleted } from '../../../worker/db/site-delete'
import { receiver } from './receiver-client'
import { alertRow, db, seedAlert } from './seed'

// Time is a parameter of the sender: the tests move `now` forward like the dev server's cron would
// (every 20 s), so no test waits on a real clock.
const T0 = Date.UTC(2026, 10, 2, 9, 0)
const TICK = 20_000

/** Runs the cron `ticks` times, 20 s apart, from `from`; returns the last `now`. */
async function cron(from: number, ticks: number): Promise<number> {
  let now = from
  for (let i = 0; i < ticks; i++) {
    now += TICK
    await retryDueAlerts(env, now)
  }
  return now
}

afterEach(async () => {
  await db().delete(alerts).where(sql`1 = 1`)
})

describe('alert retries (workerd, real D1, real HTTP receiver)', () => {
  it('Slack answering 500 three times: the alert arrives exactly once, after the retries', async () => {
    const rx = receiver('/slack-500')
    await rx.failNext({ status: 500, count: 3 })
    const { ids } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
    expect(ids).toHaveLength(1)

    expect(await sendAlerts(env, ids, T0)).toMatchObject({ pending: 1 })
    expect(await alertRow(ids[0])).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, nextAttemptAt: T0 + 5_000 })

    const end = await cron(T0, 6)
    const got = await rx.requests()
    expect(got.map((r) => r.answered)).toEqual([500, 500, 500, 200])
    expect(await alertRow(ids[0])).toMatchObject({ status: 'sent', attempts: 4, lastStatus: 200, lastError: null, leaseUntil: null })

    // later runs and a stray re-send of the same id never send it again
    await cron(end, 10)
    expect(await sendAlerts(env, ids, end + 3_600_000)).toMatchObject({ skipped: 1 })
    expect(await rx.requests()).toHaveLength(4)
    // every try carried the same message
    expect(new Set(got.map((r) => r.body)).size).toBe(1)
    expect(JSON.parse(got[0].body).text).toContain('&lt;!channel&gt; Jane')
  })

  it('a site deleted while its alert waits for a retry: the retry sends nothing, and says why', async () => {
    const rx = receiver('/slack-deleted')
    await rx.failNext({ status: 500, count: 1 })
    const { ids, site } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
    await sendAlerts(env, ids, T0)
    expect(await alertRow(ids[0])).toMatchObject({ status: 'pending', attempts: 1 })

    await env.DB.batch(markSiteDeleted(env.DB, site.id, T0 + 1_000))
    await cron(T0, 6)
    expect((await rx.requests()).map((r) => r.answered)).toEqual([500])
    expect(await alertRow(ids[0])).toMatchObject({ status: 'failed', lastError: 'the site no longer exists (deleted)', leaseUntil: null })
  })

  it('429 with Retry-After: not retried before the time told', async () => {
    const rx = receiver('/slack-429')
    await rx.failNext({ status: 429, retryAfter: '120' })
    const { ids } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })

    await sendAlerts(env, ids, T0)
    expect(await alertRow(ids[0])).toMatchObject({ status: 'pending', lastStatus: 429, nextAttemptAt: T0 + 120_000 })
    await retryDueAlerts(env, T0 + 119_999)
    expect(await rx.requests()).toHaveLength(1)
    await retryDueAlerts(env, T0 + 120_000)
    expect((await rx.requests()).map((r) => r.answered)).toEqual([429, 200])
    expect((await alertRow(ids[0])).status).toBe('sent')
  })

  it(`gives up as failed after ${MAX_ATTEMPTS} tries`, async () => {
    const rx = receiver('/slack-down')
    await rx.failNext({ status: 503, count: 100 })
    const { ids } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
    await sendAlerts(env, ids, T0)
    await cron(T0, 30)
    expect(await rx.requests()).toHaveLength(MAX_ATTEMPTS)
    expect(await alertRow(ids[0])).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatus: 503, lastError: 'HTTP 503: server error' })
  })

  it('many concurrent senders of the same row deliver it once', async () => {
    const rx = receiver('/slack-race')
    const { ids } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => sendAlerts(env, ids, T0)),
      ...Array.from({ length: 4 }, () => retryDueAlerts(env, T0)),
    ])
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1)
    expect(await rx.requests()).toHaveLength(1)
    expect(await alertRow(ids[0])).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('a row held by a sender that died is taken over once its lease lapses, not before', async () => {
    const rx = receiver('/slack-lease')
    const { ids } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
    // a sender claimed it at T0 and vanished (the Worker was evicted mid-send)
    await db().update(alerts).set({ status: 'sending', attempts: 1, leaseUntil: T0 + LEASE_MS }).where(sql`id = ${ids[0]}`)
    expect(await retryDueAlerts(env, T0 + LEASE_MS)).toMatchObject({ sent: 0 })
    expect(await rx.requests()).toHaveLength(0)
    expect(await retryDueAlerts(env, T0 + LEASE_MS + 1)).toMatchObject({ sent: 1 })
    expect(await alertRow(ids[0])).toMatchObject({ status: 'sent', attempts: 2 })
    expect(await rx.requests()).toHaveLength(1)
  })
})
