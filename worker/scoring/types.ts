/**
 * What the scoring engine sees: events as stored (server-side names, not the wire's short keys) and a
 * lead's profile. Pure data: nothing here touches D1, Hono or the clock.
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

/** A lead's profile: the allow-listed fields it gave, plus any the import/harness knows (occupation, source…). */
export type Profile = Record<string, string | undefined>
