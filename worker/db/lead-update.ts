/**
 * What sales record on a lead: a stage (`accepted` / `disqualified`) and an outcome (`won` / `lost`).
 * Written under the lead's optimistic lock (the same `version` ingest checks), so an ingest batch and a
 * sales edit never overwrite each other: whichever writes second re-reads and re-applies.
 */
import { and, eq, sql } from 'drizzle-orm'
import { leads, stageTransitions, writeGuards } from '../../schema/tables'
import { ProblemError } from '../http/problem'
import { type Db, isConstraintError, newId } from './client'

/** A validated PATCH body. */
export interface SalesPatch {
  stage?: 'accepted' | 'disqualified'
  outcome?: 'won' | 'lost'
}

/** How many times a write that lost a race is re-read and re-applied before giving up with 409. */
export const UPDATE_ATTEMPTS = 8

/**
 * Applies a sales patch to lead `id` of the site. A stage change is recorded in stage_transitions
 * (source 'sales', epoch = the lead's new version, unique per write) and bumps `leads.version`, as does
 * an outcome change (stored with `outcome_at`). Unchanged values write nothing.
 * @example
 * await applySalesPatch(db, siteId, 'ld_…', { stage: 'accepted', outcome: 'won' }, Date.now()) // true
 */
export async function applySalesPatch(db: Db, siteId: string, id: string, patch: SalesPatch, now: number): Promise<boolean> {
  for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
    const lead = await db
      .select({ stage: leads.stage, outcome: leads.outcome, version: leads.version, score: leads.score })
      .from(leads)
      .where(and(eq(leads.id, id), eq(leads.siteId, siteId)))
      .get()
    if (!lead) return false
    const stageChanges = patch.stage !== undefined && patch.stage !== lead.stage
    const outcomeChanges = patch.outcome !== undefined && patch.outcome !== lead.outcome
    if (!stageChanges && !outcomeChanges) return true
    const version = lead.version + 1
    // coalesce: a lead deleted meanwhile makes the comparison NULL, which a CHECK would let through
    const fresh = sql`coalesce((select ${leads.version} from ${leads} where ${leads.id} = ${id}) = ${lead.version}, 0)`
    try {
      await db.batch([
        db.insert(writeGuards).values({ id: 1, ok: fresh }).onConflictDoUpdate({ target: writeGuards.id, set: { ok: sql`excluded.ok` } }),
        db
          .update(leads)
          .set({
            ...(stageChanges ? { stage: patch.stage } : {}),
            ...(outcomeChanges ? { outcome: patch.outcome, outcomeAt: now } : {}),
            version: sql`${leads.version} + 1`,
          })
          .where(eq(leads.id, id)),
        ...(stageChanges
          ? [
              db.insert(stageTransitions).values({
                id: newId('tr'),
                siteId,
                leadId: id,
                fromStage: lead.stage,
                toStage: patch.stage!,
                epoch: version,
                source: 'sales',
                reason: 'set by sales via the API',
                score: lead.score,
                at: now,
              }),
            ]
          : []),
      ])
      return true
    } catch (err) {
      if (!isConstraintError(err)) throw err
      // jitter, so that writers that collided do not collide again in lockstep
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)))
    }
  }
  throw new ProblemError(409, 'the lead kept changing while this update was applied; try again', { type: 'conflict' })
}
