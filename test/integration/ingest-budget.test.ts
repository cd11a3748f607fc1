// D1 queries per ingest request stay within the platform's per-invocation budget however long the
// lead's stored history is (the Free plan allows 50 queries per invocation).
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/index'
import { createSite, ident, ORIGIN, pv, rows, send, track, uid } from './helpers'
import { countingD1 } from './support/d1-counter'

const BUDGET = 50
const DAY = 86_400_000

describe('ingest under the D1 query budget', () => {
  it(`scores a 10-event batch for a lead with 1,000+ stored events in at most ${BUDGET} queries`, async () => {
    const site = await createSite()
    const v = uid('v')
    const email = `${uid('ada')}@acme.test`
    const first = await send({ s: site.siteKey, v, e: [ident(email, { title: 'VP Sales' }), pv('/pricing')] })
    expect(first.status).toBe(202)
    const [lead] = await rows<{ id: string; visitor_id: string }>(
      'select l.id, v.id visitor_id from leads l join visitors v on v.lead_id = l.id where v.vid = ?',
      v,
    )
    expect(lead).toBeDefined()
    // 1,200 more stored events over the last 60 days, written straight into the real table
    const now = Date.now()
    await env.DB.prepare(
      `with recursive n(i) as (select 0 union all select i + 1 from n where i < 1199)
       insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at, imported)
       select ?1, ?2, ?3, 'old' || i, 'page_view', case i % 3 when 0 then '/pricing' when 1 then '/product' else '/blog/' || i end,
              ?4 - (1200 - i) * ?5, ?4, 0 from n`,
    )
      .bind(site.id, lead.visitor_id, lead.id, now - DAY, Math.floor((60 * DAY) / 1200))
      .run()
    const stored = await rows<{ n: number }>('select count(*) n from events where lead_id = ?', lead.id)
    expect(stored[0].n).toBeGreaterThanOrEqual(1000)

    const batch = Array.from({ length: 10 }, (_, k) => (k === 9 ? track('webinar_joined', now + k) : pv(k % 2 ? '/pricing' : `/docs/${k}`, now + k)))
    const { db, counts } = countingD1(env.DB)
    const ctx = createExecutionContext()
    const res = await worker.fetch(
      new Request('https://lb.test/e', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN },
        body: JSON.stringify({ s: site.siteKey, v, e: batch }),
      }),
      { ...env, DB: db },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(res.status, await res.clone().text()).toBe(202)
    expect(await res.json()).toEqual({ accepted: 10, duplicates: 0, dropped: 0 })

    // the request did its work through the counted binding: the events are in and the lead rescored
    const after = await rows<{ n: number }>('select count(*) n from events where lead_id = ?', lead.id)
    expect(after[0].n).toBe(stored[0].n + 10)
    const [scored] = await rows<{ scored_at: number }>('select scored_at from leads where id = ?', lead.id)
    expect(scored.scored_at).toBeGreaterThanOrEqual(now)
    expect(counts.queries).toBeGreaterThan(0)
    expect(counts.queries, `${counts.queries} queries in ${counts.roundTrips} round trips:\n${counts.sql.join('\n')}`).toBeLessThanOrEqual(BUDGET)
    console.info(`ingest of 10 events on a ${stored[0].n}-event lead: ${counts.queries} D1 queries, ${counts.roundTrips} round trips, ${counts.batches} batches`)
  })
})
