import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { verifyLeadLink } from '../../worker/http/lead-link'
import worker from '../../worker/index'
import { receiver } from './alerts/receiver-client'
import { call, settle } from './handoff/support'
import { createSite, ident, pv, rows, send, track, uid } from './helpers'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

interface LeadTimes {
  id: string
  stage: string
  first_seen_at: number
  last_seen_at: number
  mql_at: number | null
  sql_at: number | null
}

async function leadTimes(email: string): Promise<LeadTimes> {
  const [lead] = await rows<LeadTimes>('select id, stage, first_seen_at, last_seen_at, mql_at, sql_at from leads where email = ?', email)
  return lead
}

async function runCronAt(time: number) {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: time, cron: '*/5 * * * *' }), env, ctx)
  await waitOnExecutionContext(ctx)
}

describe('event times of a back-dated batch', () => {
  it('first seen, last seen, MQL/SQL and the transition follow the events, while the alert goes at once with a link valid 14 days from now', async () => {
    const slack = receiver('/times-slack')
    const site = await createSite({ alerts: { slackWebhookUrl: slack.url } })
    const start = Date.now() - 3 * DAY
    const email = `${uid('ana')}@acme.test`
    const vid = uid('v')
    const before = Date.now()
    const res = await send({
      s: site.siteKey,
      v: vid,
      e: [pv('/', start), pv('/pricing', start + 10 * MIN), ident(email, { name: 'Ana' }, start + 20 * MIN), track('demo_requested', start + 30 * MIN), pv('/docs', start + 40 * MIN)],
    })
    expect(res.status).toBe(202)
    const lead = await leadTimes(email)
    expect(lead).toMatchObject({ stage: 'sql', first_seen_at: start, last_seen_at: start + 40 * MIN })
    // dated by the hand-raise itself, not by the last event or the request
    expect(lead.sql_at).toBe(start + 30 * MIN)
    expect(lead.mql_at).toBe(start + 30 * MIN)
    const [visitor] = await rows<{ first_seen_at: number; last_seen_at: number }>('select first_seen_at, last_seen_at from visitors where vid = ?', vid)
    expect(visitor).toEqual({ first_seen_at: start, last_seen_at: start + 40 * MIN })
    const transitions = await rows<{ to_stage: string; at: number }>('select to_stage, at from stage_transitions where lead_id = ?', lead.id)
    expect(transitions).toEqual([{ to_stage: 'sql', at: start + 30 * MIN }])

    const [alert] = await settle(lead.id, 1)
    expect(alert.status).toBe('sent')
    expect(await slack.requests()).toHaveLength(1)
    const [row] = await rows<{ created_at: number; payload: string }>('select created_at, payload from alerts where lead_id = ?', lead.id)
    expect(row.created_at).toBeGreaterThanOrEqual(before)
    const token = new URL(JSON.parse(row.payload).leadUrl).searchParams.get('t')
    expect(await verifyLeadLink(env.ADMIN_TOKEN, token, Date.now() + 13 * DAY)).not.toBeNull()
    expect(await verifyLeadLink(env.ADMIN_TOKEN, token, Date.now() + 15 * DAY)).toBeNull()
  })

  it('a score crossing is dated by the newest event of its batch; a late batch of older events moves first seen back but not last seen', async () => {
    const site = await createSite()
    const email = `${uid('bo')}@acme.test`
    const vid = uid('v')
    const t0 = Date.now() - 5 * DAY
    await send({ s: site.siteKey, v: vid, e: [ident(email, {}, t0)] })
    const known = await leadTimes(email)
    expect(known).toMatchObject({ stage: 'known', first_seen_at: t0, last_seen_at: t0, mql_at: null })

    // enough page views and engaged time to pass the MQL line, two days later
    const t1 = t0 + 2 * DAY
    const pages = ['/pricing', '/pricing', '/demo', '/docs', '/case-studies', '/integrations', '/security', '/pricing']
    const e = pages.flatMap((p, i) => [pv(p, t1 + i * MIN), { i: uid('e'), t: 'eng' as const, ts: t1 + i * MIN + 30_000, p, n: 600 }])
    await send({ s: site.siteKey, v: vid, e })
    const mql = await leadTimes(email)
    expect(mql.stage).not.toBe('known')
    const newest = t1 + (pages.length - 1) * MIN + 30_000
    expect(mql.mql_at).toBe(newest)
    expect(mql.last_seen_at).toBe(newest)

    // the same browser's queue from before the first batch arrives late
    await send({ s: site.siteKey, v: vid, e: [pv('/', t0 - DAY)] })
    const late = await leadTimes(email)
    expect(late).toMatchObject({ first_seen_at: t0 - DAY, last_seen_at: newest, mql_at: newest })
  })

  it('a client clock ahead of ours never dates anything in the future; events past the 30-day window move nothing', async () => {
    const site = await createSite()
    const email = `${uid('cy')}@acme.test`
    await send({ s: site.siteKey, v: uid('v'), e: [pv('/', Date.now() - 31 * DAY), ident(email, {}, Date.now() - HOUR), track('demo_requested', Date.now() + 7 * DAY)] })
    const after = Date.now()
    const lead = await leadTimes(email)
    expect(lead.stage).toBe('sql')
    expect(lead.first_seen_at).toBeGreaterThanOrEqual(after - HOUR - 5_000)
    expect(lead.first_seen_at).toBeLessThanOrEqual(after - HOUR)
    expect(lead.last_seen_at).toBeLessThanOrEqual(after)
    expect(lead.sql_at).toBeLessThanOrEqual(after)
    expect(lead.sql_at).toBeGreaterThan(after - HOUR)
  })

  it('a re-sent back-dated batch changes no time and makes no second transition or alert', async () => {
    const site = await createSite({ alerts: { slackWebhookUrl: receiver('/times-resend').url } })
    const email = `${uid('di')}@acme.test`
    const start = Date.now() - 2 * DAY
    const batch = { s: site.siteKey, v: uid('v'), e: [ident(email, {}, start), track('demo_requested', start + MIN)] }
    await send(batch)
    const first = await leadTimes(email)
    await settle(first.id, 1)
    const again = await send(batch)
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 2 })
    expect(await leadTimes(email)).toEqual(first)
    expect(await rows('select id from stage_transitions where lead_id = ?', first.id)).toHaveLength(1)
    expect(await rows('select id from alerts where lead_id = ?', first.id)).toHaveLength(1)
  })

  it('the sales SLA counts from the alert, not from a back-dated SQL time', async () => {
    const slack = receiver('/times-sla')
    const site = await createSite({ alerts: { slackWebhookUrl: slack.url } })
    expect((await call('PATCH', '/api/v1/site', site.apiKey, { salesSlaHours: 1 })).status).toBe(200)
    const email = `${uid('ed')}@acme.test`
    const start = Date.now() - 2 * DAY
    await send({ s: site.siteKey, v: uid('v'), e: [ident(email, { name: 'Ed' }, start), track('demo_requested', start + MIN)] })
    const lead = await leadTimes(email)
    expect(lead.sql_at).toBe(start + MIN)
    await settle(lead.id, 1)
    await runCronAt(Date.now() + 30 * MIN)
    expect(await slack.requests()).toHaveLength(1)
    await runCronAt(Date.now() + 2 * HOUR)
    const got = await slack.requests()
    expect(got).toHaveLength(2)
    expect(JSON.parse(got[1].body).text).toContain('SQL waiting 2 h: Ed')
  })
})

describe('the funnel over back-dated leads', () => {
  it('counts the time to accept from the alert, not from the back-dated SQL time', async () => {
    const site = await createSite()
    const email = `${uid('fa')}@acme.test`
    const start = Date.now() - 2 * DAY
    await send({ s: site.siteKey, v: uid('v'), e: [ident(email, {}, start), track('demo_requested', start + MIN)] })
    const lead = await leadTimes(email)
    await settle(lead.id, 1)
    expect((await call('PATCH', `/api/v1/leads/${lead.id}`, site.apiKey, { stage: 'accepted' })).status).toBe(200)
    const q = `since=${new Date(start - DAY).toISOString()}&until=${new Date(Date.now() + DAY).toISOString()}`
    const funnel = (await (await call('GET', `/api/v1/funnel?${q}`, site.apiKey)).json()) as { medianHoursToAccept: number; reached: { sql: number } }
    expect(funnel.reached.sql).toBe(1)
    expect(funnel.medianHoursToAccept).toBeLessThan(0.1)
  })
})
