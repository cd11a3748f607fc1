/**
 * Lifecycle decisions: known → mql → sql, never back down by decay, never touching stages sales set.
 * Pure: the caller makes the decision exactly-once in D1 (conditional write on the previous stage /
 * lastSeenAt, or a unique transition row in the same batch) and alerts only for transitions it won.
 */
import type { AlertStage, LeadStage } from '../../schema/lead-values'
import type { Model } from './model'
import { DAY_MS } from './time'
import type { HandRaise } from './types'

export type { AlertStage, LeadStage } from '../../schema/lead-values'

/**
 * The lead's stage fields before this decision.
 * @example
 * const prev: StagePrev = { stage: 'known', mqlAt: null, sqlAt: null, lastSeenAt: null }
 */
export interface StagePrev {
  stage: LeadStage
  mqlAt: number | null
  sqlAt: number | null
  /** the lead's last activity before the events being scored now */
  lastSeenAt: number | null
  /**
   * Optional: the score just before these events (currentScores of the stored state at now). When given, a
   * re-alert also needs the score to cross the line again (from below); when absent, coming back after
   * the cooldown with the score at or above the line is enough.
   */
  scoreBefore?: number
  /** when sales last recycled the lead: hand-raises before it were already answered and do not count again */
  recycledAt?: number | null
}

/**
 * One stage change to record (and, when not from a rescore or an import, to alert on).
 * @example
 * const t: Transition = { to: 'sql', at: now, reason: 'hand-raise: hand-raise:form', reengaged: false }
 */
export interface Transition {
  to: AlertStage
  at: number
  reason: string
  /** a re-alert: the lead was already at this stage, went cold for the cooldown, and came back */
  reengaged: boolean
}

/**
 * What decideStage returns: the stage fields to write and the transitions to record.
 * @example
 * const { stage, transitions } = decideStage(prev, result, model, now, { cooldownDays: 30 })
 */
export interface StageDecision {
  stage: LeadStage
  mqlAt: number | null
  sqlAt: number | null
  transitions: Transition[]
}

/**
 * What decideStage reads from a ScoreResult.
 * @example
 * decideStage(prev, scoreHistory({ events, profile, model, now }), model, now, opts) // a ScoreResult is a StageInput
 */
export type StageInput = { score: number; handRaise: HandRaise | null; lastActivityAt: number | null }

/**
 * How to decide: `cooldownDays` ≤ 0 disables re-alerts. `events`, the span of the events this decision
 * scores (already clamped by ingest to its trusted window), dates the transitions by when they
 * happened rather than by `now`; without it (a rescore, an import) they are dated `now`.
 */
export interface StageOptions {
  cooldownDays: number
  events?: { from: number; to: number }
}

/**
 * Decides the stage after scoring.
 * @example
 * decideStage({ stage: 'known', mqlAt: null, sqlAt: null, lastSeenAt: null }, result, DEFAULT_MODEL, now, { cooldownDays: 30 })
 * // → { stage: 'sql', mqlAt: now, sqlAt: now, transitions: [{ to: 'sql', at: now, reason: 'hand-raise: …', reengaged: false }] }
 */
