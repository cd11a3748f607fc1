/** A lead's alert history as the API shows it (`LeadDetail.alerts`). */
import { and, desc, eq, notLike } from 'drizzle-orm'
import { alerts } from '../../schema/tables'
import { iso } from '../scoring/time'
import type { AlertRow, Db } from './client'

/** One entry of `LeadDetail.alerts`. Times are ISO-8601, as everywhere in the API. */
export interface LeadAlertView {
  id: string
  channel: string
  /** pending | sending | sent | failed | broken | refused */
  status: string
  /** when it was sent, else when it was queued */
  at: string
  /** 'sql' | 'mql' (from the alert's payload) */
  stage: string | null
  attempts: number
  /** HTTP status of the last try (null: none yet, no answer, or not HTTP) */
  lastStatus: number | null
  lastError: string | null
  createdAt: string
  sentAt: string | null
  /** when the next try is due, while pending */
  nextAttemptAt: string | null
}

/**
 * The drizzle query for a lead's alerts, newest first, to put in a `db.batch([...])` with the other
 * reads of the lead detail.
 * @example
 * const [lead, events, alertRows] = await db.batch([leadQ, eventsQ, leadAlertsQuery(db, id)])
 * detail.alerts = toLeadAlertViews(alertRows)
 */
export function leadAlertsQuery(db: Db, leadId: string) {
  // "alerts to X are failing" notices hang off the lead whose alert failed, but are not its alerts
  return db.select().from(alerts).where(and(eq(alerts.leadId, leadId), notLike(alerts.transitionId, 'notice.%'))).orderBy(desc(alerts.createdAt), desc(alerts.id)).limit(100)
}

/**
 * Rows → API entries.
 * @example
 * toLeadAlertViews(rows)[0] // { channel: 'slack', status: 'sent', at: '2026-11-01T10:00:00.000Z', … }
 */
export function toLeadAlertViews(rows: readonly AlertRow[]): LeadAlertView[] {
  return rows.map((r) => {
    const payload = (typeof r.payload === 'object' && r.payload ? r.payload : {}) as { stage?: unknown }
    return {
      id: r.id,
      channel: r.channel,
      status: r.status,
      at: iso(r.sentAt ?? r.createdAt),
      stage: typeof payload.stage === 'string' ? payload.stage : null,
      attempts: r.attempts,
      lastStatus: r.lastStatus,
      lastError: r.lastError,
      createdAt: iso(r.createdAt),
      sentAt: iso(r.sentAt),
      nextAttemptAt: r.status === 'pending' ? iso(r.nextAttemptAt) : null,
    }
  })
}

