import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { app } from '../../../worker/app'
import { ADMIN, createSite, expectProblem } from '../helpers'
import { call, json } from './api-helpers'

/** The Worker as deployed without ENVIRONMENT (production), or with any other mode, on the same D1. */
async function fetchIn(mode: string | undefined, method: string, path: string, bearer: string, body?: unknown): Promise<Response> {
  const bindings = { ...env, ENVIRONMENT: mode }
  if (mode === undefined) delete bindings.ENVIRONMENT
  const ctx = createExecutionContext()
  const res = await app.fetch(
    new Request(`https://lb.test${path}`, {
      method,
      headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    bindings,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

// Spellings the URL parser inside workerd must canonicalise before the policy sees them.
const REFUSED: [url: string, reason: RegExp][] = [
  ['http://hooks.acme.example/lead', /https:\/\//],
  ['https://127.1/hook', /loopback/],
  ['https://2130706433/hook', /loopback/],
  ['https://0177.0.0.1/hook', /loopback/],
  ['https://0x7f.1/hook', /loopback/],
  ['https://%31%32%37.0.0.1/hook', /loopback/],
  ['https://LOCALHOST./hook', /localhost/],
  ['https://app.localhost/hook', /localhost/],
  ['https://169.254.169.254/latest/meta-data', /link-local/],
  ['https://0xa9fea9fe/', /link-local/],
  ['https://[::ffff:7f00:1]/', /IPv4-mapped/],
  ['https://[0:0:0:0:0:ffff:127.0.0.1]/', /IPv4-mapped/],
  ['https://[64:ff9b::a00:1]/', /NAT64/],
  ['https://[2002:c0a8:101::1]/', /6to4/],
  ['https://[fd00::1]/', /unique-local/],
  ['https://[::1]/', /loopback/],
  ['https://100.64.0.1/', /shared/],
  ['https://hooks.slack.com@127.0.0.1/', /credentials/],
]

describe('alert URLs in production (no ENVIRONMENT, or anything but "local")', () => {
  it('PATCH /api/v1/site refuses every non-public spelling with a 4xx naming the reason, and changes nothing', async () => {
    const site = await createSite()
    for (const mode of [undefined, 'production', 'Local', '']) {
      for (const [url, reason] of REFUSED) {
        for (const key of ['webhookUrl', 'slackWebhookUrl']) {
          const problem = await expectProblem(await fetchIn(mode, 'PATCH', '/api/v1/site', site.apiKey, { alerts: { [key]: url } }), 400)
          expect([mode, url, problem.type, problem.detail]).toEqual([mode, url, expect.stringMatching(/invalid-alert-channel/), expect.stringMatching(reason)])
          expect(problem.detail).toContain(`alerts.${key}`)
        }
      }
    }
    const s = await json<{ alerts: Record<string, string> }>(await fetchIn(undefined, 'GET', '/api/v1/site', site.apiKey))
    expect(s.alerts).toEqual({})
  })

  it('PATCH accepts public https hosts, and Slack only on hooks.slack.com', async () => {
    const site = await createSite()
    const ok = await fetchIn(undefined, 'PATCH', '/api/v1/site', site.apiKey, {
      alerts: { slackWebhookUrl: 'https://hooks.slack.com/services/T0/B0/XYZ', webhookUrl: 'https://hooks.acme.example/lead' },
    })
    expect((await json<{ alerts: Record<string, string> }>(ok)).alerts).toEqual({
      slackWebhookUrl: 'https://hooks.slack.com/services/T0/B0/XYZ',
      webhookUrl: 'https://hooks.acme.example/lead',
    })
    const slackElsewhere = await fetchIn(undefined, 'PATCH', '/api/v1/site', site.apiKey, { alerts: { slackWebhookUrl: 'https://hooks.acme.example/lead' } })
    expect((await expectProblem(slackElsewhere, 400)).detail).toMatch(/alerts\.slackWebhookUrl: .*hooks\.slack\.com/)
  })

  it('POST /api/v1/sites refuses them too', async () => {
    for (const [url, reason] of REFUSED.slice(0, 6)) {
      const res = await fetchIn(undefined, 'POST', '/api/v1/sites', ADMIN, { name: 'Acme', domains: ['acme.test'], alerts: { webhookUrl: url } })
      expect([url, (await expectProblem(res, 400)).detail]).toEqual([url, expect.stringMatching(reason)])
    }
  })

  it('locally (ENVIRONMENT=local) the same URLs are accepted, as the contract allows', async () => {
    const site = await createSite()
    for (const [url] of REFUSED.filter(([, r]) => String(r) !== String(/credentials/))) {
      const res = await call('PATCH', '/api/v1/site', site.apiKey, { alerts: { webhookUrl: url } })
      expect([url, res.status]).toEqual([url, 200])
    }
  })
})
