// A rescore leaves each lead with the incremental scoring state of a from-scratch fold under the new
// model, so the lead's next ingest is scored from that state (no history read) and still equals the
// from-scratch score of everything stored.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/index'
import { database } from '../../worker/db/client'
import { toScoringEvent } from '../../worker/db/event-rows'
import { createJob } from '../../worker/db/jobs'
import { modelVersion, saveModel } from '../../worker/db/models'
import { RESCORE_HISTORY, STEP_EVENTS } from '../../worker/db/rescore'
import { runJobs } from '../../worker/jobs/runner'
import { rowMapper } from '../../worker/db/raw'
import { DEFAULT_MODEL, type Model, scoreHistory } from '../../worker/scoring'
import { scoreFresh } from '../../worker/scoring/incremental'
import { parseScoringState } from '../../worker/scoring/incremental-state'
import { events } from '../../schema/tables'
import { call, json } from './api/api-helpers'
import { createSite, ident, ORIGIN, pv, rows, send, track, uid } from './helpers'
import { countingD1 } from './support/d1-counter'

const toEvent = rowMapper(events)
const readsHistory = (sql: string[]) => sql.some((q) => /from events[\s\S]*order by at desc limit \d{4}/.test(q))

interface LeadState {
  score: number
  engagement_score: number
  breakdown: string
  scored_at: number
  scoring_state: string | null
  profile: string
  email: string
  model_version: number
}

async function leadState(id: string) {
  const [row] = await rows<LeadState>('select score, engagement_score, breakdown, scored_at, scoring_state, profile, email, model_version from leads where id = ?', id)
  const stored = await rows<Record<string, unknown>>('select * from events where lead_id = ?', id)
  return { row, history: stored.map((r) => toScoringEvent(toEvent(r))), profile: { ...JSON.parse(row.profile), email: row.email } }
}

describe('rescore and incremental scoring', () => {
  it("a rescored lead's scoring state is the from-scratch state under the new model; its next ingest is incremental and exact", async () => {
    const site = await createSite()
    const v = uid('v')
    const email = `${uid('rs')}@acme.test`
    const t = Date.now() - 3 * 86_400_000
    const first = [pv('/pricing', t), pv('/product', t + 60_000), track('webinar_joined', t + 120_000), ident(email, { title: 'VP Sales' }, t + 180_000), pv('/pricing', t + 86_400_000)]
    expect((await send({ s: site.siteKey, v, e: first })).status).toBe(202)
    const [{ id }] = await rows<{ id: string }>('select id from leads where site_id = ? and email = ?', site.id, email)

    // a model change: a shorter half-life moves every score and the state's fingerprint
    const changed: Model = { ...DEFAULT_MODEL, halfLifeDays: 7 }
    const put = await json<{ version: number; job: { status: string } }>(await call('PUT', '/api/v1/scoring', site.apiKey, changed))
    expect(put.job.status).toBe('done')
    const model = await modelVersion(database(env.DB), site.id, put.version)

    const after = await leadState(id)
    expect(after.row.model_version).toBe(put.version)
    const stored = parseScoringState(after.row.scoring_state)
    expect(stored).not.toBeNull()
    const fresh = scoreFresh(after.history, after.profile, model, after.row.scored_at)
    expect(stored).toEqual(JSON.parse(JSON.stringify(fresh.state)))
    expect(after.row.score).toBe(fresh.result.score)
    const underDefault = scoreHistory({ events: after.history, profile: after.profile, model: DEFAULT_MODEL, now: after.row.scored_at }).score
    expect(after.row.score).not.toBe(underDefault)

    // the next batch: scored from the rescore's state, equal to the whole history from scratch
    const { db, counts } = countingD1(env.DB)
    const ctx = createExecutionContext()
    const res = await worker.fetch(
      new Request('https://lb.test/e', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN },
        body: JSON.stringify({ s: site.siteKey, v, e: [pv('/pricing'), pv('/docs/a')] }),
      }),
      { ...env, DB: db },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(res.status, await res.clone().text()).toBe(202)
    expect(readsHistory(counts.sql), counts.sql.join('\n')).toBe(false)

    const next = await leadState(id)
    const scratch = scoreHistory({ events: next.history, profile: next.profile, model, now: next.row.scored_at })
    expect({ score: next.row.score, engagement: next.row.engagement_score, breakdown: JSON.parse(next.row.breakdown) }).toEqual({
      score: scratch.score,
      engagement: scratch.engagementScore,
      breakdown: scratch.breakdown,
    })
  })
  it('a rescore step reads a bounded number of stored events: long histories make smaller steps, and the job still finishes', async () => {
    const site = await createSite()
    const now = Date.now()
    // 10 leads of 6,000 events each: more than one step's event budget together
    await env.DB.prepare(
      `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < 10)
       insert into leads (id, site_id, email, scored_at, first_seen_at, last_seen_at, created_at) select ?1 || '_long' || k, ?1, 'long' || k || '@bulk.test', ?2, ?2, ?2, ?2 from seq`,
    )
      .bind(site.id, now)
      .run()
    await env.DB.prepare(
      `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < 6000)
       insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at)
       select ?1, 'vi_' || l.id, l.id, 'h' || k, 'page_view', case k % 2 when 0 then '/pricing' else '/p/' || k end, ?2 - k * 60000, ?2 from leads l, seq where l.site_id = ?1`,
    )
      .bind(site.id, now)
      .run()
    const db = database(env.DB)
    const version = await saveModel(db, site.id, { ...DEFAULT_MODEL, halfLifeDays: 7 }, now, { who: { actor: 'key:test' } })
    const job = await createJob(db, { siteId: site.id, kind: 'rescore', total: 10, state: { version, source: 'rescore', changes: 0, sample: [] } }, now)
    const perStep = Math.floor(STEP_EVENTS / RESCORE_HISTORY)
    const done: number[] = []
    for (let i = 0; i < 20; i++) {
      const { steps } = await runJobs(env, { jobId: job.id, maxSteps: 1 })
      if (steps === 0) break
      const [row] = await rows<{ done: number; status: string }>('select done, status from jobs where id = ?', job.id)
      done.push(row.done)
      if (row.status === 'done') break
    }
    expect(done).toEqual([perStep, 2 * perStep, 10])
    const [counts] = await rows<{ onV: number }>('select sum(model_version = ?) as onV from leads where site_id = ?', version, site.id)
    expect(counts.onV).toBe(10)
    // each lead scored from its newest RESCORE_HISTORY events, as ingest scores a history from scratch
    const model = await modelVersion(db, site.id, version)
    const [lead] = await rows<{ id: string; score: number; scored_at: number; profile: string; email: string }>('select id, score, scored_at, profile, email from leads where id = ?', `${site.id}_long3`)
    const newest = await rows<Record<string, unknown>>('select * from events where lead_id = ? order by at desc limit ?', lead.id, RESCORE_HISTORY)
    const expected = scoreHistory({ events: newest.map((r) => toScoringEvent(toEvent(r))), profile: { ...JSON.parse(lead.profile), email: lead.email }, model, now: lead.scored_at })
    expect(lead.score).toBe(expected.score)
  })
})
