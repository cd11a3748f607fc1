/**
 * What the scoring engine sees: events as stored (server-side names, not the wire's short keys) and a
 * lead's profile. Pure data: nothing here touches D1, Hono or the clock.
 */
import type { DecayState } from '../../schema/lead-values'

/**
 * Server-side event types.
 * @example
 * const t: EventType = 'form_submit'
 */
export type EventType = 'page_view' | 'engaged' | 'download' | 'form_submit' | 'identify' | 'custom'

/**
 * One event of a lead's (or anonymous visitor's) history.
 * @example
 * const e: ScoringEvent = { id: 'v1:a1', type: 'page_view', at: Date.parse('2026-11-01T10:00:00Z'), path: '/pricing' }
 */
export interface ScoringEvent {
  /** unique within the history; ties on `at` are ordered by id, so scoring is deterministic */
  id: string
  type: EventType
  /** ms since the epoch */
  at: number
  /** page path (page_view, engaged, download, form_submit) */
  path?: string
  /** custom event name (custom), form name/id/action (form_submit), document URL (download) */
  name?: string
  /** engaged seconds (engaged) */
  seconds?: number
  /** custom event properties, or form fields (allow-listed profile fields only) */
  props?: Record<string, string | number | boolean>
  /** imported from a CSV: scored, but never alerts */
  imported?: boolean
}

/**
 * A lead's profile: the allow-listed fields it gave, plus any the import/harness knows (occupation, source…).
 * @example
 * const p: Profile = { email: 'ada@acme.io', title: 'VP Sales', occupation: 'Working Professional' }
 */
export type Profile = Record<string, string | undefined>

/**
 * One reason for points a lead holds. Hit entries carry the event; `cap:*` entries (negative, or positive
 * for a floor) explain what a group, engagement, fit or total limit took away, so entries sum to the score.
 * @example
 * const b: BreakdownEntry = { rule: 'pricing-view', group: 'intent', points: 4.3, rawPoints: 5, eventId: 'v1:a1', at: 0 }
 */
export interface BreakdownEntry {
  /** rule id, or `cap:<group>`, `cap:engagement`, `cap:fit`, `cap:total`, `rounding` */
  rule: string
  group: string
  /** points held now (after decay and caps), to 0.1 */
  points: number
  /** points when earned (before decay), to 0.1 */
  rawPoints: number
  eventId?: string
  at?: number
  detail?: string
}

export type { DecayState }

/**
 * The hand-raise that makes a lead SQL at once (the newest one in the history).
 * @example
 * const h: HandRaise = { eventId: 'v1:9', at: 0, rule: 'hand-raise:event:demo_requested' }
 */
export interface HandRaise {
  eventId: string
  at: number
  /** `hand-raise:event:<name>` or `hand-raise:form` */
  rule: string
  /** the event came from a CSV import (scored, never alerts) */
  imported?: boolean
}

/**
 * Scores as read at one instant.
 * @example
 * const s: CurrentScores = currentScores(state, model, now)
 */
export interface CurrentScores {
  engagementScore: number
  fitScore: number
  score: number
  grade: string
}

/**
 * Everything `scoreHistory` knows about a lead at `now`.
 * @example
 * // const r: ScoreResult = scoreHistory({ events, profile, model: DEFAULT_MODEL, now })
 */
export interface ScoreResult extends CurrentScores {
  handRaise: HandRaise | null
  breakdown: BreakdownEntry[]
  state: DecayState
  features: Record<string, number>
  lastActivityAt: number | null
}
