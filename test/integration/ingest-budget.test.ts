// D1 queries per ingest request stay within the platform's per-invocation budget however long the
// lead's stored history is (the Free plan allows 50 queries per invocation), and a lead with a stored
// scoring state is scored without reading its history.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/index'
import { BUDGETS } from '../../worker/ingest/budget'
import { HISTORY_LIMIT } from '../../worker/ingest/read'
import { createSite, ident, ORIGIN, pv, rows, send, track, uid } from './helpers'
import { countingD1 } from './support/d1-counter'
import { scratchScore, storedScore } from './support/from-scratch'

const BUDGET = 50
const DAY = 86_400_000

/** POST /e through the Worker's own fetch with a counting D1 binding; waits for its waitUntil work. */
async function countedIngest(siteKey: string, v: string, events: unknown[]) {
  const { db, counts } = countingD1(env.DB)
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request('https://lb.test/e', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN },
      body: JSON.stringify({ s: siteKey, v, e: events }),
    }),
    { ...env, DB: db },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  expect(res.status, await res.clone().text()).toBe(202)
  expect(await res.json()).toEqual({ accepted: events.length, duplicates: 0, dropped: 0 })
  return counts
}

const batchAt = (now: number) => Array.from({ length: 10 }, (_, k) => (k === 9 ? track('webinar_joined', now + k) : pv(k % 2 ? '/pricing' : `/docs/${k}`, now + k)))
const readsHistory = (sql: string[]) => sql.some((q) => /from events[\s\S]*order by at desc limit \d{4}/.test(q))

