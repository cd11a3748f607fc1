import { and, eq, inArray } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { events, leads, visitors } from '../../schema/tables'
import type { MappedLead } from '../calibration/leads-csv'
import { accountDomain, type Model } from '../scoring'
import { type Db, newId } from './client'
import { EVENTS_PER_INSERT, toEventRow } from './event-rows'

/** Leads per write batch: each brings a visitor, a lead and ~10–30 events. */
const IMPORT_CHUNK = 20

/** The stable visitor an imported lead's history hangs on, so a re-import adds nothing twice. */
const importVid = (email: string) => `import:${email}`.slice(0, 64)

/**
 * Writes historical leads: a lead per email (created, or its profile and outcome updated), a visitor
 * standing for the import, and the events, marked `imported`. Event ids come from the file's rows, so
 * importing the same file twice stores nothing new. Leads are left on model version -1: the caller's
 * rescore then scores each from its whole history through the one scoring path (stage changes recorded
 * with source `import`, never alerted).
 * @example
 * const { created, updated, events } = await importLeads(db, siteId, model, mapped, Date.now())
 */
export async function importLeads(db: Db, siteId: string, model: Model, mapped: MappedLead[], now: number) {
  let created = 0
  let updated = 0
  let stored = 0
  for (let i = 0; i < mapped.length; i += IMPORT_CHUNK) {
    const chunk = dedupeByEmail(mapped.slice(i, i + IMPORT_CHUNK))
    const emails = chunk.map((m) => m.email)
    const [existingLeads, existingVisitors] = await db.batch([
      db.select({ id: leads.id, email: leads.email, profile: leads.profile }).from(leads).where(and(eq(leads.siteId, siteId), inArray(leads.email, emails))),
      db.select({ id: visitors.id, vid: visitors.vid }).from(visitors).where(and(eq(visitors.siteId, siteId), inArray(visitors.vid, emails.map(importVid)))),
    ])
    const leadOf = new Map(existingLeads.map((l) => [l.email, l]))
    const visitorOf = new Map(existingVisitors.map((v) => [v.vid, v.id]))
    const writes: BatchItem<'sqlite'>[] = []
    for (const m of chunk) {
      const profile = cleanProfile(m.profile)
      const first = m.events[0]?.at ?? now
      const last = m.events.at(-1)?.at ?? now
      const existing = leadOf.get(m.email)
      const leadId = existing?.id ?? newId('ld')
      if (existing) {
        updated++
        writes.push(
          db
            .update(leads)
            .set({ profile: { ...existing.profile, ...profile }, modelVersion: -1, ...(m.outcome ? { outcome: m.outcome, outcomeAt: last, outcomeSource: 'import' as const } : {}) })
            .where(eq(leads.id, leadId)),
        )
      } else {
        created++
        writes.push(
          db.insert(leads).values({
            id: leadId,
            siteId,
            email: m.email,
            accountDomain: accountDomain(m.email, model),
            name: profile.name ?? null,
            company: profile.company ?? null,
            title: profile.title ?? null,
            profile,
            outcome: m.outcome,
            outcomeAt: m.outcome ? last : null,
            outcomeSource: m.outcome ? 'import' : null,
            scoredAt: now,
            modelVersion: -1,
            firstSeenAt: first,
            lastSeenAt: last,
            createdAt: now,
          }),
        )
      }
      const vid = importVid(m.email)
      const visitorId = visitorOf.get(vid) ?? newId('vi')
      if (!visitorOf.has(vid)) {
        writes.push(db.insert(visitors).values({ id: visitorId, siteId, vid, leadId, scoredAt: now, firstSeenAt: first, lastSeenAt: last }))
      }
      const rows = m.events.map((e) => toEventRow({ ...e, eid: e.id.slice(0, 64) }, { siteId, visitorId, leadId, receivedAt: now, imported: true }))
      stored += rows.length
      for (let k = 0; k < rows.length; k += EVENTS_PER_INSERT) {
        writes.push(db.insert(events).values(rows.slice(k, k + EVENTS_PER_INSERT)).onConflictDoNothing())
      }
    }
    if (writes.length) await db.batch(writes as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
  }
  return { created, updated, events: stored }
}

function dedupeByEmail(ms: MappedLead[]): MappedLead[] {
  const by = new Map<string, MappedLead>()
  for (const m of ms) by.set(m.email, m)
  return [...by.values()]
}

function cleanProfile(p: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(p)) if (v !== undefined && k !== 'email') out[k] = String(v).slice(0, 512)
  return out
}
