/**
 * Calibration as a job, for sites with more labelled leads than one step reads. Two phases:
 * - gather: each step reads one bounded page of labelled leads (labelledPage: ≤ CALIBRATE_PAGE leads,
 *   ≤ STEP_EVENTS events) and stages them as samples in `job_rows`, with the page's cursor in the job;
 * - fit: one step fits on at most FIT_SAMPLES staged samples, taken in a deterministic pseudo-random
 *   order (a hash of the lead id), so the fit's CPU stays bounded however many leads carry a label, and
 *   commits the report (with `apply`, the model, the site's switch to it, its audit entry and the rescore
 *   job) in the job's own guarded batch: a fit re-run after a crash adopts nothing twice.
 */
import { calibrate } from '../calibration/calibrate'
import type { Sample } from '../calibration/features'
import { rocCurve, thinCurve } from '../calibration/roc'
import { auditEntry, type Actor } from '../db/audit'
import { database } from '../db/client'
import { asStatement, dropStaged, jobStatements, stageRows, stagedByRank } from '../db/job-rows'
import type { JobRow, StepOutcome } from '../db/jobs'
import { countLeads } from '../db/rescore'
import { labelledPage } from '../db/samples'
import { siteModelVersion } from '../db/site-model'
import type { Env } from '../env'

/** Labelled leads one gather step reads (and the most a request calibrates inline). */
export const CALIBRATE_PAGE = 200
/**
 * Samples the fit uses at most: beyond it, a fixed pseudo-random subset (by lead id) of that size. The
 * fit's CPU grows with the samples (feature rows, two regressions, the hold-out scored by the engine);
 * 4,000 keep one step to a few seconds, and ranking quality has long stopped improving by then.
 */
export const FIT_SAMPLES = 4_000

/** Points a stored ROC curve keeps. */
const CURVE_POINTS = 200

/** A calibration job's state. */
export interface CalibrateState {
  phase: 'gather' | 'fit'
  /** lead id cursor of the gather phase */
  after: string
  staged: number
  apply: boolean
  targetProbability?: number
  who: Actor
}

/** FNV-1a of a lead id: the staged samples' order, the same whenever the job runs. */
export function rankOf(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/**
 * One step of a calibration job.
 * @example
 * const outcome = await calibrateStep(env, job, Date.now())
 */
export async function calibrateStep(env: Env, job: JobRow, now: number): Promise<StepOutcome> {
  const s = job.state as unknown as CalibrateState
  if (s.phase === 'gather') {
    const page = await labelledPage(env.DB, job.siteId, s.after, CALIBRATE_PAGE)
    const rows = page.samples.map(({ leadId, ...sample }, k) => ({ seq: s.staged + k, rank: rankOf(leadId), data: sample }))
    const state: CalibrateState = { ...s, after: page.next ?? s.after, staged: s.staged + rows.length, phase: page.next === null ? 'fit' : 'gather' }
    return { writes: stageRows(env.DB, job.id, rows), advanced: page.read, state: state as unknown as Record<string, unknown>, finished: false }
  }
  return fitStaged(env, job, s, now)
}

async function fitStaged(env: Env, job: JobRow, s: CalibrateState, now: number): Promise<StepOutcome> {
  const db = database(env.DB)
  const [{ version: current, model }, samples] = await Promise.all([siteModelVersion(db, job.siteId), stagedByRank<Sample>(env.DB, job.id, FIT_SAMPLES)])
  // throws TooFewOutcomesError: the runner fails the job with its message
  const out = calibrate({ samples, model, now, targetProbability: s.targetProbability })
  const writes = [dropStaged(env.DB, job.id)]
  const result: Record<string, unknown> = {
    applied: s.apply,
    version: null,
    report: out.report,
    proposed: out.proposed,
    sample: { labelled: s.staged, used: samples.length },
    // the hold-out's ROC curves, for the app's chart
    curves: { current: thinCurve(rocCurve(out.heldOut.current, out.heldOut.won), CURVE_POINTS), proposed: thinCurve(rocCurve(out.heldOut.proposed, out.heldOut.won), CURVE_POINTS) },
  }
  if (s.apply) {
    // the next version after the one the fit read: a model saved meanwhile makes the insert collide, the
    // batch roll back, and a later run fit again on top of it
    const [last, total] = await Promise.all([
      env.DB.prepare('select coalesce(max(version), 0) as v from scoring_models where site_id = ?1').bind(job.siteId).first<{ v: number }>(),
      countLeads(env.DB, job.siteId),
    ])
    const version = (last?.v ?? 0) + 1
    const rescore = jobStatements(env.DB, { siteId: job.siteId, kind: 'rescore', total, state: { version, source: 'rescore', changes: 0, sample: [] } }, now, ['rescore', 'import'])
    writes.push(
      env.DB.prepare('insert into scoring_models (site_id, version, model, note, created_at) values (?1, ?2, ?3, ?4, ?5)').bind(job.siteId, version, JSON.stringify(out.proposed), `calibrated on ${out.report.n} outcomes`, now),
      env.DB.prepare('update sites set model_version = ?2 where id = ?1').bind(job.siteId, version),
      asStatement(
        env.DB,
        auditEntry(db, {
          siteId: job.siteId,
          who: s.who,
          action: 'calibration.adopt',
          target: String(version),
          summary: { modelVersion: { before: current, after: version }, note: `calibrated on ${out.report.n} outcomes`, outcomes: out.report.n, job: job.id },
          at: now,
        }),
      ),
      ...rescore.writes,
    )
    Object.assign(result, { version, rescoreJob: rescore.id })
  }
  return { writes, advanced: 0, state: s as unknown as Record<string, unknown>, finished: true, result }
}
