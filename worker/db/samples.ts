import { and, asc, desc, eq, gt, inArray, isNotNull, or } from 'drizzle-orm'
import { events, leads, stageTransitions } from '../../schema/tables'
import type { Sample } from '../calibration/calibrate'
import { labelOf } from '../calibration/labels'
import { toScoringEvent } from './event-rows'
import type { ScoringEvent } from '../scoring/types'
import type { Db } from './client'

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
