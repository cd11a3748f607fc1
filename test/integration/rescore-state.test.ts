// A rescore leaves each lead with the incremental scoring state of a from-scratch fold under the new
// model, so the lead's next ingest is scored from that state (no history read) and still equals the
// from-scratch score of everything stored.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/index'
import { database } from '../../worker/db/client'
import { toScoringEvent } from '../../worker/db/event-rows'
import { modelVersion } from '../../worker/db/models'
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
})
