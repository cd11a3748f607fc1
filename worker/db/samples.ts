import { and, asc, eq, gt, inArray, isNotNull } from 'drizzle-orm'
import { events, leads } from '../../schema/tables'
import type { Sample } from '../calibration/calibrate'
import { toScoringEvent } from './event-rows'
import type { ScoringEvent } from '../scoring/types'
import type { Db } from './client'

/**
 * Every lead of the site with a recorded outcome, with its history, as calibration samples. Features are
 * read at the outcome's time, so decay does not erase the behaviour that preceded the decision.
 * @example
 * const samples = await readSamples(db, siteId)
 */
export async function readSamples(db: Db, siteId: string): Promise<Sample[]> {
  const out: Sample[] = []
  let after = ''
  for (;;) {
    const rows = await db
      .select()
      .from(leads)
      .where(and(eq(leads.siteId, siteId), isNotNull(leads.outcome), gt(leads.id, after)))
      .orderBy(asc(leads.id))
      .limit(90)
    if (rows.length === 0) return out
    const evs = await db.select().from(events).where(inArray(events.leadId, rows.map((r) => r.id)))
    const byLead = new Map<string, ScoringEvent[]>()
    for (const e of evs) {
      const list = byLead.get(e.leadId!) ?? []
      list.push(toScoringEvent(e))
      byLead.set(e.leadId!, list)
    }
    for (const r of rows) {
      out.push({
        events: byLead.get(r.id) ?? [],
        profile: { ...r.profile, email: r.email },
        outcome: r.outcome!,
        ...(r.outcomeAt ? { at: r.outcomeAt } : {}),
      })
    }
    after = rows[rows.length - 1].id
  }
}
