/**
 * First touch, from snippet-shaped batches to the lead: UTM in the page-view path and the referrer of a
 * page load become the lead's source, medium and campaign (the earliest of all its visitors'), later
 * touches stay in the timeline, fit rules see them, and the alert says where the lead came from.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { retryDueAlerts } from '../../worker/alerts/outbox'
import { call, json, type LeadDetail } from './api/api-helpers'
import { receiver } from './alerts/receiver-client'
import { createSite, ident, rows, send, track, uid } from './helpers'

type Detail = Omit<LeadDetail, 'timeline'> & { timeline: { type: string; path?: string; props?: Record<string, unknown> }[]; source: string | null; medium: string | null; campaign: string | null; referrer: string | null; profile: Record<string, string> }

const pvr = (p: string, at: number, r?: string) => ({ i: uid('e'), t: 'pv' as const, ts: at, p, ...(r ? { r } : {}) })
const eng = (p: string, at: number, n: number) => ({ i: uid('e'), t: 'eng' as const, ts: at, p, n })

async function detailOf(apiKey: string, siteId: string, email: string): Promise<Detail> {
  const [lead] = await rows<{ id: string }>('select id from leads where site_id = ? and email = ?', siteId, email)
  expect(lead, email).toBeDefined()
  return json<Detail>(await call('GET', `/api/v1/leads/${lead.id}`, apiKey))
}

async function accepted(body: unknown): Promise<void> {
  const res = await send(body)
  expect(res.status, await res.clone().text()).toBe(202)
}

describe('first touch', () => {
  it('a snippet batch with utm_source=LinkedIn&utm_medium=paid gives linkedin / paid; later touches stay in the timeline', async () => {
    const site = await createSite()
    const email = `${uid('ann')}@acme.test`
    const v = uid('v')
    const t = Date.now() - 600_000
    const landing = '/pricing?utm_source=LinkedIn&utm_medium=paid&utm_campaign=Spring'
    await accepted({
      s: site.siteKey,
      v,
      e: [pvr(landing, t, 'https://www.linkedin.com/feed/'), eng(landing, t + 30_000, 30), pvr('/features', t + 40_000)],
    })
    const [visitor] = await rows<{ source: string; medium: string; campaign: string; touch_at: number }>('select source, medium, campaign, touch_at from visitors where vid = ?', v)
    expect(visitor).toMatchObject({ source: 'linkedin', medium: 'paid', campaign: 'spring', touch_at: t })

    await accepted({ s: site.siteKey, v, e: [pvr('/?utm_source=google&utm_medium=cpc', t + 60_000, 'https://www.google.com/'), ident(email, { name: 'Ann' }, t + 70_000)] })
    const d = await detailOf(site.apiKey, site.id, email)
    expect(d).toMatchObject({ source: 'linkedin', medium: 'paid', campaign: 'spring', referrer: 'https://www.linkedin.com/feed/' })
    expect(d.profile).toMatchObject({ source: 'linkedin', medium: 'paid', campaign: 'spring' })
    // the later touch is kept where it happened
    expect(d.timeline.map((x) => x.path)).toContain('/?utm_source=google&utm_medium=cpc')
    expect(d.timeline.find((x) => x.path === '/?utm_source=google&utm_medium=cpc')?.props).toMatchObject({ referrer: 'https://www.google.com/' })
  })

  it('a google referrer without UTM is google / organic; no UTM and no referrer is direct', async () => {
    const site = await createSite()
    const t = Date.now() - 600_000
    const google = `${uid('g')}@acme.test`
    await accepted({ s: site.siteKey, v: uid('v'), e: [pvr('/blog/post', t, 'https://www.google.com/'), ident(google, {}, t + 1000)] })
    expect(await detailOf(site.apiKey, site.id, google)).toMatchObject({ source: 'google', medium: 'organic', campaign: null })

    const direct = `${uid('d')}@acme.test`
    await accepted({ s: site.siteKey, v: uid('v'), e: [pvr('/', t), pvr('/#/pricing?utm_source=evil', t + 1000), ident(direct, {}, t + 2000)] })
    expect(await detailOf(site.apiKey, site.id, direct)).toMatchObject({ source: 'direct', medium: 'none', campaign: null, referrer: null })

    // a later tagged visit is the first real touch of a lead that came in directly
    const v = uid('v')
    const late = `${uid('l')}@acme.test`
    await accepted({ s: site.siteKey, v, e: [pvr('/', t), ident(late, {}, t + 1000)] })
    await accepted({ s: site.siteKey, v, e: [pvr('/?utm_source=newsletter&utm_medium=email', t + 5000)] })
    expect(await detailOf(site.apiKey, site.id, late)).toMatchObject({ source: 'newsletter', medium: 'email' })
  })

  it("on merge the earliest visitor's first touch wins, whatever order the devices identify in", async () => {
    const site = await createSite()
    const email = `${uid('bo')}@beta.test`
    const t = Date.now() - 3_600_000
    // the laptop identifies first, with a touch from an hour later than the phone's
    await accepted({ s: site.siteKey, v: uid('laptop'), e: [pvr('/', t + 1_800_000, 'https://www.bing.com/'), ident(email, {}, t + 1_801_000)] })
    expect(await detailOf(site.apiKey, site.id, email)).toMatchObject({ source: 'bing', medium: 'organic' })
    await accepted({ s: site.siteKey, v: uid('phone'), e: [pvr('/?utm_source=fb&utm_medium=paid_social&utm_campaign=q4', t), ident(email, {}, t + 2_000_000)] })
    expect(await detailOf(site.apiKey, site.id, email)).toMatchObject({ source: 'facebook', medium: 'paid', campaign: 'q4' })
    // a third device with a later touch changes nothing
    await accepted({ s: site.siteKey, v: uid('tablet'), e: [pvr('/', t + 2_500_000, 'https://t.co/x'), ident(email, {}, t + 2_501_000)] })
    expect(await detailOf(site.apiKey, site.id, email)).toMatchObject({ source: 'facebook', medium: 'paid', campaign: 'q4' })
  })

  it('fit rules read the first touch: a partner referral earns the default model\'s "referred" points', async () => {
    const site = await createSite()
    const t = Date.now() - 60_000
    const referred = `${uid('r')}@acme.test`
    const plain = `${uid('p')}@acme.test`
    await accepted({ s: site.siteKey, v: uid('v'), e: [pvr('/?utm_source=partner&utm_medium=referral', t), ident(referred, {}, t + 1000)] })
    await accepted({ s: site.siteKey, v: uid('v'), e: [pvr('/', t), ident(plain, {}, t + 1000)] })
    const a = await detailOf(site.apiKey, site.id, referred)
    const b = await detailOf(site.apiKey, site.id, plain)
    expect(a.breakdown.map((x) => x.rule)).toContain('referred')
    expect(b.breakdown.map((x) => x.rule)).not.toContain('referred')
    expect(a.fitScore - b.fitScore).toBe(40)
  })

  it('the alert says where the lead came from: a Source line in Slack, fields in the webhook', { timeout: 30_000 }, async () => {
    const slack = receiver('/touch-slack')
    const crm = receiver('/touch-crm')
    const site = await createSite({ alerts: { slackWebhookUrl: slack.url, webhookUrl: crm.url } })
    const email = `${uid('kim')}@globex.test`
    const t = Date.now() - 60_000
    await accepted({ s: site.siteKey, v: uid('v'), e: [pvr('/?utm_source=LinkedIn&utm_medium=paid', t), ident(email, {}, t + 1000), track('demo_requested', t + 2000)] })
    const [lead] = await rows<{ id: string }>('select id from leads where email = ?', email)
    for (let i = 0; i < 400; i++) {
      const got = await rows<{ status: string }>('select status from alerts where lead_id = ?', lead.id)
      if (got.length === 2 && got.every((r) => r.status === 'sent')) break
      await retryDueAlerts(env, Date.now())
      await scheduler.wait(10)
    }
    const [msg] = await slack.requests()
    expect(JSON.stringify(JSON.parse(msg.body).blocks)).toContain('*Source*\\nlinkedin / paid')
    const [hook] = await crm.requests()
    expect(JSON.parse(hook.body)).toMatchObject({ data: { lead: { source: 'linkedin', medium: 'paid', campaign: null } } })
  })
})
