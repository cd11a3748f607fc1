import { describe, expect, it } from 'vitest'
import { receiver } from '../alerts/receiver-client'
import { rows, send, track, uid } from '../helpers'
import { call, clickPayload, deliverClick, formBody, settle, slackSiteWithSqlLead } from './support'

type Ref = { block_id: string }
const blockIdOf = (body: string) => (JSON.parse(body).blocks as ({ type: string } & Ref)[]).find((b) => b.type === 'actions')!.block_id
const episodeOf = (blockId: string) => blockId.split('|')[3]
const sqlTransitions = (leadId: string) => rows<{ id: string }>("select id from stage_transitions where lead_id = ? and to_stage = 'sql' order by epoch", leadId)

describe('a Slack click acts only on the SQL its alert announced', () => {
  it('after a recycle and a new SQL, the old alert’s Accept answers ephemerally and changes nothing; the new one’s accepts', async () => {
    const slack = receiver('/episode-slack')
    const responses = receiver('/episode-response')
    const { site, secret, lead } = await slackSiteWithSqlLead(slack.url)
    await settle(lead.id, 1)
    const oldRef = blockIdOf((await slack.requests())[0].body)

    expect((await call('PATCH', `/api/v1/leads/${lead.id}`, site.apiKey, { stage: 'recycled', reason: 'next quarter' })).status).toBe(200)
    await scheduler.wait(5)
    await send({ s: site.siteKey, v: uid('v'), e: [{ i: uid('e'), t: 'id', ts: Date.now(), d: { email: lead.email } }, track('demo_requested')] })
    await settle(lead.id, 2)
    const newRef = blockIdOf((await slack.requests())[1].body)
    const [first, second] = await sqlTransitions(lead.id)
    expect([episodeOf(oldRef), episodeOf(newRef)]).toEqual([first.id, second.id])

    const before = await rows('select id, to_stage from stage_transitions where lead_id = ? order by id', lead.id)
    const stale = await deliverClick(formBody(clickPayload({ siteId: site.id, leadId: lead.id, action: 'accept', responseUrl: responses.url, episode: first.id })), secret)
    expect(stale.status).toBe(200)
    expect((await rows<{ stage: string }>('select stage from leads where id = ?', lead.id))[0].stage).toBe('sql')
    expect(await rows('select id, to_stage from stage_transitions where lead_id = ? order by id', lead.id)).toEqual(before)
    const [note] = (await responses.requests()).map((r) => JSON.parse(r.body))
    expect(note).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'This alert is from an earlier SQL of this lead, which was sent back to nurture since; nothing changed. It is SQL again: answer its newest alert.',
    })

    const current = await deliverClick(formBody(clickPayload({ siteId: site.id, leadId: lead.id, action: 'accept', responseUrl: responses.url, episode: second.id })), secret)
    expect(current.status).toBe(200)
    expect((await rows<{ stage: string }>('select stage from leads where id = ?', lead.id))[0].stage).toBe('accepted')
    expect((await responses.requests()).map((r) => JSON.parse(r.body).replace_original)).toEqual([false, true])
  })

  it('an episode that is not this lead’s SQL (forged or another lead’s) changes nothing', async () => {
    const responses = receiver('/episode-forged')
    const a = await slackSiteWithSqlLead(receiver('/episode-a').url)
    const b = await slackSiteWithSqlLead(receiver('/episode-b').url)
    const [other] = await sqlTransitions(b.lead.id)
    for (const episode of ['tr_nope', other.id]) {
      const res = await deliverClick(formBody(clickPayload({ siteId: a.site.id, leadId: a.lead.id, action: 'recycle', responseUrl: responses.url, episode })), a.secret)
      expect(res.status).toBe(200)
    }
    expect((await rows<{ stage: string }>('select stage from leads where id = ?', a.lead.id))[0].stage).toBe('sql')
    expect((await responses.requests()).map((r) => JSON.parse(r.body).response_type)).toEqual(['ephemeral', 'ephemeral'])
  })
})
