import { and, eq } from 'drizzle-orm'
import { scoringModels, sites } from '../../schema/tables'
import type { Model } from '../scoring'
import type { Db } from './client'
import { siteModel } from './models'

/**
 * The model in force for a site with its version and when it was saved (null for the built-in default),
 * in one query; the model is parsed and cached per version.
 * @example
 * const { version, model } = await siteModelVersion(db, siteId)
 */
export async function siteModelVersion(db: Db, siteId: string): Promise<{ version: number; createdAt: number | null; model: Model }> {
  const row = await db
    .select({ version: sites.modelVersion, model: scoringModels.model, createdAt: scoringModels.createdAt })
    .from(sites)
    .leftJoin(scoringModels, and(eq(scoringModels.siteId, sites.id), eq(scoringModels.version, sites.modelVersion)))
    .where(eq(sites.id, siteId))
    .get()
  const version = row?.version ?? 0
  return { version, createdAt: row?.createdAt ?? null, model: siteModel(siteId, version, row?.model ?? null) }
}

/**
 * The model in force for a site (one query), parsed and cached per version.
 * @example
 * const model = await siteModelFor(db, siteId)
 */
export async function siteModelFor(db: Db, siteId: string): Promise<Model> {
  return (await siteModelVersion(db, siteId)).model
}
