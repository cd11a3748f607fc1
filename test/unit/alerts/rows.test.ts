import { describe, expect, it } from 'vitest'
import { type AlertSite, asAlertContext, EMAIL_BINDING_MISSING, EMAIL_PENDING, healthAfterAlertsChange, logLine } from '../../../worker/alerts/channels'
import { leadUrlFor, recentActivity, topReasons } from '../../../worker/alerts/context'
import { alertRowsFor } from '../../../worker/alerts/rows'
import { sampleContext, T0 } from './fixture'

const site = (over: Partial<AlertSite> = {}): AlertSite => ({
  id: 'st_1',
  name: 'Acme',
  alerts: { slackWebhookUrl: 'https://hooks.slack.com/services/T/B/X', email: 'sales@acme.com', webhookUrl: 'https://crm.example.com/hook' },
  channelHealth: {},
  webhookSecret: 'whsec_1',
  alertOnMql: false,
  alertEmailConfirmed: 'sales@acme.com',
  ...over,
})
const sql = { id: 'tr_1', to: 'sql' as const, reengaged: false }
const email = { send: async () => ({ messageId: 'm' }) } as unknown as SendEmail
const prod = { ENVIRONMENT: 'production', EMAIL: email }
const rows = (s: AlertSite, transition: { id: string; to: 'sql' | 'mql'; reengaged: boolean } = sql, env: { ENVIRONMENT: string; EMAIL?: SendEmail } = prod) =>
  alertRowsFor({ site: s, transition, context: sampleContext(), now: T0, env }).map((r) => [r.channel, r.status, r.lastError])

describe('alertRowsFor', () => {
  it('queues one pending row per configured channel, ids derived from the transition', () => {
    const out = alertRowsFor({ site: site(), transition: sql, context: sampleContext(), now: T0, env: prod })
    expect(out.map((r) => r.id)).toEqual(['tr_1.slack', 'tr_1.email', 'tr_1.webhook'])
    for (const r of out) {
      expect(r).toMatchObject({ siteId: 'st_1', leadId: 'ld_1', transitionId: 'tr_1', status: 'pending', attempts: 0, nextAttemptAt: T0, createdAt: T0 })
      expect(r.payload).toEqual(sampleContext())
    }
  })

  it('alerts MQL only when the site opted in', () => {
    const mql = { id: 'tr_2', to: 'mql' as const, reengaged: false }
    expect(rows(site(), mql)).toEqual([])
    expect(rows(site({ alertOnMql: true }), mql).map((r) => r[0])).toEqual(['slack', 'email', 'webhook'])
  })

  it('writes to the log when no channel is configured', () => {
    expect(rows(site({ alerts: {} }))).toEqual([['log', 'pending', null]])
  })

  it('skips broken channels', () => {
    const health = { slack: { broken: true, at: 1, status: 404 } }
    expect(rows(site({ channelHealth: health })).map((r) => r[0])).toEqual(['email', 'webhook'])
    expect(rows(site({ alerts: { slackWebhookUrl: 'https://hooks.slack.com/x' }, channelHealth: health }))).toEqual([['log', 'pending', null]])
  })

  it('an alert address its owner has not confirmed (or a new one) gets no mail: refused as pending', () => {
    const only = { alerts: { email: 'sales@acme.com' } }
    expect(rows(site({ ...only, alertEmailConfirmed: null }))).toEqual([
      ['email', 'refused', EMAIL_PENDING],
      ['log', 'pending', null],
    ])
    expect(rows(site({ ...only, alertEmailConfirmed: 'old@acme.com' }))[0]).toEqual(['email', 'refused', EMAIL_PENDING])
    expect(rows(site({ ...only, alertEmailConfirmed: 'sales@acme.com' }))).toEqual([['email', 'pending', null]])
  })

  it('records refusals with their reason (and still logs when nothing can go out)', () => {
    const s = site({ alerts: { slackWebhookUrl: 'http://127.0.0.1:9/x', email: 'sales@acme.com' } })
    expect(rows(s, sql, { ENVIRONMENT: 'production' })).toEqual([
      ['slack', 'refused', 'slack URL refused: must use https:// (http:// is accepted only when running locally)'],
      ['email', 'refused', EMAIL_BINDING_MISSING],
      ['log', 'pending', null],
    ])
    expect(rows(s, sql, { ENVIRONMENT: 'local' })).toEqual([
      ['slack', 'pending', null],
      ['email', 'refused', EMAIL_BINDING_MISSING],
    ])
    expect(rows(site({ alerts: { webhookUrl: 'https://crm.example.com/h' }, webhookSecret: null }))[0]).toEqual([
      'webhook',
      'refused',
      'webhook refused: the site has no webhook secret to sign with',
    ])
  })
})

