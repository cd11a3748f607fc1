import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { purgeExpiredEvents } from '../../../worker/db/retention'
import { createSite, ident, pv, rows, send, uid } from '../helpers'
import { call, json, type LeadDetail } from './api-helpers'

const DAY = 86_400_000

describe('purgeExpiredEvents', () => {
  it("deletes events past each site's retention, in bounded chunks, and leaves scores and breakdowns as they were", async () => {
    const short = await createSite()
    const long = await createSite()
    await json(await call('PATCH', '/api/v1/site', short.apiKey, { retentionDays: 2 }))
    const now = Date.now()
    const old = (d: number) => now - d * DAY
    const v = uid('v')
    const vLong = uid('v')
    await send({ s: short.siteKey, v, e: [pv('/pricing', old(10)), pv('/features', old(9)), pv('/docs', old(5)), ident('keep@score.test', { title: 'Director' }, old(5) + 1000)] })
    await send({ s: short.siteKey, v, e: [pv('/pricing', now - 3600_000)] })
    await send({ s: long.siteKey, v: vLong, e: [pv('/pricing', old(10)), ident('other@site.test', {}, old(9))] })
    const [lead] = await rows<{ id: string; score: number; breakdown: string; score_state: string; scored_at: number }>('select * from leads where email = ?', 'keep@score.test')
    const before = await json<LeadDetail>(await call('GET', `/api/v1/leads/${lead.id}`, short.apiKey))
    expect(before.timeline).toHaveLength(5)

    // chunked: 2 rows per statement, 1 statement per call
    const first = await purgeExpiredEvents(env, now, { chunk: 2, maxChunks: 1 })
    expect(first.deleted).toBe(2)
    const rest = await purgeExpiredEvents(env, now)
    expect(rest.deleted).toBeGreaterThanOrEqual(2) // this site's other two (plus any other test's expired rows)
    expect((await purgeExpiredEvents(env, now)).deleted).toBe(0)

    const left = await rows<{ path: string | null; at: number }>('select path, at from events where lead_id = ? order by at', lead.id)
    expect(left.every((e) => e.at >= now - 2 * DAY)).toBe(true)
    expect(left.map((e) => e.path)).toEqual(['/pricing'])
    const [otherLead] = await rows<{ id: string }>('select id from leads where email = ?', 'other@site.test')
    expect(await rows('select * from events where lead_id = ?', otherLead.id)).toHaveLength(2) // 395 days: untouched

    // the stored score, state and breakdown are untouched; the API still explains every point
    const [after] = await rows<typeof lead>('select * from leads where id = ?', lead.id)
    expect(after).toMatchObject({ score: lead.score, breakdown: lead.breakdown, score_state: lead.score_state, scored_at: lead.scored_at })
    const detail = await json<LeadDetail>(await call('GET', `/api/v1/leads/${lead.id}`, short.apiKey))
    expect(detail.score).toBe(before.score)
    expect(detail.breakdown.map((b) => b.rule)).toEqual(before.breakdown.map((b) => b.rule))
    expect(detail.breakdown.some((b) => b.rule === 'pricing-view' && Date.parse(b.at!) < now - 9 * DAY)).toBe(true) // a purged event's points still explained
    expect(detail.breakdown.reduce((a, b) => a + Math.round(b.points * 10), 0)).toBe(detail.score * 10)
    expect(detail.timeline.map((e) => e.path)).toEqual(['/pricing'])
  })
})