describe('ingest under the D1 query budget', () => {
  it(`scores 10-event batches for a lead with 1,000+ stored events in at most ${BUDGET} queries, without reading its history`, async () => {
    const site = await createSite()
    const v = uid('v')
    const email = `${uid('ada')}@acme.test`
    expect((await send({ s: site.siteKey, v, e: [ident(email, { title: 'VP Sales' }), pv('/pricing')] })).status).toBe(202)
    const [lead] = await rows<{ id: string; visitor_id: string }>('select l.id, v.id visitor_id from leads l join visitors v on v.lead_id = l.id where v.vid = ?', v)
    expect(lead).toBeDefined()
    // 1,200 more stored events over the last 60 days, written straight into the table, as history from
    // before incremental scoring existed: no scoring state covers them
    const now = Date.now()
    await env.DB.prepare(
      `with recursive n(i) as (select 0 union all select i + 1 from n where i < 1199)
       insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at, imported)
       select ?1, ?2, ?3, 'old' || i, 'page_view', case i % 3 when 0 then '/pricing' when 1 then '/product' else '/blog/' || i end,
              ?4 - (1200 - i) * ?5, ?4, 0 from n`,
    )
      .bind(site.id, lead.visitor_id, lead.id, now - DAY, Math.floor((60 * DAY) / 1200))
      .run()
    await env.DB.prepare('update leads set scoring_state = null where id = ?').bind(lead.id).run()
    const stored = await rows<{ n: number }>('select count(*) n from events where lead_id = ?', lead.id)
    expect(stored[0].n).toBeGreaterThanOrEqual(1000)

    // first batch: no usable state, so the history is read once and the state written
    const first = await countedIngest(site.siteKey, v, batchAt(now))
    expect(readsHistory(first.sql)).toBe(true)
    expect(first.queries, `${first.queries} queries:\n${first.sql.join('\n')}`).toBeLessThanOrEqual(BUDGET)
    // then: scored from the stored state and the batch alone
    const second = await countedIngest(site.siteKey, v, batchAt(now + 60_000))
    expect(readsHistory(second.sql), second.sql.join('\n')).toBe(false)
    expect(second.queries, `${second.queries} queries:\n${second.sql.join('\n')}`).toBeLessThanOrEqual(BUDGET)
    console.info(
      `ingest of 10 events on a ${stored[0].n}-event lead: ${first.queries} D1 queries (history read, ${first.roundTrips} round trips), then ${second.queries} (incremental, ${second.roundTrips} round trips)`,
    )

    // and the incremental score is the from-scratch score of everything stored, at the same instant
    expect(await storedScore(lead.id)).toEqual(await scratchScore(lead.id))
  })

  it('a lead past 5,000 stored events keeps taking events: the day budgets are counted on its rows, so no request counts its events', async () => {
    const site = await createSite()
    const v = uid('v')
    const email = `${uid('long')}@acme.test`
    expect((await send({ s: site.siteKey, v, e: [ident(email), pv('/pricing')] })).status).toBe(202)
    const [lead] = await rows<{ id: string; visitor_id: string }>('select l.id, v.id visitor_id from leads l join visitors v on v.lead_id = l.id where v.vid = ?', v)
    // 5,200 events received over the last 30 days, as a heavy reader of the docs would leave
    const now = Date.now()
    await env.DB.prepare(
      `with recursive n(i) as (select 0 union all select i + 1 from n where i < 5199)
       insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at, imported)
       select ?1, ?2, ?3, 'old' || i, 'page_view', '/docs/' || (i % 40), ?4 - (5200 - i) * ?5, ?4 - (5200 - i) * ?5, 0 from n`,
    )
      .bind(site.id, lead.visitor_id, lead.id, now - DAY, Math.floor((30 * DAY) / 5200))
      .run()
    await env.DB.prepare('update leads set scoring_state = null where id = ?').bind(lead.id).run()
    const countsEvents = (sql: string[]) => sql.filter((q) => /count\(\*\)[\s\S]*from events/i.test(q))
    const first = await countedIngest(site.siteKey, v, batchAt(now))
    expect(readsHistory(first.sql)).toBe(true)
    const second = await countedIngest(site.siteKey, v, batchAt(now + 60_000))
    expect(readsHistory(second.sql)).toBe(false)
    expect(countsEvents([...first.sql, ...second.sql])).toEqual([])
    const [{ n }] = await rows<{ n: number }>('select count(*) n from events where lead_id = ?', lead.id)
    expect(n).toBe(5200 + 2 + 20)
    // the first batch had no usable state: it was scored on the newest HISTORY_LIMIT stored events (the
    // 202 oldest left out), the second on top of that state; the same as scoring those from scratch
    expect(await storedScore(lead.id)).toEqual(await scratchScore(lead.id, HISTORY_LIMIT + 20))
    // the window on the rows: both batches and the identify (the seeded rows were never counted)
    const [w] = await rows<{ l: number; v: number }>('select l.budget_day_events l, v.budget_day_events v from leads l join visitors v on v.lead_id = l.id where v.vid = ?', v)
    expect(w).toEqual({ l: 22, v: 22 })
  })

  it("a lead's day budget is shared by its devices, counted on the lead row, and renews 24 hours after its window opened", async () => {
    const site = await createSite()
    const email = `${uid('day')}@acme.test`
    expect((await send({ s: site.siteKey, v: uid('v'), e: [ident(email)] })).status).toBe(202)
    const now = Date.now()
    // the lead's window: opened an hour ago, 5 events short of the day's budget
    await env.DB.prepare('update leads set budget_day_from = ?, budget_day_events = ? where email = ?').bind(now - 3_600_000, BUDGETS.leadPerDay - 5, email).run()
    const second = uid('v2')
    const res = await send({ s: site.siteKey, v: second, e: [ident(email), ...Array.from({ length: 9 }, (_, k) => pv(`/p${k}`, now + k))] })
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ accepted: 5, duplicates: 0, dropped: 5 })
    const full = await send({ s: site.siteKey, v: second, e: [pv('/later', now + 100)] })
    expect(await full.json()).toEqual({ accepted: 0, duplicates: 0, dropped: 1 })
    // the window lapses 24 hours after it opened: the next batch opens a new one
    await env.DB.prepare('update leads set budget_day_from = ? where email = ?').bind(now - DAY - 1, email).run()
    const renewed = await send({ s: site.siteKey, v: second, e: [pv('/next', now + 200), pv('/next2', now + 201)] })
    expect(await renewed.json()).toEqual({ accepted: 2, duplicates: 0, dropped: 0 })
    const [w] = await rows<{ from: number; n: number }>('select budget_day_from "from", budget_day_events n from leads where email = ?', email)
    expect(w.n).toBe(2)
    expect(w.from).toBeGreaterThan(now - 1000)
  })
})
