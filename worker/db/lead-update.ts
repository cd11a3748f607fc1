/**
 * What sales record on a lead: a stage (`accepted` / `disqualified`) and an outcome (`won` / `lost`).
 * Written under the lead's optimistic lock (the same `version` ingest checks), so an ingest batch and a
 * sales edit never overwrite each other: whichever writes second re-reads and re-applies.
 */
import { and, eq } from 'drizzle-orm'
import { leads, stageTransitions } from '../../schema/tables'
import { ProblemError } from '../http/problem'
import { type Db, newId } from './client'
import { guardStatement, retryLostRaces, versionIs } from './optimistic'
import { insertStatement, updateStatement } from './raw'

/** A validated PATCH body. */
export interface SalesPatch {
  stage?: 'accepted' | 'disqualified'
  outcome?: 'won' | 'lost'
}

/**
 * Applies a sales patch to lead `id` of the site. A stage change is recorded in stage_transitions
 * (source 'sales', epoch = the lead's new version, unique per write) and bumps `leads.version`, as does
 * an outcome change (stored with `outcome_at`). Unchanged values write nothing. A lost race is retried
 * by the shared policy, then answered 409.
 * @example
 * await applySalesPatch(db, siteId, 'ld_…', { stage: 'accepted', outcome: 'won' }, Date.now()) // true
 */
export async function applySalesPatch(db: Db, siteId: string, id: string, patch: SalesPatch, now: number): Promise<boolean> {
  const conflict = () => new ProblemError(409, 'the lead kept changing while this update was applied; try again', { type: 'conflict' })
  return retryLostRaces(async () => {
    const lead = await db
      .select({ stage: leads.stage, outcome: leads.outcome, version: leads.version, score: leads.score })
      .from(leads)
      .where(and(eq(leads.id, id), eq(leads.siteId, siteId)))
      .get()
    if (!lead) return false
    const stageChanges = patch.stage !== undefined && patch.stage !== lead.stage
    const outcomeChanges = patch.outcome !== undefined && patch.outcome !== lead.outcome
    if (!stageChanges && !outcomeChanges) return true
    const d1 = db.$client
    const set = { ...(stageChanges ? { stage: patch.stage } : {}), ...(outcomeChanges ? { outcome: patch.outcome, outcomeAt: now } : {}) }
    const transition = {
      id: newId('tr'),
      siteId,
      leadId: id,
      fromStage: lead.stage,
      toStage: patch.stage!,
      epoch: lead.version + 1,
      source: 'sales',
      reason: 'set by sales via the API',
      score: lead.score,
      at: now,
    }
    await d1.batch([
      guardStatement(d1, [versionIs(leads, id, lead.version)]),
      updateStatement(d1, leads, id, set, ['version = version + 1']),
      ...(stageChanges ? [insertStatement(d1, stageTransitions, [transition])] : []),
    ])
    return true
  }, conflict)
}
