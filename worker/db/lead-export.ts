/**
 * Everything stored about one person, for an access request (GDPR art. 15): the lead's profile and
 * scores, every event it carries (its timeline, oldest first), its stage transitions, its alerts with
 * the payload each one stored, and the devices (visitors) linked to it. One D1 batch.
 */
import { and, asc, eq } from 'drizzle-orm'
import { alerts, events, leads, stageTransitions, visitors } from '../../schema/tables'
import { iso } from '../scoring/time'
import type { Db } from './client'
import { toTimelineEntry } from './lead-detail'

/** Events an export carries at most: a lead's stored events are bounded by retention and ingest budgets. */
export const EXPORT_MAX_EVENTS = 20_000

/**
 * The export of lead `id`, or null when the site has no such lead.
 * @example
 * const data = await exportLead(db, siteId, 'ld_…', Date.now())
 */
export async function exportLead(db: Db, siteId: string, id: string, now: number) {
  const [lead] = await db.select().from(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId)))
  if (!lead) return null
  const [evs, trs, als, vis] = await db.batch([
    db.select().from(events).where(and(eq(events.siteId, siteId), eq(events.leadId, id))).orderBy(asc(events.at), asc(events.id)).limit(EXPORT_MAX_EVENTS),
    db.select().from(stageTransitions).where(eq(stageTransitions.leadId, id)).orderBy(asc(stageTransitions.at)),
    db.select().from(alerts).where(eq(alerts.leadId, id)).orderBy(asc(alerts.createdAt)),
    db.select().from(visitors).where(and(eq(visitors.siteId, siteId), eq(visitors.leadId, id))),
  ])
  const { scoreState: _s, version: _v, siteId: _site, ...profile } = lead
  return {
    exportedAt: iso(now),
    profile: {
      ...profile,
      scoredAt: iso(lead.scoredAt),
      firstSeenAt: iso(lead.firstSeenAt),
      lastSeenAt: iso(lead.lastSeenAt),
      mqlAt: iso(lead.mqlAt),
      sqlAt: iso(lead.sqlAt),
      outcomeAt: iso(lead.outcomeAt),
      createdAt: iso(lead.createdAt),
    },
    timeline: evs.map(toTimelineEntry),
    timelineTruncated: evs.length >= EXPORT_MAX_EVENTS,
    transitions: trs.map((t) => ({ from: t.fromStage, to: t.toStage, source: t.source, reason: t.reason, score: t.score, at: iso(t.at) })),
    alerts: als.map((a) => ({ id: a.id, channel: a.channel, status: a.status, attempts: a.attempts, createdAt: iso(a.createdAt), sentAt: iso(a.sentAt), payload: a.payload })),
    visitors: vis.map((v) => ({ id: v.vid, country: v.country, firstSeenAt: iso(v.firstSeenAt), lastSeenAt: iso(v.lastSeenAt) })),
  }
}
