/**
 * What sales record on a lead: a stage (`accepted` / `disqualified` / `recycled`) and an outcome
 * (`won` / `lost`), with who did it. Written under the lead's optimistic lock (the same `version` ingest
 * checks), so an ingest batch and a sales edit never overwrite each other: whichever writes second
 * re-reads and re-applies.
 */
import { and, desc, eq, sql } from 'drizzle-orm'
import { type LeadStage, RECYCLABLE_FROM, type SalesStage } from '../../schema/lead-values'
import { leads, stageTransitions, writeGuards } from '../../schema/tables'
import { ProblemError } from '../http/problem'
import { type Db, isConstraintError, newId } from './client'

/** A validated PATCH body. */
export interface SalesPatch {
  stage?: SalesStage
  outcome?: 'won' | 'lost'
  reason?: string
}

/** Who made the change and, for one-click answers, which stages it may still be made from. */
export interface SalesChangeOptions {
  /** "key:<name>", "slack:<id> <name>", "email:<address>" */
  actor: string | null
  /** where the change came from: 'sales' (API), 'slack', 'email' */
  source?: string
  /**
   * Apply the stage change only while the lead is in one of these stages; otherwise nothing is written
   * and the result says what the lead is now (a late or repeated click on a lead already moved).
   */
  onlyFrom?: readonly LeadStage[]
}

/** What happened: the lead is missing, the stage was changed now, or it had already moved. */
export type SalesChangeResult =
  | { kind: 'missing' }
  | { kind: 'applied'; stage: LeadStage; at: number }
  | { kind: 'unchanged'; stage: LeadStage; last: { actor: string | null; at: number; reason: string | null } | null }

/** How many times a write that lost a race is re-read and re-applied before giving up with 409. */
export const UPDATE_ATTEMPTS = 8

/**
 * Applies a sales patch to lead `id` of the site. A stage change is recorded in stage_transitions
 * (epoch = the lead's new version, unique per write) with its actor and reason, and bumps
 * `leads.version`, as does an outcome change (stored with `outcome_at`). Recycling is allowed from
 * sql, accepted and disqualified only (409 otherwise) and stamps `recycled_at`. Unchanged values write
 * nothing.
 * @example
 * await applySalesPatch(db, siteId, 'ld_…', { stage: 'accepted' }, Date.now(), { actor: 'key:crm' }) // { kind: 'applied', … }
 */
export async function applySalesPatch(db: Db, siteId: string, id: string, patch: SalesPatch, now: number, opts: SalesChangeOptions): Promise<SalesChangeResult> {
  for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
    const lead = await db
      .select({ stage: leads.stage, outcome: leads.outcome, version: leads.version, score: leads.score })
      .from(leads)
      .where(and(eq(leads.id, id), eq(leads.siteId, siteId)))
      .get()
    if (!lead) return { kind: 'missing' }
    if (patch.stage !== undefined && opts.onlyFrom && !opts.onlyFrom.includes(lead.stage)) {
      return { kind: 'unchanged', stage: lead.stage, last: await lastStageChange(db, id, lead.stage) }
    }
    const stageChanges = patch.stage !== undefined && patch.stage !== lead.stage
    const outcomeChanges = patch.outcome !== undefined && patch.outcome !== lead.outcome
    if (stageChanges && patch.stage === 'recycled' && !RECYCLABLE_FROM.includes(lead.stage)) {
      throw new ProblemError(409, `a lead can be recycled from ${RECYCLABLE_FROM.join(', ')}; this one is ${lead.stage}`, { type: 'invalid-transition' })
    }
    if (!stageChanges && !outcomeChanges) return { kind: 'unchanged', stage: lead.stage, last: await lastStageChange(db, id, lead.stage) }
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
            ...(stageChanges && patch.stage === 'recycled' ? { recycledAt: now } : {}),
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
                source: opts.source ?? 'sales',
                reason: patch.reason ?? null,
                actor: opts.actor,
                score: lead.score,
                at: now,
              }),
            ]
          : []),
      ])
      return stageChanges ? { kind: 'applied', stage: patch.stage!, at: now } : { kind: 'unchanged', stage: lead.stage, last: null }
    } catch (err) {
      if (!isConstraintError(err)) throw err
      // jitter, so that writers that collided do not collide again in lockstep
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)))
    }
  }
  throw new ProblemError(409, 'the lead kept changing while this update was applied; try again', { type: 'conflict' })
}

/** The newest transition into `stage`: who put the lead where it is, and when. */
async function lastStageChange(db: Db, leadId: string, stage: LeadStage) {
  const row = await db
    .select({ actor: stageTransitions.actor, at: stageTransitions.at, reason: stageTransitions.reason })
    .from(stageTransitions)
    .where(and(eq(stageTransitions.leadId, leadId), eq(stageTransitions.toStage, stage)))
    .orderBy(desc(stageTransitions.at))
    .limit(1)
    .get()
  return row ?? null
}
