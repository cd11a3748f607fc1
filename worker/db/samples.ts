import { and, asc, desc, eq, gt, inArray, isNotNull, or } from 'drizzle-orm'
import { events, leads, stageTransitions } from '../../schema/tables'
import type { Sample } from '../calibration/calibrate'
import { labelOf } from '../calibration/labels'
import { toScoringEvent } from './event-rows'
import type { ScoringEvent } from '../scoring/types'
import type { Db } from './client'
import { rowMapper } from './raw'
import { readHistories, stepLeadsSql } from './rescore'

const toLead = rowMapper(leads)

/**
 * Every lead of the site that carries a label, with its history, as calibration samples: a recorded
 * outcome (imported, or set by sales), or a disqualification whose reason means lost (see
 * calibration/labels.ts). Features are read at the outcome's (or the disqualification's) time, so decay
 * does not erase the behaviour that preceded the decision.
 * @example
 * const samples = await readSamples(db, siteId)
 */
export async function readSamples(db: Db, siteId: string): Promise<Sample[]> {
  const out: Sample[] = []
  let after = ''
  for (;;) {
    const rows = await db
      .select()
      .from(leads)
      .where(and(eq(leads.siteId, siteId), or(isNotNull(leads.outcome), eq(leads.stage, 'disqualified')), gt(leads.id, after)))
      .orderBy(asc(leads.id))
      .limit(90)
    if (rows.length === 0) return out
    const ids = rows.map((r) => r.id)
    const disqualified = rows.filter((r) => !r.outcome).map((r) => r.id)
    const [evs, moves] = await Promise.all([
      db.select().from(events).where(inArray(events.leadId, ids)),
      disqualified.length
        ? db
            .select({ leadId: stageTransitions.leadId, reason: stageTransitions.reason, at: stageTransitions.at })
            .from(stageTransitions)
            .where(and(inArray(stageTransitions.leadId, disqualified), eq(stageTransitions.toStage, 'disqualified')))
            .orderBy(desc(stageTransitions.at))
        : Promise.resolve([]),
    ])
    const byLead = new Map<string, ScoringEvent[]>()
    for (const e of evs) {
      const list = byLead.get(e.leadId!) ?? []
      list.push(toScoringEvent(e))
      byLead.set(e.leadId!, list)
    }
    // newest first: the first seen per lead is the move that put it where it is
    const lastMove = new Map<string, { reason: string | null; at: number }>()
    for (const m of moves) if (!lastMove.has(m.leadId)) lastMove.set(m.leadId, m)
    for (const r of rows) {
      const move = lastMove.get(r.id)
      const label = labelOf({ outcome: r.outcome, outcomeSource: r.outcomeSource, stage: r.stage, disqualifyReason: move?.reason })
      if (!label) continue
      const at = r.outcome ? r.outcomeAt : move?.at
      out.push({
        events: byLead.get(r.id) ?? [],
        profile: { ...r.profile, email: r.email },
        outcome: label.outcome,
        source: label.source,
        ...(at ? { at } : {}),
      })
    }
    after = rows[rows.length - 1].id
  }
}

const LABELLED = `select * from leads where site_id = ?1 and (outcome is not null or stage = 'disqualified') and id > ?2 order by id limit ?3`
const PICK_LABELLED = stepLeadsSql(LABELLED, 'id')

/**
 * How many of the site's leads may carry a label (an outcome, or a disqualification): calibration's size.
 * @example
 * const n = await countLabelled(env.DB, siteId)
 */
export async function countLabelled(d1: D1Database, siteId: string): Promise<number> {
  const r = await d1.prepare(`select count(*) as n from leads where site_id = ?1 and (outcome is not null or stage = 'disqualified')`).bind(siteId).first<{ n: number }>()
  return r?.n ?? 0
}

/**
 * One bounded page of readSamples for a background job: up to `limit` labelled leads after lead id
 * `after`, fewer when their histories pass STEP_EVENTS (each lead's newest RESCORE_HISTORY events, as a
 * rescore reads them), three queries. `read` is how many leads the page took (labelled or not: a
 * disqualification for another reason teaches nothing); `next` the cursor, null at the end.
 * @example
 * const { samples, next } = await labelledPage(env.DB, siteId, '', 200)
 */
export async function labelledPage(d1: D1Database, siteId: string, after: string, limit: number): Promise<{ samples: (Sample & { leadId: string })[]; read: number; next: string | null }> {
  const r = await d1.prepare(PICK_LABELLED).bind(siteId, after, limit).all<Record<string, unknown>>()
  const rows = r.results.map(toLead)
  if (rows.length === 0) return { samples: [], read: 0, next: null }
  const found = Number(r.results[0].found ?? 0)
  const disqualified = rows.filter((l) => !l.outcome).map((l) => l.id)
  const [histories, moves] = await Promise.all([
    readHistories(d1, rows.map((l) => l.id)),
    disqualified.length
      ? d1
          .prepare(`select lead_id, reason, at from stage_transitions where lead_id in (select value from json_each(?1)) and to_stage = 'disqualified' order by at desc`)
          .bind(JSON.stringify(disqualified))
          .all<{ lead_id: string; reason: string | null; at: number }>()
      : Promise.resolve({ results: [] }),
  ])
  const lastMove = new Map<string, { reason: string | null; at: number }>()
  for (const m of moves.results) if (!lastMove.has(m.lead_id)) lastMove.set(m.lead_id, m)
  const samples: (Sample & { leadId: string })[] = []
  for (const l of rows) {
    const move = lastMove.get(l.id)
    const label = labelOf({ outcome: l.outcome, outcomeSource: l.outcomeSource, stage: l.stage, disqualifyReason: move?.reason })
    if (!label) continue
    const at = l.outcome ? l.outcomeAt : move?.at
    const events = (histories.get(l.id) ?? []).sort((a, b) => a.at - b.at)
    samples.push({ leadId: l.id, events, profile: { ...l.profile, email: l.email }, outcome: label.outcome, source: label.source, ...(at ? { at } : {}) })
  }
  const more = found === limit || rows.length < found
  return { samples, read: rows.length, next: more ? rows[rows.length - 1].id : null }
}
