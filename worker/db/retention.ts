/**
 * Retention: raw events older than their site's `retention_days` are deleted by the cron handler. Scores
 * and breakdowns are stored on the lead (DecayState + breakdown), so they survive the purge; only a
 * later full rescore (after a model change) would no longer see the purged history.
 */
import type { Env } from '../env'
import { DAY_MS } from '../scoring/time'


/** Per statement and per call: small enough for D1's per-query time and per-invocation query limits. */
export const PURGE_CHUNK = 1000
export const PURGE_MAX_CHUNKS = 10

/**
 * Deletes events past each site's retention, at most `maxChunks` × `chunk` rows per call (the cron runs
 * every minute, so a backlog drains over a few runs). One statement serves every site: it walks
 * `events_site_at` per site with that site's own cut-off.
 * @example
 * ctx.waitUntil(purgeExpiredEvents(env, Date.now()))
 */
export async function purgeExpiredEvents(
  env: Pick<Env, 'DB'>,
  now: number,
  opts: { chunk?: number; maxChunks?: number } = {},
): Promise<{ deleted: number }> {
  const chunk = opts.chunk ?? PURGE_CHUNK
  const maxChunks = opts.maxChunks ?? PURGE_MAX_CHUNKS
  const stmt = env.DB.prepare(
    `delete from events where id in (
       select e.id from sites s join events e on e.site_id = s.id and e.at < ?1 - s.retention_days * ${DAY_MS}
       limit ?2)`,
  )
  let deleted = 0
  for (let i = 0; i < maxChunks; i++) {
    const r = await stmt.bind(now, chunk).run()
    const n = r.meta.changes ?? 0
    deleted += n
    if (n < chunk) break
  }
  return { deleted }
}
