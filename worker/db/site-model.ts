import { and, eq } from 'drizzle-orm'
import { scoringModels, sites } from '../../schema/tables'
import type { Model } from '../scoring'
import type { Db } from './client'
import { siteModel } from './models'

/**
 * The model in force for a site (one query), parsed and cached per version.
 * @example
 * const model = await siteModelFor(db, siteId)
 */
export async function siteModelFor(db: Db, siteId: string): Promise<Model> {
  const row = await db
    .select({ version: sites.modelVersion, model: scoringModels.model })
    .from(sites)
    .leftJoin(scoringModels, and(eq(scoringModels.siteId, sites.id), eq(scoringModels.version, sites.modelVersion)))
    .where(eq(sites.id, siteId))
    .get()
  return siteModel(siteId, row?.version ?? 0, row?.model ?? null)
}
