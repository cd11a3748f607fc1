import type { WireBatch } from '../../snippet/types'
import { type Db, isConstraintError, newId } from '../db/client'
import { siteModel } from '../db/models'
import { ProblemError } from '../http/problem'
import { extractIdentity, normaliseEvents } from './normalise'
import { originAllowed } from './origin'
import { planIngest, type WritePlan } from './plan'
import { readSnapshot } from './read'
import { writeStatements } from './write'

/** Lost races are retried this often before the batch is answered 503 (the snippet re-sends it). */
const MAX_ATTEMPTS = 12

export interface IngestMeta {
  origin: string | null
  country: string | null
  now: number
}

/** Hooks the pipeline calls around its write: alerts add their outbox rows to the same batch. */
export interface IngestHooks {
  /** extra statements for the write batch (alert outbox rows), decided from the plan */
  extraWrites?: (plan: WritePlan) => Promise<{ items: D1PreparedStatement[]; after?: () => Promise<void> }>
}

export interface IngestOutcome {
  plan: WritePlan
  /** events of the batch: stored now, already stored before (or repeated in it), too old to keep */
  counts: { accepted: number; duplicates: number; dropped: number }
  attempts: number
  /** runs after the response (ctx.waitUntil): sends alerts queued by this batch */
  after?: () => Promise<void>
}

/**
 * One ingest request: one read batch, a pure plan (scores, stage), one guarded write batch. A lost
 * race (another request changed the same visitor or lead in between) rolls the write back whole and
 * starts over from a fresh read, so a stage change is decided exactly once.
 * @example
 * const out = await ingestBatch(db, batch, { origin, country: 'DE', now: Date.now() })
 */
export async function ingestBatch(db: Db, batch: WireBatch, meta: IngestMeta, hooks: IngestHooks = {}): Promise<IngestOutcome> {
  const { events: incoming, stale } = normaliseEvents(batch, meta.now)
  const counts = (plan: WritePlan) => ({ accepted: plan.accepted, duplicates: batch.e.length - stale - plan.accepted, dropped: stale })
  const identity = extractIdentity(incoming)
  for (let attempt = 1; ; attempt++) {
    const snap = await readSnapshot(db.$client, batch.s, batch.v, identity.email)
    const site = snap.site
    if (!site) throw new ProblemError(400, `unknown site key "${batch.s}"`, { type: 'unknown-site' })
    if (site.suspendedAt != null) throw new ProblemError(403, 'this site is suspended; events are not accepted', { type: 'site-suspended' })
    if (!originAllowed(meta.origin, site.domains)) {
      throw new ProblemError(403, `origin ${meta.origin ?? '(none)'} is not one of this site's domains`, { type: 'origin-not-allowed' })
    }
    const model = siteModel(site.id, site.modelVersion, site.model)
    const now = attempt === 1 ? meta.now : Math.max(meta.now, Date.now())
    const plan = planIngest({ snap: { ...snap, site }, model, vid: batch.v, incoming, identity, country: meta.country, now, newId })
    if (plan.accepted === 0) return { plan, counts: counts(plan), attempts: attempt }
    const extra = hooks.extraWrites ? await hooks.extraWrites(plan) : { items: [] }
    try {
      await db.$client.batch(writeStatements(db.$client, plan, extra.items))
      return { plan, counts: counts(plan), attempts: attempt, after: extra.after }
    } catch (err) {
      if (!isConstraintError(err)) throw err
      if (attempt >= MAX_ATTEMPTS) {
        throw new ProblemError(503, 'too many concurrent writes for this visitor; retry shortly', {
          type: 'contention',
          headers: { 'Retry-After': '1' },
        })
      }
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt))
    }
  }
}
