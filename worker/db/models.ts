import { DEFAULT_MODEL, type Model, ModelSchema } from '../scoring'

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
