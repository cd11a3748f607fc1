/**
 * Retention: every personal datum a site stores has a period, after which the cron removes it (or, for
 * a row that must stay as a record, the personal part of it):
 *
 * | datum | period | what happens |
 * |---|---|---|
 * | raw events | the site's `retention_days` after the event | deleted |
 * | anonymous visitors (never linked to a lead) | `retention_days` after last seen | deleted, with any event left |
 * | alert payload copies (name, email, pages of the lead) | ALERT_PAYLOAD_DAYS after the alert, once settled | replaced by `{ stage, purgedAt }` |
 * | stage transitions' free-text `reason` | `retention_days` after the change | set to null |
 *
 * Scores and breakdowns are stored on the lead (DecayState + breakdown), so they survive the purge;
 * only a later full rescore (after a model change) would no longer see the purged history. Leads
 * themselves stay until erased: they are the record the site keeps on purpose.
 */
import type { Env } from '../env'
import { DAY_MS } from '../scoring/time'

/** Per statement and per call: small enough for D1's per-query time and per-invocation query limits. */
export const PURGE_CHUNK = 1000
export const PURGE_MAX_CHUNKS = 10
/** Days an alert's copy of the lead is kept once the alert is settled (long enough to investigate a delivery). */
export const ALERT_PAYLOAD_DAYS = 30

type Opts = { chunk?: number; maxChunks?: number }

async function drain(bind: (limit: number) => D1PreparedStatement, opts: Opts): Promise<number> {
  const chunk = opts.chunk ?? PURGE_CHUNK
  const maxChunks = opts.maxChunks ?? PURGE_MAX_CHUNKS
  let done = 0
  for (let i = 0; i < maxChunks; i++) {
    const n = (await bind(chunk).run()).meta.changes ?? 0
    done += n
    if (n < chunk) break
  }
  return done
}

/**
 * Deletes events past each site's retention, at most `maxChunks` × `chunk` rows per call (the cron runs
 * every minute, so a backlog drains over a few runs). One statement serves every site: it walks
 * `events_site_at` per site with that site's own cut-off.
 * @example
 * ctx.waitUntil(purgeExpiredEvents(env, Date.now()))
 */
export async function purgeExpiredEvents(env: Pick<Env, 'DB'>, now: number, opts: Opts = {}): Promise<{ deleted: number }> {
  const stmt = env.DB.prepare(
    `delete from events where id in (
       select e.id from sites s join events e on e.site_id = s.id and e.at < ?1 - s.retention_days * ${DAY_MS}
       limit ?2)`,
  )
  return { deleted: await drain((limit) => stmt.bind(now, limit), opts) }
}

/**
 * Every period of the table above, each bounded per call like purgeExpiredEvents.
 * @example
 * ctx.waitUntil(purgeExpired(env, Date.now()))
 */
export async function purgeExpired(env: Pick<Env, 'DB'>, now: number, opts: Opts = {}) {
  const events = (await purgeExpiredEvents(env, now, opts)).deleted
  const anon = env.DB.prepare(
    `delete from visitors where id in (
       select v.id from sites s join visitors v on v.site_id = s.id
       where v.lead_id is null and v.last_seen_at < ?1 - s.retention_days * ${DAY_MS} limit ?2)`,
  )
  const anonEvents = env.DB.prepare(
    `delete from events where id in (
       select e.id from sites s join visitors v on v.site_id = s.id join events e on e.visitor_id = v.id
       where v.lead_id is null and v.last_seen_at < ?1 - s.retention_days * ${DAY_MS} limit ?2)`,
  )
  const payloads = env.DB.prepare(
    `update alerts set payload = json_object('stage', json_extract(payload, '$.stage'), 'purgedAt', ?1)
     where id in (select id from alerts where status not in ('pending', 'sending') and created_at < ?1 - ${ALERT_PAYLOAD_DAYS * DAY_MS}
                  and json_extract(payload, '$.purgedAt') is null limit ?2)`,
  )
  const reasons = env.DB.prepare(
    `update stage_transitions set reason = null where id in (
       select t.id from sites s join stage_transitions t on t.site_id = s.id
       where t.reason is not null and t.at < ?1 - s.retention_days * ${DAY_MS} limit ?2)`,
  )
  const visitorEvents = await drain((l) => anonEvents.bind(now, l), opts)
  const visitors = await drain((l) => anon.bind(now, l), opts)
  const alertPayloads = await drain((l) => payloads.bind(now, l), opts)
  const transitionReasons = await drain((l) => reasons.bind(now, l), opts)
  return { events: events + visitorEvents, visitors, alertPayloads, transitionReasons }
}
