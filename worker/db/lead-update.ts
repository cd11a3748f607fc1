/**
 * What sales record on a lead: a stage (`accepted` / `disqualified` / `recycled`) and an outcome
 * (`won` / `lost`), with who did it. Written under the lead's optimistic lock (the same `version` ingest
 * checks), so an ingest batch and a sales edit never overwrite each other: whichever writes second
 * re-reads and re-applies.
 */
import { and, desc, eq } from 'drizzle-orm'
import { type LeadStage, RECYCLABLE_FROM, type SalesStage } from '../../schema/lead-values'
import { leads, stageTransitions } from '../../schema/tables'
import { ProblemError } from '../http/problem'
import { type Db, newId } from './client'
import { guardStatement, retryLostRaces, versionIs } from './optimistic'
import { insertStatement, updateStatement } from './raw'

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
  /**
   * The SQL transition the decision was offered for (a Slack alert's controls): when the lead was
   * recycled after it, that SQL is over and nothing is written (`stale`), whatever the lead is now.
   */
  episode?: string
}

/** What happened: the lead is missing, the stage was changed now, or it had already moved. */
export type SalesChangeResult =
  | { kind: 'missing' }
  | { kind: 'applied'; stage: LeadStage; at: number }
  | { kind: 'unchanged'; stage: LeadStage; last: { actor: string | null; at: number; reason: string | null } | null }
  | { kind: 'stale'; stage: LeadStage }

/**
 * Applies a sales patch to lead `id` of the site. A stage change is recorded in stage_transitions
 * (epoch = the lead's new version, unique per write) with its actor and reason, and bumps
 * `leads.version`, as does an outcome change (stored with `outcome_at` and source `sales`). Recycling is allowed from
 * sql, accepted and disqualified only (409 otherwise) and stamps `recycled_at`. Unchanged values write
 * nothing. A lost race is retried by the shared policy, then answered 409.
 * @example
 * await applySalesPatch(db, siteId, 'ld_…', { stage: 'accepted' }, Date.now(), { actor: 'key:crm' }) // { kind: 'applied', … }
 */
export async function applySalesPatch(db: Db, siteId: string, id: string, patch: SalesPatch, now: number, opts: SalesChangeOptions): Promise<SalesChangeResult> {
  const conflict = () => new ProblemError(409, 'the lead kept changing while this update was applied; try again', { type: 'conflict' })
  return retryLostRaces(async (): Promise<SalesChangeResult> => {
    const lead = await db
      .select({ stage: leads.stage, outcome: leads.outcome, version: leads.version, score: leads.score })
      .from(leads)
      .where(and(eq(leads.id, id), eq(leads.siteId, siteId)))
      .get()
    if (!lead) return { kind: 'missing' }
    // checked after the lead's version was read: a recycle from here on fails the guarded batch below
    if (opts.episode !== undefined && !(await episodeCurrent(db, id, opts.episode))) return { kind: 'stale', stage: lead.stage }
    if (patch.stage !== undefined && opts.onlyFrom && !opts.onlyFrom.includes(lead.stage)) {
      return { kind: 'unchanged', stage: lead.stage, last: await lastStageChange(db, id, lead.stage) }
    }
    const stageChanges = patch.stage !== undefined && patch.stage !== lead.stage
    const outcomeChanges = patch.outcome !== undefined && patch.outcome !== lead.outcome
    if (stageChanges && patch.stage === 'recycled' && !RECYCLABLE_FROM.includes(lead.stage)) {
      throw new ProblemError(409, `a lead can be recycled from ${RECYCLABLE_FROM.join(', ')}; this one is ${lead.stage}`, { type: 'invalid-transition' })
    }
    if (!stageChanges && !outcomeChanges) return { kind: 'unchanged', stage: lead.stage, last: await lastStageChange(db, id, lead.stage) }
    const d1 = db.$client
    const set = {
      ...(stageChanges ? { stage: patch.stage } : {}),
      ...(stageChanges && patch.stage === 'recycled' ? { recycledAt: now } : {}),
      ...(outcomeChanges ? { outcome: patch.outcome, outcomeAt: now, outcomeSource: 'sales' as const } : {}),
    }
    const transition = {
      id: newId('tr'),
      siteId,
      leadId: id,
      fromStage: lead.stage,
      toStage: patch.stage!,
      epoch: lead.version + 1,
      source: opts.source ?? 'sales',
      reason: patch.reason ?? null,
      actor: opts.actor,
      score: lead.score,
      at: now,
    }
    await d1.batch([
      guardStatement(d1, [versionIs(leads, id, lead.version)]),
      updateStatement(d1, leads, id, set, ['version = version + 1']),
      ...(stageChanges ? [insertStatement(d1, stageTransitions, [transition])] : []),
    ])
    return stageChanges ? { kind: 'applied', stage: patch.stage!, at: now } : { kind: 'unchanged', stage: lead.stage, last: null }
  }, conflict)
}

/**
 * The newest transition into `stage`: who put the lead where it is, and when.
 * @example
 * const last = await lastStageChange(db, 'ld_…', 'accepted') // { actor: 'slack:U1 sam', at, reason: null }
 */
export async function lastStageChange(db: Db, leadId: string, stage: LeadStage) {
  const row = await db
    .select({ actor: stageTransitions.actor, at: stageTransitions.at, reason: stageTransitions.reason })
    .from(stageTransitions)
    .where(and(eq(stageTransitions.leadId, leadId), eq(stageTransitions.toStage, stage)))
    .orderBy(desc(stageTransitions.at))
    .limit(1)
    .get()
  return row ?? null
}

/**
 * Whether SQL transition `transitionId` of the lead is still its current SQL: it exists, and no recycle
 * came after it. Epochs order them: a transition's epoch is the lead version it was written on plus one
 * (0 for a first stage change), and every write bumps the version.
 * @example
 * await episodeCurrent(db, 'ld_…', 'tr_…') // false once the lead was recycled after that alert
 */
export async function episodeCurrent(db: Db, leadId: string, transitionId: string): Promise<boolean> {
  const row = await db.$client
    .prepare(
      `select t.epoch, (select max(r.epoch) from stage_transitions r where r.lead_id = t.lead_id and r.to_stage = 'recycled') as recycled
       from stage_transitions t where t.id = ?1 and t.lead_id = ?2 and t.to_stage = 'sql'`,
    )
    .bind(transitionId, leadId)
    .first<{ epoch: number; recycled: number | null }>()
  return row !== null && (row.recycled === null || row.recycled < row.epoch)
}
