/**
 * One lead in full (`LeadDetail`): the Lead, its breakdown decayed to now, its timeline (newest first,
 * keyset-paged) and its alert history — read in one D1 batch.
 */
import { z } from '@hono/zod-openapi'
import { and, desc, eq, type SQL, sql } from 'drizzle-orm'
import { events, leads, stageTransitions } from '../../schema/tables'
import { decodeCursor, encodeCursor } from '../http/cursor'
import { type Model, parseDecayState } from '../scoring'
import { breakdownAt } from './breakdown-now'
import { toScoringEvent } from './event-rows'
import type { Db, EventRow, LeadRow } from './client'
import { leadAlertsQuery, toLeadAlertViews } from './lead-alerts'
import { LeadSchema, toLead } from './lead-view'
import { iso } from '../scoring/time'

export const TimelineEntrySchema = z
  .looseObject({
    type: z.string(),
    path: z.string().optional(),
    at: z.string(),
    name: z.string().optional(),
    seconds: z.number().optional(),
    props: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    imported: z.boolean().optional(),
  })
  .openapi('TimelineEntry')

export const LeadDetailSchema = LeadSchema.extend({
  source: z.string().nullable().openapi({ description: 'first touch: normalised utm_source or referrer host, "direct" when neither', example: 'linkedin' }),
  medium: z.string().nullable().openapi({ description: 'first touch channel: paid, email, organic, referral, social, … ("none" for direct)', example: 'paid' }),
  campaign: z.string().nullable().openapi({ description: "first touch's utm_campaign" }),
  referrer: z.string().nullable().openapi({ description: "first touch's referrer (origin + path), when it had one" }),
  breakdown: z
    .array(z.looseObject({ rule: z.string(), points: z.number(), group: z.string().optional(), rawPoints: z.number().optional(), at: z.string().optional() }))
    .openapi({ description: "every point's reason, decayed to now; entries add up to score" }),
  timeline: z.array(TimelineEntrySchema).openapi({ description: 'events, newest first' }),
  timelineCursor: z.string().nullable().openapi({ description: 'pass as ?timelineBefore= for older events; null when there are none' }),
  alerts: z.array(z.looseObject({ channel: z.string(), status: z.string(), at: z.string() })),
  transitions: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      source: z.string(),
      actor: z.string().nullable().openapi({ description: 'who changed the stage by hand: "key:<name>", "slack:<id> <name>", "email:<address>"; null for scoring' }),
      reason: z.string().nullable(),
      at: z.string(),
    }),
  ),
  profile: z.record(z.string(), z.string()),
  accountDomain: z.string().nullable(),
}).openapi('LeadDetail')
export type LeadDetail = z.infer<typeof LeadDetailSchema>

/** Timeline paging. */
export interface TimelineOptions {
  limit: number
  before?: string
}

type TimelineCursor = [number, number]
const isTimelineCursor = (v: unknown): v is TimelineCursor => Array.isArray(v) && v.length === 2 && v.every((x) => Number.isSafeInteger(x))

/**
 * An event row as a timeline entry.
 * @example
 * toTimelineEntry(row) // { type: 'page_view', path: '/pricing', at: '2026-05-01T10:00:00.000Z' }
 */
export function toTimelineEntry(r: EventRow): z.infer<typeof TimelineEntrySchema> {
  // the same fields the engine sees, minus its internal id, with an ISO time
  const { id: _id, at, ...rest } = toScoringEvent(r)
  return { ...rest, at: iso(at) }
}

/**
 * The lead `id` of site `siteId` in full, or null when the site has no such lead.
 * @example
 * const detail = await loadLeadDetail(db, siteId, 'ld_…', model, Date.now(), { limit: 100 })
 */
export async function loadLeadDetail(db: Db, siteId: string, id: string, model: Model, now: number, tl: TimelineOptions): Promise<LeadDetail | null> {
  const conds: SQL[] = [eq(events.leadId, id), eq(events.siteId, siteId)]
  if (tl.before) {
    const [at, eid] = decodeCursor(tl.before, isTimelineCursor, 'timelineBefore')
    conds.push(sql`(${events.at}, ${events.id}) < (${at}, ${eid})`)
  }
  const [leadRows, eventRows, alertRows, transitionRows] = await db.batch([
    db.select().from(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))).limit(1),
    db.select().from(events).where(and(...conds)).orderBy(desc(events.at), desc(events.id)).limit(tl.limit + 1),
    leadAlertsQuery(db, id),
    db.select().from(stageTransitions).where(and(eq(stageTransitions.leadId, id), eq(stageTransitions.siteId, siteId))).orderBy(desc(stageTransitions.at)).limit(100),
  ])
  const row = leadRows[0]
  if (!row) return null
  const page = eventRows.slice(0, tl.limit)
  const last = page.at(-1)
  const state = parseDecayState(row.scoreState)
  return {
    ...toLead(row, model, now),
    ...firstTouch(row),
    breakdown: breakdownAt(row.breakdown ?? [], state, model, now).map(({ at, ...e }) => (at === undefined ? e : { ...e, at: iso(at) })),
    timeline: page.map(toTimelineEntry),
    timelineCursor: eventRows.length > tl.limit && last ? encodeCursor([last.at, last.id] satisfies TimelineCursor) : null,
    alerts: toLeadAlertViews(alertRows).map((a) => ({ ...a })),
    transitions: transitionRows.map((t) => ({ from: t.fromStage, to: t.toStage, source: t.source, actor: t.actor, reason: t.reason, at: iso(t.at) })),
    profile: row.profile ?? {},
    accountDomain: row.accountDomain,
  }
}

/** The first touch columns; an imported lead without any falls back to the source its file named. */
function firstTouch(row: LeadRow): Pick<LeadDetail, 'source' | 'medium' | 'campaign' | 'referrer'> {
  const p = row.profile ?? {}
  return {
    source: row.source ?? p.source ?? null,
    medium: row.medium ?? p.medium ?? null,
    campaign: row.campaign ?? p.campaign ?? null,
    referrer: row.referrer,
  }
}
