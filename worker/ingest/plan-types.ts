// What an ingest plan is: the writes one request decides, and what it needs when it cannot decide
// from the stored scoring state (plan.ts decides them).
import type { AlertStage } from '../../schema/lead-values'
import type { DecayState } from '../scoring'
import type { IncrementalResult } from '../scoring/incremental'
import type { FallbackReason } from '../scoring/incremental-state'
import type { ScoringEvent } from '../scoring/types'
import type { LeadRow, SiteRow } from '../db/client'
import type { TimedTouch } from './first-touch'
import type { IncomingEvent } from './normalise'
import type { DayWindow } from './budget'
import type { ClaimInput } from './claim'

/** A stage change decided by this request; written with a unique row, so it happens once. */
export interface PlannedTransition {
  id: string
  from: string
  to: AlertStage
  epoch: number
  reason: string
  reengaged: boolean
  at: number
}

/** Everything one ingest request will write, decided without I/O. */
export interface WritePlan {
  now: number
  siteId: string
  site: SiteRow
  /** the events this batch adds, and the stored ones when the score was computed from the whole history */
  history: ScoringEvent[]
  /** the score came from the stored scoring state and the batch alone (or, from the whole history, why not) */
  incremental: true | FallbackReason
  visitor: {
    id: string
    vid: string
    country: string | null
    isNew: boolean
    version: number | null
    leadId: string | null
    score: number
    state: DecayState | null
    scoringState: string | null
    /** the browser's first touch, null while it has none */
    touch: TimedTouch | null
    /** whether the claim linking it to its lead was verified: what this visitor's alerts say */
    identityVerified: boolean
    /** its event budget window after this batch */
    budget: DayWindow
    firstSeenAt: number
    lastSeenAt: number
  }
  lead: null | {
    row: LeadRow
    isNew: boolean
    /** the version read; the write checks it is still current */
    version: number | null
  }
  events: (typeof import('../../schema/tables').events.$inferInsert)[]
  /** the visitor's anonymous events now belong to the lead */
  linkAnonymous: boolean
  transitions: PlannedTransition[]
  result: IncrementalResult
  accepted: number
  /** new events dropped by the visitor's or the lead's budget */
  overBudget: number
}

export interface PlanInput extends ClaimInput {
  vid: string
  incoming: IncomingEvent[]
  country: string | null
}

/**
 * The plan could not be made from the stored scoring state: read the history and plan again.
 * @example
 * const out: NeedHistory = { needHistory: 'order' }
 */
export interface NeedHistory {
  needHistory: FallbackReason
}
