import { and, desc, eq, sql } from 'drizzle-orm'
import { scoringModels, sites } from '../../schema/tables'
import { ProblemError } from '../http/problem'
import { DEFAULT_MODEL, type Model, ModelSchema } from '../scoring'
import { type Actor, auditEntry } from './audit'
import { type Db, isConstraintError } from './client'

// Parsed models per isolate: a model version never changes once written, so this cannot go stale.
const cache = new Map<string, Model>()

/**
 * The scoring model a site uses: version 0 is the built-in default, others are stored JSON.
 * @example
 * const model = siteModel(site.id, site.modelVersion, row.model)
 */
export function siteModel(siteId: string, version: number, json: unknown): Model {
  if (version === 0 || json == null) return DEFAULT_MODEL
  const key = `${siteId}:${version}`
  let m = cache.get(key)
  if (!m) {
    m = ModelSchema.parse(json)
    if (cache.size > 500) cache.clear()
    cache.set(key, m)
  }
  return m
}

/**
 * Stores a model as the site's next version and makes it current, in one batch. Two concurrent saves
 * cannot take the same version: the (site, version) primary key refuses the second (409).
 * @example
 * const version = await saveModel(db, siteId, model, Date.now(), { who: actorOf(c) })
 */
export async function saveModel(db: Db, siteId: string, model: unknown, now: number, opts: { note?: string; who: Actor; calibration?: Record<string, unknown> }): Promise<number> {
  const { note, who, calibration } = opts
  const last = await db.select({ v: scoringModels.version }).from(scoringModels).where(eq(scoringModels.siteId, siteId)).orderBy(desc(scoringModels.version)).limit(1)
  const version = (last[0]?.v ?? 0) + 1
  try {
    await db.batch([
      db.insert(scoringModels).values({ siteId, version, model, note, createdAt: now }),
      db.update(sites).set({ modelVersion: sql`${version}` }).where(eq(sites.id, siteId)),
      auditEntry(db, {
        siteId,
        who,
        action: calibration ? 'calibration.adopt' : 'model.save',
        target: String(version),
        summary: { modelVersion: { before: Math.max(0, version - 1), after: version }, ...(note ? { note } : {}), ...(calibration ?? {}) },
        at: now,
      }),
    ])
  } catch (err) {
    if (isConstraintError(err)) throw new ProblemError(409, 'another model change was saved at the same moment; read it and retry', { type: 'conflict' })
    throw err
  }
  return version
}

/**
 * A stored model version of a site (version 0, or a version that is gone: the built-in default).
 * @example
 * const model = await modelVersion(db, siteId, 3)
 */
export async function modelVersion(db: Db, siteId: string, version: number): Promise<Model> {
  if (version <= 0) return DEFAULT_MODEL
  const row = await db
    .select({ model: scoringModels.model })
    .from(scoringModels)
    .where(and(eq(scoringModels.siteId, siteId), eq(scoringModels.version, version)))
    .get()
  return siteModel(siteId, version, row?.model ?? null)
}
