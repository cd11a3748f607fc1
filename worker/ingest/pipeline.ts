import type { WireBatch } from '../../snippet/types'
import { type Db, newId, type SiteRow } from '../db/client'
import { retryLostRaces } from '../db/optimistic'
import { siteModel } from '../db/models'
import { ProblemError } from '../http/problem'
import { verifyIdentityHash } from './identity'
import { extractIdentity, normaliseEvents } from './normalise'
import { originAllowed } from './origin'
import { planIngest, type WritePlan } from './plan'
import { readSnapshot } from './read'
import { droppedCounter, writeStatements } from './write'

export interface IngestMeta {
  origin: string | null
  country: string | null
  now: number
}

/** Hooks the pipeline calls around its write: alerts add their outbox rows to the same batch. */
export interface IngestHooks {
  /** extra statements for the write batch (alert outbox rows), decided from the plan */
  extraWrites?: (plan: WritePlan) => Promise<{ items: D1PreparedStatement[]; after?: () => Promise<void> }>
  /**
   * Asked once, after the first read, whether the batch may go on (the per-site and per-address limits,
   * which depend on the site's settings and on whether the visitor id is one the database has not
   * seen): a problem refuses it.
   */
  admit?: (site: SiteRow, newVisitor: boolean) => Promise<ProblemError | null>
}

export interface IngestOutcome {
  plan: WritePlan
  /** events of the batch: stored now, already stored before (or repeated in it), too old or over budget */
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
  const counts = (plan: WritePlan) => ({
    accepted: plan.accepted,
    duplicates: batch.e.length - stale - plan.accepted - plan.overBudget,
    dropped: stale + plan.overBudget,
  })
  const identity = extractIdentity(incoming)
  const contention = () =>
    new ProblemError(503, 'too many concurrent writes for this visitor; retry shortly', { type: 'contention', headers: { 'Retry-After': '1' } })
  const eids = incoming.map((e) => e.eid)
  return retryLostRaces(async (attempt) => {
    let snap = await readSnapshot(db.$client, batch.s, batch.v, identity.email, eids, false)
    const site = snap.site
    if (!site) throw new ProblemError(400, `unknown site key "${batch.s}"`, { type: 'unknown-site' })
    if (site.suspendedAt != null) throw new ProblemError(403, 'this site is suspended; events are not accepted', { type: 'site-suspended' })
    if (!originAllowed(meta.origin, site.domains)) {
      throw new ProblemError(403, `origin ${meta.origin ?? '(none)'} is not one of this site's domains`, { type: 'origin-not-allowed' })
    }
    if (attempt === 1) {
      const refused = hooks.admit ? await hooks.admit(site, !snap.visitor) : null
      if (refused) throw refused
      if (identity.email) identity.verified = await verifyIdentityHash(site.identitySecret, identity.email, identity.hash)
    }
    const model = siteModel(site.id, site.modelVersion, site.model)
    const now = attempt === 1 ? meta.now : Math.max(meta.now, Date.now())
    const input = { model, vid: batch.v, incoming, identity, country: meta.country, now, newId }
    let planned = planIngest({ ...input, snap: { ...snap, site } })
    if ('needHistory' in planned) {
      // the stored scoring state could not be used: score the whole history once (and store its state)
      snap = await readSnapshot(db.$client, batch.s, batch.v, identity.email, eids, true)
      if (!snap.site) throw new ProblemError(400, `unknown site key "${batch.s}"`, { type: 'unknown-site' })
      planned = planIngest({ ...input, snap: { ...snap, site: snap.site } })
      if ('needHistory' in planned) throw new Error('a plan with the history read cannot need it')
    }
    const plan = planned
    if (plan.accepted === 0) {
      if (plan.overBudget > 0) await db.$client.batch([droppedCounter(db.$client, plan)])
      return { plan, counts: counts(plan), attempts: attempt }
    }
    const extra = hooks.extraWrites ? await hooks.extraWrites(plan) : { items: [] }
    await db.$client.batch(writeStatements(db.$client, plan, extra.items))
    return { plan, counts: counts(plan), attempts: attempt, after: extra.after }
  }, contention)
}