describe('alert context', () => {
  it('sums reasons per rule, keeps the positive ones, biggest first', () => {
    expect(topReasons([{ rule: 'b', points: 5 }, { rule: 'a', points: 5 }, { rule: 'c', points: 1 }, { rule: 'c', points: 6 }, { rule: 'd', points: -3 }])).toEqual([
      { rule: 'c', points: 7 },
      { rule: 'a', points: 5 },
      { rule: 'b', points: 5 },
    ])
    expect(topReasons(Array.from({ length: 9 }, (_, i) => ({ rule: `r${i}`, points: i + 1 }))).map((r) => r.rule)).toEqual(['r8', 'r7', 'r6', 'r5', 'r4'])
  })

  it('keeps the newest pages, downloads and forms', () => {
    const ev = [
      { type: 'page_view', path: '/a', at: 1 },
      { type: 'custom', name: 'x', at: 9 },
      { type: 'download', name: '/f.pdf', path: '/d', at: 3 },
      { type: 'engaged', path: '/a', at: 4 },
    ]
    expect(recentActivity(ev)).toEqual([
      { type: 'download', name: '/f.pdf', path: '/d', at: 3 },
      { type: 'page_view', path: '/a', at: 1 },
    ])
    expect(recentActivity(Array.from({ length: 20 }, (_, i) => ({ type: 'page_view', path: `/${i}`, at: i }))).map((a) => a.path)).toEqual([
      '/19', '/18', '/17', '/16', '/15', '/14', '/13', '/12',
    ])
  })

  it('rolls up the account without the lead itself or idle colleagues', () => {
    expect(sampleContext().account).toEqual({
      domain: 'bigco.com',
      score: 140,
      engagedPeople: 2,
      people: [
        { name: 'Bob Roe', email: 'bob@bigco.com', title: 'CTO', score: 40 },
        { name: null, email: 'eve@bigco.com', title: null, score: 13 },
      ],
    })
  })

  it('links to the lead on the public origin, or the local dev server', () => {
    expect(leadUrlFor('https://lb.example.com/', 'ld 1')).toBe('https://lb.example.com/app/leads/ld%201')
    expect(leadUrlFor(undefined, 'ld_1')).toBe('http://127.0.0.1:8787/app/leads/ld_1')
  })

  it('reads a stored payload back, and refuses what is not one', () => {
    const ctx = sampleContext()
    expect(asAlertContext(JSON.parse(JSON.stringify(ctx)))).toEqual(ctx)
    expect(asAlertContext(JSON.stringify(ctx))).toEqual(ctx)
    expect(asAlertContext({ alertVersion: 2 })).toBeNull()
    expect(asAlertContext('nope')).toBeNull()
  })

  it('logs one line', () => {
    const line = logLine(sampleContext())
    expect(line).toBe(
      '[leadbeacon] ALERT SQL: Jane Doe · BigCo | jane@bigco.com | score 87 | grade A1 | why: demo_requested +40, title_vp +15, pricing_page +10 | https://lb.example.com/app/leads/ld_1',
    )
    const ctx = sampleContext()
    expect(logLine({ ...ctx, lead: { ...ctx.lead, name: 'a\nFAKE LOG LINE' } })).not.toContain('\n')
  })
})

describe('healthAfterAlertsChange', () => {
  it('forgets a broken mark when the address changes or goes, keeps it otherwise', () => {
    const broken = { broken: true, at: 1, status: 410 }
    const before = { slackWebhookUrl: 'https://a', webhookUrl: 'https://w' }
    expect(healthAfterAlertsChange(before, { ...before, slackWebhookUrl: 'https://b' }, { slack: broken, webhook: broken })).toEqual({ webhook: broken })
    expect(healthAfterAlertsChange(before, { webhookUrl: 'https://w' }, { slack: broken })).toEqual({})
    expect(healthAfterAlertsChange(before, before, { slack: broken })).toEqual({ slack: broken })
  })
})