export function decideStage(prev: StagePrev, result: StageInput, model: Model, now: number, opts: StageOptions): StageDecision {
  const same: StageDecision = { stage: prev.stage, mqlAt: prev.mqlAt, sqlAt: prev.sqlAt, transitions: [] }
  if (prev.stage === 'accepted' || prev.stage === 'disqualified') return same
  const { mql, sql } = model.thresholds
  const recycledAt = prev.recycledAt ?? null
  const hr = result.handRaise && (recycledAt === null || result.handRaise.at > recycledAt) ? result.handRaise : null
  const at = transitionTime(prev, hr, now, opts.events)
  const sqlReason = hr ? `hand-raise: ${hr.rule}` : `score ${result.score} ≥ SQL threshold ${sql}`
  const qualifiesSql = hr !== null || result.score >= sql

  if (prev.stage === 'known') {
    if (qualifiesSql) {
      // one alert for the jump, but mqlAt is recorded too: the lead has passed the MQL line
      return { stage: 'sql', mqlAt: prev.mqlAt ?? at, sqlAt: at, transitions: [{ to: 'sql', at, reason: sqlReason, reengaged: false }] }
    }
    if (result.score >= mql) {
      return { stage: 'mql', mqlAt: at, sqlAt: prev.sqlAt, transitions: [{ to: 'mql', at, reason: `score ${result.score} ≥ MQL threshold ${mql}`, reengaged: false }] }
    }
    return same
  }

  if (prev.stage === 'recycled') return fromRecycled(prev, result, hr, model, at)

  if (prev.stage === 'mql' && qualifiesSql) {
    return { stage: 'sql', mqlAt: prev.mqlAt ?? at, sqlAt: at, transitions: [{ to: 'sql', at, reason: sqlReason, reengaged: false }] }
  }

  if (!cameBackCold(prev, result, opts.cooldownDays)) return same
  const gapDays = Math.floor(((result.lastActivityAt as number) - (prev.lastSeenAt as number)) / DAY_MS)
  const crossed = (line: number) => result.score >= line && (prev.scoreBefore === undefined || prev.scoreBefore < line)
  if (prev.stage === 'sql') {
    const newHandRaise = hr !== null && hr.at > (prev.lastSeenAt as number)
    if (newHandRaise || crossed(sql)) {
      const reason = newHandRaise ? `hand-raise again after ${gapDays} quiet days: ${hr.rule}` : `back after ${gapDays} quiet days: score ${result.score} ≥ SQL threshold ${sql}`
      return { ...same, transitions: [{ to: 'sql', at, reason, reengaged: true }] }
    }
    return same
  }
  if (crossed(mql)) {
    const reason = `back after ${gapDays} quiet days: score ${result.score} ≥ MQL threshold ${mql}`
    return { ...same, transitions: [{ to: 'mql', at, reason, reengaged: true }] }
  }
  return same
}

/**
 * A recycled lead is nurtured again: it becomes SQL anew on a hand-raise made after the recycle, or when
 * its score crosses the SQL line from below (a score still above the line when sales sent it back is not
 * news); crossing the MQL line from below makes it an MQL again.
 */
function fromRecycled(prev: StagePrev, result: StageInput, hr: StageInput['handRaise'], model: Model, at: number): StageDecision {
  const { mql, sql } = model.thresholds
  const crossed = (line: number) => result.score >= line && (prev.scoreBefore === undefined || prev.scoreBefore < line)
  if (hr !== null || crossed(sql)) {
    const reason = hr ? `hand-raise after recycling: ${hr.rule}` : `score ${result.score} ≥ SQL threshold ${sql} after recycling`
    return { stage: 'sql', mqlAt: prev.mqlAt ?? at, sqlAt: at, transitions: [{ to: 'sql', at, reason, reengaged: false }] }
  }
  if (crossed(mql)) {
    const reason = `score ${result.score} ≥ MQL threshold ${mql} after recycling`
    return { stage: 'mql', mqlAt: at, sqlAt: prev.sqlAt, transitions: [{ to: 'mql', at, reason, reengaged: false }] }
  }
  return { stage: prev.stage, mqlAt: prev.mqlAt, sqlAt: prev.sqlAt, transitions: [] }
}

/**
 * When this decision's transitions happened: at a hand-raise of the scored events, else at the newest
 * of them; never before the lead's earlier stage times or its recycle (the history stays in order) and
 * never after `now`.
 */
function transitionTime(prev: StagePrev, hr: HandRaise | null, now: number, events: StageOptions['events']): number {
  if (!events) return now
  const inBatch = hr !== null && hr.at >= events.from && hr.at <= events.to
  const floor = Math.max(prev.mqlAt ?? Number.NEGATIVE_INFINITY, prev.sqlAt ?? Number.NEGATIVE_INFINITY, prev.recycledAt ?? Number.NEGATIVE_INFINITY)
  return Math.min(now, Math.max(floor, inBatch ? hr.at : events.to))
}

/** New activity after at least `cooldownDays` without any. */
function cameBackCold(prev: StagePrev, result: StageInput, cooldownDays: number): boolean {
  if (!(cooldownDays > 0) || prev.lastSeenAt === null || result.lastActivityAt === null) return false
  return result.lastActivityAt > prev.lastSeenAt && result.lastActivityAt - prev.lastSeenAt >= cooldownDays * DAY_MS
}
