import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { expect } from 'vitest'
import { signSlackBody } from '../../../worker/handoff'
import worker from '../../../worker/index'
import { createSite, ident, rows, send, track, uid } from '../helpers'
import { settleAlerts } from '../support/settle'

/** Polls the outbox (with the cron's sender) until the lead has `expected` alert rows, all final, oldest first. */
export const settle = (leadId: string, expected: number) => settleAlerts(leadId, { expected, order: 'created' })

/** Sends a JSON request with an API key. */
export function call(method: string, path: string, apiKey: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`https://lb.test${path}`, {
    method,
    headers: { Authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** A site with a Slack app (signing secret) and one SQL lead (a demo request). */
export async function slackSiteWithSqlLead(slackUrl: string, secret = crypto.randomUUID().replaceAll('-', '')) {
  const site = await createSite({ alerts: { slackWebhookUrl: slackUrl } })
  const res = await call('PATCH', '/api/v1/site', site.apiKey, { alerts: { slackSigningSecret: secret } })
  expect(res.status, await res.clone().text()).toBe(200)
  const email = `${uid('sam')}@hooli.test`
  await send({ s: site.siteKey, v: uid('v'), e: [ident(email, { name: 'Gavin', company: 'Hooli' }), track('demo_requested')] })
  const [lead] = await rows<{ id: string; stage: string }>('select id, stage from leads where email = ?', email)
  expect(lead.stage).toBe('sql')
  return { site, secret, lead: { ...lead, email } }
}

/** A block_actions payload as Slack sends it for a click on one of our controls. */
export function clickPayload(o: { siteId: string; leadId: string; action: 'accept' | 'disqualify' | 'recycle'; option?: string; responseUrl: string; episode?: string }) {
  // without an episode: a control of an alert sent before alerts named their SQL transition
  const ref = o.episode ? `lb2|${o.siteId}|${o.leadId}|${o.episode}` : `lb1|${o.siteId}|${o.leadId}`
  return {
    type: 'block_actions',
    user: { id: 'U0SAM', username: 'sam', name: 'sam', team_id: 'T1' },
    team: { id: 'T1', domain: 'hooli' },
    response_url: o.responseUrl,
    trigger_id: '1.2.3',
    // what Slack echoes back: never to be trusted or copied into the reply
    message: { text: 'FORGED <!channel>', blocks: [] },
    actions: [
      {
        action_id: o.action,
        block_id: ref,
        type: o.action === 'disqualify' ? 'static_select' : 'button',
        ...(o.action === 'disqualify' ? { selected_option: { text: { type: 'plain_text', text: o.option }, value: o.option } } : { value: ref }),
        action_ts: '1700000000.1',
      },
    ],
  }
}

export const formBody = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`

/** Delivers a click the way Slack does, signed with `secret` (or with the given headers), and waits for the work after the answer. */
export async function deliverClick(body: string, secret: string, opts: { timestamp?: number; signature?: string } = {}): Promise<Response> {
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000))
  const signature = opts.signature ?? (await signSlackBody(secret, ts, body))
  const ctx = createExecutionContext()
  const req = new Request('https://lb.test/slack/interactions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': signature },
    body,
  })
  const res = await worker.fetch(req, env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}
