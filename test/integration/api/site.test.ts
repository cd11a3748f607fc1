import { describe, expect, it } from 'vitest'
import { createSite, expectProblem, rows } from '../helpers'
import { call, json } from './api-helpers'

type Site = {
  id: string
  name: string
  domains: string[]
  alerts: Record<string, string>
  alertOnMql: boolean
  alertCooldownDays: number
  retentionDays: number
  channelHealth: Record<string, unknown>
  webhookSecretSet: boolean
  webhookSecret?: string
  scriptTag: string
  siteKey: string
}

describe('GET and PATCH /api/v1/site', () => {
  it('shows the settings without secrets', async () => {
    const site = await createSite({ name: 'Shown', alerts: { webhookUrl: 'http://127.0.0.1:9/hook' } })
    const s = await json<Site>(await call('GET', '/api/v1/site', site.apiKey))
    expect(s).toMatchObject({ id: site.id, name: 'Shown', domains: ['acme.test'], alertOnMql: false, alertCooldownDays: 30, retentionDays: 395, channelHealth: {}, webhookSecretSet: true, siteKey: site.siteKey })
    expect(s.scriptTag).toBe(site.scriptTag)
    expect(JSON.stringify(s)).not.toContain(site.webhookSecret!)
  })

  it('changes name, domains and settings; merges alert channels; returns a new webhook secret once', async () => {
    const site = await createSite()
    const a = await json<Site>(
      await call('PATCH', '/api/v1/site', site.apiKey, {
        name: 'Renamed',
        domains: ['https://Shop.Example/', 'example.org'],
        alertOnMql: true,
        alertCooldownDays: 0,
        retentionDays: 3650,
        alerts: { slackWebhookUrl: 'http://127.0.0.1:9/slack', email: 'sales@example.org' },
      }),
    )
    expect(a).toMatchObject({ name: 'Renamed', domains: ['shop.example', 'example.org'], alertOnMql: true, alertCooldownDays: 0, retentionDays: 3650 })
    expect(a.alerts).toEqual({ slackWebhookUrl: 'http://127.0.0.1:9/slack', email: 'sales@example.org' })
    expect(a.webhookSecret).toBeUndefined()

    const b = await json<Site>(await call('PATCH', '/api/v1/site', site.apiKey, { alerts: { webhookUrl: 'http://127.0.0.1:9/hook', email: null } }))
    expect(b.alerts).toEqual({ slackWebhookUrl: 'http://127.0.0.1:9/slack', webhookUrl: 'http://127.0.0.1:9/hook' })
    expect(b.webhookSecret).toMatch(/^whsec_/)
    const [row] = await rows<{ webhook_secret: string }>('select webhook_secret from sites where id = ?', site.id)
    expect(row.webhook_secret).toBe(b.webhookSecret)

    const c = await json<Site>(await call('PATCH', '/api/v1/site', site.apiKey, { alerts: { webhookUrl: 'http://127.0.0.1:9/other' } }))
    expect(c.webhookSecret).toBeUndefined() // the existing secret stays, and is not shown again
    expect(c.webhookSecretSet).toBe(true)
    const g = await json<Site>(await call('GET', '/api/v1/site', site.apiKey))
    expect(g).toMatchObject({ name: 'Renamed', retentionDays: 3650 })
  })

  it('clears a broken mark when that channel changes address', async () => {
    const site = await createSite({ alerts: { slackWebhookUrl: 'http://127.0.0.1:9/a', webhookUrl: 'http://127.0.0.1:9/w' } })
    await rows("update sites set channel_health = ? where id = ?", JSON.stringify({ slack: { broken: true, at: 1, status: 410 }, webhook: { broken: true, at: 1, status: 404 } }), site.id)
    const s = await json<Site>(await call('PATCH', '/api/v1/site', site.apiKey, { alerts: { slackWebhookUrl: 'http://127.0.0.1:9/b' } }))
    expect(Object.keys(s.channelHealth)).toEqual(['webhook'])
  })

  it('refuses bad settings with a problem naming the field, and changes nothing', async () => {
    const site = await createSite()
    const bad: [unknown, RegExp][] = [
      [{ alertCooldownDays: 366 }, /alertCooldownDays/],
      [{ alertCooldownDays: -1 }, /alertCooldownDays/],
      [{ retentionDays: 0 }, /retentionDays/],
      [{ retentionDays: 3651 }, /retentionDays/],
      [{ retentionDays: 1.5 }, /retentionDays/],
      [{ name: '' }, /name/],
      [{ domains: [] }, /domains/],
      [{ alerts: { slackWebhookUrl: 'ftp://x.test/hook' } }, /slackWebhookUrl/],
      [{ alerts: { email: 'not-an-email' } }, /email/],
      [{ alerts: { pager: 'x' } }, /pager|Unrecognized/i],
      [{ channelHealth: {} }, /channelHealth|Unrecognized/i],
      [{ siteKey: 'mine' }, /siteKey|Unrecognized/i],
    ]
    for (const [body, detail] of bad) expect((await expectProblem(await call('PATCH', '/api/v1/site', site.apiKey, body), 400)).detail).toMatch(detail)
    const s = await json<Site>(await call('GET', '/api/v1/site', site.apiKey))
    expect(s).toMatchObject({ name: 'Acme', alertCooldownDays: 30, retentionDays: 395, alerts: {} })
  })
})
