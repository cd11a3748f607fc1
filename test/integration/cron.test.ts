import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/index'
import { createSite, ident, pv, rows, send, uid } from './helpers'

async function tick() {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), env, ctx)
  await waitOnExecutionContext(ctx)
}

describe('the cron handler', () => {
  it('finishes rescoring leads left on an older model version', async () => {
    const site = await createSite()
    await send({ s: site.siteKey, v: uid('v'), e: [pv('/pricing'), ident('mo@acme.test')] })
    // as if a model change had stopped mid-way: the lead is still on an older version
    await env.DB.prepare('update leads set model_version = -7, score = 0 where email = ?').bind('mo@acme.test').run()
    await tick()
    const [lead] = await rows<{ model_version: number; score: number }>('select model_version, score from leads where email = ?', 'mo@acme.test')
    expect(lead.model_version).toBe(0)
    expect(lead.score).toBeGreaterThan(0)
  })

  it("purges raw events past the site's retention and keeps the lead's score and breakdown", async () => {
    const site = await createSite()
    const v = uid('v')
    await send({ s: site.siteKey, v, e: [pv('/pricing'), ident('ned@acme.test')] })
    await env.DB.prepare('update sites set retention_days = 1 where id = ?').bind(site.id).run()
    const [lead] = await rows<{ id: string; score: number; breakdown: string }>('select id, score, breakdown from leads where email = ?', 'ned@acme.test')
    await env.DB.prepare('update events set at = at - 3 * 86400000 where lead_id = ?').bind(lead.id).run()
    await tick()
    expect(await rows('select * from events where lead_id = ?', lead.id)).toHaveLength(0)
    const [after] = await rows<{ score: number; breakdown: string }>('select score, breakdown from leads where id = ?', lead.id)
    expect(after).toEqual({ score: lead.score, breakdown: lead.breakdown })
  })
})
