/**
 * A lead's score over time (see scoring/series.ts), from its stored events: the newest SERIES_EVENTS of
 * them, as scoring reads the newest ones too (older ones have decayed to nothing).
 */
import { and, desc, eq } from 'drizzle-orm'
import { events, leads } from '../../schema/tables'
import type { Model } from '../scoring'
import { type ScoreSeries, scoreSeries } from '../scoring/series'
import type { Db } from './client'
import { toScoringEvent } from './event-rows'

export const SERIES_EVENTS = 2000

/**
 * The series of lead `id` of the site at `now`, or null when the site has no such lead.
 * @example
 * const s = await loadScoreSeries(db, siteId, 'ld_…', model, Date.now())
 */
export async function loadScoreSeries(db: Db, siteId: string, id: string, model: Model, now: number): Promise<ScoreSeries | null> {
  const [leadRows, eventRows] = await db.batch([
    db.select({ email: leads.email, profile: leads.profile }).from(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))).limit(1),
    db.select().from(events).where(and(eq(events.leadId, id), eq(events.siteId, siteId))).orderBy(desc(events.at), desc(events.id)).limit(SERIES_EVENTS),
  ])
  const lead = leadRows[0]
  if (!lead) return null
  return scoreSeries({ events: eventRows.map(toScoringEvent), profile: { ...(lead.profile ?? {}), email: lead.email }, model, now })
}
