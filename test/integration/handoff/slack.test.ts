import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { receiver } from '../alerts/receiver-client'
import { expectProblem, rows } from '../helpers'
import { call, clickPayload, deliverClick, formBody, settle, slackSiteWithSqlLead } from './support'

const transitionsOf = (leadId: string) =>
  rows<{ to_stage: string; actor: string | null; reason: string | null; source: string }>('select to_stage, actor, reason, source from stage_transitions where lead_id = ? order by at', leadId)

describe('Slack handoff buttons', () => {
  it('are documented in the OpenAPI document', async () => {
    const doc = (await (await SELF.fetch('https://lb.test/openapi.json')).json()) as { paths: Record<string, Record<string, { description?: string }>> }
    expect(doc.paths['/slack/interactions']?.post?.description).toContain('X-Slack-Signature')
    expect(JSON.stringify(doc.paths['/api/v1/leads/{id}'].patch)).toContain('recycled')
  })

  it('keeps the signing secret out of GET, and SQL alerts carry Accept, Disqualify (reasons) and Recycle next to Open lead', async () => {
    const slack = receiver('/handoff-alert')
    const { site, secret, lead } = await slackSiteWithSqlLead(slack.url)
    const shown = await (await call('GET', '/api/v1/site', site.apiKey)).text()
    expect(JSON.parse(shown).alerts.slackSigningSecret).toBe('set')
    expect(shown).not.toContain(secret)

    await settle(lead.id, 1)
    const [msg] = await slack.requests()
    const actions = JSON.parse(msg.body).blocks.find((b: { type: string }) => b.type === 'actions')
    const [sql] = await rows<{ id: string }>("select id from stage_transitions where lead_id = ? and to_stage = 'sql'", lead.id)
    expect(actions.block_id).toBe(`lb2|${site.id}|${lead.id}|${sql.id}`)
    expect(actions.elements.map((e: { action_id: string }) => e.action_id)).toEqual(['accept', 'disqualify', 'recycle', 'open_lead'])
    expect(actions.elements[1].options.map((o: { value: string }) => o.value)).toEqual(['no budget', 'no authority', 'no need', 'bad timing', 'not a fit', 'spam'])

    // removing the secret removes the buttons from the next alert: a PATCH with null clears it
    const cleared = await call('PATCH', '/api/v1/site', site.apiKey, { alerts: { slackSigningSecret: null } })
    expect(((await cleared.json()) as { alerts: Record<string, string> }).alerts.slackSigningSecret).toBeUndefined()
  })

  it('a valid signed click accepts once, however often it arrives, and replaces the message from our own data', async () => {
    const slack = receiver('/handoff-accept')
    const responses = receiver('/handoff-response')
    const { site, secret, lead } = await slackSiteWithSqlLead(slack.url)
    const body = formBody(clickPayload({ siteId: site.id, leadId: lead.id, action: 'accept', responseUrl: responses.url }))

    const first = await Promise.all([deliverClick(body, secret), deliverClick(body, secret)])
    expect(first.map((r) => r.status)).toEqual([200, 200])
    const again = await deliverClick(body, secret)
    expect(again.status).toBe(200)

    const accepted = (await transitionsOf(lead.id)).filter((t) => t.to_stage === 'accepted')
    expect(accepted).toEqual([{ to_stage: 'accepted', actor: 'slack:U0SAM sam', reason: null, source: 'slack' }])
    expect((await rows<{ stage: string }>('select stage from leads where id = ?', lead.id))[0].stage).toBe('accepted')

    const replies = (await responses.requests()).map((r) => JSON.parse(r.body))
    expect(replies).toHaveLength(3)
    const replaced = replies.filter((r) => r.replace_original === true)
    expect(replaced).toHaveLength(1)
    expect(replaced[0].text).toMatch(/^Accepted by @sam · \d\d:\d\d UTC: Gavin · Hooli$/)
    expect(JSON.stringify(replaced[0].blocks)).toContain(lead.email)
    expect(JSON.stringify(replies)).not.toContain('FORGED')
    const late = replies.filter((r) => r.response_type === 'ephemeral')
    expect(late).toHaveLength(2)
    for (const r of late) expect(r.text).toMatch(/^This lead is already accepted by @sam · \d\d:\d\d UTC/)

    const detail = (await (await call("GET", `/api/v1/leads/${lead.id}`, site.apiKey)).json()) as { transitions: unknown[] }
    expect(detail.transitions[0]).toMatchObject({ to: 'accepted', actor: 'slack:U0SAM sam' })
  })

  it('disqualifies with the picked reason, and recycles', async () => {
    const slack = receiver('/handoff-dq')
    const responses = receiver('/handoff-dq-response')
    const a = await slackSiteWithSqlLead(slack.url)
    const dq = formBody(clickPayload({ siteId: a.site.id, leadId: a.lead.id, action: 'disqualify', option: 'no budget', responseUrl: responses.url }))
    expect((await deliverClick(dq, a.secret)).status).toBe(200)
    expect((await transitionsOf(a.lead.id)).at(-1)).toMatchObject({ to_stage: 'disqualified', reason: 'no budget', actor: 'slack:U0SAM sam' })
    expect(JSON.parse((await responses.requests())[0].body).text).toMatch(/^Disqualified \(no budget\) by @sam/)

    const bogus = formBody(clickPayload({ siteId: a.site.id, leadId: a.lead.id, action: 'disqualify', option: 'he was rude', responseUrl: responses.url }))
    expect((await deliverClick(bogus, a.secret)).status).toBe(200)
    expect(await transitionsOf(a.lead.id)).toHaveLength(2)

    const b = await slackSiteWithSqlLead(slack.url)
    const rc = formBody(clickPayload({ siteId: b.site.id, leadId: b.lead.id, action: 'recycle', responseUrl: responses.url }))
    expect((await deliverClick(rc, b.secret)).status).toBe(200)
    expect((await rows<{ stage: string }>('select stage from leads where id = ?', b.lead.id))[0].stage).toBe('recycled')
  })

  it('refuses a bad signature, a stale timestamp, a body altered after signing and another site\'s lead, changing nothing', async () => {
    const slack = receiver('/handoff-refuse')
    const responses = receiver('/handoff-refuse-response')
    const a = await slackSiteWithSqlLead(slack.url)
    const b = await slackSiteWithSqlLead(slack.url)
    const body = formBody(clickPayload({ siteId: a.site.id, leadId: a.lead.id, action: 'accept', responseUrl: responses.url }))
    const now = Math.floor(Date.now() / 1000)

    await expectProblem(await deliverClick(body, a.secret, { signature: `v0=${'0'.repeat(64)}` }), 401)
    await expectProblem(await deliverClick(body, b.secret), 401) // signed with another site's secret
    await expectProblem(await deliverClick(body, a.secret, { timestamp: now - 6 * 60 }), 401)
    await expectProblem(await deliverClick(body, a.secret, { timestamp: now + 6 * 60 }), 401)

    // signed, then altered: the signature covers the raw body, so any change is refused
    const { signSlackBody } = await import('../../../worker/handoff')
    const ts = String(now)
    const signature = await signSlackBody(a.secret, ts, body)
    const altered = formBody(clickPayload({ siteId: a.site.id, leadId: a.lead.id, action: 'recycle', responseUrl: responses.url }))
    await expectProblem(await deliverClick(altered, a.secret, { timestamp: now, signature }), 401)

    // site A's own app signs a click that names site A but site B's lead: not A's lead
    const foreign = formBody(clickPayload({ siteId: a.site.id, leadId: b.lead.id, action: 'accept', responseUrl: responses.url }))
    await expectProblem(await deliverClick(foreign, a.secret), 404)
    // … or names site B with A's secret: not verifiable
    const posing = formBody(clickPayload({ siteId: b.site.id, leadId: b.lead.id, action: 'accept', responseUrl: responses.url }))
    await expectProblem(await deliverClick(posing, a.secret), 401)
    // not a click of ours at all
    await expectProblem(await deliverClick('payload=%7B%7D', a.secret), 401)

    for (const lead of [a.lead, b.lead]) {
      expect((await rows<{ stage: string }>('select stage from leads where id = ?', lead.id))[0].stage).toBe('sql')
      expect((await transitionsOf(lead.id)).map((t) => t.to_stage)).toEqual(['sql'])
    }
    expect(await responses.requests()).toEqual([])
  })
})
