import { decideStage, type Model } from '../scoring'
import { type IncrementalResult, scoreFresh } from '../scoring/incremental'
import type { ScoringEvent } from '../scoring/types'
import type { LeadRow } from './client'

/** A lead whose stage a model change moves. */
export interface StageChange {
  id: string
  email: string
  from: string
  to: string
}

/** What rescoring one lead decides. */
export interface Rescored {
  lead: LeadRow
  result: IncrementalResult
  /** the incremental scoring state of the same fold (JSON), so the lead's next ingest needs no history read */
  scoringState: string
  stage: LeadRow['stage']
  mqlAt: number | null
  sqlAt: number | null
  change: (StageChange & { reason: string }) | null
}

/**
 * Rescores one lead from its whole history under a model, exactly as scoring that history from
 * scratch would, with the scoring state ingest continues from. Stages only move up (a lead sales were
 * already told about is not demoted by a model edit), and re-engagement is not a thing here: a rescore
 * is not new activity. A recycled lead comes back only if the new model lifts it across a line it was under.
 * @example
 * const r = rescoreLead(lead, events, newModel, Date.now())
 * r.change // { id, email, from: 'known', to: 'mql', reason: 'score 104 ≥ MQL threshold 100' } | null
 */
export function rescoreLead(lead: LeadRow, events: ScoringEvent[], model: Model, now: number): Rescored {
  const { result, state } = scoreFresh(events, { ...lead.profile, email: lead.email }, model, now)
  const d = decideStage({ stage: lead.stage, mqlAt: lead.mqlAt, sqlAt: lead.sqlAt, lastSeenAt: lead.lastSeenAt, recycledAt: lead.recycledAt, ...(lead.stage === 'recycled' ? { scoreBefore: lead.score } : {}) }, result, model, now, {
    cooldownDays: 0,
  })
  const t = d.transitions[0]
  return {
    lead,
    result,
    scoringState: JSON.stringify(state),
    stage: d.stage,
    mqlAt: d.mqlAt,
    sqlAt: d.sqlAt,
    change: t && d.stage !== lead.stage ? { id: lead.id, email: lead.email, from: lead.stage, to: d.stage, reason: t.reason } : null,
  }
}
