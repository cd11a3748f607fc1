import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { receiver } from '../alerts/receiver-client'
import { apiGet, createSite, expectProblem, ident, pv, rows, send, track, uid } from '../helpers'
import { settle } from './support'

function patchLead(apiKey: string, id: string, body: unknown): Promise<Response> {
  return SELF.fetch(`https://lb.test/api/v1/leads/${id}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
}

type Detail = { stage: string; sqlAt: string; transitions: { from: string; to: string; actor: string | null; reason: string | null }[] }

describe('recycling a lead', () => {
  it('SQL → recycled → a new hand-raise: exactly one new SQL alert (two in all), actor and reason kept', async () => {
    const slack = receiver('/recycle-slack')
    const site = await createSite({ alerts: { slackWebhookUrl: slack.url } })
    const email = `${uid('rex')}@initech.test`
    const v = uid('v')
    expect((await send({ s: site.siteKey, v, e: [ident(email, { name: 'Rex' }), track('demo_requested')] })).status).toBe(202)
    const [lead] = await rows<{ id: string; stage: string }>('select id, stage from leads where email = ?', email)
    expect(lead.stage).toBe('sql')
    expect(await settle(lead.id, 1)).toEqual([{ channel: 'slack', status: 'sent' }])

    const recycled = await patchLead(site.apiKey, lead.id, { stage: 'recycled', reason: 'bad timing' })
    expect(recycled.status, await recycled.clone().text()).toBe(200)
    const after = (await recycled.json()) as Detail
    expect(after.stage).toBe('recycled')
    expect(after.transitions[0]).toMatchObject({ from: 'sql', to: 'recycled', actor: 'key:default', reason: 'bad timing' })
    expect(after.transitions.find((t) => t.to === 'sql')?.actor).toBeNull()

    // activity without a new hand-raise (the score was already over the line): still nurture, no alert
    await scheduler.wait(5)
    await send({ s: site.siteKey, v, e: [pv('/blog/what-is-new')] })
    expect((await rows<{ stage: string }>('select stage from leads where id = ?', lead.id))[0].stage).toBe('recycled')

    // a new hand-raise, delivered from two tabs at once: one new SQL
    await Promise.all([send({ s: site.siteKey, v, e: [track('demo_requested')] }), send({ s: site.siteKey, v: uid('v'), e: [ident(email), track('quote_requested')] })])
    const statuses = await settle(lead.id, 2)
    expect(statuses).toEqual([
      { channel: 'slack', status: 'sent' },
      { channel: 'slack', status: 'sent' },
    ])
    expect(await slack.requests()).toHaveLength(2)
    const sqls = await rows<{ epoch: number; source: string }>("select epoch, source from stage_transitions where lead_id = ? and to_stage = 'sql' order by at", lead.id)
    expect(sqls).toHaveLength(2)
    expect(sqls[1].epoch).toBeGreaterThan(0)

    const detail = (await (await apiGet(`/api/v1/leads/${lead.id}`, site.apiKey)).json()) as Detail
    expect(detail.stage).toBe('sql')
    expect(detail.transitions.map((t) => t.to)).toEqual(['sql', 'recycled', 'sql'])

    // a further hand-raise on the SQL lead is not news
    await send({ s: site.siteKey, v, e: [track('demo_requested')] })
    expect(await rows('select id from alerts where lead_id = ?', lead.id)).toHaveLength(2)
  })

  it('is allowed only from sql, accepted or disqualified', async () => {
    const site = await createSite()
    const email = `${uid('kay')}@initech.test`
    await send({ s: site.siteKey, v: uid('v'), e: [ident(email)] })
    const [lead] = await rows<{ id: string }>('select id from leads where email = ?', email)
    await expectProblem(await patchLead(site.apiKey, lead.id, { stage: 'recycled', reason: 'x' }), 409)
    expect((await rows<{ stage: string }>('select stage from leads where id = ?', lead.id))[0].stage).toBe('known')
    expect((await patchLead(site.apiKey, lead.id, { stage: 'disqualified', reason: 'spam' })).status).toBe(200)
    const res = await patchLead(site.apiKey, lead.id, { stage: 'recycled', reason: 'not spam after all' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as Detail).transitions.map((t) => [t.to, t.reason])).toEqual([
      ['recycled', 'not spam after all'],
      ['disqualified', 'spam'],
    ])
    await expectProblem(await patchLead(site.apiKey, lead.id, { reason: 'alone' }), 400)
  })
})
