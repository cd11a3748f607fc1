import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm'
import { events, leads, sites, stageTransitions } from '../../schema/tables'
import { toScoringEvent } from './event-rows'
import type { Model } from '../scoring'
import type { ScoringEvent } from '../scoring/types'
import { type Db, type LeadRow, newId } from './client'
import { type Rescored, rescoreLead, type StageChange } from './rescore-plan'

/** Leads per chunk: one read and one write batch each, well inside D1's per-invocation limits. */
export const RESCORE_CHUNK = 50
/** Chunks one request (or cron tick) does before leaving the rest to the next cron tick. */
export const RESCORE_BUDGET = 20

async function readHistories(db: Db, rows: LeadRow[]): Promise<Map<string, ScoringEvent[]>> {
  const byLead = new Map<string, ScoringEvent[]>(rows.map((r) => [r.id, []]))
  if (rows.length === 0) return byLead
  const evs = await db.select().from(events).where(inArray(events.leadId, rows.map((r) => r.id)))
  for (const e of evs) byLead.get(e.leadId!)?.push(toScoringEvent(e))
  return byLead
}

/**
 * What a model would change, without writing: every lead of the site scored from scratch under it,
 * in chunks. Returns how many leads would change stage and which (the first `listLimit`).
 * @example
 * const { changed, leads } = await previewModel(db, siteId, model, Date.now())
 */
export async function previewModel(db: Db, siteId: string, model: Model, now: number, listLimit = 200): Promise<{ scanned: number; changed: number; leads: StageChange[] }> {
  let after = ''
  let scanned = 0
  const changes: StageChange[] = []
  for (;;) {
    const rows = await db.select().from(leads).where(and(eq(leads.siteId, siteId), gt(leads.id, after))).orderBy(asc(leads.id)).limit(90)
    if (rows.length === 0) break
    const histories = await readHistories(db, rows)
    for (const r of rows) {
      const c = rescoreLead(r, histories.get(r.id) ?? [], model, now).change
      if (c) changes.push({ id: c.id, email: c.email, from: c.from, to: c.to })
    }
    scanned += rows.length
    after = rows[rows.length - 1].id
  }
  return { scanned, changed: changes.length, leads: changes.slice(0, listLimit) }
}

/**
 * Rescores the site's leads still scored with another model version, chunk by chunk, up to `budget`
 * chunks; the cron handler finishes what is left. Each lead's write checks the version it read, so a
 * lead that ingest touched meanwhile is simply picked up again. Stage changes are recorded with source
 * `rescore` and queue no alert.
 * @example
 * const { rescored, pending } = await rescoreSite(db, site, model, Date.now())
 */
export async function rescoreSite(
  db: Db,
  site: { id: string; modelVersion: number },
  model: Model,
  now: number,
  budget = RESCORE_BUDGET,
  source: 'rescore' | 'import' = 'rescore',
): Promise<{ rescored: number; pending: boolean; changes: StageChange[] }> {
  let rescored = 0
  const changes: StageChange[] = []
  for (let chunk = 0; chunk < budget; chunk++) {
    const rows = await db
      .select()
      .from(leads)
      .where(and(eq(leads.siteId, site.id), ne(leads.modelVersion, site.modelVersion)))
      .limit(RESCORE_CHUNK)
    if (rows.length === 0) return { rescored, pending: false, changes }
    const histories = await readHistories(db, rows)
    const plans = rows.map((r) => rescoreLead(r, histories.get(r.id) ?? [], model, now))
    await db.batch(writeRescored(db, plans, site.modelVersion, now, source) as [never, ...never[]])
    rescored += rows.length
    for (const p of plans) if (p.change) changes.push({ id: p.change.id, email: p.change.email, from: p.change.from, to: p.change.to })
  }
  const left = await db.select({ id: leads.id }).from(leads).where(and(eq(leads.siteId, site.id), ne(leads.modelVersion, site.modelVersion))).limit(1)
  return { rescored, pending: left.length > 0, changes }
}

function writeRescored(db: Db, plans: Rescored[], version: number, now: number, source: string) {
  const out = []
  for (const p of plans) {
    const l = p.lead
    out.push(
      db
        .update(leads)
        .set({
          score: p.result.score,
          engagementScore: p.result.engagementScore,
          fitScore: p.result.fitScore,
          grade: p.result.grade,
          scoreState: p.result.state,
          breakdown: p.result.breakdown,
          scoredAt: now,
          modelVersion: version,
          stage: p.stage,
          mqlAt: p.mqlAt,
          sqlAt: p.sqlAt,
          version: sql`${leads.version} + 1`,
        })
        .where(and(eq(leads.id, l.id), eq(leads.version, l.version))),
    )
    if (p.change) {
      // Recorded only if the update above applied (the lead's version is now exactly one more).
      out.push(
        db
          .insert(stageTransitions)
          .select(
            sql`select ${newId('tr')}, ${l.siteId}, ${l.id}, ${p.change.from}, ${p.change.to}, ${l.version + 1}, ${source}, ${p.change.reason}, ${p.result.score}, ${now}, null
              where exists (select 1 from ${leads} where ${leads.id} = ${l.id} and ${leads.version} = ${l.version + 1} and ${leads.modelVersion} = ${version})`,
          )
          .onConflictDoNothing(),
      )
    }
  }
  return out
}

/**
 * Sites with leads still on an older model version (for the cron to finish their rescoring).
 * @example
 * for (const s of await sitesNeedingRescore(db)) await rescoreSite(db, s, model, now)
 */
export async function sitesNeedingRescore(db: Db, limit = 5): Promise<{ id: string; modelVersion: number }[]> {
  return db
    .selectDistinct({ id: sites.id, modelVersion: sites.modelVersion })
    .from(sites)
    .innerJoin(leads, and(eq(leads.siteId, sites.id), ne(leads.modelVersion, sites.modelVersion)))
    .limit(limit)
}
