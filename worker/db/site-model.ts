/**
 * A site with the scoring model in force, read in one query: the single definition of that join, as
 * SQL text so the ingest hot path can batch it with its other reads.
 */
import { sites } from '../../schema/tables'
import type { Model } from '../scoring'
import type { Db, SiteRow } from './client'
import { siteModel } from './models'
import { rowMapper } from './raw'

/**
 * The site row(s) matching `where` (over alias `s`), each with its current model's JSON and save time.
 * @example
 * d1.prepare(siteWithModelSql('s.site_key = ?1')).bind(siteKey)
 */
export const siteWithModelSql = (where: string): string =>
  `select s.*, m.model as model_json, m.created_at as model_created_at from sites s
   left join scoring_models m on m.site_id = s.id and m.version = s.model_version where ${where}`

/** A site row with its current model's stored JSON (null for the built-in default) and save time. */
export type SiteWithModel = SiteRow & { model: unknown; modelCreatedAt: number | null }

const toSite = rowMapper(sites)

/**
 * Maps a row of `siteWithModelSql`.
 * @example
 * const site = toSiteWithModel((await stmt.first())!)
 */
export function toSiteWithModel(raw: Record<string, unknown>): SiteWithModel {
  return {
    ...toSite(raw),
    model: raw.model_json == null ? null : JSON.parse(String(raw.model_json)),
    modelCreatedAt: raw.model_created_at == null ? null : Number(raw.model_created_at),
  }
}

/**
 * The model in force for a site with its version and when it was saved (null for the built-in default),
 * in one query; the model is parsed and cached per version.
 * @example
 * const { version, model } = await siteModelVersion(db, siteId)
 */
export async function siteModelVersion(db: Db, siteId: string): Promise<{ version: number; createdAt: number | null; model: Model }> {
  const raw = await db.$client.prepare(siteWithModelSql('s.id = ?1')).bind(siteId).first<Record<string, unknown>>()
  const site = raw ? toSiteWithModel(raw) : null
  const version = site?.modelVersion ?? 0
  return { version, createdAt: site?.modelCreatedAt ?? null, model: siteModel(siteId, version, site?.model ?? null) }
}

/**
 * The model in force for a site (one query), parsed and cached per version.
 * @example
 * const model = await siteModelFor(db, siteId)
 */
export async function siteModelFor(db: Db, siteId: string): Promise<Model> {
  return (await siteModelVersion(db, siteId)).model
}
