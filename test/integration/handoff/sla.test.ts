import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../../worker/index'
import { markSiteDeleted } from '../../../worker/db/site-delete'
import { receiver } from '../alerts/receiver-client'
import { createSite, ident, rows, send, track, uid } from '../helpers'
import { call, settle } from './support'

const HOUR = 3_600_000

/** One scheduled run at `time`, as the platform fires it; waits for everything it started. */
async function runAt(time: number) {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: time, cron: '*/5 * * * *' }), env, ctx)
  await waitOnExecutionContext(ctx)
}

async function sqlLead(siteKey: string, name: string) {
  const email = `${uid(name.toLowerCase())}@pied.test`
  await send({ s: siteKey, v: uid('v'), e: [ident(email, { name }), track('demo_requested')] })
  const [lead] = await rows<{ id: string; stage: string }>('select id, stage from leads where email = ?', email)
  expect(lead.stage).toBe('sql')
  return { ...lead, email }
}

describe('the sales SLA', () => {
  it('refuses an SLA under one hour, and shows the setting', async () => {
    const site = await createSite()
    expect((await call('PATCH', '/api/v1/site', site.apiKey, { salesSlaHours: 0 })).status).toBe(400)
    const res = await call('PATCH', '/api/v1/site', site.apiKey, { salesSlaHours: 4 })
    expect(((await res.json()) as { salesSlaHours: number }).salesSlaHours).toBe(4)
    const off = await call('PATCH', '/api/v1/site', site.apiKey, { salesSlaHours: null })
    expect(((await off.json()) as { salesSlaHours: number | null }).salesSlaHours).toBeNull()
  })

  it('an SQL lead unanswered past the SLA gets exactly one reminder, within the run that finds it due; an accepted one none', async () => {
    const slack = receiver('/sla-slack')
    const site = await createSite({ alerts: { slackWebhookUrl: slack.url } })
    expect((await call('PATCH', '/api/v1/site', site.apiKey, { salesSlaHours: 1 })).status).toBe(200)
    const waiting = await sqlLead(site.siteKey, 'Dinesh')
    const answered = await sqlLead(site.siteKey, 'Gilfoyle')
    await settle(waiting.id, 1)
    await settle(answered.id, 1)
    expect((await call('PATCH', `/api/v1/leads/${answered.id}`, site.apiKey, { stage: 'accepted' })).status).toBe(200)
    expect(await slack.requests()).toHaveLength(2)

    await runAt(Date.now() + 30 * 60_000) // not due yet
    expect(await slack.requests()).toHaveLength(2)

    await runAt(Date.now() + 2 * HOUR)
    const got = await slack.requests()
    expect(got).toHaveLength(3)
    const reminder = JSON.parse(got[2].body)
    expect(reminder.text).toContain('SQL waiting 2 h: Dinesh')
    expect(reminder.text).toContain(waiting.email)
    expect(JSON.stringify(reminder.blocks)).toContain(waiting.email)
    const rowsOf = await rows<{ lead_id: string; transition_id: string; status: string }>("select lead_id, transition_id, status from alerts where transition_id like '%.sla'")
    expect(rowsOf.filter((r) => r.lead_id === waiting.id || r.lead_id === answered.id)).toEqual([
      { lead_id: waiting.id, transition_id: expect.stringMatching(/\.sla$/), status: 'sent' },
    ])

    await runAt(Date.now() + 2 * HOUR + 60_000)
    await runAt(Date.now() + 30 * HOUR)
    expect(await slack.requests()).toHaveLength(3)
  })

  it('a deleted site gets no reminder for the SQL lead it left waiting', async () => {
    const slack = receiver('/sla-deleted')
    const site = await createSite({ alerts: { slackWebhookUrl: slack.url } })
    expect((await call('PATCH', '/api/v1/site', site.apiKey, { salesSlaHours: 1 })).status).toBe(200)
    const waiting = await sqlLead(site.siteKey, 'Erlich')
    await settle(waiting.id, 1)
    expect(await slack.requests()).toHaveLength(1)

    // deleted, its rows not yet gone (the deletion job's steps come later)
    await env.DB.batch(markSiteDeleted(env.DB, site.id, Date.now()))
    await runAt(Date.now() + 2 * HOUR)
    expect(await slack.requests()).toHaveLength(1)
    expect(await rows("select 1 from alerts where lead_id = ? and transition_id like '%.sla'", waiting.id)).toEqual([])
  })
})
